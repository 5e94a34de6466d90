"""Läsning av en datasetkatalog (docs/regler/dataformat.md): en CSV- eller XLSX-fil per tabell -> ``Underlag``.

In: en katalog (eller namnet på ett medföljande dataset). Ut: ett validerat ``Underlag`` –
eller ``IndataFel`` med alla problem i alla filer på en gång, var och en med fil, rad och
kolumn. Läsaren känner till filformaten; den beräknar inga regler.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl

from skolpeng.data.format import avkoda, gissa_separator
from skolpeng.data.konvertering import notering, omvandla, text_uttryck
from skolpeng.data.problemlista import rad_problem
from skolpeng.data.schema import (
    POLARS_TYP,
    TABELLER,
    Kolumn,
    Tabell,
    Underlag,
    kravda_tabeller,
)
from skolpeng.data.uppackning import granska_xlsx
from skolpeng.data.validering import validera_tabeller
from skolpeng.fel import IndataFel, Problem
from skolpeng.utdata import sha256_fil

RAD = "_rad"  # radnummer som i ett kalkylprogram (rubrikraden = 1), bara under läsningen
ANDELSER: tuple[str, ...] = (".csv", ".xlsx")
# docs/regler/dataformat.md#konventioner: belopp i kronor om inte kolumnnamnet slutar på _tkr (tusental kronor).
TKR = "_tkr"
KRONOR_PER_TKR = 1000.0


@dataclass(frozen=True)
class LastTabell:
    """En inläst tabell med radnummerkolumnen ``_rad`` kvar, plus problem och noteringar."""

    data: pl.DataFrame
    problem: list[Problem]
    anteckningar: list[str]


def _las_csv(path: Path) -> tuple[list[str], pl.DataFrame, list[Problem], bool]:
    """CSV -> (rubriker, textram utan rubrikrad, problem, decimalkomma).

    Kodning UTF-8 (med/utan BOM) eller Windows-1252; separatorn ``,`` eller ``;`` gissas
    från rubrikraden; i ``;``-filer är decimalkomma tillåtet."""
    text, _ = avkoda(path.read_bytes())
    sep = gissa_separator(text.split("\n", 1)[0])
    try:
        ram = pl.read_csv(
            io.BytesIO(text.encode("utf-8")),
            separator=sep,
            has_header=False,
            infer_schema=False,
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as fel:
        return [], pl.DataFrame(), [_csv_problem(path.name, text, sep, fel)], False
    if ram.height == 0:
        return [], ram, [Problem(path.name, "filen är tom")], False
    rubriker = [("" if v is None else v).strip().lstrip("\ufeff") for v in ram.row(0)]
    return rubriker, ram.slice(1), [], sep == ";"


def _csv_problem(fil: str, text: str, sep: str, fel: Exception) -> Problem:
    """Ett begripligt problem för en CSV-fil som polars inte kunde läsa."""
    rader = list(csv.reader(io.StringIO(text), delimiter=sep))
    if not rader:
        return Problem(fil, "filen är tom")
    bredd = len(rader[0])
    for nr, rad in enumerate(rader[1:], start=2):
        if len(rad) > bredd:
            return Problem(
                fil,
                f"raden har {len(rad)} fält men rubrikraden bara {bredd} (separator {sep!r})",
                nr,
            )
    return Problem(fil, f"kunde inte läsas som CSV: {str(fel).splitlines()[0]}")


def _las_xlsx(path: Path) -> tuple[list[str], pl.DataFrame, list[Problem]]:
    """XLSX -> (rubriker, ram utan rubrikrad, problem). Första bladet, rubriker i första
    raden; talceller behålls som tal (exakt), övrigt som text. Filen packas först upp
    strömmande med budget och räknas (``uppackning.granska_xlsx``: zip-bomb, rader,
    kolumner) innan fastexcel läser den."""
    try:
        granskning = granska_xlsx(path.name, path.read_bytes(), formler=True)
    except OSError as fel:
        return [], pl.DataFrame(), [Problem(path.name, f"kunde inte läsas: {fel.strerror}")]
    if granskning:
        return [], pl.DataFrame(), granskning
    try:
        blad = fastexcel.read_excel(path).load_sheet(0, header_row=0, schema_sample_rows=None)
        ram = blad.to_polars()
    except Exception as fel:  # fastexcel har många feltyper; alla betyder oläslig fil
        return [], pl.DataFrame(), [Problem(path.name, f"kunde inte läsas som Excel-fil: {fel}")]
    rubriker = ["" if c.startswith("__UNNAMED__") else c.strip() for c in ram.columns]
    return rubriker, ram, []


def las_tabell_med_rader(path: Path, tabell: Tabell) -> LastTabell:
    """En tabellfil -> ``LastTabell`` vars ram har kontraktets kolumner och typer plus ``_rad``.

    Alla celler läses som text och omvandlas sedan kolumnvis; varje dålig cell blir ett
    ``Problem`` med rad och kolumn. Helt tomma rader hoppas över. En obligatorisk kolumn som
    saknas är ett problem; okända kolumner ignoreras med en notering. En talkolumn får ges
    i tusental kronor med namnet ``<kolumn>_tkr`` (docs/regler/dataformat.md#konventioner); den räknas om till kronor
    med en notering."""
    path = Path(path)
    fil = path.name
    if path.suffix.lower() == ".xlsx":
        rubriker, ra, problem = _las_xlsx(path)
        decimalkomma = False
    else:
        rubriker, ra, problem, decimalkomma = _las_csv(path)
    tom = pl.DataFrame({RAD: []}, schema={RAD: pl.Int64}).with_columns(
        pl.lit(None, dtype=POLARS_TYP[k.typ]).alias(k.namn) for k in tabell.kolumner
    )
    if problem:
        return LastTabell(tom.select(RAD, *tabell.kolumnnamn), problem, [])
    ra = ra.rename({c: f"_k{i}" for i, c in enumerate(ra.columns)})
    kolumner = dict(zip(ra.columns, rubriker, strict=True))
    kanda = {k.namn.lower(): k for k in tabell.kolumner}
    valda: dict[str, str] = {}
    okanda: list[str] = []
    anteckningar: list[str] = []
    tkr: set[str] = set()
    for c, namn in kolumner.items():
        k = kanda.get(namn.lower())
        i_tkr = k is None and namn.lower().endswith(TKR)
        if i_tkr:
            k = kanda.get(namn.lower().removesuffix(TKR))
            k = k if k is not None and k.typ == "float" else None
        if k is None:
            if namn or ra[c].is_not_null().any():
                okanda.append(namn or "(utan namn)")
        elif k.namn in valda:
            problem.append(Problem(fil, "kolumnen förekommer flera gånger", 1, k.namn))
        else:
            valda[k.namn] = c
            if i_tkr:
                tkr.add(k.namn)
                anteckningar.append(
                    f"{fil}: kolumnen {namn!r} är i tusental kronor och räknas om till "
                    f"kronor ({k.namn})"
                )
    if okanda:
        anteckningar.append(f"{fil}: okända kolumner ignoreras: {', '.join(okanda)}")

    schema = ra.schema
    icke_tom = pl.any_horizontal([text_uttryck(c, schema[c]).is_not_null() for c in ra.columns])
    lf = ra.lazy().with_row_index(RAD, offset=2).with_columns(pl.col(RAD).cast(pl.Int64))
    lf = lf.filter(icke_tom) if ra.width else lf
    varden: list[pl.Expr] = [pl.col(RAD)]
    steg: list[dict[str, pl.Expr]] = [{}, {}]
    flaggor: list[tuple[Kolumn, str]] = []
    for k in tabell.kolumner:
        if k.namn not in valda:
            if k.obligatorisk:
                problem.append(Problem(fil, f"kolumnen {k.namn!r} saknas", kolumn=k.namn))
            varden.append(pl.lit(None, dtype=POLARS_TYP[k.typ]).alias(k.namn))
            continue
        c = valda[k.namn]
        u = omvandla(c, schema[c], k, decimalkomma)
        for i, hjalp in enumerate(u.steg):
            steg[i].update(hjalp)
        varde = u.varde * KRONOR_PER_TKR if k.namn in tkr else u.varde
        varden += [varde.alias(k.namn), u.fel.alias(f"__fel_{k.namn}")]
        for f, flagga in u.flaggor.items():
            flaggor.append((k, f))
            varden.append(flagga.alias(f"__flagga_{k.namn}_{f}"))
        if u.flaggor:
            varden.append(pl.col(f"__t_{k.namn}"))
    for hjalp in steg:
        lf = lf.with_columns(**hjalp) if hjalp else lf
    resultat = lf.select(varden).collect()
    felkolumner = [c for c in resultat.columns if c.startswith("__fel_")]
    antal_fel = resultat.select(pl.col(felkolumner).is_not_null().sum()) if felkolumner else None
    for kolumn, n in (antal_fel.row(0, named=True) if antal_fel is not None else {}).items():
        if n:
            namn = kolumn.removeprefix("__fel_")
            problem += rad_problem(fil, namn, resultat[RAD], resultat[kolumn])
    for k, f in flaggor:
        flaggade = resultat.filter(pl.col(f"__flagga_{k.namn}_{f}"))
        if flaggade.height:
            exempel = flaggade[f"__t_{k.namn}"][0]
            anteckningar.append(f"{fil}: {notering(k, f, flaggade.height, exempel)}")
    ut = resultat.select(RAD, *tabell.kolumnnamn)
    problem.sort(key=_ordning)
    return LastTabell(ut, problem, anteckningar)


def _ordning(p: Problem) -> int:
    """Sorteringsordning: filproblem först, sedan per rad, sammanfattningar sist."""
    if p.rad is not None:
        return p.rad
    return 1 << 62 if p.meddelande.startswith("ytterligare") else -1


def las_tabell(path: Path, tabell: Tabell | str) -> tuple[pl.DataFrame, list[Problem], list[str]]:
    """En tabellfil (CSV eller XLSX) och tabellens kontrakt (eller namn i ``TABELLER``) ->
    (ram med kontraktets kolumner och typer, problem, noteringar). Se
    ``las_tabell_med_rader``; här utan radnummerkolumnen."""
    last = las_tabell_med_rader(Path(path), TABELLER[tabell] if isinstance(tabell, str) else tabell)
    return last.data.drop(RAD), last.problem, last.anteckningar


def hitta_tabellfil(
    katalog: Path, namn: str, kravs: bool | None = None, kommando: str | None = None
) -> tuple[Path | None, list[Problem]]:
    """Filen för tabellen ``namn`` i katalogen: ``<namn>.csv`` eller ``<namn>.xlsx``.

    ``kravs`` säger om tabellen måste finnas (None: tabellens ``obligatorisk``); ``kommando``
    är kommandot som kräver den (nämns i felet). Ut: (sökväg eller None, problem). Båda
    filerna samtidigt är ett fel; en saknad tabell som krävs likaså."""
    finns = [katalog / f"{namn}{a}" for a in ANDELSER if (katalog / f"{namn}{a}").is_file()]
    if len(finns) > 1:
        return None, [
            Problem(
                f"{namn}.csv",
                f"både {namn}.csv och {namn}.xlsx finns; ta bort den ena så att det är entydigt",
            )
        ]
    if not finns:
        if TABELLER[namn].obligatorisk if kravs is None else kravs:
            varfor = f"; skolpeng {kommando} behöver den" if kommando else ""
            return None, [
                Problem(
                    f"{namn}.csv",
                    f"filen saknas (varken {namn}.csv eller {namn}.xlsx finns){varfor}",
                )
            ]
        return None, []
    return finns[0], []


def las_underlag(katalog: Path, kommando: str | None = None) -> Underlag:
    """Datasetkatalog (och kommandot som ska använda den) -> validerat ``Underlag``.

    Läser varje tabell i ``TABELLER``. Tabellerna som kommandot kräver
    (``kravda_tabeller(kommando)``; None: alla obligatoriska) måste finnas, övriga får
    saknas och blir None,
    validerar inom och mellan tabellerna och kastar ``IndataFel`` med alla problem i alla
    filer om något är fel. ``filhashar`` får SHA-256 per inläst fil (nyckel = filnamnet)."""
    katalog = Path(katalog)
    if not katalog.is_dir():
        raise IndataFel([Problem(str(katalog), "katalogen finns inte")])
    problem: list[Problem] = []
    anteckningar: list[str] = []
    ramar: dict[str, pl.DataFrame] = {}
    filnamn: dict[str, str] = {}
    hashar: dict[str, str] = {}
    kravda = kravda_tabeller(kommando)
    for namn, tabell in TABELLER.items():
        path, p = hitta_tabellfil(katalog, namn, namn in kravda, kommando)
        problem += p
        if path is None:
            continue
        last = las_tabell_med_rader(path, tabell)
        problem += last.problem
        anteckningar += last.anteckningar
        hashar[path.name] = sha256_fil(path)
        if last.data.height == 0 and last.problem:
            continue  # oläslig fil: inga kontroller mellan tabeller mot den
        ramar[namn] = last.data
        filnamn[namn] = path.name
    problem += validera_tabeller(ramar, filnamn)
    if problem:
        raise IndataFel(problem)
    return Underlag(
        **{namn: ram.drop(RAD) for namn, ram in ramar.items()},
        namn=katalog.resolve().name,
        filhashar=hashar,
        anteckningar=tuple(anteckningar),
    )


def medfoljande_dataset() -> list[str]:
    """Namnen på de dataset som följer med paketet: kataloger under ``skolpeng/dataset``
    som innehåller en tabell ``skolenheter``."""
    import skolpeng

    rot = Path(skolpeng.__file__).parent / "dataset"
    if not rot.is_dir():
        return []
    return sorted(
        p.name
        for p in rot.iterdir()
        if p.is_dir() and any((p / f"skolenheter{a}").is_file() for a in ANDELSER)
    )


def hitta_underlag(namn_eller_katalog: str | Path) -> Path:
    """En katalog eller namnet på ett medföljande dataset (t.ex. ``sverige``) -> katalogen.

    En befintlig katalog används som den är; annars slås namnet upp bland de medföljande
    dataseten. Finns ingetdera kastas ``IndataFel`` som räknar upp de medföljande namnen."""
    import skolpeng

    path = Path(namn_eller_katalog)
    if path.is_dir():
        return path
    medfoljande = medfoljande_dataset()
    if str(namn_eller_katalog) in medfoljande:
        return Path(skolpeng.__file__).parent / "dataset" / str(namn_eller_katalog)
    namn = ", ".join(medfoljande) if medfoljande else "(inga)"
    raise IndataFel(
        [
            Problem(
                str(namn_eller_katalog),
                f"finns varken som katalog eller som medföljande dataset; medföljande dataset: {namn}",
            )
        ]
    )

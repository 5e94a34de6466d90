"""Läsning av elevdata på individnivå, utan att hela filen läses in (docs/regler/index.md#dataskydd, docs/regler/index.md#skala).

In: en fil eller en katalog med parquet- och CSV-filer (en rad per elev) och modellen.
Ut: en polars ``LazyFrame`` med just de kolumner modellen behöver, kontrollerad fil för fil
(saknade kolumner, okända faktornivåer, utfall som inte är 0/1, tomma koder) – alla problem på
en gång som ``IndataFel`` – och celler: antal elever (och utfall) per kombination av faktorer.
Frågorna körs strömmande (polars streaming), så en fil med tiotals miljoner rader ryms i minnet.
Elevdata skrivs aldrig någonstans; bara aggregat per cell eller enhet lämnar modulen.
Radnummer räknas som i ett kalkylprogram: rubrikraden är rad 1, första elevraden rad 2.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.data.format import gissa_separator
from skolpeng.fel import IndataFel, Problem
from skolpeng.index.modell import IndexModell

MAX_EXEMPEL = 5
_ANDELSER = (".parquet", ".csv")


def elevfiler(kalla: Path) -> list[Path]:
    """En fil eller katalog -> elevfilerna (parquet/CSV) i namnordning. Tom -> ``IndataFel``."""
    kalla = Path(kalla)
    if kalla.is_dir():
        filer = sorted(p for p in kalla.iterdir() if p.suffix.lower() in _ANDELSER)
        if not filer:
            raise IndataFel(
                [Problem(str(kalla), "katalogen innehåller inga .parquet- eller .csv-filer")]
            )
        return filer
    if not kalla.exists():
        raise IndataFel([Problem(str(kalla), "filen finns inte")])
    if kalla.suffix.lower() not in _ANDELSER:
        raise IndataFel([Problem(str(kalla), "förväntade en .parquet- eller .csv-fil")])
    return [kalla]


def _ar_utf8(path: Path) -> bool:
    with open(path, "rb") as f:
        bit = f.read(1 << 16)
    try:
        bit.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start > len(bit) - 4  # ett tecken som delats vid blockgränsen
    return True


def skanna_fil(path: Path) -> pl.LazyFrame:
    """En elevfil -> LazyFrame. CSV läses som text (separator ; eller , gissas från rubriken);
    en CSV-fil i Windows-1252 måste läsas in helt (polars strömmar bara UTF-8)."""
    if path.suffix.lower() == ".parquet":
        return pl.scan_parquet(path)
    with open(path, "rb") as f:
        rubrik = f.readline().decode("utf-8", errors="replace")
    sep = gissa_separator(rubrik)
    if _ar_utf8(path):
        return pl.scan_csv(path, separator=sep, infer_schema=False)
    return pl.read_csv(path, separator=sep, infer_schema=False, encoding="windows-1252").lazy()


#: Koder med fast format (Skolverkets skolenhetskod, SCB:s kommunkod, kohortens årtal):
#: ``180`` för ``0180`` eller ``abc`` som kohort är fel, inte en ny kod.
KODFORMAT: dict[str, tuple[str, str]] = {
    "skolenhetskod": (r"^\d{8}$", "förväntade en skolenhetskod med 8 siffror"),
    "kommunkod": (r"^\d{4}$", "förväntade en kommunkod med 4 siffror (t.ex. 0180)"),
}
KOHORTFORMAT = (r"^\d{4}$", "förväntade ett årtal med 4 siffror")


def _visa(varde: object) -> str:
    """Ett cellvärde som det står i filen; en tom cell som ``tom cell`` (aldrig ``None``)."""
    if varde is None or (isinstance(varde, str) and not varde.strip()):
        return "tom cell"
    return f"värde {str(varde)[:40]!r}"


def _niva(k: str, tillatna: list[str]) -> pl.Expr:
    """Texten i kolumnen ``k`` -> modellens stavning av nivån (skiftläge och blanksteg runt
    värdet spelar ingen roll), null om nivån är okänd."""
    karta = {n.strip().lower(): n for n in tillatna}
    return (
        pl.col(k)
        .cast(pl.String)
        .str.strip_chars()
        .str.to_lowercase()
        .replace_strict(karta, default=None, return_dtype=pl.String)
    )


def _binar(k: str) -> pl.Expr:
    """Utfallet som tal: ``0``, ``1``, ``0.0``, ``1,0`` (Excel) -> 0/1 som Float64, annars null."""
    text = pl.col(k).cast(pl.String).str.strip_chars().str.replace(",", ".", literal=True)
    return text.cast(pl.Float64, strict=False)


def _kontrollera_fil(
    lf: pl.LazyFrame,
    fil: str,
    nivaer: dict[str, list[str]],
    binara: list[str],
    koder: list[str],
    format: dict[str, tuple[str, str]] | None = None,
) -> tuple[pl.LazyFrame | None, list[Problem]]:
    """Kontrollerar en fils kolumner och värden; ut: LazyFrame med typade kolumner eller problem.

    Saknade kolumner rapporteras alla, och värdena i de kolumner som finns kontrolleras ändå,
    så att en fil ger alla sina fel på en gång. ``format``: kolumn -> (regex, felet) för koder.
    """
    format = {**KODFORMAT, **(format or {})}
    namn = set(lf.collect_schema().names())
    kravda = [*koder, *nivaer, *binara]
    problem = [Problem(fil, "kolumnen saknas", kolumn=k) for k in kravda if k not in namn]
    koder = [k for k in koder if k in namn]
    nivaer = {k: v for k, v in nivaer.items() if k in namn}
    binara = [k for k in binara if k in namn]
    typad = lf.with_row_index("__rad", offset=2).select(
        "__rad",
        *[pl.col(k).cast(pl.String).str.strip_chars().alias(k) for k in koder],
        *[_niva(k, v).alias(k) for k, v in nivaer.items()],
        *[_binar(k).alias(k) for k in binara],
        *[pl.col(k).cast(pl.String).alias(f"__text_{k}") for k in [*koder, *nivaer, *binara]],
    )
    fel: dict[str, tuple[pl.Expr, str]] = {}
    for k in koder:
        saknad = pl.col(k).is_null() | (pl.col(k) == "")
        if k in format:
            regex, text = format[k]
            fel[k] = (saknad | ~pl.col(k).str.contains(regex), text)
        else:
            fel[k] = (saknad, "koden saknas")
    for k, tillatna in nivaer.items():
        fel[k] = (pl.col(k).is_null(), f"okänd nivå; tillåtna är {', '.join(tillatna)}")
    for k in binara:
        fel[k] = (~pl.col(k).is_in([0.0, 1.0]).fill_null(False), "förväntade 0 eller 1")
    if fel:
        antal = typad.select([e.sum().alias(k) for k, (e, _) in fel.items()]).collect(
            engine="streaming"
        )
    for k, (uttryck, text) in fel.items():
        n = int(antal[k][0])
        if n == 0:
            continue
        exempel = typad.filter(uttryck).select("__rad", f"__text_{k}").head(MAX_EXEMPEL).collect()
        for rad, varde in exempel.iter_rows():
            problem.append(Problem(fil, f"{text} ({_visa(varde)})", rad=rad, kolumn=k))
        if n > MAX_EXEMPEL:
            problem.append(
                Problem(fil, f"ytterligare {n - MAX_EXEMPEL} rader med samma fel", kolumn=k)
            )
    if problem:
        return None, problem
    return typad.select([*koder, *nivaer, *[pl.col(k).cast(pl.Int8) for k in binara]]), []


def las_elevdata(
    kalla: Path,
    nivaer: dict[str, list[str]],
    binara: list[str] = (),  # type: ignore[assignment]
    koder: list[str] = (),  # type: ignore[assignment]
    format: dict[str, tuple[str, str]] | None = None,
) -> pl.LazyFrame:
    """Elevfil(er) -> en kontrollerad LazyFrame med kolumnerna ``koder`` (text, ej tomma, i
    sitt format enligt ``KODFORMAT`` och ``format``), ``nivaer`` (text, bara tillåtna nivåer,
    skiftläget oviktigt) och ``binara`` (Int8, 0/1; ``1.0`` godtas). Alla fel i alla filer
    rapporteras på en gång (``IndataFel``). Ingenting skrivs."""
    delar: list[pl.LazyFrame] = []
    problem: list[Problem] = []
    for path in elevfiler(kalla):
        lf, fel = _kontrollera_fil(
            skanna_fil(path), str(path), nivaer, list(binara), list(koder), format
        )
        problem += fel
        if lf is not None:
            delar.append(lf)
    if problem:
        raise IndataFel(problem)
    return pl.concat(delar, how="vertical")


def las_traningsdata(kalla: Path, modell: IndexModell) -> pl.LazyFrame:
    """Historiska avgångselever -> LazyFrame med faktorerna, utfallet och (vid kohorteffekter)
    kohorten. In: fil eller katalog, modellen. Fel -> ``IndataFel``."""
    nivaer = modellnivaer(modell)
    koder = [modell.kohortkolumn] if modell.kohorteffekter else []
    format = {modell.kohortkolumn: KOHORTFORMAT}
    return las_elevdata(kalla, nivaer, binara=[modell.utfall], koder=koder, format=format)


def las_aktuella(
    kalla: Path, nivaer: dict[str, list[str]], med_kommunkod: bool = True
) -> pl.LazyFrame:
    """Årets elever (F–9) -> LazyFrame med skolenhetskod, kommunkod och faktorerna i
    ``nivaer`` (faktor -> tillåtna nivåer, t.ex. ``modellnivaer(modell)``).

    ``med_kommunkod=False`` (indexbas riket): kolumnen ``kommunkod`` krävs inte; finns den
    kontrolleras den ändå, saknas den blir den tom (null) i utdata."""
    if med_kommunkod:
        return las_elevdata(kalla, nivaer, koder=["skolenhetskod", "kommunkod"])
    delar = []
    problem: list[Problem] = []
    for path in elevfiler(kalla):
        lf = skanna_fil(path)
        har_kommun = "kommunkod" in lf.collect_schema().names()
        koder = ["skolenhetskod", "kommunkod"] if har_kommun else ["skolenhetskod"]
        typad, fel = _kontrollera_fil(lf, str(path), nivaer, [], koder)
        problem += fel
        if typad is not None:
            if not har_kommun:
                typad = typad.with_columns(pl.lit(None, dtype=pl.String).alias("kommunkod"))
            delar.append(typad.select("skolenhetskod", "kommunkod", *nivaer))
    if problem:
        raise IndataFel(problem)
    return pl.concat(delar, how="vertical")


def modellnivaer(modell: IndexModell) -> dict[str, list[str]]:
    """Modellens faktorer -> {faktor: tillåtna nivåer}."""
    return {f.namn: list(f.nivaer) for f in modell.faktorer}


def traningsceller(data: pl.LazyFrame | pl.DataFrame, modell: IndexModell) -> pl.DataFrame:
    """Elevrader -> celler: en rad per kombination av faktorer (och kohort) med ``antal``
    elever och ``antal_utfall``. Logistisk regression på celler ger samma skattningar,
    standardfel och log-likelihood som på elevraderna (faktorerna är kategoriska)."""
    grupper = [*modell.faktornamn]
    if modell.kohorteffekter:
        grupper.append(modell.kohortkolumn)
    return (
        data.lazy()
        .group_by(grupper)
        .agg(antal=pl.len().cast(pl.Int64), antal_utfall=pl.col(modell.utfall).cast(pl.Int64).sum())
        .sort(grupper)
        .collect(engine="streaming")
    )


def aktuella_celler(data: pl.LazyFrame | pl.DataFrame, faktorer: list[str]) -> pl.DataFrame:
    """Årets elever -> antal elever (``antal``) per skolenhet, kommun och kombination av
    ``faktorer``. Ut: celler, utan elevrader."""
    grupper = ["skolenhetskod", "kommunkod", *faktorer]
    return (
        data.lazy()
        .group_by(grupper)
        .agg(antal=pl.len().cast(pl.Int64))
        .sort(grupper)
        .collect(engine="streaming")
    )

"""Import av Skolverkets statistikexporter ("Statistik från Skolverket", Sök statistik).

In: en exportfil så som Skolverket publicerar den (se ``officiella_export``). Ut:
``Importresultat`` med datasetets tabeller (docs/regler/dataformat.md) och hjälptabeller, plus noteringar om
prickade celler. Format:

- *Grundskola – Antal elever per årskurs … Skolnivå* -> ``skolenheter``, ``elever``
  (fk_gr, årskurs 1–9) och hjälptabellen ``skolenheter_bakgrund``;
- samma på kommunnivå -> ``elever_kommun`` och ``kommuner_bakgrund`` (hjälptabeller);
- (kostnader och slutbetyg: se ``officiella_kostnader``).

Andelar i procent blir andelar 0–1; belopp i tusen kronor (kolumnen ``Totalt``,
``Undervisning``) blir kronor. Prickade celler blir saknade värden, aldrig noll.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from skolpeng.data.officiella_export import (
    Celltolkare,
    Export,
    Importresultat,
    kolumner_och_tolkare,
    las_export,
)
from skolpeng.data.schema import TABELLER
from skolpeng.fel import IndataFel, Problem

HUVUDMANNATYP: dict[str, str] = {
    "kommunal": "kommunal",
    "enskild": "enskild",
    "statlig": "statlig",
    "region": "region",
    "samtliga": "samtliga",
    "internationella skolor": "internationell",
}
KOMMUNKOD = ("Kommun-kod", "Kommunkod")
SKOLENHETSKOD = ("Skol-enhetskod", "Skolenhetskod")
TYP = ("Typ av huvudman", "Huvudmannatyp")
ANDELAR: dict[str, tuple[str, ...]] = {
    "andel_flickor": ("Andel (%) flickor, årskurs 1-9",),
    "andel_utlandsk_bakgrund": ("Andel (%) elever med utländsk bakgrund, åk 1-9",),
    "andel_eftergymnasial": ("Andel (%) elever med föräldrar med eftergymnasial utb., åk 1-9",),
}
ARSKURSER_1_9: tuple[str, ...] = tuple(str(g) for g in range(1, 10))
ELEVER_SCHEMA = {
    "skolenhetskod": pl.String,
    "verksamhet": pl.String,
    "lasar": pl.String,
    "arskurs": pl.String,
    "antal": pl.Int64,
    "markering": pl.String,
}


def _arskurskolumner() -> dict[str, tuple[str, ...]]:
    return {f"ak{g}": (f"Elever, årskurs {g}", f"Elever, åk {g}") for g in ARSKURSER_1_9}


def exportens_period(export: Export, angiven: str | None, vad: str) -> str:
    """Exportens läsår/år ("Valt läsår: 2025/26") eller det angivna; saknas båda: fel."""
    period = angiven or export.period
    if period is None:
        raise IndataFel(
            [
                Problem(
                    export.fil,
                    f'{vad} framgår inte av filen ("Valt {vad}: …"); ange det med --period',
                )
            ]
        )
    return period


def tolka_huvudmannatyp(t: Celltolkare, rad: int, kolumn: str, text: str) -> str | None:
    """Skolverkets "Typ av huvudman" -> ``kommunal``, ``enskild``, ``statlig``, ``region``,
    ``samtliga`` eller ``internationell``; okänd text blir ett problem och None."""
    v = HUVUDMANNATYP.get(text.strip().casefold())
    if v is None:
        t.problem.append(
            Problem(
                t.fil,
                f"okänd typ av huvudman {text!r} (väntade Kommunal, Enskild, Statlig, Region)",
                rad,
                kolumn,
            )
        )
    return v


def _inte_skolniva(export: Export, typ: str) -> None:
    if export.kolumnindex({"k": SKOLENHETSKOD}):
        raise IndataFel(
            [
                Problem(
                    export.fil,
                    f"filen är en export på skolenhetsnivå, inte {typ}; välj exporttypen för skolnivå",
                    export.rubrikrad,
                )
            ]
        )


def tolka_andel(t: Celltolkare, rad: int, kolumn: str, text: str) -> float | None:
    """En andel i procent -> andel 0–1 (prickad cell -> None med notering)."""
    v, _ = t.tal(rad, kolumn, text)
    return None if v is None else v / 100.0


def huvudman_id(typ: str, kommunkod: str, orgnr: str | None, huvudman: str) -> str:
    """Huvudmannens id enligt docs/regler/dataformat.md#skolenheter: kommunkoden för en kommunal enhet, utom när
    huvudmannen är ett kommunalförbund (namnet innehåller "förbund"); annars
    organisationsnumret (eller namnet om numret saknas)."""
    if typ == "kommunal" and "förbund" not in huvudman.casefold():
        return kommunkod
    return orgnr or huvudman


def arskursantal(
    t: Celltolkare,
    rad: int,
    idx: dict[str, int],
    celler: Sequence[str],
    rubriker: Sequence[str],
    arskurser: Sequence[str],
) -> list[tuple[str, int | None, str | None]]:
    """En rad i exporten -> (årskurs, antal elever, markering) för varje årskurs, ur
    kolumnerna ``ak<årskurs>`` i ``idx``; prickade celler blir None med markering."""
    ut = []
    for g in arskurser:
        k = idx[f"ak{g}"]
        ut.append((g, *t.heltal(rad, rubriker[k], celler[k])))
    return ut


def _elever_och_andelar(
    t: Celltolkare, rad: int, idx: dict[str, int], celler: Sequence[str], rubriker: Sequence[str]
) -> list[int | float | None]:
    """En rad -> [elever åk 1–9, andelarna i ``ANDELAR`` (0–1)]; saknad kolumn -> None."""
    total = (
        t.heltal(rad, rubriker[idx["total"]], celler[idx["total"]])[0] if "total" in idx else None
    )
    andelar = [
        tolka_andel(t, rad, rubriker[idx[k]], celler[idx[k]]) if k in idx else None for k in ANDELAR
    ]
    return [total, *andelar]


def _bakgrund_ram(
    rader: list[tuple], nyckel: Sequence[str], extra: Sequence[str] = ()
) -> pl.DataFrame:
    """Bakgrundsrader (nyckel…, lasar, elever_1_9, andelarna, extra…) -> ram med typer."""
    return pl.DataFrame(
        rader,
        schema={
            **{k: pl.String for k in nyckel},
            "lasar": pl.String,
            "elever_1_9": pl.Int64,
            **{k: pl.Float64 for k in ANDELAR},
            **{k: pl.String for k in extra},
        },
        orient="row",
    )


def skolenheter_ram(enheter: list[tuple]) -> pl.DataFrame:
    """Rader med skolenheternas kolumner i ordningen i docs/regler/dataformat.md#skolenheter -> tabellen ``skolenheter``
    (``internationell`` som Int8)."""
    return pl.DataFrame(
        enheter, schema=list(TABELLER["skolenheter"].kolumnnamn), orient="row"
    ).with_columns(pl.col("internationell").cast(pl.Int8))


def las_elever_skolniva(path: Path, lasar: str | None = None) -> Importresultat:
    """*Grundskola – Antal elever per årskurs … Skolnivå* -> ``skolenheter``, ``elever``
    (verksamhet fk_gr, årskurs 1–9, kolumnen ``markering`` anger varför ett antal saknas)
    och ``skolenheter_bakgrund`` (elever åk 1–9, andelar 0–1, socioekonomisk områdestyp).

    Skolverket markerar internationella skolor med en asterisk sist i namnet (fotnoten "*
    Internationella skolor …"); asterisken tas bort och ``internationell`` blir 1."""
    alias = {
        "skola": ("Skola", "Skolenhet"),
        "kod": SKOLENHETSKOD,
        "kommunkod": KOMMUNKOD,
        "typ": TYP,
        "huvudman": ("Huvudman",),
        **_arskurskolumner(),
    }
    valfria = {
        "orgnr": ("Huvudman orgnr", "Huvudmannens organisationsnummer"),
        "total": ("Elever, årskurs 1-9", "Elever, åk 1-9"),
        "omradestyp": ("Socioekonomisk områdestyp",),
        **ANDELAR,
    }
    export = las_export(path, [SKOLENHETSKOD, TYP, ("Elever, årskurs 1", "Elever, åk 1")])
    idx, t = kolumner_och_tolkare(export, alias, valfria)
    lasar = exportens_period(export, lasar, "läsår")
    namn = export.rubriker
    enheter, elever, bakgrund = [], [], []
    for rad, c in export.rader:

        def cell(k: str, c: tuple[str, ...] = c) -> str:
            return c[idx[k]] if k in idx else ""

        kod = t.kod(rad, namn[idx["kod"]], cell("kod"), 8)
        kommun = t.kod(rad, namn[idx["kommunkod"]], cell("kommunkod"), 4)
        typ = tolka_huvudmannatyp(t, rad, namn[idx["typ"]], cell("typ"))
        skola = t.text(rad, namn[idx["skola"]], cell("skola")) or ""
        huvudman = t.text(rad, namn[idx["huvudman"]], cell("huvudman")) or ""
        orgnr = cell("orgnr").strip() or None
        if kod is None or kommun is None or typ is None:
            continue
        internationell = int(skola.endswith("*"))
        enheter.append(
            (
                kod,
                skola.rstrip("*").strip(),
                kommun,
                typ,
                huvudman_id(typ, kommun, orgnr, huvudman),
                huvudman,
                internationell,
            )
        )
        for a in arskursantal(t, rad, idx, c, namn, ARSKURSER_1_9):
            elever.append((kod, "fk_gr", lasar, *a))
        varden = _elever_och_andelar(t, rad, idx, c, namn)
        bakgrund.append((kod, lasar, *varden, cell("omradestyp").strip() or None))
    t.kasta_om_problem()
    skolenheter = skolenheter_ram(enheter)
    kontrollera_dubbletter(export, skolenheter, ["skolenhetskod"])
    return Importresultat(
        "elever-skolniva",
        export.fil,
        lasar,
        {
            "skolenheter": skolenheter,
            "elever": pl.DataFrame(elever, schema=ELEVER_SCHEMA, orient="row"),
            "skolenheter_bakgrund": _bakgrund_ram(bakgrund, ["skolenhetskod"], ["omradestyp"]),
        },
        tuple(t.anteckningar()),
    )


def kontrollera_dubbletter(export: Export, ram: pl.DataFrame, nyckel: list[str]) -> None:
    """Kastar ``IndataFel`` om samma nyckel förekommer på flera rader i ``ram``."""
    d = ram.filter(ram.select(nyckel).is_duplicated())
    if d.height:
        nycklar = ", ".join("/".join(r) for r in d.select(nyckel).unique().rows()[:5])
        raise IndataFel([Problem(export.fil, f"samma nyckel förekommer flera gånger: {nycklar}")])


def las_elever_kommun(path: Path, lasar: str | None = None) -> Importresultat:
    """*Grundskola – Antal elever per årskurs … Kommun* -> ``elever_kommun`` (kommunkod,
    kommunnamn, huvudmannatyp, lasar, arskurs, antal, markering; huvudmannatyp är
    ``samtliga``, ``kommunal``, ``enskild``, ``internationell``, ``statlig`` eller
    ``region``) och ``kommuner_bakgrund`` (elever åk 1–9 och andelar 0–1)."""
    alias = {"kommun": ("Kommun",), "kommunkod": KOMMUNKOD, "typ": TYP, **_arskurskolumner()}
    valfria = {"total": ("Elever, årskurs 1-9", "Elever, åk 1-9"), **ANDELAR}
    export = las_export(path, [KOMMUNKOD, TYP, ("Elever, årskurs 1", "Elever, åk 1")])
    _inte_skolniva(export, "kommunnivå")
    idx, t = kolumner_och_tolkare(export, alias, valfria)
    lasar = exportens_period(export, lasar, "läsår")
    namn = export.rubriker
    elever, bakgrund = [], []
    for rad, c in export.rader:
        kommun = t.kod(rad, namn[idx["kommunkod"]], c[idx["kommunkod"]], 4)
        typ = tolka_huvudmannatyp(t, rad, namn[idx["typ"]], c[idx["typ"]])
        kommunnamn = c[idx["kommun"]].strip()
        if kommun is None or typ is None:
            continue
        for a in arskursantal(t, rad, idx, c, namn, ARSKURSER_1_9):
            elever.append((kommun, kommunnamn, typ, lasar, *a))
        bakgrund.append((kommun, typ, lasar, *_elever_och_andelar(t, rad, idx, c, namn)))
    t.kasta_om_problem()
    ram = pl.DataFrame(
        elever,
        schema={
            "kommunkod": pl.String,
            "kommunnamn": pl.String,
            "huvudmannatyp": pl.String,
            "lasar": pl.String,
            "arskurs": pl.String,
            "antal": pl.Int64,
            "markering": pl.String,
        },
        orient="row",
    )
    kontrollera_dubbletter(export, ram, ["kommunkod", "huvudmannatyp", "arskurs"])
    return Importresultat(
        "elever-kommun",
        export.fil,
        lasar,
        {
            "elever_kommun": ram,
            "kommuner_bakgrund": _bakgrund_ram(bakgrund, ["kommunkod", "huvudmannatyp"]),
        },
        tuple(t.anteckningar()),
    )

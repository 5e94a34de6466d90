"""Validering inom och mellan datasetets tabeller (docs/regler/dataformat.md#validering).

In: de inlästa tabellerna (polars-ramar med radnummerkolumnen ``_rad``) och deras filnamn.
Ut: en lista ``Problem`` på svenska med fil, rad och kolumn: dubbla nycklar (båda raderna
nämns), skolenheter vars kommun saknas i ``kommuner``, elever och index för skolenheter som
saknas i ``skolenheter``, kommunuppgifter för kommuner som saknas i ``kommuner``.
Kontrollen av de år en normberäkning behöver finns i ``validering_norm``.
"""

from __future__ import annotations

import polars as pl

from skolpeng.data.problemlista import rad_problem
from skolpeng.data.schema import TABELLER
from skolpeng.data.validering_lokalindex import lokalindexets_ar_problem
from skolpeng.fel import Problem

RAD = "_rad"

# (tabell, kolumn) som måste finnas i (måltabell, målkolumn). Måltabellen måste vara inläst.
REFERENSER: tuple[tuple[str, str, str], ...] = (
    ("skolenheter", "kommunkod", "kommuner"),
    ("elever", "skolenhetskod", "skolenheter"),
    ("socioekonomiskt_index", "skolenhetskod", "skolenheter"),
    ("lokalkostnadsunderlag", "kommunkod", "kommuner"),
    ("rakenskapssammandrag", "kommunkod", "kommuner"),
    ("modersmal", "kommunkod", "kommuner"),
    ("malgrupper", "skolenhetskod", "skolenheter"),
    ("givna_belopp", "skolenhetskod", "skolenheter"),
    ("lokalindex", "kommunkod", "kommuner"),
    ("elever_hemkommun", "skolenhetskod", "skolenheter"),
    ("elever_behovsniva", "skolenhetskod", "skolenheter"),
    ("resursskolor", "skolenhetskod", "skolenheter"),
    ("behovsnivaer", "kommunkod", "kommuner"),
)


def dubbla_nycklar(ram: pl.DataFrame, tabell: str, fil: str) -> list[Problem]:
    """Rader vars nyckel (``Tabell.nyckel``) redan förekommer på en tidigare rad.

    Ett problem per upprepad rad, på den raden, med nyckelns värden och den första radens
    nummer. Rader med tom nyckeldel hoppas över (de är redan rapporterade)."""
    nyckel = list(TABELLER[tabell].nyckel)
    if ram.height == 0 or not all(k in ram.columns for k in nyckel):
        return []
    beskrivning = pl.concat_str(
        [pl.format(f"{k}={{}}", pl.col(k).cast(pl.String)) for k in nyckel], separator=", "
    )
    dubbletter = (
        ram.drop_nulls(nyckel)
        .with_columns(
            forsta=pl.col(RAD).min().over(nyckel),
            antal=pl.len().over(nyckel),
            nyckeltext=beskrivning,
        )
        .filter((pl.col("antal") > 1) & (pl.col(RAD) != pl.col("forsta")))
        .sort(RAD)
    )
    if dubbletter.height == 0:
        return []
    fel = dubbletter.select(
        pl.format("dubblett: samma nyckel ({}) som rad {}", "nyckeltext", "forsta")
    ).to_series()
    return rad_problem(fil, ", ".join(nyckel), dubbletter[RAD], fel)


def saknade_referenser(
    ram: pl.DataFrame, kolumn: str, mal: pl.DataFrame, fil: str, malfil: str
) -> list[Problem]:
    """Rader i ``ram`` vars ``kolumn`` inte finns i ``mal[kolumn]``: ett problem per rad."""
    if ram.height == 0:
        return []
    saknas = (
        ram.filter(pl.col(kolumn).is_not_null())
        .join(mal.select(kolumn).drop_nulls().unique(), on=kolumn, how="anti")
        .sort(RAD)
    )
    if saknas.height == 0:
        return []
    fel = saknas.select(
        pl.format(f"{kolumn} {{}} finns inte i {malfil}", pl.col(kolumn))
    ).to_series()
    return rad_problem(fil, kolumn, saknas[RAD], fel)


def validera_tabeller(ramar: dict[str, pl.DataFrame], filnamn: dict[str, str]) -> list[Problem]:
    """Kontroller inom och mellan tabeller på inlästa ramar (med ``_rad``).

    In: tabellnamn -> ram, tabellnamn -> filnamn (för de tabeller som lästes).
    Ut: alla problem (dubbla nycklar, saknade kommuner och skolenheter)."""
    problem: list[Problem] = []
    for namn, ram in ramar.items():
        problem += dubbla_nycklar(ram, namn, filnamn[namn])
    for tabell, kolumn, maltabell in REFERENSER:
        if tabell in ramar and maltabell in ramar:
            problem += saknade_referenser(
                ramar[tabell], kolumn, ramar[maltabell], filnamn[tabell], filnamn[maltabell]
            )
    if "lokalindex" in ramar:
        problem += lokalindexets_ar_problem(ramar["lokalindex"], filnamn["lokalindex"])
    if "elever_hemkommun" in ramar:
        from skolpeng.data.validering_hemkommun import validera_elever_hemkommun

        problem += validera_elever_hemkommun(ramar, filnamn)
    from skolpeng.data.validering_anpassad import validera_anpassad

    problem += validera_anpassad(ramar, filnamn)
    return problem

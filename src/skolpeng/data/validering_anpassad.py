"""Validering av anpassad grundskola och resursskolor i datasetet.

Typerna, dubbla nycklar och skolenheter som saknas i ``skolenheter`` kontrolleras av läsaren
och ``validering``; här kontrolleras det som är särskilt för verksamheten ``anpassad_gr``:

- elever i ``anpassad_gr`` finns bara i årskurs 1–9 (förskoleklassen är en egen skolform);
- ``elever_behovsniva``: varje skolenhet, läsår, verksamhet och årskurs ska ha en rad i
  ``elever``, och eleverna på nivåerna får tillsammans inte vara fler än i ``elever``;
- en behovsnivå ska finnas i ``behovsnivaer`` för skolenhetens kommun (när tabellen finns).

In: de inlästa ramarna med radnummerkolumnen ``_rad`` och filnamnen. Ut: ``Problem`` på
svenska med fil, rad och kolumn.
"""

from __future__ import annotations

import polars as pl

from skolpeng.data.problemlista import rad_problem
from skolpeng.fel import Problem

RAD = "_rad"
GRUPP = ["skolenhetskod", "lasar", "verksamhet", "arskurs"]


def validera_anpassad(ramar: dict[str, pl.DataFrame], filnamn: dict[str, str]) -> list[Problem]:
    """Alla kontroller ovan för de tabeller som lästes. Ut: ett problem per dålig rad."""
    problem: list[Problem] = []
    if "elever" in ramar:
        problem += anpassad_utan_forskoleklass(ramar["elever"], filnamn["elever"])
    if "elever_behovsniva" in ramar and "elever" in ramar:
        problem += nivaer_mot_elever(ramar["elever_behovsniva"], ramar["elever"], filnamn)
    if {"elever_behovsniva", "behovsnivaer", "skolenheter"} <= ramar.keys():
        problem += okanda_nivaer(ramar, filnamn)
    return problem


def anpassad_utan_forskoleklass(elever: pl.DataFrame, fil: str) -> list[Problem]:
    """Rader i ``elever`` med verksamheten ``anpassad_gr`` och årskurs F."""
    fel = elever.select(
        pl.when((pl.col("verksamhet") == "anpassad_gr") & (pl.col("arskurs") == "F"))
        .then(
            pl.lit(
                "anpassad grundskola har årskurserna 1–9; elever i förskoleklass anges med "
                "verksamheten fk_gr"
            )
        )
        .otherwise(None)
        .alias("fel")
    )["fel"]
    return rad_problem(fil, "arskurs", elever[RAD], fel)


def nivaer_mot_elever(
    nivaer: pl.DataFrame, elever: pl.DataFrame, filnamn: dict[str, str]
) -> list[Problem]:
    """Nivårader utan motsvarande rad i ``elever`` och grupper (skolenhet, läsår, verksamhet,
    årskurs) där nivåernas elever är fler än i ``elever`` (på gruppens första rad)."""
    fil, efil = filnamn["elever_behovsniva"], filnamn["elever"]
    if nivaer.height == 0:
        return []
    totalt = elever.group_by(GRUPP).agg(elever=pl.col("antal").sum())
    d = nivaer.join(totalt, on=GRUPP, how="left").with_columns(
        summa=pl.col("antal").sum().over(GRUPP), forsta=pl.col(RAD).min().over(GRUPP)
    )
    saknas = pl.when(pl.col("elever").is_null()).then(
        pl.format(
            "skolenheten {} har inga elever i {} för läsåret {}, verksamheten {} och årskurs {}",
            "skolenhetskod",
            pl.lit(efil),
            "lasar",
            "verksamhet",
            "arskurs",
        )
    )
    for_manga = pl.when((pl.col("summa") > pl.col("elever")) & (pl.col(RAD) == pl.col("forsta")))
    fel = d.select(
        saknas.otherwise(
            for_manga.then(
                pl.format(
                    "eleverna på behovsnivåerna ({}) är fler än eleverna i {} ({}) för "
                    "skolenheten {}, läsåret {}, årskurs {}",
                    "summa",
                    pl.lit(efil),
                    "elever",
                    "skolenhetskod",
                    "lasar",
                    "arskurs",
                )
            ).otherwise(None)
        ).alias("fel")
    )["fel"]
    return rad_problem(fil, "antal", d[RAD], fel)


def okanda_nivaer(ramar: dict[str, pl.DataFrame], filnamn: dict[str, str]) -> list[Problem]:
    """Nivårader vars behovsnivå inte finns i ``behovsnivaer`` för skolenhetens kommun."""
    nivaer = ramar["elever_behovsniva"]
    if nivaer.height == 0:
        return []
    kommun = ramar["skolenheter"].select("skolenhetskod", "kommunkod").unique("skolenhetskod")
    kanda = ramar["behovsnivaer"].select("kommunkod", "behovsniva").unique().with_columns(_k=True)
    d = nivaer.join(kommun, on="skolenhetskod", how="left").join(
        kanda, on=["kommunkod", "behovsniva"], how="left"
    )
    fel = d.select(
        pl.when(pl.col("_k").is_null() & pl.col("kommunkod").is_not_null())
        .then(
            pl.format(
                "behovsnivån '{}' finns inte i {} för kommunen {}",
                "behovsniva",
                pl.lit(filnamn["behovsnivaer"]),
                "kommunkod",
            )
        )
        .otherwise(None)
        .alias("fel")
    )["fel"]
    return rad_problem(filnamn["elever_behovsniva"], "behovsniva", d[RAD], fel)

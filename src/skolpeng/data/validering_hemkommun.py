"""Validering av den valfria tabellen ``elever_hemkommun`` (pengarna följer eleven).

Tabellen har elever per skolenhet, månad (``period`` som ``ÅÅÅÅ-MM``), verksamhet, årskurs
och hemkommun (folkbokföringskommun), aggregerat: aldrig en enskild elevs identitet.
Typerna (negativa tal, decimaltal), dubbla nycklar och skolenheter som saknas i
``skolenheter`` kontrolleras av läsaren och ``validering``; här kontrolleras det som är
särskilt för tabellen:

- ``period`` ska vara en månad ``ÅÅÅÅ-MM`` (01–12);
- ``hemkommun`` ska finnas i ``kommuner``;
- (vid en utbetalningskörning) ``period`` ska ligga i budgetåret (``perioder_utanfor_aret``).

In: de inlästa ramarna med radnummerkolumnen ``_rad``. Ut: ``Problem`` med fil, rad och kolumn.
"""

from __future__ import annotations

import polars as pl

from skolpeng.data.problemlista import rad_problem
from skolpeng.fel import Problem

RAD = "_rad"
PERIOD_MONSTER = r"^\d{4}-(0[1-9]|1[0-2])$"


def validera_elever_hemkommun(
    ramar: dict[str, pl.DataFrame], filnamn: dict[str, str]
) -> list[Problem]:
    """Periodens form och hemkommunen mot ``kommuner``. In: ramarna och filnamnen (med
    ``elever_hemkommun``). Ut: ett problem per dålig rad (högst 20 per felslag)."""
    ram = ramar["elever_hemkommun"]
    fil = filnamn["elever_hemkommun"]
    problem: list[Problem] = []
    if ram.height == 0:
        return problem
    problem += ogiltiga_perioder(ram, fil)
    if "kommuner" in ramar:
        kanda = ramar["kommuner"]["kommunkod"].drop_nulls().unique().implode()
        fel_kommun = ram.select(
            pl.when(pl.col("hemkommun").is_not_null() & ~pl.col("hemkommun").is_in(kanda))
            .then(
                pl.format(
                    "hemkommunen '{}' finns inte i {}",
                    pl.col("hemkommun"),
                    pl.lit(filnamn["kommuner"]),
                )
            )
            .otherwise(None)
            .alias("fel")
        )["fel"]
        problem += rad_problem(fil, "hemkommun", ram[RAD], fel_kommun)
    return problem


def ogiltiga_perioder(ram: pl.DataFrame, fil: str) -> list[Problem]:
    """Rader vars ``period`` inte är en månad ``ÅÅÅÅ-MM`` (med ``_rad``)."""
    fel = ram.select(
        pl.when(pl.col("period").is_not_null() & ~pl.col("period").str.contains(PERIOD_MONSTER))
        .then(pl.format("'{}' är ingen månad; ange perioden som ÅÅÅÅ-MM", pl.col("period")))
        .otherwise(None)
        .alias("fel")
    )["fel"]
    return rad_problem(fil, "period", ram[RAD], fel)


def perioder_utanfor_aret(ram: pl.DataFrame, ar: int, fil: str) -> list[Problem]:
    """Rader vars ``period`` inte ligger i budgetåret ``ar`` (januari–december). In: tabellen
    med ``_rad``. Ut: ett problem per sådan rad (högst 20 per felslag)."""
    if ram.height == 0:
        return []
    fel = ram.select(
        pl.when(pl.col("period").is_not_null() & ~pl.col("period").str.starts_with(f"{ar}-"))
        .then(
            pl.format(
                "perioden '{}' ligger utanför budgetåret {}", pl.col("period"), pl.lit(str(ar))
            )
        )
        .otherwise(None)
        .alias("fel")
    )["fel"]
    return rad_problem(fil, "period", ram[RAD], fel)

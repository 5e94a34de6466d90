"""Kontroller av den valfria tabellen ``lokalindex`` utöver schemat (docs/regler/dataformat.md#lokalindex).

Schemat och den allmänna valideringen stoppar redan okänd kommunkod, dubbla rader och index
≤ 0. Här: att ``sista_ar`` inte ligger före ``forsta_ar`` och att alla rader avser samma år –
ett fastställt index beräknas vid ett och samma tillfälle ("Lokalindex kvarstår över tid och
uppdateras i samband med utvärdering av modellen och normen", SOU 2025:72, bilagan,
Strukturtillägg).

In: den inlästa ramen (med radnummerkolumnen ``_rad``) och filnamnet. Ut: ``Problem`` på
svenska med fil, rad och kolumn.
"""

from __future__ import annotations

import polars as pl

from skolpeng.data.problemlista import rad_problem
from skolpeng.fel import Problem

RAD = "_rad"


def lokalindexets_ar_problem(ram: pl.DataFrame, fil: str) -> list[Problem]:
    """Rader där ``sista_ar`` < ``forsta_ar``, och rader vars år skiljer sig från den första
    radens (ett problem per sådan rad, i kolumnen ``forsta_ar``)."""
    rader = ram.drop_nulls(["forsta_ar", "sista_ar"]).sort(RAD)
    if rader.height == 0:
        return []
    omvanda = rader.filter(pl.col("sista_ar") < pl.col("forsta_ar"))
    problem = rad_problem(
        fil,
        "sista_ar",
        omvanda[RAD],
        omvanda.select(
            pl.format("sista_ar {} ligger före forsta_ar {}", "sista_ar", "forsta_ar")
        ).to_series(),
    )
    forsta, sista, rad1 = (rader.get_column(k)[0] for k in ("forsta_ar", "sista_ar", RAD))
    avvikande = rader.filter((pl.col("forsta_ar") != forsta) | (pl.col("sista_ar") != sista))
    problem += rad_problem(
        fil,
        "forsta_ar",
        avvikande[RAD],
        avvikande.select(
            pl.format(
                f"åren {{}}–{{}} skiljer sig från rad {rad1} ({forsta}–{sista}); ett fastställt "
                "lokalkostnadsindex beräknas för alla kommuner på samma år",
                "forsta_ar",
                "sista_ar",
            )
        ).to_series(),
    )
    return problem

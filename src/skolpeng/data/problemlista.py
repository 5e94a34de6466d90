"""Från vektoriserade kontroller till ``Problem``: en rad per dålig cell, med tak.

In: filnamn, kolumn, radnummer och ett felmeddelande per rad (null = inget fel).
Ut: en lista ``Problem``. Samma meddelande i samma kolumn rapporteras för högst
``MAX_PER_FEL`` rader; resten sammanfattas i ett problem med antalet, så att en fil där
varje rad är fel inte ger hundratusentals rader utskrift men inget fel döljs.
"""

from __future__ import annotations

import polars as pl

from skolpeng.fel import Problem

MAX_PER_FEL = 20


def rad_problem(fil: str, kolumn: str | None, rader: pl.Series, fel: pl.Series) -> list[Problem]:
    """Radnummer och felmeddelanden (null = ok) -> problem, högst ``MAX_PER_FEL`` per
    felslag (meddelandet utan cellens värde inom '...') och kolumn, plus ett sammanfattande
    problem per felslag för resten."""
    ram = (
        pl.DataFrame({"rad": rader, "fel": fel})
        .filter(pl.col("fel").is_not_null())
        .with_columns(slag=pl.col("fel").str.replace_all(r"'[^']*'", "'…'"))
        .with_columns(nr=pl.int_range(pl.len()).over("slag"))
    )
    if ram.height == 0:
        return []
    problem = [
        Problem(fil, meddelande, rad, kolumn)
        for rad, meddelande in ram.filter(pl.col("nr") < MAX_PER_FEL)
        .select("rad", "fel")
        .iter_rows()
    ]
    resten = (
        ram.filter(pl.col("nr") >= MAX_PER_FEL)
        .group_by("slag", maintain_order=True)
        .agg(antal=pl.len(), forsta=pl.col("rad").first())
    )
    for slag, antal, forsta in resten.iter_rows():
        problem.append(
            Problem(
                fil,
                f"ytterligare {antal} rader från rad {forsta} med samma fel ({slag})",
                None,
                kolumn,
            )
        )
    return problem

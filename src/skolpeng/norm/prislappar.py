"""Steg 4–5 i docs/regler/norm.md#steg-4: grundersättningens prislappar per stadium och det socioekonomiska
tillägget per skolenhet.

In: grundersättningen B och det socioekonomiska tillägget S (kronor), elever per stadium i
riket, stadieindex, och tabellen över deltagande enheter. Ut: P_s per stadium och S_u per
enhet (kronor per elev, kostnadsårets prisnivå).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from skolpeng.fel import IndataFel, Problem


def elever_per_stadium(enheter: pl.DataFrame, stadier: tuple[str, ...]) -> dict[str, float]:
    """N_s: antalet elever per stadium i riket (alla deltagande enheter).

    In: enhetstabellen (``stadium``, ``elever``) och stadierna. Ut: {stadium: N_s}, 0 för
    stadier utan elever.
    """
    summor = enheter.group_by("stadium").agg(pl.col("elever").sum())
    per = dict(zip(summor.get_column("stadium"), summor.get_column("elever"), strict=True))
    return {s: float(per.get(s, 0.0)) for s in stadier}


def prislappar(
    grundersattning: float,
    elever_per_stadium: Mapping[str, float],
    stadieindex: Mapping[str, float],
) -> dict[str, float]:
    """Steg 4: P_s = B · idx_s / Σ_s' (N_s' · idx_s').

    In: grundersättningen B (kr), N_s och idx_s per stadium. Ut: prislapp per stadium
    (kr/elev). Σ_s N_s·P_s = B. Inga elever alls ger ``IndataFel``.
    """
    namnare = sum(elever_per_stadium[s] * stadieindex[s] for s in stadieindex)
    if namnare <= 0:
        raise IndataFel(
            [Problem("elever", "inga elever i de deltagande skolenheterna", None, "antal")]
        )
    return {s: grundersattning * stadieindex[s] / namnare for s in stadieindex}


def med_grundersattning(enheter: pl.DataFrame, prislapp: Mapping[str, float]) -> pl.DataFrame:
    """Lägger till ``grundersattning`` = P_s för radens stadium (steg 4)."""
    return enheter.with_columns(
        grundersattning=pl.col("stadium").replace_strict(dict(prislapp), return_dtype=pl.Float64)
    )


def med_socioekonomiskt_tillagg(enheter: pl.DataFrame, socioekonomiskt: float) -> pl.DataFrame:
    """Steg 5: S_u = S · SEI_u / Σ_v (n_v · SEI_v), samma i varje stadium av enheten.

    In: enhetstabellen (``elever``, ``socioekonomiskt_index``) och S (kr). Ut: tabellen med
    ``socioekonomiskt_tillagg`` (kr/elev). Σ_u n_u·S_u = S.
    """
    namnare = (pl.col("elever") * pl.col("socioekonomiskt_index")).sum()
    return enheter.with_columns(
        socioekonomiskt_tillagg=socioekonomiskt * pl.col("socioekonomiskt_index") / namnare
    )

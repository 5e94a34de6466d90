"""Steg 8 i docs/regler/norm.md#steg-8: ansvarstilläggen för utbudsansvaret, bara för kommunala skolenheter.

In: enhetstabellen med P_s och S_u, reservationen U och gleshetsindex per lägeskommun.
Ut: platsgaranti PG = U / Σ_{kommunala} n_u per elev och gleshet
GL_{u,s} = (GI_k − 100)/100 · (P_s + S_u) där GI_k > 100.
"""

from __future__ import annotations

import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.norm.parametrar import INDEXBAS


def med_platsgaranti(enheter: pl.DataFrame, platsgaranti: float) -> tuple[pl.DataFrame, float]:
    """Steg 8a: PG = U / Σ_{u kommunal} n_u, lika för alla kommunala enheter och stadier.

    In: enhetstabellen (``elever, ar_kommunal``) och U (kr). Ut: tabellen med
    ``platsgaranti`` (PG för kommunala enheter, 0 annars) och PG. Finns en reservation men
    inga elever i kommunala enheter ges ``IndataFel``.
    """
    kommunala = float(enheter.filter(pl.col("ar_kommunal")).get_column("elever").sum())
    if kommunala <= 0:
        if platsgaranti != 0:
            raise IndataFel(
                [
                    Problem(
                        "skolenheter",
                        "inga elever i kommunala skolenheter att fördela platsgarantin till",
                        None,
                        "huvudmannatyp",
                    )
                ]
            )
        per_elev = 0.0
    else:
        per_elev = platsgaranti / kommunala
    return (
        enheter.with_columns(
            platsgaranti=pl.when(pl.col("ar_kommunal")).then(pl.lit(per_elev)).otherwise(0.0)
        ),
        per_elev,
    )


def med_gleshet(enheter: pl.DataFrame) -> pl.DataFrame:
    """Steg 8b: GL = (GI_k − 100)/100 · (P_s + S_u) för kommunala enheter med GI_k > 100.

    In: enhetstabellen (``ar_kommunal, gleshetsindex, grundersattning,
    socioekonomiskt_tillagg``). Ut: tabellen med ``gleshet`` (kr/elev, 0 annars).
    """
    return enheter.with_columns(
        gleshet=pl.when(pl.col("ar_kommunal") & (pl.col("gleshetsindex") > INDEXBAS))
        .then(
            (pl.col("gleshetsindex") - INDEXBAS)
            / INDEXBAS
            * (pl.col("grundersattning") + pl.col("socioekonomiskt_tillagg"))
        )
        .otherwise(0.0)
    )


def gleshet_total(enheter: pl.DataFrame) -> float:
    """G = Σ_{u,s} n_{u,s} · GL_{u,s} (kr) för en tabell med ``gleshet``."""
    return float(enheter.select((pl.col("elever") * pl.col("gleshet")).sum()).item())

"""Normen per huvudman och stadium: elevviktade medelvärden (docs/regler/norm.md#utdata; tabell 9.2).

In: enhetstabellen från beräkningen. Ut: en rad per huvudman och stadium med
``HUVUDMAN_KOLUMNER``; ``elever`` är summan, beloppen är elevviktade medelvärden.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from skolpeng.norm.resultat import HUVUDMAN_KOLUMNER, KOMPONENTER

BELOPP: tuple[str, ...] = (*KOMPONENTER, "modellvarde", "norm", "varav_lokalkostnad")


def per_huvudman(enheter: pl.DataFrame, stadier: Sequence[str]) -> pl.DataFrame:
    """Elevviktade medelvärden per ``huvudman_id`` och ``stadium``.

    In: enhetstabellen (``huvudman_id, huvudman_namn, huvudmannatyp, stadium, elever`` och
    beloppen) och stadieordningen. Ut: ``HUVUDMAN_KOLUMNER``, sorterad på huvudman och
    stadium.
    """
    ordning = {s: i for i, s in enumerate(stadier)}
    return (
        enheter.group_by("huvudman_id", "stadium")
        .agg(
            pl.col("huvudman_namn").first(),
            pl.col("huvudmannatyp").first(),
            pl.col("elever").sum(),
            *[
                ((pl.col(b) * pl.col("elever")).sum() / pl.col("elever").sum()).alias(b)
                for b in BELOPP
            ],
        )
        .sort("huvudman_id", pl.col("stadium").replace_strict(ordning, return_dtype=pl.Int32))
        .select(HUVUDMAN_KOLUMNER)
    )

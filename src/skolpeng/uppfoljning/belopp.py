"""Belopp per enhet och år ur den långa beloppstabellen (``uppfoljning.indata.BELOPP``).

In: ``belopp`` (skolenhetskod, ar, pott, kr_per_elev, elever, riktad, socioekonomisk). Ut:
en rad per enhet och år med totalen och de riktade och socioekonomiska delarna, per elev och
i kronor. Kronor = kr_per_elev × elever; inget avrundas.
"""

from __future__ import annotations

import polars as pl


def per_enhet(belopp: pl.DataFrame) -> pl.DataFrame:
    """``belopp`` -> skolenhetskod, ar, elever, total_kr_per_elev, total_kr,
    riktat_kr_per_elev, riktat_kr, socioekonomiskt_kr_per_elev, socioekonomiskt_kr."""
    kr = pl.col("kr_per_elev")
    return (
        belopp.group_by("skolenhetskod", "ar")
        .agg(
            elever=pl.col("elever").first(),
            total_kr_per_elev=kr.sum(),
            riktat_kr_per_elev=kr.filter(pl.col("riktad") == 1).sum(),
            socioekonomiskt_kr_per_elev=kr.filter(pl.col("socioekonomisk") == 1).sum(),
        )
        .with_columns(
            total_kr=pl.col("total_kr_per_elev") * pl.col("elever"),
            riktat_kr=pl.col("riktat_kr_per_elev") * pl.col("elever"),
            socioekonomiskt_kr=pl.col("socioekonomiskt_kr_per_elev") * pl.col("elever"),
        )
        .sort("ar", "skolenhetskod")
    )

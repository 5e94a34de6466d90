"""Årets belopp mot förra årets per skolenhet och per huvudman: tabellen som handläggaren
sorterar på scenario- och jämförelsesidan (vilka enheter vinner och förlorar).

In: årets ``Fordelning`` (med enhetens avrundade belopp, ``belopp_kr_avrundat``) och
``ForraAret`` (förra årets fastställda beslut eller importerade utdatakatalog; None när inget
finns). Ut: en ram per skolenhet (``ANDRING_KOLUMNER``) och en per huvudman. Förändringen är
årets avrundade belopp minus förra årets beslutade belopp (avrundat till hela kronor), i kronor
och som andel av förra året; null när förra året saknas för enheten (ny enhet, inget beslut,
eller bara belopp per elev kända). Ingen regel räknas här: bara skillnader mellan två kända
belopp.
"""

from __future__ import annotations

import polars as pl

from skolpeng.fordelning.stabilitetsregler.forra_aret import ForraAret
from skolpeng.fordelning.underlag_och_resultat import Fordelning

#: Kolumnerna i ``andring_per_enhet`` (``andring_per_huvudman`` har huvudmannens i stället för
#: enhetens och ``antal_enheter``).
ANDRING_KOLUMNER: tuple[str, ...] = (
    "skolenhetskod",
    "namn",
    "huvudmannatyp",
    "huvudman_id",
    "huvudman_namn",
    "elever",
    "belopp_kr",
    "kr_per_elev",
    "elever_forra",
    "belopp_forra_kr",
    "kr_per_elev_forra",
    "andring_kr",
    "andring_andel",
    "andring_kr_per_elev",
)


def _forra(forra: ForraAret | None, beslutade: pl.DataFrame | None = None) -> pl.DataFrame:
    """``skolenhetskod, elever_forra, belopp_forra_kr, kr_per_elev_forra`` (tom utan förra
    året)."""
    schema = {
        "skolenhetskod": pl.String,
        "elever_forra": pl.Float64,
        "belopp_forra_kr": pl.Float64,
        "kr_per_elev_forra": pl.Float64,
    }
    if forra is None:
        return pl.DataFrame(schema=schema)
    ut = forra.enheter.select(
        pl.col("skolenhetskod").cast(pl.String),
        pl.col("elever").cast(pl.Float64).alias("elever_forra"),
        pl.col("belopp_kr").cast(pl.Float64).round(0).alias("belopp_forra_kr"),
        pl.col("kr_per_elev").cast(pl.Float64).alias("kr_per_elev_forra"),
    )
    if beslutade is None:
        return ut
    fast = beslutade.select(
        pl.col("skolenhetskod").cast(pl.String),
        pl.col("belopp_kr").cast(pl.Float64).alias("fastst"),
    )
    per_elev = pl.when(pl.col("elever_forra") > 0).then(pl.col("fastst") / pl.col("elever_forra"))
    return ut.join(fast, on="skolenhetskod", how="left").select(
        "skolenhetskod",
        "elever_forra",
        pl.coalesce("fastst", "belopp_forra_kr").alias("belopp_forra_kr"),
        pl.when(pl.col("fastst").is_not_null())
        .then(per_elev)
        .otherwise(pl.col("kr_per_elev_forra"))
        .alias("kr_per_elev_forra"),
    )


def _andring(df: pl.DataFrame) -> pl.DataFrame:
    """Lägger till förändringen i kr, som andel och per elev."""
    per_elev = pl.when(pl.col("elever") > 0).then(pl.col("belopp_kr") / pl.col("elever"))
    return df.with_columns(kr_per_elev=per_elev.otherwise(None)).with_columns(
        andring_kr=pl.col("belopp_kr") - pl.col("belopp_forra_kr"),
        andring_andel=pl.when(pl.col("belopp_forra_kr") > 0)
        .then((pl.col("belopp_kr") - pl.col("belopp_forra_kr")) / pl.col("belopp_forra_kr"))
        .otherwise(None),
        andring_kr_per_elev=pl.col("kr_per_elev") - pl.col("kr_per_elev_forra"),
    )


def andring_per_enhet(
    fordelning: Fordelning, forra: ForraAret | None, beslutade: pl.DataFrame | None = None
) -> pl.DataFrame:
    """En rad per skolenhet i årets fördelning (``ANDRING_KOLUMNER``), störst minskning först
    (enheter utan förra år sist). ``beslutade`` (``skolenhetskod, belopp_kr``): förra årets
    fastställda belopp i hela kronor, som beslutet visar dem; de ersätter de oavrundade
    beloppen i ``forra`` (annars kan en oförändrad enhet visa en förändring på någon krona)."""
    namn = fordelning.underlag.enheter.select("skolenhetskod", "huvudman_namn")
    enheter = fordelning.enheter.join(namn, on="skolenhetskod", how="left").select(
        "skolenhetskod",
        "namn",
        "huvudmannatyp",
        "huvudman_id",
        "huvudman_namn",
        pl.col("elever").cast(pl.Float64),
        pl.col("belopp_kr_avrundat").cast(pl.Float64).alias("belopp_kr"),
    )
    df = _andring(enheter.join(_forra(forra, beslutade), on="skolenhetskod", how="left"))
    return df.select(ANDRING_KOLUMNER).sort(
        "andring_kr", "skolenhetskod", nulls_last=True, maintain_order=True
    )


def andring_per_huvudman(per_enhet: pl.DataFrame) -> pl.DataFrame:
    """Summan per huvudman av ``andring_per_enhet``: ``huvudman_id, huvudman_namn,
    huvudmannatyp, antal_enheter, elever, belopp_kr, kr_per_elev, elever_forra, belopp_forra_kr,
    kr_per_elev_forra, andring_kr, andring_andel, andring_kr_per_elev``. Förra årets summa är
    null när någon av huvudmannens enheter saknar förra årets belopp (annars vore
    förändringen missvisande)."""
    grupper = per_enhet.group_by("huvudman_id", "huvudmannatyp")
    df = grupper.agg(
        pl.col("huvudman_namn").drop_nulls().first(),
        pl.len().alias("antal_enheter"),
        pl.col("elever").sum(),
        pl.col("belopp_kr").sum(),
        pl.col("elever_forra").sum(),
        pl.when(pl.col("belopp_forra_kr").null_count() == 0)
        .then(pl.col("belopp_forra_kr").sum())
        .otherwise(None)
        .alias("belopp_forra_kr"),
    )
    df = df.with_columns(
        kr_per_elev_forra=pl.when(pl.col("elever_forra") > 0).then(
            pl.col("belopp_forra_kr") / pl.col("elever_forra")
        )
    )
    return (
        _andring(df)
        .select(
            "huvudman_id",
            "huvudman_namn",
            "huvudmannatyp",
            "antal_enheter",
            "elever",
            "belopp_kr",
            "kr_per_elev",
            "elever_forra",
            "belopp_forra_kr",
            "kr_per_elev_forra",
            "andring_kr",
            "andring_andel",
            "andring_kr_per_elev",
        )
        .sort("belopp_kr", "huvudman_id", descending=[True, False])
    )

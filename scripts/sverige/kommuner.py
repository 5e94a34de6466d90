"""Tabellen ``kommuner`` för ``sverige``: namn, SKR-grupp, NUTS2, löne- och gleshetsindex.

In: ``Kallor`` och eleverna per kommun. Ut: ``kommuner`` (290 rader) och hjälpkolumnen
``medianinkomst_relativ`` (för byggkostnadsindex). kommunnamn och kommungrupp är verkliga
(Kolada 2026-03), nuts2 följer verkligt av länskoden; loneindex och gleshetsindex är
syntetiska approximationer (se ``antaganden``).
"""

from __future__ import annotations

import polars as pl

from .antaganden import (
    GLESHET_ELEVGRANSER,
    GLESHET_GRUPPER,
    GLESHET_MAX_TILLAGG,
    GLESHET_NORRA_LAN,
    GLESHET_VIKT_SODRA,
    LONEINDEX_ELASTICITET,
    LONEINDEX_GRANSER,
)
from .kallor import Kallor

NUTS2: dict[str, str] = {
    "01": "SE11",
    "03": "SE12",
    "04": "SE12",
    "05": "SE12",
    "18": "SE12",
    "19": "SE12",
    "06": "SE21",
    "07": "SE21",
    "08": "SE21",
    "09": "SE21",
    "10": "SE22",
    "12": "SE22",
    "13": "SE23",
    "14": "SE23",
    "17": "SE31",
    "20": "SE31",
    "21": "SE31",
    "22": "SE32",
    "23": "SE32",
    "24": "SE33",
    "25": "SE33",
}
"""Län (de två första siffrorna i kommunkoden) -> riksområde (NUTS 2, SCB/Eurostat):
SE11 Stockholm, SE12 Östra Mellansverige, SE21 Småland med öarna, SE22 Sydsverige,
SE23 Västsverige, SE31 Norra Mellansverige, SE32 Mellersta Norrland, SE33 Övre Norrland."""


def medianinkomst(k: Kallor) -> pl.DataFrame:
    """Medianinkomst (tkr) 2024 per kommun ur SCB-filen: kommunkod, medianinkomst."""
    ram = k.inkomst.tabeller["scb_region"]
    return ram.filter(
        pl.col("variabel").str.to_lowercase().str.starts_with("medianinkomst")
        & (pl.col("regionkod").str.len_chars() == 4)
    ).select(pl.col("regionkod").alias("kommunkod"), pl.col("varde").alias("medianinkomst"))


def bygg_kommuner(
    k: Kallor, elever_per_kommun: pl.DataFrame
) -> tuple[pl.DataFrame, dict[str, object]]:
    """``elever_per_kommun``: kommunkod, elever (åk 1–9 2025/26 i kommunens skolenheter,
    vikter och gleshetsmått). Ut: ``kommuner`` med ``medianinkomst_relativ`` och fakta."""
    lo, hi = LONEINDEX_GRANSER
    e_lo, e_hi = GLESHET_ELEVGRANSER
    ram = (
        k.kommungrupp.join(medianinkomst(k), on="kommunkod", how="left")
        .join(elever_per_kommun, on="kommunkod", how="left")
        .with_columns(pl.col("elever").fill_null(0.0))
    )
    riksmedel = (ram["medianinkomst"] * ram["elever"]).sum() / ram["elever"].sum()
    lan = pl.col("kommunkod").str.slice(0, 2)
    norra = lan.is_in(list(GLESHET_NORRA_LAN))
    gles = ((e_hi - pl.col("elever")) / (e_hi - e_lo)).clip(0.0, 1.0)
    berattigad = pl.col("kommungrupp").is_in(list(GLESHET_GRUPPER)) | (
        norra & pl.col("kommungrupp").str.starts_with("C")
    )
    ram = ram.with_columns(
        lan.replace_strict(NUTS2).alias("nuts2"),
        (pl.col("medianinkomst") / riksmedel).alias("medianinkomst_relativ"),
    ).with_columns(
        (100.0 * pl.col("medianinkomst_relativ").pow(LONEINDEX_ELASTICITET))
        .clip(lo, hi)
        .alias("loneindex"),
        pl.when(berattigad)
        .then(
            100.0
            + GLESHET_MAX_TILLAGG * gles * pl.when(norra).then(1.0).otherwise(GLESHET_VIKT_SODRA)
        )
        .otherwise(100.0)
        .alias("gleshetsindex"),
    )
    kommuner = ram.select(
        "kommunkod",
        "kommunnamn",
        "kommungrupp",
        "nuts2",
        "loneindex",
        "gleshetsindex",
        "medianinkomst_relativ",
    ).sort("kommunkod")
    fakta = {
        "kommuner": kommuner.height,
        "medianinkomst_riksmedel": riksmedel,
        "loneindex_min_max": (kommuner["loneindex"].min(), kommuner["loneindex"].max()),
        "loneindex_over_100": int((kommuner["loneindex"] > 100).sum()),
        "gleshet_over_100": int((kommuner["gleshetsindex"] > 100).sum()),
        "gleshet_max": kommuner["gleshetsindex"].max(),
        "grupper": dict(kommuner.group_by("kommungrupp").len().sort("kommungrupp").rows()),
    }
    return kommuner, fakta

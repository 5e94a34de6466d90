"""Utbetalningslinjerna för en hemkommun k: vem betalar vad för vilka elever.

En linje är ``typ, skolenhetskod, stadium, hemkommun`` (``NYCKEL``):

- ``bidrag``: k:s folkbokförda elever vid en enskild skolenhet var som helst i landet
  (skolförordningen 14 kap.; SOU 2025:72 avsnitt 3.1.2) – k betalar huvudmannen;
- ``ersattning``: k:s folkbokförda elever vid en annan kommuns kommunala skolenhet
  (interkommunal ersättning, SOU 3.1.1) – k betalar den kommunen;
- ``fordran``: andra kommuners folkbokförda elever vid k:s egna skolenheter – k kan fordra
  ersättning av elevens hemkommun.

k:s egna elever i k:s egna skolor ger ingen utbetalning (de får sina resurser genom
fördelningen); elever vid statliga skolenheter ingår inte (det står i noteringarna).

In: elever per månad (``antal.elever_per_manad``), skolenheterna och k. Ut: linjerna med
``motkommun`` (den andra kommunen för ersättning och fordran) och antalet elever per månad.
"""

from __future__ import annotations

import polars as pl

NYCKEL: list[str] = ["typ", "skolenhetskod", "stadium", "hemkommun"]
TYPER: tuple[str, ...] = ("bidrag", "ersattning", "fordran")


def utbetalningslinjer(
    per_manad: pl.DataFrame, skolenheter: pl.DataFrame, kommunkod: str
) -> tuple[pl.DataFrame, list[str]]:
    """Elever per månad -> linjer.

    In: ``skolenhetskod, stadium, hemkommun, manad, antal``, skolenheterna
    (``skolenhetskod, kommunkod, huvudmannatyp``) och hemkommunen k. Ut: (``NYCKEL, manad,
    antal, motkommun``, noteringar)."""
    enh = skolenheter.select("skolenhetskod", pl.col("kommunkod").alias("_lage"), "huvudmannatyp")
    d = per_manad.join(enh, on="skolenhetskod", how="inner")
    egen = pl.col("hemkommun") == kommunkod
    i_k = pl.col("_lage") == kommunkod
    kommunal = pl.col("huvudmannatyp") == "kommunal"
    d = d.with_columns(
        typ=pl.when(egen & (pl.col("huvudmannatyp") == "enskild"))
        .then(pl.lit("bidrag"))
        .when(egen & kommunal & ~i_k)
        .then(pl.lit("ersattning"))
        .when(~egen & kommunal & i_k)
        .then(pl.lit("fordran"))
        .otherwise(None),
        motkommun=pl.when(i_k).then(pl.col("hemkommun")).otherwise(pl.col("_lage")),
    )
    noter: list[str] = []
    statliga = d.filter(egen & (pl.col("huvudmannatyp") == "statlig"))
    if statliga.height:
        noter.append(
            f"{statliga['skolenhetskod'].n_unique()} statliga skolenheter har elever "
            "folkbokförda i kommunen; de ingår inte i utbetalningarna."
        )
    return d.filter(pl.col("typ").is_not_null()).select(
        *NYCKEL, "manad", "antal", "motkommun"
    ), noter

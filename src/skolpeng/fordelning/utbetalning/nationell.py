"""Flödesmatrisen mellan alla kommuner för en månad: vad varje hemkommun betalar i bidrag
till enskilda skolenheter och i interkommunal ersättning till andra kommuners skolenheter,
summerat per mottagande kommun (skolenhetens lägeskommun).

Samma regler som en kommuns körning (``linjer``, ``budget``, ``belopp``), men med ett givet
belopp per elev och år per hemkommun och stadium (``priser``: ``hemkommun, stadium,
bidrag_kr, ersattning_kr``) i stället för varje kommuns egen fördelning, och utan frysta
månader: månadens utbetalning = avrunda(E(m)) − avrunda(E(m − 1)) per linje (månadsvis
avläsning, resterna förs vidare).

In: elever per skolenhet, stadium, hemkommun och månad (``antal.elever_per_manad``),
skolenheterna, beloppen och månaden. Ut: linjerna (``linjer_for_manad``) och matrisen
(``flodesmatris``: ``hemkommun, lageskommun, typ, belopp_kr``).
"""

from __future__ import annotations

import polars as pl

from skolpeng.fordelning.utbetalning.belopp import avrunda_kronor

_NYCKEL = ["typ", "skolenhetskod", "stadium", "hemkommun"]


def linjer_for_manad(
    per_manad: pl.DataFrame, skolenheter: pl.DataFrame, priser: pl.DataFrame, manad: int
) -> pl.DataFrame:
    """Varje linje (hemkommun × skolenhet × stadium) med något att betala i ``manad``.

    En elev vid en enskild skolenhet ger bidrag från hemkommunen, en elev vid en annan
    kommuns kommunala skolenhet interkommunal ersättning; hemkommunens egna elever i egna
    skolor ger inget flöde, statliga skolenheter ingår inte. Ut: ``typ, skolenhetskod,
    stadium, hemkommun, lageskommun, antal, belopp_kr`` (Int64)."""
    enh = skolenheter.select(
        "skolenhetskod", pl.col("kommunkod").alias("lageskommun"), "huvudmannatyp"
    )
    d = (
        per_manad.filter(pl.col("manad") <= manad)
        .join(enh, on="skolenhetskod", how="inner")
        .with_columns(
            typ=pl.when(pl.col("huvudmannatyp") == "enskild")
            .then(pl.lit("bidrag"))
            .when(
                (pl.col("huvudmannatyp") == "kommunal")
                & (pl.col("lageskommun") != pl.col("hemkommun"))
            )
            .then(pl.lit("ersattning"))
            .otherwise(None)
        )
        .filter(pl.col("typ").is_not_null())
        .join(priser, on=["hemkommun", "stadium"], how="left")
        .with_columns(
            exakt_kr=pl.col("antal")
            * pl.when(pl.col("typ") == "bidrag")
            .then(pl.col("bidrag_kr"))
            .otherwise(pl.col("ersattning_kr"))
            .fill_null(0.0)
            / 12.0
        )
    )
    return (
        d.group_by(*_NYCKEL, "lageskommun")
        .agg(
            antal=pl.col("antal").filter(pl.col("manad") == manad).sum(),
            _till=pl.col("exakt_kr").sum(),
            _fore=pl.col("exakt_kr").filter(pl.col("manad") < manad).sum(),
        )
        .with_columns(belopp_kr=avrunda_kronor(pl.col("_till")) - avrunda_kronor(pl.col("_fore")))
        .drop("_till", "_fore")
    )


def flodesmatris(linjer: pl.DataFrame) -> pl.DataFrame:
    """Linjerna summerade per hemkommun, mottagande kommun och slag:
    ``hemkommun, lageskommun, typ, antal, belopp_kr``."""
    return (
        linjer.group_by("hemkommun", "lageskommun", "typ")
        .agg(pl.col("antal").sum(), pl.col("belopp_kr").sum())
        .sort("hemkommun", "lageskommun", "typ")
    )

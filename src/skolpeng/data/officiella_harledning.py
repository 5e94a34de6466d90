"""Härledning av elevantal ur officiella exporter: prickade årskurser, förskoleklass, läsår.

In: polars-ramar från importen (``officiella``). Ut: heltal per skolenhet och årskurs,
avrundade med största-rest-metoden så att summorna per grupp bevaras. Reglerna är
dokumenterade i varje funktion; de används av ``skolpeng importera`` och av skriptet som
bygger det medföljande datasetet ``sverige``. Inga filer läses här.
"""

from __future__ import annotations

import polars as pl

UNDERTRYCKT: tuple[str, ...] = ("..", "~", "cirka", "")
"""Markeringar som betyder att det finns elever men att antalet inte visas."""


def avrunda_inom_grupp(
    ram: pl.DataFrame, varde: str, grupp: list[str], ordning: list[str]
) -> pl.Series:
    """Största-rest-avrundning: heltal vars summa per grupp är gruppens avrundade summa
    (halvt uppåt). Lika rester avgörs av ``ordning`` (stigande) så att resultatet är
    deterministiskt. In: ram med ``varde`` ≥ 0. Ut: Int64-serie i ramens radordning."""
    if ram.height == 0:
        return pl.Series(varde, [], dtype=pl.Int64)
    x = pl.col(varde).fill_null(0.0).cast(pl.Float64)
    hjalp = (
        ram.with_row_index("__i")
        .with_columns(x.alias("__x"))
        .with_columns(
            pl.col("__x").floor().alias("__golv"),
            (pl.col("__x") - pl.col("__x").floor()).alias("__rest"),
        )
        .with_columns(
            (
                (pl.col("__x").sum().over(grupp) + 0.5).floor() - pl.col("__golv").sum().over(grupp)
            ).alias("__k")
        )
        .sort(
            [*grupp, "__rest", *ordning],
            descending=[False] * len(grupp) + [True] + [False] * len(ordning),
        )
        .with_columns(pl.int_range(pl.len()).over(grupp).alias("__plats"))
        .with_columns(
            (pl.col("__golv") + (pl.col("__plats") < pl.col("__k")).cast(pl.Float64))
            .cast(pl.Int64)
            .alias(varde)
        )
        .sort("__i")
    )
    return hjalp[varde]


def fyll_undertryckta_arskurser(
    elever: pl.DataFrame, totaler: pl.DataFrame
) -> tuple[pl.DataFrame, list[str]]:
    """Fyller saknade antal per årskurs för en skolenhet.

    In: ``elever`` (skolenhetskod, verksamhet, lasar, arskurs, antal – null där cellen var
    prickad –, markering) och ``totaler`` (skolenhetskod, elever_1_9: enhetens verkliga
    summa åk 1–9). Regel: ``.`` = årskursen finns inte på enheten = 0; ``..``, ``~100``,
    ``cirka N`` eller tom cell = elever finns men visas inte: enhetens summa minus de kända
    årskurserna (minst 0) delas lika mellan de prickade årskurserna, avrundat så att
    summan bevaras. Saknas summan blir de prickade årskurserna 0 (med en notering).
    Ut: samma rader med heltal i ``antal`` och ``kalla`` (verklig, ej_erbjuden, imputerad),
    samt noteringar."""
    ram = elever.join(totaler.select("skolenhetskod", "elever_1_9"), on="skolenhetskod", how="left")
    undertryckt = pl.col("antal").is_null() & pl.col("markering").fill_null("").is_in(UNDERTRYCKT)
    ram = ram.with_columns(undertryckt.alias("__u"))
    ram = ram.with_columns(
        pl.when(pl.col("__u"))
        .then(
            (
                pl.col("elever_1_9")
                - pl.col("antal").fill_null(0).sum().over("skolenhetskod", "lasar")
            )
            .clip(lower_bound=0)
            .cast(pl.Float64)
            / pl.col("__u").sum().over("skolenhetskod", "lasar")
        )
        .otherwise(pl.col("antal").fill_null(0).cast(pl.Float64))
        .fill_null(0.0)
        .alias("__x")
    )
    utan_summa = ram.filter(pl.col("__u") & pl.col("elever_1_9").is_null())
    antal = avrunda_inom_grupp(ram, "__x", ["skolenhetskod", "lasar"], ["arskurs"])
    ut = ram.with_columns(
        antal.alias("antal"),
        pl.when(pl.col("__u"))
        .then(pl.lit("imputerad"))
        .when(pl.col("antal").is_null())
        .then(pl.lit("ej_erbjuden"))
        .otherwise(pl.lit("verklig"))
        .alias("kalla"),
    ).drop("__u", "__x", "elever_1_9")
    noteringar = []
    n_u = ram.filter(pl.col("__u") & pl.col("elever_1_9").is_not_null()).height
    if n_u:
        noteringar.append(
            f"{n_u} prickade årskursceller fick enhetens summa åk 1–9 minus kända årskurser, "
            "delad lika"
        )
    if utan_summa.height:
        noteringar.append(
            f"{utan_summa.height} prickade årskursceller på enheter utan känd summa åk 1–9 "
            "sattes till 0"
        )
    return ut, noteringar


def _grupp(typ: pl.Expr) -> pl.Expr:
    """Huvudmannatyp -> grupp för kvoter: region räknas som kommunal (docs/regler/dataformat.md#skolenheter)."""
    return pl.when(typ == "region").then(pl.lit("kommunal")).otherwise(typ)


def imputera_forskoleklass(
    ak1: pl.DataFrame,
    register: pl.DataFrame,
    minsta_ak1: int = 5,
    hogsta_kvot: float = 2.0,
) -> pl.DataFrame:
    """Förskoleklassens elever per skolenhet, skattade från årskurs 1.

    In: ``ak1`` (skolenhetskod, kommunkod, huvudmannatyp, antal = elever i åk 1 det läsår
    som skattas) och ``register`` (skolenhetskod, kommunkod, huvudmannatyp, antal_f,
    antal_ak1 från ett läsår där båda är kända, t.ex. Skolenhetsregistret 2019/20).
    Regel:

    1. kvoten F/åk 1 för enheten i registret, om enheten hade minst ``minsta_ak1`` elever
       i åk 1 där (begränsad till högst ``hogsta_kvot``); annars kvoten för registrets
       enheter i samma kommun och huvudmannatyp (region = kommunal); annars rikets kvot;
    2. rå skattning = åk 1 × kvot;
    3. kalibrering: per kommun och huvudmannatyp skalas de råa skattningarna så att summan
       blir gruppens åk 1 × gruppens kvot i registret (så fångas även F-elever i enheter
       som bara har förskoleklass), och avrundas med största-rest-metoden.

    Ut: skolenhetskod, antal (Int64), kvot, kvotkalla (enhet, kommun_huvudmannatyp, riket)."""
    reg = register.with_columns(_grupp(pl.col("huvudmannatyp")).alias("grupp"))
    riket = reg["antal_f"].sum() / max(reg["antal_ak1"].sum(), 1)
    grupper = (
        reg.group_by("kommunkod", "grupp")
        .agg(pl.col("antal_f").sum(), pl.col("antal_ak1").sum())
        .filter(pl.col("antal_ak1") > 0)
        .select("kommunkod", "grupp", (pl.col("antal_f") / pl.col("antal_ak1")).alias("kvot_grupp"))
    )
    egen = reg.filter(pl.col("antal_ak1") >= minsta_ak1).select(
        "skolenhetskod",
        (pl.col("antal_f") / pl.col("antal_ak1")).clip(upper_bound=hogsta_kvot).alias("kvot_enhet"),
    )
    ram = (
        ak1.with_columns(_grupp(pl.col("huvudmannatyp")).alias("grupp"))
        .join(egen, on="skolenhetskod", how="left")
        .join(grupper, on=["kommunkod", "grupp"], how="left")
        .with_columns(
            pl.coalesce("kvot_enhet", "kvot_grupp", pl.lit(riket)).alias("kvot"),
            pl.when(pl.col("kvot_enhet").is_not_null())
            .then(pl.lit("enhet"))
            .when(pl.col("kvot_grupp").is_not_null())
            .then(pl.lit("kommun_huvudmannatyp"))
            .otherwise(pl.lit("riket"))
            .alias("kvotkalla"),
            pl.col("antal").fill_null(0).cast(pl.Float64).alias("__a1"),
        )
        .with_columns((pl.col("__a1") * pl.col("kvot")).alias("__ra"))
        .with_columns(
            (
                pl.col("__a1").sum().over("kommunkod", "grupp")
                * pl.coalesce("kvot_grupp", pl.lit(riket))
            ).alias("__mal"),
            pl.col("__ra").sum().over("kommunkod", "grupp").alias("__summa"),
        )
        .with_columns(
            pl.when(pl.col("__summa") > 0)
            .then(pl.col("__ra") * pl.col("__mal") / pl.col("__summa"))
            .otherwise(0.0)
            .alias("__x")
        )
    )
    antal = avrunda_inom_grupp(ram, "__x", ["kommunkod", "grupp"], ["skolenhetskod"])
    return ram.select("skolenhetskod", antal.alias("antal"), "kvot", "kvotkalla")


def harled_lasar(
    enheter: pl.DataFrame, totaler: pl.DataFrame, grupp: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Elevantal per skolenhet för ett annat läsår, ur gruppsummor för det läsåret.

    In: ``enheter`` (skolenhetskod, arskurs, antal och gruppkolumnerna ``grupp``, t.ex.
    kommunkod och huvudmannatyp) för det kända läsåret; ``totaler`` (gruppkolumnerna,
    arskurs, antal) för det läsår som härleds. Regel: enhetens antal × gruppens summa det
    härledda läsåret / gruppens summa det kända läsåret, per årskurs, avrundat med
    största-rest-metoden så att gruppens summa bevaras exakt.
    Ut: (skolenhetskod, arskurs, antal) och grupper vars elever inte kunde fördelas
    (summa > 0 det härledda läsåret men inga elever i gruppen det kända läsåret)."""
    nyckel = [*grupp, "arskurs"]
    mal = totaler.group_by(nyckel).agg(pl.col("antal").fill_null(0).sum().alias("__mal"))
    ram = (
        enheter.join(mal, on=nyckel, how="left")
        .with_columns(
            pl.col("antal").fill_null(0).cast(pl.Float64).alias("__n"),
            pl.col("__mal").fill_null(0).cast(pl.Float64),
        )
        .with_columns(pl.col("__n").sum().over(nyckel).alias("__s"))
        .with_columns(
            pl.when(pl.col("__s") > 0)
            .then(pl.col("__n") * pl.col("__mal") / pl.col("__s"))
            .otherwise(0.0)
            .alias("__x")
        )
    )
    antal = avrunda_inom_grupp(ram, "__x", nyckel, ["skolenhetskod"])
    harledda = ram.select("skolenhetskod", "arskurs", antal.alias("antal"))
    kanda = ram.group_by(nyckel).agg(pl.col("__n").sum().alias("__s"))
    forlorade = (
        mal.join(kanda, on=nyckel, how="left")
        .filter((pl.col("__mal") > 0) & (pl.col("__s").fill_null(0) == 0))
        .select(*nyckel, pl.col("__mal").cast(pl.Int64).alias("antal"))
        .sort(nyckel)
    )
    return harledda, forlorade

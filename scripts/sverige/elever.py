"""Skolenheter och elever (fk_gr och fritidshem, läsåren 2024/25 och 2025/26) för ``sverige``.

In: ``Kallor``. Ut: tabellerna ``skolenheter`` och ``elever`` i form enligt docs/regler/dataformat.md samt fakta
(summor, antal imputerade celler) för README. Reglerna för prickade årskurser,
förskoleklass och det härledda läsåret finns i ``skolpeng.data.officiella_harledning``.
"""

from __future__ import annotations

import polars as pl

from skolpeng.data.officiella_harledning import (
    fyll_undertryckta_arskurser,
    harled_lasar,
    imputera_forskoleklass,
)

from .antaganden import (
    FK_HOGSTA_KVOT,
    FK_MINSTA_AK1,
    FRITIDSHEM_ANDEL,
    LASAR_FORRA,
    LASAR_NU,
)
from .kallor import Kallor

ELEVKOLUMNER = ["skolenhetskod", "verksamhet", "lasar", "arskurs", "antal"]


def bygg_skolenheter(k: Kallor) -> tuple[pl.DataFrame, dict[str, object]]:
    """Skolenheterna 2025/26 ur Skolverkets skolnivåexport; ``internationell`` också när
    registret 2019/20 anger inriktningen Internationell för samma kod."""
    enheter = k.skolniva.tabeller["skolenheter"]
    reg_int = k.register.tabeller["skolenheter"].filter(pl.col("internationell") == 1)
    enheter = enheter.with_columns(
        pl.max_horizontal(
            pl.col("internationell"),
            pl.col("skolenhetskod").is_in(reg_int["skolenhetskod"].implode()).cast(pl.Int8),
        ).alias("internationell")
    ).sort("skolenhetskod")
    intl = enheter.filter(pl.col("internationell") == 1).sort("kommunkod", "namn")
    fakta = {
        "enheter": enheter.height,
        "enheter_per_typ": dict(
            enheter.group_by("huvudmannatyp").len().sort("huvudmannatyp").rows()
        ),
        "internationella": intl.select("namn", "skolenhetskod", "huvudmannatyp").rows(),
        "kommuner_med_enheter": enheter["kommunkod"].n_unique(),
    }
    return enheter, fakta


def _register_f(k: Kallor) -> pl.DataFrame:
    """Registrets F och åk 1 per skolenhet med kommunkod och huvudmannatyp."""
    e = k.register.tabeller["elever"].filter(pl.col("arskurs").is_in(["F", "1"]))
    bred = e.pivot(on="arskurs", index="skolenhetskod", values="antal", aggregate_function="sum")
    return (
        k.register.tabeller["skolenheter"]
        .select("skolenhetskod", "kommunkod", "huvudmannatyp")
        .join(bred, on="skolenhetskod", how="left")
        .select(
            "skolenhetskod",
            "kommunkod",
            "huvudmannatyp",
            pl.col("F").fill_null(0).alias("antal_f"),
            pl.col("1").fill_null(0).alias("antal_ak1"),
        )
    )


def _forskoleklass(ak: pl.DataFrame, enheter: pl.DataFrame, register: pl.DataFrame) -> pl.DataFrame:
    """F per enhet ur åk 1 (``ak``: skolenhetskod, arskurs, antal) enligt
    ``imputera_forskoleklass``."""
    ak1 = (
        enheter.select("skolenhetskod", "kommunkod", "huvudmannatyp")
        .join(
            ak.filter(pl.col("arskurs") == "1").select("skolenhetskod", "antal"),
            on="skolenhetskod",
            how="left",
        )
        .with_columns(pl.col("antal").fill_null(0))
    )
    return imputera_forskoleklass(ak1, register, FK_MINSTA_AK1, FK_HOGSTA_KVOT)


def _grupp(enheter: pl.DataFrame) -> pl.DataFrame:
    """Enhetens grupp i kommunfilerna: internationella skolor redovisas som egen grupp."""
    return enheter.select(
        "skolenhetskod",
        "kommunkod",
        pl.when(pl.col("internationell") == 1)
        .then(pl.lit("internationell"))
        .when(pl.col("huvudmannatyp") == "region")
        .then(pl.lit("kommunal"))
        .otherwise(pl.col("huvudmannatyp"))
        .alias("huvudmannatyp"),
    )


def bygg_elever(k: Kallor, enheter: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, object]]:
    """Elever fk_gr och fritidshem för 2025/26 (verkliga åk 1–9, skattad F) och 2024/25
    (härledda). Ut: ``elever`` (bara rader med minst en elev) och fakta."""
    raa = k.skolniva.tabeller["elever"]
    nu19, noter = fyll_undertryckta_arskurser(raa, k.skolniva.tabeller["skolenheter_bakgrund"])
    nu19 = nu19.select("skolenhetskod", "arskurs", "antal", "kalla")
    register = _register_f(k)
    f_nu = _forskoleklass(nu19, enheter, register)

    kommun24 = (
        k.kommun[2024]
        .tabeller["elever_kommun"]
        .filter(pl.col("huvudmannatyp").is_in(["kommunal", "enskild", "internationell"]))
    )
    grupp = _grupp(enheter)
    forra19, forlorade = harled_lasar(
        nu19.join(grupp, on="skolenhetskod"), kommun24, ["kommunkod", "huvudmannatyp"]
    )
    f_forra = _forskoleklass(forra19, enheter, register)

    def fkgr(ak: pl.DataFrame, f: pl.DataFrame, lasar: str) -> pl.DataFrame:
        return pl.concat(
            [
                f.select("skolenhetskod", pl.lit("F").alias("arskurs"), "antal"),
                ak.select("skolenhetskod", "arskurs", "antal"),
            ]
        ).select(
            "skolenhetskod",
            pl.lit("fk_gr").alias("verksamhet"),
            pl.lit(lasar).alias("lasar"),
            "arskurs",
            pl.col("antal").cast(pl.Int64),
        )

    fk_gr = pl.concat([fkgr(forra19, f_forra, LASAR_FORRA), fkgr(nu19, f_nu, LASAR_NU)])
    fritids = fritidshem(fk_gr)
    elever = (
        pl.concat([fk_gr, fritids])
        .filter(pl.col("antal") > 0)
        .sort("skolenhetskod", "verksamhet", "lasar", "arskurs")
    )

    def summa(df: pl.DataFrame, **villkor: str) -> int:
        for kol, v in villkor.items():
            df = df.filter(pl.col(kol) == v)
        return int(df["antal"].sum())

    verkliga24 = kommun24["antal"].fill_null(0).sum()
    fakta = {
        "noter_prickade": noter,
        "prickade_celler": int(nu19.filter(pl.col("kalla") == "imputerad").height),
        "elever_1_9_nu": int(nu19["antal"].sum()),
        "elever_1_9_nu_verklig": int(
            k.skolniva.tabeller["skolenheter_bakgrund"]["elever_1_9"].sum()
        ),
        "f_nu": int(f_nu["antal"].sum()),
        "f_kvotkalla": dict(f_nu.group_by("kvotkalla").len().sort("kvotkalla").rows()),
        "f_forra": int(f_forra["antal"].sum()),
        "elever_1_9_forra": int(forra19["antal"].sum()),
        "elever_1_9_forra_verklig": int(verkliga24),
        "forlorade_forra": int(forlorade["antal"].sum()),
        "forlorade_grupper": forlorade.group_by("huvudmannatyp")
        .agg(pl.col("antal").sum())
        .sort("huvudmannatyp")
        .rows(),
        "fritidshem_nu": summa(fritids, lasar=LASAR_NU),
        "fritidshem_forra": summa(fritids, lasar=LASAR_FORRA),
        "register_f_ak1": (int(register["antal_f"].sum()), int(register["antal_ak1"].sum())),
    }
    return elever, fakta


def fritidshem(fk_gr: pl.DataFrame) -> pl.DataFrame:
    """Inskrivna i fritidshem per enhet, läsår och årskurs F–6 = elever × nationell andel
    (``FRITIDSHEM_ANDEL``), avrundat till heltal (halvt uppåt). Syntetiskt."""
    andel = pl.DataFrame(
        {"arskurs": list(FRITIDSHEM_ANDEL), "andel": list(FRITIDSHEM_ANDEL.values())}
    )
    return (
        fk_gr.join(andel, on="arskurs", how="inner")
        .with_columns(
            pl.lit("fritidshem").alias("verksamhet"),
            (pl.col("antal") * pl.col("andel") + 0.5).floor().cast(pl.Int64).alias("antal"),
        )
        .select(ELEVKOLUMNER)
    )

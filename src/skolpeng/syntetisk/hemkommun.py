"""En härledd tabell ``elever_hemkommun`` med kända flöden, för det medföljande
datasetet ``sverige`` (``scripts/bygg_elever_hemkommun.py``) och den syntetiska nationen.

Elevernas hemkommun per skolenhet är inte offentlig. Regeln (syntetisk, uttalad):

- **grannkommuner** till kommunen j = de ``ANTAL_GRANNAR`` kommuner i samma län (kommunkodens
  två första siffror) som har flest elever i verksamheten, j själv undantagen (lika många:
  lägst kommunkod först); en kommun ensam i sitt län har inga grannar;
- vid en **kommunal** skolenhet är andelen ``ANDEL_INFLODE_KOMMUNAL`` av eleverna
  folkbokförda i grannkommunerna, resten i j;
- vid en **enskild** skolenhet är andelen ``ANDEL_UTANFOR_ENSKILD`` folkbokförda i
  grannkommunerna, resten i j;
- grannarnas del delas i proportion till grannarnas elevantal; hela elever per skolenhet och
  årskurs med största-rest-metoden, så att summan över hemkommunerna är enhetens elever;
- statliga skolenheter: alla elever i lägeskommunen;
- en period (``ÅÅÅÅ-01``): avläsningen gäller hela året (``antal.elever_per_manad``: den
  senaste avläsningen gäller tills en ny finns).

In: skolenheterna, eleverna (``elever``-tabellen), läsåret, budgetåret och verksamheten. Ut:
``elever_hemkommun`` i kontraktets kolumner och typer.
"""

from __future__ import annotations

import polars as pl

ANDEL_INFLODE_KOMMUNAL = 0.02
ANDEL_UTANFOR_ENSKILD = 0.20
ANTAL_GRANNAR = 3


def grannkommuner(elever_per_kommun: pl.DataFrame, antal: int = ANTAL_GRANNAR) -> pl.DataFrame:
    """``kommunkod, elever`` -> ``kommunkod, granne, vikt`` (vikt = grannens andel av
    grannarnas elever)."""
    k = elever_per_kommun.with_columns(lan=pl.col("kommunkod").str.slice(0, 2))
    par = (
        k.join(k.rename({"kommunkod": "granne", "elever": "_e"}), on="lan")
        .filter(pl.col("granne") != pl.col("kommunkod"))
        .sort(["kommunkod", "_e", "granne"], descending=[False, True, False])
        .group_by("kommunkod", maintain_order=True)
        .head(antal)
    )
    return par.select(
        "kommunkod", "granne", vikt=pl.col("_e") / pl.col("_e").sum().over("kommunkod")
    )


def harled_elever_hemkommun(
    skolenheter: pl.DataFrame,
    elever: pl.DataFrame,
    lasar: str,
    ar: int,
    verksamhet: str = "fk_gr",
) -> pl.DataFrame:
    """Tabellen ``elever_hemkommun`` enligt regeln ovan (deterministisk)."""
    e = elever.filter(
        (pl.col("verksamhet") == verksamhet) & (pl.col("lasar") == lasar) & (pl.col("antal") > 0)
    ).join(skolenheter.select("skolenhetskod", "kommunkod", "huvudmannatyp"), on="skolenhetskod")
    per_kommun = e.group_by("kommunkod").agg(elever=pl.col("antal").sum().cast(pl.Float64))
    grannar = grannkommuner(per_kommun)
    andel = (
        pl.when(pl.col("huvudmannatyp") == "enskild")
        .then(ANDEL_UTANFOR_ENSKILD)
        .when(pl.col("huvudmannatyp") == "kommunal")
        .then(ANDEL_INFLODE_KOMMUNAL)
        .otherwise(0.0)
    )
    bas = e.with_row_index("_par").with_columns(_andel=andel)
    har_grannar = bas.join(grannar.select("kommunkod").unique(), on="kommunkod", how="semi")
    egna = bas.select(
        "_par",
        "skolenhetskod",
        "arskurs",
        "antal",
        hemkommun=pl.col("kommunkod"),
        exakt=pl.col("antal")
        * (1 - pl.col("_andel") * pl.col("_par").is_in(har_grannar["_par"].implode())),
    )
    andra = bas.join(grannar, on="kommunkod").select(
        "_par",
        "skolenhetskod",
        "arskurs",
        "antal",
        hemkommun=pl.col("granne"),
        exakt=pl.col("antal") * pl.col("_andel") * pl.col("vikt"),
    )
    alla = pl.concat([egna, andra]).with_columns(golv=pl.col("exakt").floor())
    alla = alla.with_columns(
        _rest=pl.col("exakt") - pl.col("golv"),
        _extra=(pl.col("antal") - pl.col("golv").sum().over("_par")).round(0),
    ).with_columns(
        _rang=pl.col("_rest").rank("ordinal", descending=True).over("_par"),
    )
    ut = alla.with_columns(
        antal=(pl.col("golv") + (pl.col("_rang") <= pl.col("_extra")).cast(pl.Float64)).cast(
            pl.Int64
        )
    ).filter(pl.col("antal") > 0)
    return ut.select(
        "skolenhetskod",
        period=pl.lit(f"{ar}-01"),
        verksamhet=pl.lit(verksamhet),
        arskurs="arskurs",
        hemkommun="hemkommun",
        antal="antal",
    ).sort("skolenhetskod", "arskurs", "hemkommun")

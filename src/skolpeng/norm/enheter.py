"""De deltagande skolenheterna och deras index (docs/regler/norm.md#indata, docs/regler/norm.md#steg-5).

In: ``Underlag``, parametrarna, normåret och elevurvalet. Ut: en rad per deltagande
skolenhet och stadium med elever, huvudman, lägeskommun, kommungrupp och de index som
används (socioekonomiskt index efter defaulting, löneindex, gleshetsindex). Bara
huvudmannatyperna ``kommunal`` och ``enskild`` deltar; ``statlig`` utesluts överallt.
"""

from __future__ import annotations

import polars as pl

from skolpeng.data.schema import Underlag
from skolpeng.fel import IndataFel, Problem
from skolpeng.norm.elever import Elevurval, elever_per_stadium
from skolpeng.norm.parametrar import NormParametrar

DELTAGANDE_TYPER: tuple[str, ...] = ("kommunal", "enskild")
KOMMUNAL = "kommunal"


def _exempel(varden: list[str], antal: int = 10) -> str:
    visade = ", ".join(sorted(varden)[:antal])
    return visade + (f" (och {len(varden) - antal} till)" if len(varden) > antal else "")


def deltagande_enheter(
    underlag: Underlag, p: NormParametrar, normar: int, urval: Elevurval
) -> pl.DataFrame:
    """Bygger tabellen över deltagande skolenheter och stadier (steg 1 med index).

    In: dataset, parametrar, normår N (indexåret för det socioekonomiska indexet) och
    elevurvalet. Ut: ``skolenhetskod, stadium, elever, namn, huvudmannatyp, huvudman_id,
    huvudman_namn, kommunkod, ar_kommunal, internationell, kommungrupp,
    socioekonomiskt_index, index_saknades, loneindex, gleshetsindex``. Saknat index blir
    ``index_saknas`` (internationell enhet: ``index_saknas_internationell``).
    Elever på okända skolenheter eller enheter i okända kommuner ger ``IndataFel``.
    """
    per_stadium = elever_per_stadium(underlag.elever, urval, p.verksamhet, p.stadier)
    enheter = underlag.skolenheter.with_columns(
        huvudmannatyp=pl.when(pl.col("huvudmannatyp") == "region")
        .then(pl.lit(KOMMUNAL))
        .otherwise(pl.col("huvudmannatyp"))
    )
    okanda = per_stadium.join(enheter, on="skolenhetskod", how="anti")
    if okanda.height:
        koder = okanda.get_column("skolenhetskod").unique().to_list()
        raise IndataFel(
            [
                Problem(
                    "elever",
                    f"elever på skolenheter som saknas i skolenheter: {_exempel(koder)}",
                    None,
                    "skolenhetskod",
                )
            ]
        )
    index = (
        underlag.socioekonomiskt_index.filter(
            (pl.col("ar") == normar) & (pl.col("verksamhet") == p.verksamhet)
        )
        .select("skolenhetskod", pl.col("index").cast(pl.Float64).alias("_index"))
        .unique("skolenhetskod", keep="first")
    )
    kommuner = underlag.kommuner.select(
        "kommunkod",
        "kommungrupp",
        pl.col("loneindex").cast(pl.Float64),
        pl.col("gleshetsindex").cast(pl.Float64),
        pl.lit(True).alias("_kommun_finns"),
    )
    df = (
        per_stadium.join(
            enheter.filter(pl.col("huvudmannatyp").is_in(DELTAGANDE_TYPER)),
            on="skolenhetskod",
            how="inner",
        )
        .join(index, on="skolenhetskod", how="left")
        .join(kommuner, on="kommunkod", how="left")
        .with_columns(
            ar_kommunal=pl.col("huvudmannatyp") == KOMMUNAL,
            internationell=pl.col("internationell").cast(pl.Int8).fill_null(0) == 1,
            index_saknades=pl.col("_index").is_null(),
        )
        .with_columns(
            socioekonomiskt_index=pl.col("_index").fill_null(
                pl.when(pl.col("internationell"))
                .then(pl.lit(p.index_saknas_internationell))
                .otherwise(pl.lit(p.index_saknas))
            )
        )
        .drop("_index")
    )
    _kontrollera_kommuner(df)
    # Fast ordning (enhet, stadium) så att alla summor blir bitvis reproducerbara.
    ordning = {s: i for i, s in enumerate(p.stadier)}
    return (
        df.drop("_kommun_finns")
        .sort("skolenhetskod", pl.col("stadium").replace_strict(ordning, return_dtype=pl.Int32))
        .rechunk()
    )


def _kontrollera_kommuner(df: pl.DataFrame) -> None:
    """Varje deltagande enhet behöver sin lägeskommun med löne- och gleshetsindex."""
    problem: list[Problem] = []
    for kolumn, text in (
        ("_kommun_finns", "lägeskommunen saknas i kommuner"),
        ("kommungrupp", "kommungrupp saknas för lägeskommunen"),
        ("loneindex", "löneindex saknas för lägeskommunen"),
        ("gleshetsindex", "gleshetsindex saknas för lägeskommunen"),
    ):
        saknas = df.filter(pl.col(kolumn).is_null()).get_column("kommunkod").unique().to_list()
        if saknas:
            problem.append(
                Problem(
                    "kommuner",
                    f"{text} (kommunkod {_exempel([str(k) for k in saknas])}), "
                    "som har deltagande skolenheter",
                    None,
                    kolumn if kolumn != "_kommun_finns" else "kommunkod",
                )
            )
    if problem:
        raise IndataFel(problem)

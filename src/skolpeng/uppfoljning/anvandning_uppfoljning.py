"""Uppföljningen av de riktade medlens användning per enhet: vem som
redovisat, det redovisade bredvid enhetens index, riktade medel per elev och resultat.

In: enheterna i årets beslut (skolenhetskod, namn, huvudmannatyp, elever, index), de
riktade medlen per enhet (skolenhetskod, riktat_kr), sammanställningens ``per_enhet``,
redovisningarnas status per enhet och valfritt resultaten (``resultat.csv`` i beslutets
dataset). Ut: en rad per enhet (``enhetstabell``).

Regler:

- enskilda huvudmän är inte skyldiga att redovisa (SKL 2014 steg 6: de fristående skolorna
  "inte är skyldiga att delta i kommunens uppföljning"): deras status är ``frivillig`` när de
  inte har redovisat;
- resultaten: det senaste läsårets meritvärde, och det förväntade meritvärdet efter enhetens
  index (``uppfoljning.forvantat.forvantat_resultat`` med indexet som enda bakgrundsfaktor,
  elevviktat över alla enheter i resultaten med index och minst
  ``Analysinstallningar().minsta_antal_elever`` elever). Går regressionen inte att skatta
  saknas det förväntade värdet.
"""

from __future__ import annotations

import polars as pl

from skolpeng.fel import IndataFel

STATUS_FRIVILLIG = "frivillig"
STATUS_EJ_PABORJAD = "ej_paborjad"
STATUSTEXT: dict[str, str] = {
    "utkast": "Utkast (inte inskickad)",
    "inskickad": "Inskickad",
    "aterlamnad": "Återlämnad för komplettering",
    STATUS_EJ_PABORJAD: "Inte påbörjad",
    STATUS_FRIVILLIG: "Inte skyldig (enskild huvudman)",
}


def forvantat_meritvarde(resultat: pl.DataFrame, index: pl.DataFrame) -> pl.DataFrame:
    """``resultat`` (skolenhetskod, lasar, meritvarde, antal_elever) och index (skolenhetskod,
    index) -> skolenhetskod, lasar, meritvarde, forvantat_meritvarde för det senaste läsåret
    (forvantat null när regressionen inte kan skattas)."""
    from skolpeng.uppfoljning.forvantat import forvantat_resultat
    from skolpeng.uppfoljning.indata import Analysinstallningar

    schema = {"skolenhetskod": pl.String, "lasar": pl.String, "meritvarde": pl.Float64,
              "forvantat_meritvarde": pl.Float64}  # fmt: skip
    if resultat.height == 0 or "meritvarde" not in resultat.columns:
        return pl.DataFrame(schema=schema)
    lasar = max(resultat["lasar"].to_list())
    res = resultat.filter(pl.col("lasar") == lasar).select(
        "skolenhetskod", "lasar", pl.col("meritvarde").cast(pl.Float64),
        pl.col("antal_elever").cast(pl.Float64),
    )  # fmt: skip
    faktiskt = res.select("skolenhetskod", "lasar", "meritvarde")
    bakgrund = index.select("skolenhetskod", pl.col("index").cast(pl.Float64)).drop_nulls()
    bakgrund = bakgrund.unique("skolenhetskod").with_columns(lasar=pl.lit(lasar))
    try:
        f = forvantat_resultat(res, bakgrund, ["meritvarde"], ["index"],
                               Analysinstallningar().minsta_antal_elever)  # fmt: skip
    except IndataFel:
        return faktiskt.with_columns(forvantat_meritvarde=pl.lit(None, dtype=pl.Float64))
    forv = f.enheter.select("skolenhetskod", pl.col("forvantat").alias("forvantat_meritvarde"))
    return faktiskt.join(forv, on="skolenhetskod", how="left").cast(schema)  # type: ignore[arg-type]


def enhetstabell(
    enheter: pl.DataFrame,
    riktat: pl.DataFrame,
    per_enhet: pl.DataFrame,
    status: dict[str, str],
    resultat: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """En rad per enhet med riktade medel i beslutet: skolenhetskod, namn, huvudmannatyp,
    status, elever, index, riktat_kr, riktat_kr_per_elev, redovisat_kr, arsarbetare,
    andel_redovisad, andel_utanfor, mest_utanfor (och meritvarde, forvantat_meritvarde när
    resultaten finns), i kodordning."""
    st = pl.DataFrame(
        {"skolenhetskod": list(status), "status": list(status.values())},
        schema={"skolenhetskod": pl.String, "status": pl.String},
    )
    ut = (
        enheter.join(riktat, on="skolenhetskod", how="inner")
        .filter(pl.col("riktat_kr") > 0)
        .join(per_enhet.drop("riktat_kr"), on="skolenhetskod", how="left")
        .join(st, on="skolenhetskod", how="left")
        .with_columns(
            riktat_kr_per_elev=pl.when(pl.col("elever") > 0)
            .then(pl.col("riktat_kr") / pl.col("elever"))
            .otherwise(None),
            status=pl.when(pl.col("status").is_not_null())
            .then(pl.col("status"))
            .when(pl.col("huvudmannatyp") == "enskild")
            .then(pl.lit(STATUS_FRIVILLIG))
            .otherwise(pl.lit(STATUS_EJ_PABORJAD)),
            mest_utanfor=pl.col("mest_utanfor").fill_null(False),
        )
    )
    kolumner = ["skolenhetskod", "namn", "huvudmannatyp", "status", "elever", "index",
                "riktat_kr", "riktat_kr_per_elev", "redovisat_kr", "arsarbetare",
                "andel_redovisad", "andel_utanfor", "mest_utanfor"]  # fmt: skip
    if resultat is not None:
        ut = ut.join(resultat.drop("lasar"), on="skolenhetskod", how="left")
        kolumner += ["meritvarde", "forvantat_meritvarde"]
    return ut.select(kolumner).sort("skolenhetskod")

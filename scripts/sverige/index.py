"""Ett syntetiskt socioekonomiskt index per skolenhet för ``sverige`` (fk_gr och fritidshem).

SCB:s index för Kunskapsbidraget är inte offentligt per skolenhet. Det efterliknas här med
samma idé – en skattad sannolikhet att inte nå målen, given elevernas bakgrund – men på
skolenhetsnivå och med bara två verkliga andelar per enhet (Skolverket 2025/26): elever med
föräldrar med eftergymnasial utbildning (e) och elever med utländsk bakgrund (b).

1. Modell: logit p = β0 + β1·e + β2·b, skattad med viktade minsta kvadrater på empiriska
   logiter (Berksons minimum-χ²) för enheter med minst ``INDEX_MINSTA_ELEVER`` elever i åk 9
   2024/25, där utfallet är andelen elever som inte uppfyllt betygskriterierna i alla ämnen
   (Skolverkets slutbetyg); vikt n·p̂·(1 − p̂).
2. Index = 100 · p_u / (elevviktat medel av p), begränsat till ``INDEX_GRANSER`` och
   omskalat tills medlet är exakt 100 (vikter: elever F–9 2025/26 för fk_gr, inskrivna i
   fritidshem 2025/26 för fritidshem).
3. Enheter där e eller b är prickad (``..``, ``~100``) får inget index (normen använder då
   standardvärdet 100).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .antaganden import INDEX_GRANSER, INDEX_MINSTA_ELEVER, LASAR_NU, NORMAR
from .kallor import Kallor


def skatta_modell(k: Kallor) -> tuple[np.ndarray, int]:
    """Skattar (β0, β1, β2) och antalet enheter i skattningen."""
    bak = k.skolniva.tabeller["skolenheter_bakgrund"]
    res = k.slutbetyg.tabeller["resultat"]
    d = (
        res.join(bak, on="skolenhetskod")
        .filter(
            (pl.col("antal_elever") >= INDEX_MINSTA_ELEVER)
            & pl.col("andel_alla_amnen").is_not_null()
            & pl.col("andel_eftergymnasial").is_not_null()
            & pl.col("andel_utlandsk_bakgrund").is_not_null()
        )
        .sort("skolenhetskod")
    )
    n = d["antal_elever"].to_numpy()
    y = 1.0 - d["andel_alla_amnen"].to_numpy()
    p_hat = (y * n + 0.5) / (n + 1.0)
    logit = np.log(p_hat / (1.0 - p_hat))
    w = n * p_hat * (1.0 - p_hat)
    x = np.column_stack(
        [
            np.ones(len(n)),
            d["andel_eftergymnasial"].to_numpy(),
            d["andel_utlandsk_bakgrund"].to_numpy(),
        ]
    )
    sw = np.sqrt(w)
    beta, *_ = np.linalg.lstsq(x * sw[:, None], logit * sw, rcond=None)
    return beta, len(n)


def normera(index: pl.Series, vikter: pl.Series) -> pl.Series:
    """Skalar om till viktat medel 100, begränsar till ``INDEX_GRANSER`` och upprepar tills
    medlet är 100 (högst 50 varv); sista steget är alltid en omskalning."""
    lo, hi = INDEX_GRANSER
    v = index.to_numpy().astype(float)
    w = vikter.to_numpy().astype(float)
    for _ in range(50):
        v = v * 100.0 / np.average(v, weights=w)
        klippt = np.clip(v, lo, hi)
        if np.allclose(klippt, v):
            break
        v = klippt
    v = v * 100.0 / np.average(v, weights=w)
    return pl.Series(index.name, v)


def bygg_index(k: Kallor, elever: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, object]]:
    """``socioekonomiskt_index`` för normåret (fk_gr och fritidshem) och fakta."""
    beta, n_skattning = skatta_modell(k)
    bak = k.skolniva.tabeller["skolenheter_bakgrund"].filter(
        pl.col("andel_eftergymnasial").is_not_null()
        & pl.col("andel_utlandsk_bakgrund").is_not_null()
    )
    eta = (
        beta[0]
        + beta[1] * pl.col("andel_eftergymnasial")
        + beta[2] * pl.col("andel_utlandsk_bakgrund")
    )
    p = bak.select("skolenhetskod", (1.0 / (1.0 + (-eta).exp())).alias("p"))
    delar = []
    for verksamhet in ("fk_gr", "fritidshem"):
        vikt = (
            elever.filter((pl.col("verksamhet") == verksamhet) & (pl.col("lasar") == LASAR_NU))
            .group_by("skolenhetskod")
            .agg(pl.col("antal").sum().alias("vikt"))
        )
        d = (
            p.join(vikt, on="skolenhetskod", how="inner")
            .filter(pl.col("vikt") > 0)
            .sort("skolenhetskod")
        )
        delar.append(
            d.select(
                "skolenhetskod",
                pl.lit(NORMAR).alias("ar"),
                pl.lit(verksamhet).alias("verksamhet"),
                normera(d["p"].rename("index"), d["vikt"]).alias("index"),
            )
        )
    index = pl.concat(delar).sort("skolenhetskod", "verksamhet")
    fk = index.filter(pl.col("verksamhet") == "fk_gr")
    fakta = {
        "beta": beta.tolist(),
        "n_skattning": n_skattning,
        "enheter_med_index": fk.height,
        "index_min_max": (fk["index"].min(), fk["index"].max()),
    }
    return index, fakta

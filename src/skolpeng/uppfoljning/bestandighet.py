"""Förväntat mot faktiskt över flera år: hur beständig är en enhets avvikelse?

SKL 2014 steg 6: avvikelser från förväntat resultat är en indikation, inte en rangordning. En
enhet som ett enstaka år ligger över sitt förväntade värde säger lite; en enhet som år efter
år ligger på samma sida säger mer. Här mäts det.

In: ``Forvantat.enheter`` (en rad per utfall, läsår och enhet med residualen) och
intervallnivån. Ut:

- ``per_enhet``: per utfall och enhet antal_ar, medel_residual, ki_lag/ki_hog (t-intervall
  för medelresidualen ur enhetens egna år: medel ± t·s/√n, n − 1 frihetsgrader), ar_over och
  ar_under (år med residual > 0 resp. < 0), ar_over_intervallet och ar_under_intervallet
  (utanför prediktionsintervallet) och bedomning: ``över förväntat varje år`` / ``under
  förväntat varje år`` när intervallet utesluter noll och residualen har samma tecken alla
  år, annars ``varierar``; färre än ``MINSTA_AR`` år ger ``för få år``;
- ``samband``: per utfall och par av på varandra följande läsår korrelationen mellan
  enheternas residualer (Pearson, elever ovägda) med Fisher-z-intervall och antal enheter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import stats

MINSTA_AR = 3
OVER = "över förväntat varje år"
UNDER = "under förväntat varje år"
VARIERAR = "varierar"
FOR_FA_AR = "för få år"


@dataclass(frozen=True)
class Bestandighet:
    """Avvikelsernas beständighet (se modulens beskrivning)."""

    per_enhet: pl.DataFrame
    samband: pl.DataFrame


def _t_intervall(medel: pl.Expr, sd: pl.Expr, n: pl.Expr, niva: float) -> tuple[pl.Expr, pl.Expr]:
    t = n.map_elements(
        lambda k: float(stats.t.ppf(0.5 + niva / 2, k - 1)) if k >= 2 else None,
        return_dtype=pl.Float64,
    )
    halv = t * sd / n.cast(pl.Float64).sqrt()
    return medel - halv, medel + halv


def per_enhet(enheter: pl.DataFrame, niva: float) -> pl.DataFrame:
    """Residualerna per utfall, läsår och enhet -> en rad per utfall och enhet."""
    r = pl.col("residual")
    ram = enheter.group_by("utfall", "skolenhetskod").agg(
        antal_ar=pl.len(),
        medel_residual=r.mean(),
        sd=r.std(),
        ar_over=(r > 0).sum(),
        ar_under=(r < 0).sum(),
        ar_over_intervallet=(pl.col("avvikelse") == "över").sum(),
        ar_under_intervallet=(pl.col("avvikelse") == "under").sum(),
        forsta_lasar=pl.col("lasar").min(),
        sista_lasar=pl.col("lasar").max(),
    )
    lo, hi = _t_intervall(pl.col("medel_residual"), pl.col("sd"), pl.col("antal_ar"), niva)
    ram = ram.with_columns(ki_lag=lo, ki_hog=hi)
    n = pl.col("antal_ar")
    bedomning = (
        pl.when(n < MINSTA_AR)
        .then(pl.lit(FOR_FA_AR))
        .when((pl.col("ki_lag") > 0) & (pl.col("ar_over") == n))
        .then(pl.lit(OVER))
        .when((pl.col("ki_hog") < 0) & (pl.col("ar_under") == n))
        .then(pl.lit(UNDER))
        .otherwise(pl.lit(VARIERAR))
    )
    return (
        ram.with_columns(bedomning=bedomning)
        .select(
            "utfall",
            "skolenhetskod",
            "antal_ar",
            "forsta_lasar",
            "sista_lasar",
            "medel_residual",
            "ki_lag",
            "ki_hog",
            "ar_over",
            "ar_under",
            "ar_over_intervallet",
            "ar_under_intervallet",
            "bedomning",
        )
        .sort("utfall", "medel_residual")
    )


def korrelation_med_intervall(x: np.ndarray, y: np.ndarray, niva: float) -> dict[str, float]:
    """Pearsons r med Fisher-z-intervall: tanh(atanh r ± z/√(n − 3)). Kräver n ≥ 4."""
    n = len(x)
    r = float(np.corrcoef(x, y)[0, 1])
    z = float(stats.norm.ppf(0.5 + niva / 2))
    se = 1.0 / np.sqrt(n - 3)
    a = float(np.arctanh(np.clip(r, -0.999999, 0.999999)))
    return {
        "korrelation": r,
        "ki_lag": float(np.tanh(a - z * se)),
        "ki_hog": float(np.tanh(a + z * se)),
    }


def samband(enheter: pl.DataFrame, niva: float) -> pl.DataFrame:
    """Per utfall och par av på varandra följande läsår: korrelationen mellan residualerna."""
    rader = []
    for (u,), del_ in enheter.group_by("utfall", maintain_order=True):
        lasar = sorted(del_["lasar"].unique().to_list())
        for a, b in zip(lasar, lasar[1:], strict=False):
            par = (
                del_.filter(pl.col("lasar") == a)
                .select("skolenhetskod", x="residual")
                .join(
                    del_.filter(pl.col("lasar") == b).select("skolenhetskod", y="residual"),
                    on="skolenhetskod",
                )
            )
            if par.height < 4:
                continue
            k = korrelation_med_intervall(par["x"].to_numpy(), par["y"].to_numpy(), niva)
            rader.append(
                {"utfall": u, "fran_lasar": a, "till_lasar": b, "antal_enheter": par.height, **k}
            )
    return pl.DataFrame(rader)


def bestandighet(enheter: pl.DataFrame, niva: float = 0.95) -> Bestandighet:
    """Hela analysen: ``Forvantat.enheter`` och intervallnivån -> ``Bestandighet``."""
    return Bestandighet(per_enhet=per_enhet(enheter, niva), samband=samband(enheter, niva))

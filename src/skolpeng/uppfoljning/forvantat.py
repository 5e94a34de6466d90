"""Förväntat mot faktiskt resultat (SALSA-typ; docs/regler/uppfoljning.md#forvantat, SKL 2014 steg 6).

In: ``resultat`` (per skolenhet och läsår: utfallet och antalet elever i årskursen) och
``bakgrund`` (andelar per skolenhet och läsår), utfallet, faktorerna, minsta antal elever och
intervallnivån. Ut: ``Forvantat``: per läsår en elevviktad linjär regression (WLS, statsmodels)
av enhetens utfall på bakgrunden med koefficienter, standardfel och R²; per enhet förväntat
värde, residual och prediktionsintervall; och listan över uteslutna enheter med skäl.

Vikten är antalet elever: ett medelvärde över n elever har varians σ²/n, så WLS med vikten n
är den effektiva skattningen och prediktionsintervallet för en enhet blir
ŷ ± t·√(σ²/n + x'Cov(β)x), för andelar begränsat till 0–1. Residualer är en indikation, inte
en rangordning (SKL steg 6: "avvikelser från förväntat resultat ska främst ses som en
indikator").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
import statsmodels.api as sm

from skolpeng.fel import IndataFel, Problem
from skolpeng.uppfoljning.indata import viktkolumn

ORSAKER = {
    "utfall": "utfallet saknas (prickat eller ej redovisat)",
    "elever": "antalet elever saknas",
    "storlek": "färre elever än minsta antal",
    "bakgrund": "bakgrund saknas för enheten",
    "faktor": "bakgrundsandel saknas",
}


@dataclass(frozen=True)
class Regression:
    """En elevviktad regression för ett utfall och ett läsår.

    ``koefficienter``: term, koefficient, standardfel, t, p, ki_lag, ki_hog (``const`` =
    intercept). ``residual_sd`` = √σ², spridningen för en enhet med en elev (per elev)."""

    utfall: str
    lasar: str
    koefficienter: pl.DataFrame
    r2: float
    r2_justerad: float
    antal_enheter: int
    antal_elever: float
    residual_sd: float
    intervallniva: float

    def koefficient(self, term: str) -> float:
        """Koefficienten för ``term``."""
        return float(self.koefficienter.filter(pl.col("term") == term)["koefficient"][0])

    def standardfel(self, term: str) -> float:
        """Standardfelet för ``term``."""
        return float(self.koefficienter.filter(pl.col("term") == term)["standardfel"][0])


@dataclass(frozen=True)
class Forvantat:
    """Resultatet av analysen: regressioner, enheter och uteslutna enheter.

    ``enheter``: skolenhetskod, lasar, utfall, antal_elever, faktiskt, forvantat, residual,
    pi_lag, pi_hog (prediktionsintervall), ki_lag, ki_hog (för det förväntade värdet),
    avvikelse (``över``, ``under`` eller ``inom`` intervallet) och faktorerna.
    ``uteslutna``: skolenhetskod, lasar, utfall, orsak."""

    regressioner: list[Regression]
    enheter: pl.DataFrame
    uteslutna: pl.DataFrame
    faktorer: tuple[str, ...]

    def regression(self, utfall: str, lasar: str | None = None) -> Regression:
        """Regressionen för ``utfall`` (och ``lasar``; annars det senaste läsåret)."""
        kandidater = [r for r in self.regressioner if r.utfall == utfall]
        if lasar is not None:
            kandidater = [r for r in kandidater if r.lasar == lasar]
        if not kandidater:
            raise KeyError(f"{utfall} {lasar or ''}".strip())
        return max(kandidater, key=lambda r: r.lasar)


def urval(
    resultat: pl.DataFrame,
    bakgrund: pl.DataFrame,
    utfall: str,
    faktorer: Sequence[str],
    minsta_antal: float,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Enheter med utfall, elevantal och bakgrund -> (med i analysen, uteslutna med skäl).

    En enhet utesluts (i denna ordning) om utfallet saknas, elevantalet saknas, eleverna är
    färre än ``minsta_antal``, bakgrunden saknas eller någon av faktorernas andelar saknas."""
    ram = resultat.select(
        "skolenhetskod",
        "lasar",
        pl.col(viktkolumn(utfall)).alias("antal_elever"),
        pl.col(utfall).alias("faktiskt"),
    ).join(
        bakgrund.select("skolenhetskod", "lasar", *faktorer).with_columns(_har=pl.lit(True)),
        on=["skolenhetskod", "lasar"],
        how="left",
    )
    orsak = (
        pl.when(pl.col("faktiskt").is_null())
        .then(pl.lit(ORSAKER["utfall"]))
        .when(pl.col("antal_elever").is_null())
        .then(pl.lit(ORSAKER["elever"]))
        .when(pl.col("antal_elever") < minsta_antal)
        .then(pl.lit(f"{ORSAKER['storlek']} ({minsta_antal:g})"))
        .when(pl.col("_har").is_null())
        .then(pl.lit(ORSAKER["bakgrund"]))
    )
    for f in faktorer:
        orsak = orsak.when(pl.col(f).is_null()).then(pl.lit(f"{ORSAKER['faktor']}: {f}"))
    ram = ram.with_columns(orsak=orsak.otherwise(None)).drop("_har")
    med = ram.filter(pl.col("orsak").is_null()).drop("orsak")
    ute = ram.filter(pl.col("orsak").is_not_null()).select(
        "skolenhetskod", "lasar", pl.lit(utfall).alias("utfall"), "orsak"
    )
    return med, ute


def wls(
    y: np.ndarray, x: np.ndarray, vikt: np.ndarray, termer: Sequence[str], niva: float
) -> tuple[sm.regression.linear_model.RegressionResultsWrapper, pl.DataFrame]:
    """Elevviktad WLS av y på [1, x] -> (statsmodels-resultatet, koefficienttabell).

    Koefficienttabellen: term (``const`` först), koefficient, standardfel, t, p, ki_lag,
    ki_hog (konfidensintervall på nivån ``niva``). Standardfelen är de klassiska
    WLS-standardfelen (σ² skattad ur de viktade residualerna)."""
    X = sm.add_constant(x, has_constant="add")
    modell = sm.WLS(y, X, weights=vikt).fit()
    ki = np.asarray(modell.conf_int(alpha=1 - niva))
    tabell = pl.DataFrame(
        {
            "term": ["const", *termer],
            "koefficient": np.asarray(modell.params, dtype=float),
            "standardfel": np.asarray(modell.bse, dtype=float),
            "t": np.asarray(modell.tvalues, dtype=float),
            "p": np.asarray(modell.pvalues, dtype=float),
            "ki_lag": ki[:, 0],
            "ki_hog": ki[:, 1],
        }
    )
    return modell, tabell


def _ett_ar(
    med: pl.DataFrame, utfall: str, lasar: str, faktorer: Sequence[str], niva: float
) -> tuple[Regression, pl.DataFrame]:
    """En regression för ett utfall och ett läsår -> (Regression, enheternas rader)."""
    y = med["faktiskt"].to_numpy().astype(float)
    x = med.select(faktorer).to_numpy().astype(float)
    w = med["antal_elever"].to_numpy().astype(float)
    modell, tabell = wls(y, x, w, faktorer, niva)
    X = sm.add_constant(x, has_constant="add")
    pred = modell.get_prediction(X, weights=w).summary_frame(alpha=1 - niva)
    forvantat = pred["mean"].to_numpy()
    # En andel kan inte ligga utanför 0–1: intervallen för andelar begränsas dit.
    lo, hi = (0.0, 1.0) if utfall.startswith("andel") else (-np.inf, np.inf)
    enheter = med.with_columns(
        utfall=pl.lit(utfall),
        forvantat=pl.Series(forvantat),
        residual=pl.Series(y - forvantat),
        pi_lag=pl.Series(np.clip(pred["obs_ci_lower"].to_numpy(), lo, hi)),
        pi_hog=pl.Series(np.clip(pred["obs_ci_upper"].to_numpy(), lo, hi)),
        ki_lag=pl.Series(np.clip(pred["mean_ci_lower"].to_numpy(), lo, hi)),
        ki_hog=pl.Series(np.clip(pred["mean_ci_upper"].to_numpy(), lo, hi)),
    ).with_columns(
        avvikelse=pl.when(pl.col("faktiskt") > pl.col("pi_hog"))
        .then(pl.lit("över"))
        .when(pl.col("faktiskt") < pl.col("pi_lag"))
        .then(pl.lit("under"))
        .otherwise(pl.lit("inom"))
    )
    reg = Regression(
        utfall=utfall,
        lasar=lasar,
        koefficienter=tabell,
        r2=float(modell.rsquared),
        r2_justerad=float(modell.rsquared_adj),
        antal_enheter=int(len(y)),
        antal_elever=float(w.sum()),
        residual_sd=float(np.sqrt(modell.scale)),
        intervallniva=niva,
    )
    return reg, enheter


ENHETSKOLUMNER = (
    "skolenhetskod",
    "lasar",
    "utfall",
    "antal_elever",
    "faktiskt",
    "forvantat",
    "residual",
    "pi_lag",
    "pi_hog",
    "ki_lag",
    "ki_hog",
    "avvikelse",
)


def forvantat_resultat(
    resultat: pl.DataFrame,
    bakgrund: pl.DataFrame,
    utfall: Sequence[str],
    faktorer: Sequence[str],
    minsta_antal: float = 15,
    niva: float = 0.95,
) -> Forvantat:
    """Förväntat mot faktiskt per utfall och läsår (se modulens beskrivning).

    In: ``resultat`` och ``bakgrund`` (kontrakten i ``uppfoljning.indata``), utfallen, faktorerna,
    minsta antal elever (SKL/FOLLOWUP: standard 15) och intervallnivån. Ut: ``Forvantat``.
    Kastar ``IndataFel`` om ett utfall och läsår har för få enheter för att skatta modellen
    (färre än antalet parametrar + 2) eller om en faktor saknar variation."""
    faktorer = tuple(faktorer)
    regressioner: list[Regression] = []
    enheter: list[pl.DataFrame] = []
    uteslutna: list[pl.DataFrame] = []
    problem: list[Problem] = []
    for u in utfall:
        med, ute = urval(resultat, bakgrund, u, faktorer, minsta_antal)
        uteslutna.append(ute)
        # Läsår där utfallet inte finns alls (t.ex. proven i årskurs 6 2020/21) hoppas över.
        for lasar in sorted(resultat.filter(pl.col(u).is_not_null())["lasar"].unique().to_list()):
            del_ = med.filter(pl.col("lasar") == lasar)
            if del_.height < len(faktorer) + 3:
                problem.append(
                    Problem(
                        "resultat",
                        f"{u} {lasar}: {del_.height} enheter räcker inte för en regression med "
                        f"{len(faktorer)} faktorer (minst {len(faktorer) + 3} behövs)",
                        kolumn=u,
                    )
                )
                continue
            konstanta = [f for f in faktorer if del_[f].n_unique() < 2]
            if konstanta:
                problem.append(
                    Problem(
                        "bakgrund",
                        f"{u} {lasar}: faktorn saknar variation mellan enheterna",
                        kolumn=", ".join(konstanta),
                    )
                )
                continue
            reg, rader = _ett_ar(del_, u, lasar, faktorer, niva)
            regressioner.append(reg)
            enheter.append(rader.select(*ENHETSKOLUMNER, *faktorer))
    if problem:
        raise IndataFel(problem)
    return Forvantat(
        regressioner=regressioner,
        enheter=pl.concat(enheter).sort("utfall", "lasar", "skolenhetskod"),
        uteslutna=pl.concat(uteslutna).sort("utfall", "lasar", "skolenhetskod"),
        faktorer=faktorer,
    )


def koefficienttabell(f: Forvantat) -> pl.DataFrame:
    """Alla regressioners koefficienter i en tabell: utfall, lasar, term, koefficient,
    standardfel, t, p, ki_lag, ki_hog, r2, r2_justerad, antal_enheter, antal_elever."""
    return pl.concat(
        r.koefficienter.with_columns(
            utfall=pl.lit(r.utfall),
            lasar=pl.lit(r.lasar),
            r2=pl.lit(r.r2),
            r2_justerad=pl.lit(r.r2_justerad),
            antal_enheter=pl.lit(r.antal_enheter),
            antal_elever=pl.lit(r.antal_elever),
        ).select(
            "utfall",
            "lasar",
            "term",
            "koefficient",
            "standardfel",
            "t",
            "p",
            "ki_lag",
            "ki_hog",
            "r2",
            "r2_justerad",
            "antal_enheter",
            "antal_elever",
        )
        for r in f.regressioner
    )

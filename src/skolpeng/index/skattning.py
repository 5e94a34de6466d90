"""Skattning av riskmodellen (docs/regler/index.md#modell; SKL 2014 steg 2, alternativ 2).

In: träningsceller (antal elever och antal med utfallet per kombination av faktorer och
kohort; se ``lasning.traningsceller``) och modellen. Ut: ``Skattning`` – koefficienter med
standardfel, oddskvoter och 95 % konfidensintervall, antal elever, log-likelihood,
McFaddens pseudo-R², AUC, kalibrering per decil (med Hosmer–Lemeshows test) och rapporten
över sammanslagna nivåer.

Logistisk regression (maximum likelihood) med statsmodels GLM, binomialfamilj och
frekvensvikter: varje cell blir två rader (utfall 1 med vikten antal_utfall, utfall 0 med
resten), vilket ger exakt samma skattningar, standardfel och log-likelihood som en
regression på elevraderna – men på några hundra rader i stället för hundratusentals.
Faktorerna kodas med referensnivåer (dummyvariabler); kohorteffekter som fixa effekter med
den äldsta kohorten som referens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl
import statsmodels.api as sm
from scipy import stats
from threadpoolctl import threadpool_limits

from skolpeng.fel import IndataFel, Problem
from skolpeng.index.modell import IndexModell
from skolpeng.index.nivaer import Nivaindelning, anvand_indelning, dela_in_nivaer

KONSTANT = "konstant"
ANTAL_DECILER = 10


@dataclass(frozen=True)
class Skattning:
    """En skattad riskmodell. ``parametrar``: parameternamn -> koefficient (logit-skala);
    namnen är ``konstant``, ``faktor[nivå]`` och ``kohort[år]``. Innehåller inga elevrader."""

    modell: IndexModell
    indelning: Nivaindelning
    koefficienter: pl.DataFrame
    parametrar: dict[str, float]
    kohorter: tuple[str, ...]
    prediktionskohort: str | None
    antal_elever: int
    antal_utfall: int
    loglikelihood: float
    loglikelihood_null: float
    pseudo_r2: float
    auc: float
    kalibrering: pl.DataFrame
    hosmer_lemeshow: float
    hosmer_lemeshow_p: float
    konvergerade: bool


def parameternamn(faktor: str, niva: str) -> str:
    """Namnet på en dummyvariabels parameter, t.ex. ``utbildning[forgymnasial]``."""
    return f"{faktor}[{niva}]"


def _kolumner(
    indelning: Nivaindelning, modell: IndexModell, kohorter: tuple[str, ...]
) -> list[tuple[str, str, str]]:
    """Designmatrisens kolumner som (parameter, kolumn, nivå); konstanten först."""
    kol = [(KONSTANT, "", "")]
    for f in modell.faktornamn:
        if f in indelning.utgangna:
            continue
        for niva in indelning.nivaer[f]:
            if niva != indelning.referenser[f]:
                kol.append((parameternamn(f, niva), f, niva))
    if modell.kohorteffekter:
        for k in kohorter[1:]:
            kol.append((parameternamn(modell.kohortkolumn, k), modell.kohortkolumn, k))
    return kol


def designmatris(celler: pl.DataFrame, kolumner: list[tuple[str, str, str]]) -> np.ndarray:
    """Celler -> designmatris (float64), en kolumn per parameter (konstant = 1)."""
    delar = [
        np.ones(celler.height) if namn == KONSTANT else (celler[kol] == niva).to_numpy()
        for namn, kol, niva in kolumner
    ]
    return np.column_stack(delar).astype(np.float64)


def _separation(
    celler: pl.DataFrame, indelning: Nivaindelning, modell: IndexModell
) -> list[Problem]:
    """Nivåer där alla eller inga elever har utfallet: maximum likelihood saknar lösning."""
    problem = []
    grupper = [f for f in modell.faktornamn if f not in indelning.utgangna]
    if modell.kohorteffekter:
        grupper.append(modell.kohortkolumn)
    for g in grupper:
        summa = celler.group_by(g).agg(pl.col("antal").sum(), pl.col("antal_utfall").sum())
        for niva, n, k in summa.sort(g).iter_rows():
            if k == 0 or k == n:
                problem.append(
                    Problem(
                        "träningsdata",
                        f"nivån {niva!r} har {k} av {n} elever med utfallet; modellen kan inte "
                        "skattas (höj minsta_cell så att nivån slås ihop)",
                        kolumn=g,
                    )
                )
    return problem


def auc_fran_celler(p: np.ndarray, positiva: np.ndarray, negativa: np.ndarray) -> float:
    """AUC (sannolikheten att en slumpvis elev med utfallet har högre skattad risk än en
    utan; lika risk räknas till hälften) ur celler: risk, antal med och utan utfallet."""
    ordning = np.argsort(p, kind="stable")
    p, pos, neg = p[ordning], positiva[ordning], negativa[ordning]
    unika, start = np.unique(p, return_index=True)
    pos_g = np.add.reduceat(pos, start)
    neg_g = np.add.reduceat(neg, start)
    under = np.concatenate([[0.0], np.cumsum(neg_g)[:-1]])
    return float(np.sum(pos_g * (under + 0.5 * neg_g)) / (pos.sum() * neg.sum()))


def kalibrering_per_decil(p: np.ndarray, antal: np.ndarray, utfall: np.ndarray) -> pl.DataFrame:
    """Tio lika stora grupper av elever ordnade efter skattad risk: antal, förväntad och
    observerad andel. Elever med samma risk (samma cell) kan delas mellan två deciler; då
    fördelas cellens utfall i proportion. Ut: decil, antal, forvantad_andel, observerad_andel."""
    ordning = np.argsort(p, kind="stable")
    p, n, k = p[ordning], antal[ordning].astype(float), utfall[ordning].astype(float)
    slut = np.cumsum(n)
    borjan = slut - n
    total = slut[-1]
    rader = []
    for d in range(ANTAL_DECILER):
        a, b = round(total * d / ANTAL_DECILER), round(total * (d + 1) / ANTAL_DECILER)
        del_ = np.clip(np.minimum(slut, b) - np.maximum(borjan, a), 0, None)
        m = del_.sum()
        andel_obs = np.divide(k, n, out=np.zeros_like(k), where=n > 0)
        rader.append(
            {
                "decil": d + 1,
                "antal": int(m),
                "forvantad_andel": float(np.sum(del_ * p) / m) if m else math.nan,
                "observerad_andel": float(np.sum(del_ * andel_obs) / m) if m else math.nan,
            }
        )
    return pl.DataFrame(rader)


def _hosmer_lemeshow(kal: pl.DataFrame) -> tuple[float, float]:
    n = kal["antal"].to_numpy().astype(float)
    e = kal["forvantad_andel"].to_numpy() * n
    o = kal["observerad_andel"].to_numpy() * n
    ok = (n > 0) & (e > 0) & (e < n)
    hl = float(np.sum((o[ok] - e[ok]) ** 2 / (e[ok] * (1 - e[ok] / n[ok]))))
    return hl, float(stats.chi2.sf(hl, max(int(ok.sum()) - 2, 1)))


def _loglik(p: np.ndarray, n: np.ndarray, k: np.ndarray) -> float:
    return float(np.sum(k * np.log(p) + (n - k) * np.log1p(-p)))


def skatta(celler: pl.DataFrame, modell: IndexModell) -> Skattning:
    """Träningsceller + modell -> ``Skattning``. Glesa nivåer slås först ihop
    (``nivaer.dela_in_nivaer``). Saknar modellen lösning (en nivå där alla eller inga elever
    har utfallet) -> ``IndataFel``."""
    if celler.height == 0 or int(celler["antal"].sum()) == 0:
        raise IndataFel([Problem("träningsdata", "inga elever att skatta modellen på")])
    if int(celler["antal_utfall"].sum()) in (0, int(celler["antal"].sum())):
        raise IndataFel(
            [Problem("träningsdata", "alla eller inga elever har utfallet", kolumn=modell.utfall)]
        )
    indelning = dela_in_nivaer(celler, modell)
    celler = anvand_indelning(celler, indelning)
    kohorter: tuple[str, ...] = ()
    if modell.kohorteffekter:
        kohorter = tuple(sorted(celler[modell.kohortkolumn].unique().to_list()))
    problem = _separation(celler, indelning, modell)
    if problem:
        raise IndataFel(problem)
    kol = _kolumner(indelning, modell, kohorter)
    x = designmatris(celler, kol)
    n = celler["antal"].to_numpy().astype(float)
    k = celler["antal_utfall"].to_numpy().astype(float)
    y = np.concatenate([np.ones(len(n)), np.zeros(len(n))])
    w = np.concatenate([k, n - k])
    behall = w > 0
    glm = sm.GLM(
        y[behall], np.vstack([x, x])[behall], family=sm.families.Binomial(), freq_weights=w[behall]
    )
    # Designmatrisen har bara några tusen rader: flertrådad BLAS gör det långsammare (och
    # trängs med andra processer på en dator med få kärnor), så en tråd används.
    with threadpool_limits(limits=1, user_api="blas"):
        res = glm.fit(method="IRLS", maxiter=100, tol=1e-10)
        beta = np.asarray(res.params)
        se = np.asarray(res.bse)
    p = 1.0 / (1.0 + np.exp(-(x @ beta)))
    ll = _loglik(p, n, k)
    andel = k.sum() / n.sum()
    ll0 = float(k.sum() * math.log(andel) + (n.sum() - k.sum()) * math.log1p(-andel))
    kal = kalibrering_per_decil(p, n, k)
    hl, hl_p = _hosmer_lemeshow(kal)
    z_krit = float(stats.norm.ppf(0.975))
    antal_per = {KONSTANT: int(n.sum())}
    for namn, c, niva in kol[1:]:
        antal_per[namn] = int(n[(celler[c] == niva).to_numpy()].sum())
    koef = pl.DataFrame(
        {
            "parameter": [c[0] for c in kol],
            "faktor": [c[1] for c in kol],
            "niva": [c[2] for c in kol],
            "antal_elever": [antal_per[c[0]] for c in kol],
            "koefficient": beta,
            "standardfel": se,
            "z": beta / se,
            "p_varde": 2 * stats.norm.sf(np.abs(beta / se)),
            "oddskvot": np.exp(beta),
            "oddskvot_lag": np.exp(beta - z_krit * se),
            "oddskvot_hog": np.exp(beta + z_krit * se),
        }
    )
    prediktionskohort = None
    if modell.kohorteffekter:
        prediktionskohort = (
            kohorter[-1] if modell.kohort_vid_prediktion == "senaste" else kohorter[0]
        )
    return Skattning(
        modell=modell,
        indelning=indelning,
        koefficienter=koef,
        parametrar=dict(zip(koef["parameter"].to_list(), beta.tolist(), strict=True)),
        kohorter=kohorter,
        prediktionskohort=prediktionskohort,
        antal_elever=int(n.sum()),
        antal_utfall=int(k.sum()),
        loglikelihood=ll,
        loglikelihood_null=ll0,
        pseudo_r2=1.0 - ll / ll0,
        auc=auc_fran_celler(p, k, n - k),
        kalibrering=kal,
        hosmer_lemeshow=hl,
        hosmer_lemeshow_p=hl_p,
        konvergerade=bool(res.converged),
    )

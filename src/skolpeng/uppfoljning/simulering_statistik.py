"""Statistiska hjälpfunktioner för simuleringen av normen mot dagens kostnader.

In: talserier (numpy-vektorer). Ut: en anpassad linje med R², spridningsmått (kvartiler),
procentrang och antal år till full effekt under ett tak. Rena funktioner utan filer.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

# Tolerans för flyttalsfel när en skillnad är en exakt multipel av taket (10 000 / 5 000 = 2 år).
_TOLERANS_AR = 1e-9


@dataclass(frozen=True)
class Linje:
    """En minsta-kvadrat-linje y = intercept + lutning·x med förklaringsgrad R².

    ``r2`` är None när linjen inte är definierad (färre än tre punkter eller x utan variation).
    """

    antal: int
    lutning: float | None
    intercept: float | None
    r2: float | None

    def som_dict(self) -> dict[str, float | int | None]:
        """Linjen som JSON-bar mappning."""
        return asdict(self)


def anpassa_linje(x: np.ndarray, y: np.ndarray) -> Linje:
    """Enkel linjär regression (OLS, ovägd) av y på x.

    In: lika långa vektorer x och y (rader där någon är NaN tas bort). Ut: ``Linje`` med
    lutning, intercept och R² = 1 − SS_res/SS_tot (för en linje med intercept lika med
    kvadraten på korrelationen). R² sätts till 1 om y saknar variation och linjen passar exakt.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = ~(np.isnan(x) | np.isnan(y))
    x, y = x[ok], y[ok]
    n = int(x.size)
    if n < 3:
        return Linje(n, None, None, None)
    xm, ym = x.mean(), y.mean()
    sxx = float(((x - xm) ** 2).sum())
    if sxx == 0.0:
        return Linje(n, None, None, None)
    lutning = float(((x - xm) * (y - ym)).sum() / sxx)
    intercept = float(ym - lutning * xm)
    ss_res = float(((y - intercept - lutning * x) ** 2).sum())
    ss_tot = float(((y - ym) ** 2).sum())
    r2 = 1.0 if ss_tot == 0.0 else 1.0 - ss_res / ss_tot
    return Linje(n, lutning, intercept, r2)


def procentrang(v: np.ndarray) -> np.ndarray:
    """Rangordning som andel: 0 för minsta värdet, 1 för största (som x-axeln i figur 6.2).

    In: en vektor utan NaN. Ut: (medelrang − 1)/(n − 1); lika värden får samma rang; en
    ensam punkt får 0,5.
    """
    v = np.asarray(v, dtype=float)
    n = v.size
    if n == 0:
        return v.copy()
    if n == 1:
        return np.array([0.5])
    ordning = np.argsort(v, kind="mergesort")
    rang = np.empty(n, dtype=float)
    sorterade = v[ordning]
    i = 0
    while i < n:
        j = i
        while j + 1 < n and sorterade[j + 1] == sorterade[i]:
            j += 1
        rang[ordning[i : j + 1]] = (i + j) / 2.0  # 0-baserad medelrang
        i = j + 1
    return rang / (n - 1)


def spridning(v: np.ndarray) -> dict[str, float | int | None]:
    """Lådagrammets fem värden och mer för en serie (ovägd, en punkt per huvudman).

    In: en vektor. Ut: antal, min, undre kvartil, median, övre kvartil, max, medel,
    kvartilavstånd, standardavvikelse (populationens) och variationskoefficient. Kvartiler
    med linjär interpolation (numpys standard). Tom serie ger None överallt utom antal.
    """
    v = np.asarray(v, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        nycklar = ("min", "q1", "median", "q3", "max", "medel", "kvartilavstand", "std", "cv")
        return {"antal": 0, **dict.fromkeys(nycklar)}
    q1, med, q3 = (float(x) for x in np.quantile(v, [0.25, 0.5, 0.75]))
    medel = float(v.mean())
    std = float(v.std())
    return {
        "antal": int(v.size),
        "min": float(v.min()),
        "q1": q1,
        "median": med,
        "q3": q3,
        "max": float(v.max()),
        "medel": medel,
        "kvartilavstand": q3 - q1,
        "std": std,
        "cv": std / medel if medel != 0 else None,
    }


def tukey_granser(v: np.ndarray, faktor: float) -> tuple[float, float] | None:
    """Gränserna [Q1 − faktor·IQR, Q3 + faktor·IQR] för en serie (None om färre än fyra värden)."""
    v = np.asarray(v, dtype=float)
    v = v[~np.isnan(v)]
    if v.size < 4:
        return None
    q1, q3 = (float(x) for x in np.quantile(v, [0.25, 0.75]))
    iqr = q3 - q1
    return q1 - faktor * iqr, q3 + faktor * iqr


def ar_till_full_effekt(skillnad_per_elev: np.ndarray, tak: float) -> np.ndarray:
    """Antal år tills en huvudman når normen när förändringen per elev och år är högst tak.

    In: skillnaden norm − i dag per elev (kr, båda riktningarna) och taket (kr/elev, > 0).
    Ut: ceil(|skillnad| / tak) som heltal; 0 när skillnaden är 0.
    """
    if not tak > 0:
        raise ValueError("taket per elev och år måste vara större än 0")
    kvot = np.abs(np.asarray(skillnad_per_elev, dtype=float)) / tak
    return np.ceil(kvot - _TOLERANS_AR).clip(min=0).astype(np.int64)


def fordelning_ar(ar: np.ndarray) -> dict[str, int]:
    """Hur många huvudmän som behöver 0, 1, 2, … år (nycklar som text för JSON)."""
    ar = np.asarray(ar, dtype=np.int64)
    if ar.size == 0:
        return {}
    return {str(k): int((ar == k).sum()) for k in range(int(ar.max()) + 1)}


def flyttal_eller_none(x: float | None) -> float | None:
    """Ett flyttal för JSON: NaN och oändligt blir None."""
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x

"""Avrundning till hela kronor med största-rest-metoden (largest remainder).

In: oavrundade belopp (delar av en helhet) och valfritt helhetens belopp. Ut: hela kronor
per del, där de avrundade delarna summerar till den avrundade helheten. Används för
publicerade tabeller (normen) och för fördelningar där varje pott ska bevaras.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def avrunda_krona(belopp: float) -> int:
    """Avrundar ett belopp till hela kronor, halva kronor uppåt (0,5 -> 1, -0,5 -> 0)."""
    if not np.isfinite(belopp):
        raise ValueError(f"beloppet är inte ett ändligt tal: {belopp!r}")
    return int(np.floor(belopp + 0.5))


def avrunda_storsta_rest(
    belopp: Sequence[float] | np.ndarray, total: float | None = None
) -> np.ndarray:
    """Avrundar delar till hela kronor så att de summerar till den avrundade helheten.

    In: ``belopp`` (delarna, oavrundade, får vara negativa) och ``total`` (helheten;
    ``None`` = delarnas summa). Ut: en heltalsvektor (int64) med samma längd där
    ``Σ ut = avrunda_krona(total)`` och varje del ligger inom 1 krona från sitt värde.

    Metod: varje del avrundas nedåt; de kronor som återstår ges, en var, till delarna med
    störst bråkdel. Vid lika bråkdel (på 1e-9 när) går kronan till den del som står först.
    Ett ``total`` som inte går att nå på så sätt (skiljer sig från delarnas summa med mer än
    vad avrundningen kan ta upp) är ett fel.
    """
    x = np.asarray(belopp, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("belopp ska vara en endimensionell följd")
    if not np.all(np.isfinite(x)):
        raise ValueError("belopp innehåller värden som inte är ändliga tal (NaN eller oändligt)")
    helhet = float(x.sum()) if total is None else float(total)
    mal = avrunda_krona(helhet)
    golv = np.floor(x)
    rest = x - golv
    antal_extra = mal - int(golv.sum())
    if antal_extra < 0 or antal_extra > len(x):
        raise ValueError(
            f"totalen {helhet} kan inte nås genom att avrunda delarna (summa {float(x.sum())})"
        )
    ut = golv.astype(np.int64)
    if antal_extra:
        # Bråkdelar som skiljer sig bara i flyttalsbrus räknas som lika (stabil ordning).
        ordning = np.argsort(-np.round(rest, 9), kind="stable")
        ut[ordning[:antal_extra]] += 1
    return ut


def avrunda_storsta_rest_rader(delar: np.ndarray, totaler: np.ndarray | None = None) -> np.ndarray:
    """Största-rest-avrundning rad för rad (vektoriserad), t.ex. en publicerad tabell.

    In: ``delar`` (m × k, oavrundade delar per rad) och ``totaler`` (m, radernas helheter;
    ``None`` = radsummorna). Ut: m × k heltal (int64) där varje rad summerar till sin
    avrundade helhet; samma regler som ``avrunda_storsta_rest`` för varje rad.
    """
    x = np.asarray(delar, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError("delar ska vara en matris (rader × delar)")
    if not np.all(np.isfinite(x)):
        raise ValueError("delar innehåller värden som inte är ändliga tal (NaN eller oändligt)")
    helhet = x.sum(axis=1) if totaler is None else np.asarray(totaler, dtype=np.float64)
    if helhet.shape != (x.shape[0],) or not np.all(np.isfinite(helhet)):
        raise ValueError("totalerna ska vara ett ändligt tal per rad")
    mal = np.floor(helhet + 0.5).astype(np.int64)
    golv = np.floor(x)
    antal_extra = mal - golv.sum(axis=1).astype(np.int64)
    if np.any(antal_extra < 0) or np.any(antal_extra > x.shape[1]):
        rad = int(np.flatnonzero((antal_extra < 0) | (antal_extra > x.shape[1]))[0])
        raise ValueError(f"rad {rad}: totalen {helhet[rad]} kan inte nås genom att avrunda delarna")
    ordning = np.argsort(-np.round(x - golv, 9), axis=1, kind="stable")
    rang = np.empty_like(ordning)
    np.put_along_axis(rang, ordning, np.broadcast_to(np.arange(x.shape[1]), x.shape), axis=1)
    return golv.astype(np.int64) + (rang < antal_extra[:, None])

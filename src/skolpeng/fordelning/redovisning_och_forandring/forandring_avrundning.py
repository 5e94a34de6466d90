"""Förändringen i hela kronor, så som den publiceras (``forandring.csv``).

In: förändringsramen (``FORANDRING_KOLUMNER``, oavrundad) och valfritt fördelningen vars
avrundade rader är årets publicerade belopp. Ut: samma ram i hela kronor där förra året +
delarna = i år exakt, rad för rad (och detsamma per elev).

Regeln är densamma som redovisningens vattenfall och Excelbokens kolumner
(``rapporter.redovisning.vattenfall.avrunda_steg``), så att samma enhet har samma tal i alla
filer: beloppen avrundas var för sig – i år till enhetens publicerade belopp (Σ avrundade
pottrader i ``fordelning.csv``) när fördelningen anges – delarna med största rest till sin
egen avrundade summa, och de kronor som då återstår till förändringen läggs på den till
beloppet största delen.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from skolpeng.avrundning import avrunda_storsta_rest_rader
from skolpeng.fordelning.redovisning_och_forandring.forandring import DELAR
from skolpeng.fordelning.underlag_och_resultat import Fordelning


def publicerade_belopp(fordelning: Fordelning) -> pl.DataFrame:
    """Fördelningen -> ``skolenhetskod, belopp_kr, belopp_kr_avrundat`` per skolenhet:
    Σ radernas oavrundade och avrundade belopp (det som redovisningen publicerar)."""
    return fordelning.rader.group_by("skolenhetskod").agg(
        pl.col("belopp_kr").sum(), pl.col("belopp_kr_avrundat").sum()
    )


def _i_ar(forandring: pl.DataFrame, publicerat: pl.DataFrame | None) -> np.ndarray:
    """Årets belopp i hela kronor: det publicerade där förändringens belopp är enhetens
    belopp i fördelningen (på avrundningsfel när), annars det egna avrundade."""
    egen = np.floor(forandring["belopp_kr"].fill_null(np.nan).to_numpy() + 0.5)
    if publicerat is None:
        return egen
    p = forandring.select("skolenhetskod", "belopp_kr").join(
        publicerat.rename({"belopp_kr": "_exakt"}), on="skolenhetskod", how="left"
    )
    exakt = p["_exakt"].fill_null(np.nan).to_numpy()
    avrundat = p["belopp_kr_avrundat"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    b = forandring["belopp_kr"].fill_null(np.nan).to_numpy()
    samma = np.isfinite(exakt) & (np.abs(exakt - b) <= 1e-6 * np.maximum(1.0, np.abs(b)))
    return np.where(samma, avrundat, egen)


def avrunda_forandring(
    forandring: pl.DataFrame, fordelning: Fordelning | None = None
) -> pl.DataFrame:
    """Förändringen i hela kronor (se modulens beskrivning). In och ut:
    ``FORANDRING_KOLUMNER``; med ``fordelning`` slutar varje rad på enhetens publicerade
    belopp."""
    publicerat = publicerade_belopp(fordelning) if fordelning is not None else None
    ut = forandring
    for suffix, fore, efter in (
        ("_kr", "belopp_forra_kr", "belopp_kr"),
        ("_kr_per_elev", "kr_per_elev_forra", "kr_per_elev"),
    ):
        a = np.floor(ut[fore].fill_null(np.nan).to_numpy() + 0.5)
        if suffix == "_kr":
            b = _i_ar(ut, publicerat)
        else:
            b = np.floor(ut[efter].fill_null(np.nan).to_numpy() + 0.5)
        delkol = [f"varav_{d}{suffix}" for d in DELAR]
        delar = ut.select(delkol).fill_null(np.nan).to_numpy()
        andring = b - a
        ok = np.isfinite(andring) & np.all(np.isfinite(delar), axis=1)
        rundade = np.full(delar.shape, np.nan)
        if ok.any():
            r = avrunda_storsta_rest_rader(delar[ok]).astype(np.float64)
            rest = andring[ok] - r.sum(axis=1)
            storst = np.argmax(np.abs(delar[ok]), axis=1)
            r[np.arange(r.shape[0]), storst] += rest
            rundade[ok] = r
        andring_kol = "andring_kr" if suffix == "_kr" else "andring_kr_per_elev"
        ut = ut.with_columns(
            pl.Series(fore, a),
            pl.Series(efter, b),
            pl.Series(andring_kol, np.where(ok, andring, np.nan)),
            *[pl.Series(k, rundade[:, j]) for j, k in enumerate(delkol)],
        ).fill_nan(None)
    return ut

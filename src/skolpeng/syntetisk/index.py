"""Socioekonomiskt index per skolenhet i den syntetiska nationen (Kunskapsbidragets index).

In: slumpgenerator, ``Kommunlage``, ``Enhetslage``, skolenhetskoder, normåret och formen.
Ut: tabellen ``socioekonomiskt_index`` för år N och båda verksamheterna. Indexet är
lognormalt (kommungrupp + kommun + enhet, lägre för enskilda, ett fåtal enheter med stora
behov), ca 40–250, och normeras så att det elevviktade riksmedlet är exakt 100: för fk_gr
viktat med enheternas elever F–9 det senare läsåret, för fritidshem med de inskrivna samma
läsår, i båda fallen över enheterna som har ett index. Några enheter saknar index (hälften
av de internationella).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from skolpeng.syntetisk.enheter import ENSKILD, Enhetslage
from skolpeng.syntetisk.form import NationsForm
from skolpeng.syntetisk.kommuner import Kommunlage


def normera(index: np.ndarray, vikt: np.ndarray, med: np.ndarray) -> np.ndarray:
    """Skalar ``index`` så att det viktade medlet över ``med`` blir 100.

    In: index (> 0), vikter (>= 0), mask för enheter som ingår. Ut: skalat index (oförändrat
    om vikterna summerar till 0)."""
    summa = float(np.sum(vikt[med]))
    if summa <= 0:
        return index
    return index * (100.0 * summa / float(np.sum(index[med] * vikt[med])))


def generera_index(
    rng: np.random.Generator,
    kom: Kommunlage,
    enh: Enhetslage,
    skolenhetskod: np.ndarray,
    normar: int,
    form: NationsForm,
) -> pl.DataFrame:
    """Drar index per enhet och verksamhet för år ``normar``. Ut: ``socioekonomiskt_index``."""
    n = enh.antal
    grupp = kom.grupp[enh.kommun]
    kommuneffekt = form.index_kommun_spridning * rng.standard_normal(kom.antal)
    utsatt = rng.random(n) < form.index_andel_utsatta
    log_index = (
        np.array(form.grupp_index_niva)[grupp]
        + kommuneffekt[enh.kommun]
        + np.array(form.grupp_index_spridning)[grupp] * rng.standard_normal(n)
        + np.where(enh.typ == ENSKILD, form.index_enskild_niva, 0.0)
        + np.where(utsatt, form.index_utsatt_tillagg, 0.0)
    )
    saknas = (rng.random(n) < form.andel_enheter_utan_index) | (
        (enh.internationell == 1) & (rng.random(n) < form.andel_internationella_utan_index)
    )
    har = ~saknas
    vikt = enh.fk_senare.sum(axis=1).astype(float)
    # Normera, klipp till gränserna, normera igen: efter första varvet är faktorn nära 1,
    # så gränserna håller nästan exakt och medlet blir exakt 100.
    index = 100.0 * np.exp(log_index)
    for _ in range(2):
        index = normera(np.clip(index, *form.index_granser), vikt, har)

    har_fr = har & enh.har_fritidshem
    index_fr = index * np.exp(form.index_fritidshem_spridning * rng.standard_normal(n))
    index_fr = normera(index_fr, enh.fr_senare.sum(axis=1).astype(float), har_fr)

    koder = pl.Series(skolenhetskod.tolist(), dtype=pl.String)
    delar = []
    for verksamhet, varden, mask in (("fk_gr", index, har), ("fritidshem", index_fr, har_fr)):
        rader = np.flatnonzero(mask)
        delar.append(
            pl.DataFrame(
                {
                    "skolenhetskod": koder.gather(rader),
                    "index": pl.Series(varden[rader], dtype=pl.Float64),
                }
            ).select(
                "skolenhetskod",
                pl.lit(normar, dtype=pl.Int64).alias("ar"),
                pl.lit(verksamhet, dtype=pl.String).alias("verksamhet"),
                "index",
            )
        )
    return pl.concat(delar).sort("skolenhetskod", "verksamhet")

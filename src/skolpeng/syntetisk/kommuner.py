"""Den syntetiska nationens kommuner: grupp, riksområde, kod, namn, storlek och index.

In: en slumpgenerator, antal kommuner, skala och ``NationsForm``. Ut: ``Kommunlage`` –
en numpy-vektor per egenskap, en rad per kommun sorterad på kommunkod – och tabellen
``kommuner`` i datasetets format.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from skolpeng.syntetisk.form import GRUPPER, LAN_PER_NUTS2, NUTS2, NationsForm

MAX_PER_LAN = 99

_FORLED = (
    "Björk", "Ek", "Gran", "Lind", "Sjö", "Äng", "Berg", "Hög", "Norr", "Sö", "Väst", "Öst",
    "Stor", "Lill", "Ny", "Gam", "Al", "Ask", "Hassel", "Rönn", "Tall", "Sand", "Sten", "Mal",
    "Kvarn", "Ström", "Myr", "Lo", "Fager", "Blå", "Gull", "Silver", "Vall", "Kyrk", "Å",
)  # fmt: skip
_EFTERLED = (
    "by", "vik", "torp", "holm", "sund", "dal", "berga", "hult", "ås", "köping", "stad",
    "fors", "ryd", "näs", "sjö", "mark", "å", "hamn", "ö", "lunda",
)  # fmt: skip


@dataclass(frozen=True)
class Kommunlage:
    """Kommunernas egenskaper som vektorer (index i = kommun i, sorterade på kommunkod)."""

    kod: np.ndarray  # str, 4 siffror
    namn: np.ndarray  # str
    grupp: np.ndarray  # int, index i GRUPPER
    nuts2: np.ndarray  # str
    loneindex: np.ndarray
    gleshetsindex: np.ndarray
    byggkostnadsindex: np.ndarray
    elever: np.ndarray  # elever F–9 (alla huvudmän) senare läsåret, före avrundning
    andel_enskild: np.ndarray

    @property
    def antal(self) -> int:
        return int(self.kod.shape[0])


def storsta_rest(vikter: np.ndarray, total: int) -> np.ndarray:
    """Fördelar heltalet ``total`` i proportion till ``vikter`` med största-rest-metoden.

    In: icke-negativa vikter (summa > 0), total >= 0. Ut: heltal med summan ``total``.
    """
    andelar = np.asarray(vikter, dtype=float) / float(np.sum(vikter)) * total
    heltal = np.floor(andelar).astype(np.int64)
    rest = total - int(heltal.sum())
    if rest > 0:
        ordning = np.argsort(-(andelar - heltal), kind="stable")
        heltal[ordning[:rest]] += 1
    return heltal


def _lan_och_koder(rng: np.random.Generator, nuts2_idx: np.ndarray) -> np.ndarray:
    """Fördelar riksområdets kommuner på dess län i proportion till det verkliga antalet
    kommuner per län (största rest; vid 290 kommuner exakt verkligheten), i slumpad ordning,
    och numrerar kommunerna i varje län 01, 02 … Ut: kommunkoder (str, 4 siffror, unika)."""
    n = nuts2_idx.shape[0]
    lan = np.empty(n, dtype=object)
    for j, omrade in enumerate(NUTS2):
        valda = np.flatnonzero(nuts2_idx == j)
        if valda.size == 0:
            continue
        koder = np.array([k for k, _ in LAN_PER_NUTS2[omrade]], dtype=object)
        vikt = np.array([a for _, a in LAN_PER_NUTS2[omrade]], dtype=float)
        lan[valda] = rng.permutation(np.repeat(koder, storsta_rest(vikt, valda.size)))
    alla_lan = [k for omr in NUTS2 for k, _ in LAN_PER_NUTS2[omr]]
    # Ett län rymmer högst 99 kommunkoder: överskott flyttas till län med plats, i första
    # hand inom samma riksområde.
    for k in alla_lan:
        i_lan = np.flatnonzero(lan == k)
        for i in i_lan[MAX_PER_LAN:]:
            omr = NUTS2[nuts2_idx[i]]
            kandidater = [x for x, _ in LAN_PER_NUTS2[omr]] + alla_lan
            lan[i] = next(x for x in kandidater if np.count_nonzero(lan == x) < MAX_PER_LAN)
    koder = np.empty(n, dtype=object)
    for k in alla_lan:
        i_lan = np.flatnonzero(lan == k)
        koder[i_lan] = [f"{k}{j + 1:02d}" for j in range(i_lan.size)]
    return koder


def _kommunnamn(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unika påhittade ortnamn (förled + efterled, med löpnummer när kombinationerna tar slut)."""
    kombinationer = np.array([f + e for f in _FORLED for e in _EFTERLED], dtype=object)
    ordning = rng.permutation(kombinationer.size)
    namn = kombinationer[ordning[np.arange(n) % kombinationer.size]]
    varv = np.arange(n) // kombinationer.size
    return np.array(
        [x if v == 0 else f"{x} {v + 1}" for x, v in zip(namn, varv, strict=True)], dtype=object
    )


def generera_kommuner(
    rng: np.random.Generator, antal_kommuner: int, skala: float, form: NationsForm
) -> Kommunlage:
    """Drar ``antal_kommuner`` kommuner med SKR-gruppernas proportioner och storlekar.

    In: slumpgenerator, antal kommuner (>= 1), skala (> 0; multiplicerar elevantalen), form.
    Ut: ``Kommunlage`` sorterat på kommunkod. Gruppernas medelstorlek är exakt formens
    (gånger skalan), så att riket vid 290 kommuner har ca 1,2 miljoner elever.
    """
    antal_per_grupp = storsta_rest(np.array(form.grupp_antal), antal_kommuner)
    grupp = np.repeat(np.arange(len(GRUPPER)), antal_per_grupp)
    n = grupp.size

    # Riksområde: gruppens antal fördelas på riksområdena med största rest (vid 290 kommuner
    # exakt den verkliga tabellen), i slumpad ordning inom gruppen.
    nuts2_idx = np.concatenate(
        [
            rng.permutation(np.repeat(np.arange(len(NUTS2)), storsta_rest(np.array(v), int(a))))
            for v, a in zip(form.grupp_nuts2_antal, antal_per_grupp, strict=True)
        ]
    )
    koder = _lan_och_koder(rng, nuts2_idx)
    namn = _kommunnamn(rng, n)

    # Elevantal: lognormalt inom gruppen, sedan skalat så att gruppens medel stämmer.
    spridning = np.array(form.grupp_elever_spridning)[grupp]
    ratt = np.exp(spridning * rng.standard_normal(n))
    medel = np.array(form.grupp_elever_per_kommun)[grupp] * (1.0 + form.forskoleklass_andel / 9.0)
    for g in range(len(GRUPPER)):
        i = grupp == g
        if i.any():
            ratt[i] = ratt[i] / ratt[i].mean()
    elever = np.maximum(medel * ratt * skala, 20.0)

    norr = np.isin(nuts2_idx, [NUTS2.index("SE32"), NUTS2.index("SE33")])
    lone = np.array(form.grupp_loneindex)[grupp] + form.loneindex_spridning * rng.standard_normal(n)
    lone = lone + np.where(nuts2_idx == NUTS2.index("SE11"), form.loneindex_tillagg_se11, 0.0)
    lone = np.clip(lone, *form.loneindex_granser)

    p_gles = np.array(form.grupp_andel_gles)[grupp] * np.where(norr, form.gles_norr_faktor, 1.0)
    ar_gles = rng.random(n) < np.minimum(p_gles, 0.9)
    tillagg = (form.gleshetsindex_max - 100.0) * rng.beta(1.2, 3.0, n)
    gles = np.where(ar_gles, 100.0 + np.maximum(tillagg, 0.1), 100.0)

    bygg = np.array(form.grupp_byggkostnadsindex)[grupp] * np.exp(
        form.byggkostnadsindex_spridning * rng.standard_normal(n)
    )
    andel = np.array(form.grupp_andel_enskild)[grupp] * np.exp(
        form.andel_enskild_spridning * rng.standard_normal(n) - form.andel_enskild_spridning**2 / 2
    )
    andel = np.minimum(andel, form.andel_enskild_max)

    ordning = np.argsort(koder.astype(str), kind="stable")
    return Kommunlage(
        kod=koder[ordning],
        namn=namn[ordning],
        grupp=grupp[ordning],
        nuts2=np.array(NUTS2, dtype=object)[nuts2_idx][ordning],
        loneindex=lone[ordning],
        gleshetsindex=gles[ordning],
        byggkostnadsindex=bygg[ordning],
        elever=elever[ordning],
        andel_enskild=andel[ordning],
    )


def kommuner_tabell(kom: Kommunlage) -> pl.DataFrame:
    """Tabellen ``kommuner`` (docs/regler/dataformat.md#kommuner) ur ``Kommunlage``."""
    return pl.DataFrame(
        {
            "kommunkod": pl.Series(kom.kod.tolist(), dtype=pl.String),
            "kommunnamn": pl.Series(kom.namn.tolist(), dtype=pl.String),
            "kommungrupp": pl.Series(
                np.array(GRUPPER, dtype=object)[kom.grupp].tolist(), dtype=pl.String
            ),
            "nuts2": pl.Series(kom.nuts2.tolist(), dtype=pl.String),
            "loneindex": pl.Series(kom.loneindex, dtype=pl.Float64),
            "gleshetsindex": pl.Series(kom.gleshetsindex, dtype=pl.Float64),
        }
    )

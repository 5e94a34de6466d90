"""Tabellerna ``skolenheter`` och ``elever`` ur den syntetiska nationens enheter.

In: slumpgenerator, ``Kommunlage``, ``Enhetslage`` och normåret. Ut: skolenhetskoder
(8 siffror, unika), namn, huvudmän (kommunen, enskilda huvudmän varav några kedjor i flera
kommuner, Sameskolstyrelsen) och polars-tabellerna i datasetets format (schema.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from skolpeng.data.schema import ARSKURSER
from skolpeng.syntetisk.enheter import ANTAL_FRITIDSHEM, ENSKILD, KOMMUNAL, STATLIG, Enhetslage
from skolpeng.syntetisk.form import NationsForm
from skolpeng.syntetisk.kommuner import Kommunlage

_SKOLFORLED = (
    "Björk", "Ek", "Lind", "Sjö", "Ängs", "Bergs", "Ros", "Sol", "Lärk", "Vall", "Hags", "Kyrk",
    "Ådals", "Tallbacka", "Rönn", "Hassel", "Åkers", "Mos", "Kvarn", "Strand", "Sand", "Tegel",
    "Furu", "Gran", "Nyby", "Central", "Park", "Skogs", "Bäck", "Hälls", "Lunda", "Stens",
    "Vik", "Ekbacka", "Solbacka", "Norra ", "Södra ", "Västra ", "Östra ", "Gärdes",
)  # fmt: skip
_SKOLEFTERLED = ("skolan", "skolan", "skolan", "skola", "gårdsskolan", "dalsskolan")
_KEDJOR = (
    "Kunskapsakademin", "Lärandegruppen", "Framtidsskolorna", "Nordstjärneskolorna",
    "Vision Skolor", "Bildningsskolorna", "Kompassens skolor", "Ljusets skolor",
    "Horisontskolorna", "Skolkooperativet Klar", "Fyrens skolor", "Utsiktsskolorna",
)  # fmt: skip
STATLIG_HUVUDMAN = ("2021009999", "Sameskolstyrelsen (syntetisk)")


@dataclass(frozen=True)
class Huvudman:
    """Skolenheternas koder, namn och huvudmän (en post per enhet i ``Enhetslage``)."""

    skolenhetskod: np.ndarray
    namn: np.ndarray
    huvudman_id: np.ndarray
    huvudman_namn: np.ndarray


def _enskilda_huvudman(
    rng: np.random.Generator, kom: Kommunlage, enh: Enhetslage, namn: np.ndarray, form: NationsForm
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Huvudmän för de enskilda enheterna: en del hör till kedjor (storlek ~ rang^-exponent) som
    driver enheter i flera kommuner, övriga till lokala huvudmän (oftast en enhet var).
    Ut: (huvudman_id, huvudman_namn, nytt enhetsnamn) för de enskilda enheterna i ordning."""
    e = np.flatnonzero(enh.typ == ENSKILD)
    n_e = e.size
    antal_kedjor = int(round(n_e * form.kedjor_per_enskild_enhet))
    i_kedja = (
        rng.random(n_e) < form.andel_enheter_i_kedja if antal_kedjor > 0 else np.zeros(n_e, bool)
    )
    vikt = np.arange(1, antal_kedjor + 1, dtype=float) ** -form.kedja_exponent
    kedja = (
        rng.choice(antal_kedjor, size=int(i_kedja.sum()), p=vikt / vikt.sum())
        if antal_kedjor
        else np.zeros(0, np.int64)
    )

    lokala = np.flatnonzero(~i_kedja)
    k_lokal = enh.kommun[e[lokala]]
    fortsatter = np.r_[False, k_lokal[1:] == k_lokal[:-1]] & (
        rng.random(lokala.size) < form.andel_lokal_huvudman_fortsatter
    )
    lokal_hm = np.cumsum(~fortsatter) - 1
    antal_lokala = int(lokal_hm[-1] + 1) if lokala.size else 0

    nr = rng.choice(10**8, size=antal_kedjor + antal_lokala, replace=False)
    orgnr = np.array([f"55{x:08d}" for x in nr], dtype=object)
    kedjenamn = np.array(
        [
            _KEDJOR[i % len(_KEDJOR)] + ("" if i < len(_KEDJOR) else f" {i // len(_KEDJOR) + 1}")
            for i in range(antal_kedjor)
        ],
        dtype=object,
    )
    hm_id = np.empty(n_e, dtype=object)
    hm_namn = np.empty(n_e, dtype=object)
    enhetsnamn = namn[e].copy()
    hm_id[i_kedja] = orgnr[kedja]
    hm_namn[i_kedja] = np.array([f"{x} AB" for x in kedjenamn[kedja]], dtype=object)
    enhetsnamn[i_kedja] = np.array(
        [
            f"{x} {k}"
            for x, k in zip(kedjenamn[kedja], kom.namn[enh.kommun[e[i_kedja]]], strict=True)
        ],
        dtype=object,
    )
    forsta = lokala[~fortsatter]
    hm_id[lokala] = orgnr[antal_kedjor + lokal_hm]
    hm_namn[lokala] = np.array([f"{x} AB" for x in enhetsnamn[forsta]], dtype=object)[lokal_hm]
    return hm_id, hm_namn, enhetsnamn


def namnge(
    rng: np.random.Generator, kom: Kommunlage, enh: Enhetslage, form: NationsForm
) -> Huvudman:
    """Drar unika skolenhetskoder och ger enheter och huvudmän namn.

    In: slumpgenerator, kommuner, enheter, form. Ut: ``Huvudman`` (kommunala enheter har
    kommunkoden som huvudman_id, enskilda ett påhittat organisationsnummer)."""
    n = enh.antal
    koder = rng.choice(90_000_000, size=n, replace=False) + 10_000_000
    skolenhetskod = np.array([f"{x:08d}" for x in koder], dtype=object)
    forled = np.array(_SKOLFORLED, dtype=object)[rng.integers(0, len(_SKOLFORLED), n)]
    efterled = np.array(_SKOLEFTERLED, dtype=object)[rng.integers(0, len(_SKOLEFTERLED), n)]
    namn = forled + efterled

    hm_id = kom.kod[enh.kommun].copy()
    hm_namn = np.array([f"{x} kommun" for x in kom.namn], dtype=object)[enh.kommun]
    e = enh.typ == ENSKILD
    if e.any():
        hm_id[e], hm_namn[e], namn[e] = _enskilda_huvudman(rng, kom, enh, namn, form)
    s = enh.typ == STATLIG
    hm_id[s], hm_namn[s] = STATLIG_HUVUDMAN
    namn[s] = np.array([f"Sameskolan i {x}" for x in kom.namn[enh.kommun[s]]], dtype=object)
    i = enh.internationell == 1
    namn[i] = np.array(
        [f"International School of {x}" for x in kom.namn[enh.kommun[i]]], dtype=object
    )
    return Huvudman(skolenhetskod, namn, hm_id, hm_namn)


def skolenheter_tabell(kom: Kommunlage, enh: Enhetslage, hm: Huvudman) -> pl.DataFrame:
    """Tabellen ``skolenheter`` (docs/regler/dataformat.md#skolenheter), sorterad på skolenhetskod."""
    typnamn = np.array(["kommunal", "enskild", "statlig"], dtype=object)
    assert (KOMMUNAL, ENSKILD, STATLIG) == (0, 1, 2)
    return pl.DataFrame(
        {
            "skolenhetskod": pl.Series(hm.skolenhetskod.tolist(), dtype=pl.String),
            "namn": pl.Series(hm.namn.tolist(), dtype=pl.String),
            "kommunkod": pl.Series(kom.kod[enh.kommun].tolist(), dtype=pl.String),
            "huvudmannatyp": pl.Series(typnamn[enh.typ].tolist(), dtype=pl.String),
            "huvudman_id": pl.Series(hm.huvudman_id.tolist(), dtype=pl.String),
            "huvudman_namn": pl.Series(hm.huvudman_namn.tolist(), dtype=pl.String),
            "internationell": pl.Series(enh.internationell, dtype=pl.Int8),
        }
    ).sort("skolenhetskod")


def lasar(normar: int) -> tuple[str, str]:
    """Läsåren (N-2)/(N-1) och (N-1)/N som text, t.ex. ('2024/25', '2025/26') för 2026."""
    return (f"{normar - 2}/{(normar - 1) % 100:02d}", f"{normar - 1}/{normar % 100:02d}")


def elever_tabell(enh: Enhetslage, hm: Huvudman, normar: int) -> pl.DataFrame:
    """Tabellen ``elever`` (docs/regler/dataformat.md#elever): fk_gr F–9 och fritidshem F–6 för båda läsåren, en rad
    per årskurs som enheten har (nya enheter saknar rader det tidigare läsåret). Raderna är
    sorterade på skolenhetskod, verksamhet, läsår och årskurs (F, 1 … 9)."""
    tidigare, senare = lasar(normar)
    finns_tidigare = ~enh.ny[:, None]
    fr_tack = enh.tackning[:, :ANTAL_FRITIDSHEM] & enh.har_fritidshem[:, None]
    delar = (  # (antal, mask); delens nummer ger verksamhet och läsår i sorteringsordning
        (enh.fk_tidigare, enh.tackning & finns_tidigare),
        (enh.fk_senare, enh.tackning),
        (enh.fr_tidigare, fr_tack & finns_tidigare),
        (enh.fr_senare, fr_tack),
    )
    plats = np.empty(enh.antal, dtype=np.int64)  # enhetens plats i kodordning
    plats[np.argsort(hm.skolenhetskod.astype(np.int64), kind="stable")] = np.arange(enh.antal)
    enhet, arskurs, del_nr, antal = [], [], [], []
    for nr, (tal, mask) in enumerate(delar):
        e, a = np.nonzero(mask)
        (
            enhet.append(e),
            arskurs.append(a),
            del_nr.append(np.full(e.size, nr)),
            antal.append(tal[e, a]),
        )
    e, a, d, x = (np.concatenate(v) for v in (enhet, arskurs, del_nr, antal))
    ordning = np.argsort((plats[e] * 4 + d) * 16 + a, kind="stable")
    e, a, d, x = e[ordning], a[ordning], d[ordning], x[ordning]
    return pl.DataFrame(
        {
            "skolenhetskod": pl.Series(hm.skolenhetskod.tolist(), dtype=pl.String).gather(e),
            "verksamhet": pl.Series(
                ["fk_gr", "fk_gr", "fritidshem", "fritidshem"], dtype=pl.String
            ).gather(d),
            "lasar": pl.Series([tidigare, senare, tidigare, senare], dtype=pl.String).gather(d),
            "arskurs": pl.Series(list(ARSKURSER), dtype=pl.String).gather(a),
            "antal": pl.Series(x, dtype=pl.Int64),
        }
    )

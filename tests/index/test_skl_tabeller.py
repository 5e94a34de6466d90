"""SKL (2014), Socioekonomisk resursfördelning till skolor – så kan kommunen göra, steg 3:
tabell 1–2 (vikter × andelar) och tabell 3 (prognostiserad risk). Källa:
sources/000_9c659b52504ed286.txt, avsnittet "Årliga beräkningar ..." (tabell 1–3).
docs/regler/index.md#tillampning skalar indexet så att referensen är 100; SKL:s "kommunen = 1" är index / 100."""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.index.modell import las_viktmodell
from skolpeng.index.tillampning import enhetsindex, index_mot_referens
from skolpeng.index.viktning import elevpoang, poang_fran_andelar, viktindex


def test_tabell3_risk_mot_kommunen() -> None:
    """Tabell 3: risk 20 % och 6 % mot kommunens 12 % -> index 1,67 och 0,50."""
    assert round(index_mot_referens(0.20, 0.12) / 100, 2) == 1.67
    assert round(index_mot_referens(0.06, 0.12) / 100, 2) == 0.50
    assert index_mot_referens(0.12, 0.12) == 100.0


def test_tabell3_med_elevviktad_kommunrisk() -> None:
    """Kommunens 12 % som elevviktat medelvärde: 300 elever à 20 % och 400 à 6 %
    (0,2·300 + 0,06·400) / 700 = 84 / 700 = 0,12."""
    enheter = pl.DataFrame(
        {
            "skolenhetskod": ["A", "B"],
            "kommunkod": ["0001", "0001"],
            "elever": [300, 400],
            "risk": [0.20, 0.06],
        }
    )
    ut = enhetsindex(enheter, "kommun", 10)
    assert ut["referensrisk"].to_list() == pytest.approx([0.12, 0.12])
    assert [round(x / 100, 2) for x in ut["index"]] == [1.67, 0.50]
    assert ut["index"].to_list() == pytest.approx([100 * 0.20 / 0.12, 100 * 0.06 / 0.12])
    assert ut["liten_enhet"].to_list() == [False, False]


# Tabell 1: andelar per skola och för kommunen (0–1), per faktor och nivå.
_ANDELAR = {
    "A": {
        "utbildning": (0.15, 0.30, 0.55),
        "kon": (0.37, 0.63),
        "ekonomiskt_bistand": (0.76, 0.24),
    },
    "B": {
        "utbildning": (0.00, 0.05, 0.95),
        "kon": (0.66, 0.34),
        "ekonomiskt_bistand": (1.00, 0.00),
    },
    "Kommunen": {
        "utbildning": (0.06, 0.29, 0.65),
        "kon": (0.49, 0.51),
        "ekonomiskt_bistand": (0.92, 0.08),
    },
}
_NIVAER = {
    "utbildning": ("forgymnasial", "gymnasial", "eftergymnasial"),
    "kon": ("flicka", "pojke"),
    "ekonomiskt_bistand": ("nej", "ja"),
}


def _andelstabell() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"skolenhetskod": s, "faktor": f, "niva": n, "andel": a}
            for s, per in _ANDELAR.items()
            for f, andelar in per.items()
            for n, a in zip(_NIVAER[f], andelar, strict=True)
        ]
    )


def test_tabell1_poang_och_tabell2_index(viktfil) -> None:
    """Tabell 1: poäng A = 0,45+0,60+0,55+0,37+0,945+0,76+0,72 = 4,395 (4,40 i tabellen),
    B = 3,22, kommunen 3,825 (3,83). Tabell 2: 4,40/3,83 = 1,15 och 3,22/3,83 = 0,84."""
    vikter = las_viktmodell(viktfil).vikter
    poang = dict(poang_fran_andelar(_andelstabell(), vikter).iter_rows())
    assert poang["A"] == pytest.approx(4.395)
    assert poang["B"] == pytest.approx(3.22)
    assert poang["Kommunen"] == pytest.approx(3.825)
    assert round(index_mot_referens(poang["A"], poang["Kommunen"]) / 100, 2) == 1.15
    assert round(index_mot_referens(poang["B"], poang["Kommunen"]) / 100, 2) == 0.84


def test_tabell1_fran_elever(viktfil) -> None:
    """Samma poäng ur 100 påhittade elever per skola med tabellens andelar: enhetens poäng är
    medelvärdet av elevernas poäng, och referensen är elevviktad."""
    rader = []
    for skola in ("A", "B"):
        kolumner = {}
        for f, andelar in _ANDELAR[skola].items():
            kolumner[f] = [
                n for n, a in zip(_NIVAER[f], andelar, strict=True) for _ in range(round(100 * a))
            ]
        for i in range(100):
            rader.append(
                {
                    "skolenhetskod": skola,
                    "kommunkod": "0001",
                    **{f: v[i] for f, v in kolumner.items()},
                }
            )
    celler = pl.DataFrame(rader).group_by(pl.all()).agg(antal=pl.len())
    vm = las_viktmodell(viktfil)
    ut = viktindex(celler, vm)
    assert dict(ut.select("skolenhetskod", "poang").iter_rows()) == pytest.approx(
        {"A": 4.395, "B": 3.22}
    )
    referens = (4.395 + 3.22) / 2  # två skolor med 100 elever vardera
    assert ut["referenspoang"].to_list() == pytest.approx([referens, referens])
    assert ut["index"].to_list() == pytest.approx([100 * 4.395 / referens, 100 * 3.22 / referens])
    assert elevpoang(celler, vm)["poang"].min() == pytest.approx(1 + 1 + 1)

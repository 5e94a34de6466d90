"""Anpassad grundskola räknad för hand: en nivåindelad modell (SOU 2025:72 avsnitt
5.1.4: "ersättningen baseras på i vilken behovsgrupp eleven bedöms tillhöra"), ett
strukturbidrag till resursskolor (avsnitt 5.2.3: klumpsumma eller belopp per elev) och
bidraget till den enskilda enheten (skollagen 11 kap. 37 § och skolförordningen 14 kap. 4,
6, 7 a och 10 §§ i den lydelse som föreslås i SOU 2025:72).

Satserna i testet är källans: administration 3 % och mervärdesskatt 6 % (14 kap. 4 §),
avdraget 6 % (14 kap. 7 a §: "ska uppgå till sex procent av grundbeloppet") och 3 % 2028
(övergångsbestämmelse 3: "ska dock i fråga om bidrag för kalenderåret 2028 vara tre
procent"). Underlaget står i ``tests.fordelning.anpassad_hjalp``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from skolpeng.fordelning.lika_villkor.per_enhet import berakna_bidrag_per_enhet
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell
from skolpeng.fordelning.motor.potter import fordela
from skolpeng.fordelning.motor.underlag import forbered_underlag
from skolpeng.parametrar import load_parameters
from skolpeng.rapporter.beslut_om_bidrag.text import lagrum
from tests.fordelning.anpassad_hjalp import anpassat_underlag

KR_NIVA = {"A": 150_000.0, "B": 250_000.0, "C": 400_000.0}
VIKT_NIVA = {"A": 1.0, "B": 1.5, "C": 2.0}


def _modell(ar: int, avsta: bool = False) -> Fordelningsmodell:
    return Fordelningsmodell.model_validate(
        {
            "namn": "Anpassad grundskola för hand",
            "kommunkod": "0114",
            "ar": ar,
            "verksamhet": "anpassad_gr",
            "lasar": "2025/26",
            "bidrag": {"avsta_avdrag": avsta, "avsta_skal": "särskilda skäl" if avsta else None},
            "potter": [
                {
                    "namn": "grundbelopp_niva",
                    "belopp": {"per_niva_kr": KR_NIVA},
                    "nyckel": {"typ": "behovsniva"},
                },
                {
                    "namn": "elevhalsa_niva",
                    "kostnadsslag": "elevhalsa",
                    "belopp": {"summa_kr": 120_000},
                    "nyckel": {"typ": "behovsniva", "behovsnivaer": VIKT_NIVA},
                },
                {
                    "namn": "lokaler",
                    "kostnadsslag": "lokalkostnader",
                    "belopp": {"per_elev_kr": 40_000},
                    "nyckel": {"typ": "elever"},
                },
                {
                    "namn": "strukturbidrag_per_elev",
                    "belopp": {"per_elev_kr": 60_000},
                    "omfattning": {"resursskolor": True},
                    "nyckel": {"typ": "elever"},
                },
                {
                    "namn": "strukturbidrag_klumpsumma",
                    "belopp": {"summa_kr": 100_000},
                    "omfattning": {"resursskolor": True},
                    "nyckel": {"typ": "klumpsumma"},
                },
            ],
        }
    )


def _per_enhet(f, pott: str) -> dict[str, float]:
    d = (
        f.rader.filter(pl.col("pott") == pott)
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr").sum())
    )
    return dict(d.iter_rows())


@pytest.fixture(scope="module")
def underlag(tmp_path_factory: pytest.TempPathFactory):
    return anpassat_underlag(Path(tmp_path_factory.mktemp("anpassad")) / "u")


def _fordela(underlag, ar: int = 2029, avsta: bool = False):
    m = _modell(ar, avsta)
    return fordela(m, forbered_underlag(m, underlag))


def test_potterna_for_hand(underlag) -> None:
    f = _fordela(underlag)
    # Nivå A 4, B 3, C 5 elever (10000001: A 2 B 2 C 1; 10000004: A 1 B 1 C 2; 10000002: A 1 C 2).
    niva = _per_enhet(f, "grundbelopp_niva")
    assert niva["10000001"] == pytest.approx(2 * 150_000 + 2 * 250_000 + 400_000)
    assert niva["10000004"] == pytest.approx(150_000 + 250_000 + 2 * 400_000)
    assert niva["10000002"] == pytest.approx(150_000 + 2 * 400_000)
    assert sum(niva.values()) == pytest.approx(4 * 150_000 + 3 * 250_000 + 5 * 400_000)
    # Vikter 1 / 1,5 / 2: viktade elever 7, 6,5 och 5 av 18,5.
    halsa = _per_enhet(f, "elevhalsa_niva")
    for kod, w in (("10000001", 7.0), ("10000004", 6.5), ("10000002", 5.0)):
        assert halsa[kod] == pytest.approx(120_000 * w / 18.5)
    assert _per_enhet(f, "lokaler") == pytest.approx(
        {"10000001": 200_000, "10000004": 160_000, "10000002": 120_000}
    )
    # Strukturbidraget når bara resursskolan: 4 elever × 60 000 kr och klumpsumman hel.
    assert _per_enhet(f, "strukturbidrag_per_elev") == pytest.approx({"10000004": 240_000})
    assert _per_enhet(f, "strukturbidrag_klumpsumma") == pytest.approx({"10000004": 100_000})
    # Varje elev på en nivå får nivåns belopp: raderna för enhet 10000002 (åk 7–9).
    rad = f.rader.filter(
        (pl.col("pott") == "grundbelopp_niva") & (pl.col("skolenhetskod") == "10000002")
    )
    assert rad["kr_per_elev"].to_list() == pytest.approx([(150_000 + 2 * 400_000) / 3])
    assert set(f.rader["verksamhet"]) == {"anpassad_gr"}


def _bidrag_for_hand(sats_avdrag: float, tillagg_ar: float, villkorat: float) -> dict[str, float]:
    elever = 3
    kostnadsslag = ((150_000 + 2 * 400_000) + 120_000 * 5 / 18.5) / elever
    lokal = (200_000 + 160_000) / (5 + 4)  # kommunens genomsnitt i anpassad grundskola
    g0 = kostnadsslag + lokal
    adm = 0.03 * g0
    avdrag = sats_avdrag * (g0 + adm)
    tillagg = tillagg_ar / elever
    moms = 0.06 * (g0 + adm - avdrag + tillagg + villkorat)
    return {
        "lokalkostnad": lokal,
        "administration": adm,
        "avdrag_utbudsansvar": avdrag,
        "tillaggsbelopp": tillagg,
        "villkorat_belopp": villkorat,
        "moms": moms,
        "bidrag": g0 + adm - avdrag + tillagg + villkorat + moms,
    }


@pytest.mark.parametrize(
    ("ar", "sats", "avsta"),
    [(2026, 0.0, False), (2028, 0.03, False), (2029, 0.06, False), (2029, 0.0, True)],
)
def test_bidraget_till_den_enskilda_enheten_for_hand(underlag, ar, sats, avsta) -> None:
    f = _fordela(underlag, ar, avsta)
    villkorade = pl.DataFrame(
        {
            "skolenhetskod": ["10000002"],
            "stadium": ["7-9"],
            "andamal": ["lärmiljö"],
            "villkor": ["redovisas"],
            "kr_per_elev": [5_000.0],
        }
    )
    tillagg = pl.DataFrame(
        {
            "skolenhetskod": ["10000002"],
            "stadium": ["7-9"],
            "andamal": ["assistent"],
            "belopp_kr": [90_000.0],
        }
    )
    b = berakna_bidrag_per_enhet(
        f, load_parameters(dt.date(ar, 1, 1)), villkorade_belopp=villkorade, tillaggsbelopp=tillagg
    )
    assert b["skolenhetskod"].to_list() == ["10000002"]
    rad = b.row(0, named=True)
    forvantat = _bidrag_for_hand(sats, 90_000, 5_000)
    for k, v in forvantat.items():
        assert rad[k] == pytest.approx(v), k
    assert rad["avdrag_andel"] == pytest.approx(sats)
    assert rad["avdrag_avstatt"] is avsta
    assert rad["elever"] == 3
    assert rad["bidrag_totalt_kr"] == pytest.approx(3 * forvantat["bidrag"])
    assert "anpassad grundskola" in rad["lokalkostnad_grund"]


def test_beslutets_lagrum_for_anpassad_grundskola() -> None:
    text = " ".join(lagrum("anpassad_gr"))
    assert "11 kap. 37 §" in text and "37 a §" in text
    assert "14 kap. 7 a §" in text and "10 §" in text

"""SKL (2014) tabell 1–3 och exemplet med förstärkt omfördelning, räknade med modellfilerna i
``modeller/`` (auktoritativa tal: ``tests/exempel/fordelning/skl_2014_*.yaml``)."""

from __future__ import annotations

import polars as pl
import pytest

from tests.fordelning.exempelmodeller_hjalp import (
    MODELLER,
    SKL_ENHETER,
    exempel,
    kor,
    modell,
    per_enhet,
    skl_underlag,
)

TABELLER = exempel("skl_2014_tabell1_3.yaml")
FORSTARKT = exempel("skl_2014_forstarkt.yaml")
A, B, C = (SKL_ENHETER[k] for k in "ABC")


@pytest.fixture(scope="module")
def underlag():
    return skl_underlag(TABELLER["elever"])


def _index(f) -> dict[str, float]:
    """Index på SKL:s skala (kommunen = 1)."""
    return {r["skolenhetskod"]: r["index"] / 100 for r in f.underlag.index.iter_rows(named=True)}


def test_exemplets_ovriga_skolor_ger_kommunens_andelar():
    """Konstruktionen: elevviktat medel av A, B och C:s andelar = kommunens andelar i tabell 1."""
    andelar = pl.read_csv(
        MODELLER / "data" / "skl_2014_andelar.csv", schema_overrides={"skolenhetskod": pl.String}
    )
    n = {SKL_ENHETER[k]: v for k, v in TABELLER["elever"].items()}
    vikt = pl.Series([n[k] for k in andelar["skolenhetskod"]], dtype=pl.Float64)
    for faktor, kommunen in TABELLER["andelar"]["kommunen"].items():
        medel = float((andelar[faktor] * vikt).sum() / vikt.sum())
        assert medel == pytest.approx(kommunen, abs=1e-12), faktor


def test_tabell_1_poang_ur_vikter_och_andelar():
    """Tabell 1: poäng = Σ vikt × andel (oavrundat 4,395, 3,22 och 3,825)."""
    vikter = TABELLER["vikter"]
    for skola in ("A", "B", "kommunen"):
        andelar = TABELLER["andelar"][skola]
        assert sum(vikter[f] * andelar[f] for f in vikter) == pytest.approx(
            TABELLER["poang"][skola], abs=1e-12
        )
    assert modell("skl_2014_tabell1_2.yaml").index.vikter == vikter


def test_tabell_2_index_ur_oavrundade_poang(underlag):
    """Tabell 2: A 4,395 / 3,825 = 1,149 och B 3,22 / 3,825 = 0,842 (tryckt 1,15 och 0,84)."""
    f = kor(modell("skl_2014_tabell1_2.yaml"), underlag)
    index = _index(f)
    assert index[A] == pytest.approx(4.395 / 3.825, rel=1e-12)
    assert index[B] == pytest.approx(3.22 / 3.825, rel=1e-12)
    assert round(index[A], 3) == TABELLER["index_tabell2"]["A"]
    assert round(index[B], 3) == TABELLER["index_tabell2"]["B"]
    assert round(index[A], 2) == TABELLER["index_tabell2_tryckt"]["A"]
    assert round(index[B], 2) == TABELLER["index_tabell2_tryckt"]["B"]
    # kommunens elevviktade index är 1
    n = {SKL_ENHETER[k]: v for k, v in TABELLER["elever"].items()}
    assert sum(index[k] * n[k] for k in n) / sum(n.values()) == pytest.approx(1.0, rel=1e-12)


def test_tabell_2_kronor_nar_potten_fordelas(underlag):
    """10 000 kr per elev linjärt efter index: A 11 490 kr, B 8 418 kr per elev; potten hel."""
    f = kor(modell("skl_2014_tabell1_2.yaml"), underlag)
    kr = per_enhet(f)
    for skola in ("A", "B"):
        assert kr[SKL_ENHETER[skola]] == pytest.approx(
            TABELLER["kr_per_elev_linjar"]["tabell2"][skola], abs=1e-3
        )
    assert f.rader["belopp_kr"].sum() == pytest.approx(10_000 * 1_000, rel=1e-12)
    assert f.rader["belopp_kr_avrundat"].sum() == 10_000_000


def test_tabell_3_index_ur_prognostiserad_risk(underlag):
    """Tabell 3: 20 % / 12 % = 1,67 och 6 % / 12 % = 0,50; 10 000 kr per elev ger 16 667 och
    5 000 kr."""
    f = kor(modell("skl_2014_tabell3.yaml"), underlag)
    index = _index(f)
    risk = TABELLER["risk_tabell3"]
    assert index[A] == pytest.approx(risk["A"] / risk["kommunen"], rel=1e-12)
    assert index[B] == pytest.approx(risk["B"] / risk["kommunen"], rel=1e-12)
    assert round(index[A], 2) == TABELLER["index_tabell3"]["A"]
    assert round(index[B], 2) == TABELLER["index_tabell3"]["B"]
    kr = per_enhet(f)
    assert kr[A] == pytest.approx(TABELLER["kr_per_elev_linjar"]["tabell3"]["A"], abs=1e-3)
    assert kr[B] == pytest.approx(TABELLER["kr_per_elev_linjar"]["tabell3"]["B"], abs=1e-6)
    assert min(kr.values()) == pytest.approx(FORSTARKT["lagsta_linjar"], abs=1e-6)


def test_forstarkt_omfordelning_15000_index_minus_5000(underlag):
    """SKL steg 4: 15 000 · index − 5 000 kr per elev; medlet 10 000 kr står kvar och det lägsta
    utfallet sjunker från 5 000 till 2 500 kr."""
    m = modell("skl_2014_forstarkt.yaml")
    assert m.potter[0].nyckel.faktor == FORSTARKT["faktor"]
    f = kor(m, underlag)
    index = _index(f)
    kr = per_enhet(f)
    for kod in SKL_ENHETER.values():
        assert kr[kod] == pytest.approx(15_000 * index[kod] - 5_000, abs=1e-6)
    assert kr[A] == pytest.approx(FORSTARKT["kr_per_elev_forstarkt"]["A"], abs=1e-6)
    assert kr[B] == pytest.approx(FORSTARKT["kr_per_elev_forstarkt"]["B"], abs=1e-6)
    assert min(kr.values()) == pytest.approx(FORSTARKT["lagsta_forstarkt"], abs=1e-6)
    elever = sum(TABELLER["elever"].values())
    assert f.rader["belopp_kr"].sum() / elever == pytest.approx(FORSTARKT["medel_per_elev"])
    assert f.rader["belopp_kr_avrundat"].sum() == 10_000 * elever
    # spridningen kring medlet växer med faktorn 1,5
    linjar = per_enhet(kor(modell("skl_2014_tabell3.yaml"), underlag))
    for kod in SKL_ENHETER.values():
        assert kr[kod] - 10_000 == pytest.approx(1.5 * (linjar[kod] - 10_000), abs=1e-6)

"""Bidragets aritmetik (docs/regler/fordelning-och-bidrag.md#bidrag; skolförordningen 14 kap. 4 §; SOU 2025:72 14 kap. 7 a §
och övergångsbestämmelse 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.fordelning import Bidragsparametrar, berakna_bidrag
from skolpeng.parametrar import load_parameters


def _satser(ar: int) -> Bidragsparametrar:
    return Bidragsparametrar.fran_lage(load_parameters(dt.date(ar, 1, 1)))


def test_handraknat_exempel_2029() -> None:
    """Kostnadsslag 90 000 kr + lokaler 20 000 kr per elev, kalenderår 2029 (avdrag 6 %):
    G0 = 110 000; administration 3 % = 3 300; före avdrag 113 300; avdrag 6 % = 6 798;
    efter avdrag 106 502; moms 6 % = 6 390,12; bidrag 112 892,12."""
    b = berakna_bidrag(90_000, 20_000, _satser(2029))
    assert b.administration == pytest.approx(3_300)
    assert b.grundbelopp_fore_avdrag == pytest.approx(113_300)
    assert b.avdrag_utbudsansvar == pytest.approx(6_798)
    assert b.moms == pytest.approx(6_390.12)
    assert b.bidrag == pytest.approx(112_892.12)


@pytest.mark.parametrize(("ar", "sats"), [(2027, 0.0), (2028, 0.03), (2029, 0.06), (2031, 0.06)])
def test_avdragets_sats_foljer_kalenderaret(ar: int, sats: float) -> None:
    b = berakna_bidrag(100_000, 0, _satser(ar))
    assert b.avdrag_utbudsansvar == pytest.approx(sats * 103_000)


def test_avstatt_avdrag_och_tillagg_med_moms() -> None:
    """Särskilda skäl: inget avdrag; tilläggsbelopp och villkorat belopp får moms (14 kap. 4 § p. 6
    i föreslagen lydelse)."""
    b = berakna_bidrag(
        100_000,
        0,
        _satser(2029),
        avsta_avdrag=True,
        tillaggsbelopp_kr=10_000,
        villkorat_belopp_kr=5_000,
    )
    assert b.avdrag_utbudsansvar == 0.0 and b.avdrag_avstatt
    assert b.moms == pytest.approx(0.06 * (103_000 + 15_000))
    assert b.bidrag == pytest.approx(1.06 * 118_000)


@settings(max_examples=50, deadline=None)
@given(
    k=st.floats(0, 300_000),
    lok=st.floats(0, 80_000),
    till=st.floats(0, 500_000),
    ar=st.integers(2024, 2035),
    avsta=st.booleans(),
)
def test_delarna_summerar_till_bidraget(
    k: float, lok: float, till: float, ar: int, avsta: bool
) -> None:
    b = berakna_bidrag(k, lok, _satser(ar), avsta_avdrag=avsta, tillaggsbelopp_kr=till)
    delar = b.kostnadsslag + b.lokalkostnad + b.administration - b.avdrag_utbudsansvar
    assert b.bidrag == pytest.approx(delar + b.tillaggsbelopp + b.moms, rel=1e-12, abs=1e-6)
    assert b.avdrag_utbudsansvar <= 0.06 * b.grundbelopp_fore_avdrag + 1e-9

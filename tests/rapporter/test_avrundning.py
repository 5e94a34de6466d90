"""Största-rest-avrundning till hela kronor (DESIGN.md, Money)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.avrundning import avrunda_krona, avrunda_storsta_rest, avrunda_storsta_rest_rader

belopp_lista = st.lists(
    st.floats(min_value=-1e6, max_value=1e8, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=40,
)


def test_bilagans_tabell_2_summerar_till_100_miljarder():
    """SOU 2025:72, bilagan tabell 2 (docs/regler/norm.md#kallexempel-tabell-2): 100 mdkr fördelat på stadierna
    F, 1–3, 4–6, 7–9 med stadieindex 0,85/1,0/1,05/1,2 och 100 000/300 000×3 elever."""
    elever = np.array([100_000, 300_000, 300_000, 300_000], dtype=float)
    index = np.array([0.85, 1.0, 1.05, 1.2])
    belopp = 1e11 * elever * index / (elever * index).sum()
    ut = avrunda_storsta_rest(belopp)
    assert ut.tolist() == [8_018_867_925, 28_301_886_792, 29_716_981_132, 33_962_264_151]
    assert int(ut.sum()) == 100_000_000_000


def test_lika_rest_ger_kronan_till_den_forsta():
    assert avrunda_storsta_rest([0.5, 0.5, 0.5, 0.5]).tolist() == [1, 1, 0, 0]
    assert avrunda_storsta_rest([1 / 3, 1 / 3, 1 / 3]).tolist() == [1, 0, 0]
    assert avrunda_storsta_rest([0.2, 0.7, 0.7, 0.4]).tolist() == [0, 1, 1, 0]


def test_angiven_total_och_negativa_delar():
    # Delarna 10,4 + (−3,3) + 2,4 = 9,5 -> 10 kronor; golven 10 − 4 + 2 = 8, två kronor kvar;
    # resterna 0,4 / 0,7 / 0,4: först −3,3 (0,7), sedan den första av de lika 0,4.
    assert avrunda_storsta_rest([10.4, -3.3, 2.4]).tolist() == [11, -3, 2]
    assert avrunda_storsta_rest([10.4, -3.3, 2.4], total=9.5).tolist() == [11, -3, 2]
    # En annan total inom räckhåll: 8 -> bara golven; 11 -> alla får en krona.
    assert avrunda_storsta_rest([10.4, -3.3, 2.4], total=8.2).tolist() == [10, -4, 2]
    assert avrunda_storsta_rest([10.4, -3.3, 2.4], total=11).tolist() == [11, -3, 3]


def test_omojlig_total_och_ogiltiga_varden_ar_fel():
    with pytest.raises(ValueError):
        avrunda_storsta_rest([1.0, 2.0], total=10.0)
    with pytest.raises(ValueError):
        avrunda_storsta_rest([1.0, float("nan")])
    with pytest.raises(ValueError):
        avrunda_krona(float("inf"))


def test_avrunda_krona_halva_uppat():
    assert [avrunda_krona(v) for v in (0.5, 1.5, 2.5, -0.5, -1.5, 2.49)] == [1, 2, 3, 0, -1, 2]


@settings(max_examples=50, deadline=None)
@given(belopp_lista)
def test_summan_bevaras_och_varje_del_inom_en_krona(delar):
    ut = avrunda_storsta_rest(delar)
    x = np.asarray(delar)
    assert ut.dtype == np.int64
    assert int(ut.sum()) == avrunda_krona(float(x.sum()))
    assert np.all(np.abs(ut - x) < 1.0)


@settings(max_examples=50, deadline=None)
@given(
    st.floats(min_value=-1e5, max_value=1e5, allow_nan=False, allow_infinity=False),
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=0, max_value=29),
)
def test_lika_delar_far_kronorna_i_ordning(varde, antal, extra):
    """Lika bråkdelar: de extra kronorna går till de första delarna (stabil ordning)."""
    delar = [varde] * antal
    golv = int(np.floor(varde))
    total = golv * antal + min(extra, antal)
    ut = avrunda_storsta_rest(delar, total=total)
    assert int(ut.sum()) == total
    assert np.all(np.diff(ut) <= 0)  # icke-växande: de första får kronan


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.lists(
            st.floats(min_value=-1e5, max_value=1e6, allow_nan=False, allow_infinity=False),
            min_size=5,
            max_size=5,
        ),
        min_size=1,
        max_size=20,
    )
)
def test_radvis_avrundning_ger_samma_som_en_rad_i_taget(matris):
    x = np.array(matris)
    ut = avrunda_storsta_rest_rader(x)
    for rad, rad_ut in zip(x, ut, strict=True):
        assert rad_ut.tolist() == avrunda_storsta_rest(rad).tolist()


def test_radvis_avrundning_med_totaler():
    x = np.array([[0.5, 0.5, 0.5, 0.5], [10.4, -3.3, 2.4, 0.0]])
    ut = avrunda_storsta_rest_rader(x, totaler=np.array([2.2, 9.5]))
    assert ut.tolist() == [[1, 1, 0, 0], [11, -3, 2, 0]]
    with pytest.raises(ValueError):
        avrunda_storsta_rest_rader(x, totaler=np.array([9.0, 9.5]))

"""Statistiken i simuleringen: R² mot numpys egen minsta-kvadrat-lösning, procentrang,
kvartiler, Tukeys gränser och år till full effekt = ceil(|gap| / tak)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.uppfoljning.simulering_statistik import (
    anpassa_linje,
    ar_till_full_effekt,
    fordelning_ar,
    procentrang,
    spridning,
    tukey_granser,
)


def _r2_numpy(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Oberoende beräkning: numpys lstsq med designmatrisen [1, x]."""
    a = np.column_stack([np.ones_like(x), x])
    (b0, b1), *_ = np.linalg.lstsq(a, y, rcond=None)
    res = y - a @ np.array([b0, b1])
    return float(b0), float(b1), 1.0 - float(res @ res) / float(((y - y.mean()) ** 2).sum())


def test_exakt_linjart_samband_ger_r2_ett() -> None:
    x = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
    y = 30_000.0 - 60_000.0 * x
    linje = anpassa_linje(x, y)
    assert linje.r2 == pytest.approx(1.0, abs=1e-12)
    assert linje.lutning == pytest.approx(-60_000.0)
    assert linje.intercept == pytest.approx(30_000.0)
    assert linje.antal == 5


def test_konstruerat_fall_mot_numpys_minsta_kvadrat() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    y = np.array([2.0, 4.0, 5.0, 4.0, 5.0])
    # För hand: x̄ = 3, ȳ = 4, Sxy = 6, Sxx = 10 -> lutning 0,6, intercept 2,2;
    # SS_tot = 6, SS_res = 6 − 0,6·6 = 2,4 -> R² = 0,6.
    linje = anpassa_linje(x, y)
    assert linje.lutning == pytest.approx(0.6)
    assert linje.intercept == pytest.approx(2.2)
    assert linje.r2 == pytest.approx(0.6)
    b0, b1, r2 = _r2_numpy(x, y)
    assert (linje.intercept, linje.lutning, linje.r2) == pytest.approx((b0, b1, r2))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(-1e5, 1e5, allow_nan=False), st.floats(-1e5, 1e5, allow_nan=False)),
        min_size=3,
        max_size=40,
    )
)
def test_r2_stammer_med_numpy_for_godtyckliga_punkter(punkter: list[tuple[float, float]]) -> None:
    x = np.array([p[0] for p in punkter])
    y = np.array([p[1] for p in punkter])
    linje = anpassa_linje(x, y)
    if np.ptp(x) < 1e-3 or np.ptp(y) < 1e-3:
        return  # utan variation är R² inte meningsfull att jämföra
    b0, b1, r2 = _r2_numpy(x, y)
    assert linje.r2 == pytest.approx(r2, abs=1e-6)
    assert linje.lutning == pytest.approx(b1, rel=1e-6, abs=1e-6)
    assert 0.0 <= linje.r2 <= 1.0 + 1e-12


def test_for_fa_punkter_eller_konstant_x_ger_inget_r2() -> None:
    assert anpassa_linje(np.array([1.0, 2.0]), np.array([1.0, 3.0])).r2 is None
    assert anpassa_linje(np.array([2.0, 2.0, 2.0]), np.array([1.0, 2.0, 3.0])).r2 is None
    # NaN-rader tas bort innan anpassningen
    linje = anpassa_linje(np.array([0.0, 1.0, np.nan, 2.0]), np.array([1.0, 3.0, 9.0, 5.0]))
    assert (linje.antal, linje.r2, linje.lutning) == (3, pytest.approx(1.0), pytest.approx(2.0))


def test_procentrang_som_x_axeln_i_figur_6_2() -> None:
    """0 % för lägst, 100 % för högst (SOU 2025:72 figur 6.2); lika värden delar rang."""
    assert procentrang(np.array([300.0, 100.0, 200.0])).tolist() == [1.0, 0.0, 0.5]
    assert procentrang(np.array([1.0, 2.0, 2.0, 4.0, 5.0])).tolist() == [
        0.0,
        0.375,
        0.375,
        0.75,
        1.0,
    ]
    assert procentrang(np.array([7.0])).tolist() == [0.5]


def test_spridning_kvartiler_och_variationskoefficient() -> None:
    s = spridning(np.array([5.0, 1.0, 3.0, 2.0, 4.0]))
    assert (s["min"], s["q1"], s["median"], s["q3"], s["max"]) == (1.0, 2.0, 3.0, 4.0, 5.0)
    assert s["medel"] == 3.0 and s["kvartilavstand"] == 2.0
    assert s["cv"] == pytest.approx(np.sqrt(2.0) / 3.0)
    assert spridning(np.array([]))["antal"] == 0


def test_tukeys_granser() -> None:
    # Q1 = 2, Q3 = 4, IQR = 2 -> med faktor 3: [−4, 10]
    assert tukey_granser(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), 3.0) == (-4.0, 10.0)
    assert tukey_granser(np.array([1.0, 2.0, 3.0]), 3.0) is None


@pytest.mark.parametrize(
    ("gap", "ar"),
    [
        (0.0, 0),
        (1.0, 1),
        (4_999.99, 1),
        (5_000.0, 1),
        (5_000.01, 2),
        (10_000.0, 2),
        (0.1 * 3 * 50_000.0, 3),  # 15 000,000000000002 i flyttal: fortfarande 3 år
        (-12_000.0, 3),
        (31_200.0, 7),  # största tillskottet i 9.2.3
        (52_500.0, 11),  # största minskningen för en enskild huvudman i 6.3.2
    ],
)
def test_ar_till_full_effekt_ar_ceil_av_gap_genom_tak(gap: float, ar: int) -> None:
    """SOU 2025:72 8.1.2: med högst 5 000 kr per elev och år tar det upp till tio år."""
    assert ar_till_full_effekt(np.array([gap]), 5_000.0).tolist() == [ar]


def test_ar_till_full_effekt_kraver_positivt_tak() -> None:
    with pytest.raises(ValueError):
        ar_till_full_effekt(np.array([1.0]), 0.0)


def test_fordelning_ar() -> None:
    assert fordelning_ar(np.array([0, 2, 2, 3])) == {"0": 1, "1": 0, "2": 2, "3": 1}
    assert fordelning_ar(np.array([], dtype=np.int64)) == {}

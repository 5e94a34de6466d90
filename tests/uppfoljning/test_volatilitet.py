"""Volatilitet (KPMG 2020 avsnitt 3.4.2): exakt de planterade enheterna flaggas, med indexet
som drivkraft; potternas förändringar summerar till totalens; dekompositionen kontrolleras.
"""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.fel import IndataFel
from skolpeng.syntetisk.uppfoljning import shapley
from skolpeng.uppfoljning.volatilitet import volatilitet
from tests.uppfoljning.uppfoljning_hjalp import syntetisk


@pytest.mark.parametrize("seed", [0, 3])
def test_exakt_de_planterade_enheterna_flaggas(seed: int) -> None:
    d = syntetisk(seed=seed)
    v = volatilitet(d.belopp, 0.05, None, d.dekomposition)
    flaggade = dict(v.flaggade.select("skolenhetskod", "ar").iter_rows())
    assert flaggade == d.sanning.volatila
    assert set(v.flaggade["drivkraft"]) == {"index"}


def test_utan_plantering_flaggas_ingen() -> None:
    d = syntetisk(volatila=0)
    assert volatilitet(d.belopp, 0.05).flaggade.height == 0


def test_troskel_i_kronor() -> None:
    """Med en kronträskel på 2 500 kr flaggas även vanliga år (grundbeloppet ökar ~1 700 kr
    + index) – det visar att kronvillkoret gäller vid sidan av andelen."""
    d = syntetisk()
    andel = volatilitet(d.belopp, 0.05)
    kr = volatilitet(d.belopp, 0.05, 2_500)
    assert kr.flaggade.height > andel.flaggade.height
    villkor = (pl.col("andring_kr").abs() > 2_500) | (pl.col("andring_andel").abs() > 0.05)
    assert kr.flaggade.filter(~villkor).height == 0
    assert kr.forandringar.filter(villkor & ~pl.col("over_troskel")).height == 0


def test_potterna_summerar_till_totalens_forandring() -> None:
    d = syntetisk()
    v = volatilitet(d.belopp, 0.05)
    summa = v.potter.group_by("skolenhetskod", "ar").agg(pl.col("andring_kr").sum().alias("s"))
    j = v.forandringar.join(summa, on=["skolenhetskod", "ar"])
    assert j.height == v.forandringar.height
    assert ((j["s"] - j["andring_kr"]).abs() < 1e-6).all()


def test_ny_och_borttagen_pott_raknas_som_noll() -> None:
    belopp = pl.DataFrame(
        {
            "skolenhetskod": ["00000001"] * 3,
            "ar": [2023, 2024, 2024],
            "pott": ["grund", "grund", "nyanlanda"],
            "kr_per_elev": [80_000.0, 80_000.0, 8_000.0],
            "elever": [100.0, 110.0, 110.0],
            "riktad": [0, 0, 1],
            "socioekonomisk": [0, 0, 0],
        }
    )
    v = volatilitet(belopp, 0.05)
    rad = v.forandringar.row(0, named=True)
    assert rad["andring_kr"] == 8_000 and rad["andring_andel"] == pytest.approx(0.1)
    assert rad["over_troskel"]
    p = dict(v.potter.select("pott", "kr_per_elev_fore").iter_rows())
    assert p == {"grund": 80_000, "nyanlanda": 0}


def test_dekomposition_som_inte_summerar_ar_indatafel() -> None:
    d = syntetisk()
    fel = d.dekomposition.with_columns(
        andring_kr_per_elev=pl.when(
            (pl.col("skolenhetskod") == "90000030")
            & (pl.col("ar") == 2021)
            & (pl.col("faktor") == "index")
        )
        .then(pl.col("andring_kr_per_elev") + 500)
        .otherwise(pl.col("andring_kr_per_elev"))
    )
    with pytest.raises(IndataFel) as e:
        volatilitet(d.belopp, 0.05, None, fel)
    assert len(e.value.problem) == 1
    assert "90000030 år 2021" in e.value.text()


@settings(max_examples=40, deadline=None)
@given(
    gammal=st.tuples(*(st.floats(0.5, 2.0) for _ in range(3))),
    ny=st.tuples(*(st.floats(0.5, 2.0) for _ in range(3))),
)
def test_shapley_summerar_exakt(gammal: tuple, ny: tuple) -> None:
    """Invariant: Shapley-delarna summerar till förändringen, också när faktorerna
    samverkar (produkttermen)."""

    def f(a: float, b: float, c: float) -> float:
        return 85_000 * a + 15_000 * b * c + 3_000 * a * b

    delar = shapley(f, gammal, ny)
    assert sum(delar) == pytest.approx(f(*ny) - f(*gammal), abs=1e-6)
    if gammal[1] == ny[1] and gammal[2] == ny[2]:
        assert delar[1] == pytest.approx(0, abs=1e-9) and delar[2] == pytest.approx(0, abs=1e-9)

"""En elev som börjar under kalenderåret (skolförordningen 14 kap. 1 § andra stycket; SOU
2025:72 avsnitt 5.5): bidraget följer eleven från och med månaden, (12 − m + 1) / 12 av
årsbidraget per elev."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from skolpeng.fel import IndataFel
from skolpeng.fordelning.lika_villkor.ny_elev import andel_av_aret, bidrag_for_ny_elev
from skolpeng.fordelning.lika_villkor.per_enhet import DELAR, berakna_bidrag_per_enhet
from skolpeng.parametrar import load_parameters
from tests.fordelning import bidrag_hjalp as h


@pytest.mark.parametrize(
    ("fran", "till", "andel"), [(1, 12, 1.0), (3, 12, 10 / 12), (12, 12, 1 / 12), (1, 6, 0.5)]
)
def test_andel_av_aret(fran: int, till: int, andel: float) -> None:
    assert andel_av_aret(fran, till) == pytest.approx(andel)


@pytest.mark.parametrize(("fran", "till"), [(0, 12), (13, 13), (5, 4)])
def test_ogiltiga_manader(fran: int, till: int) -> None:
    with pytest.raises(ValueError):
        andel_av_aret(fran, till)


def test_elev_som_borjar_i_mars() -> None:
    """E1 förskoleklass 2029: årsbidrag 84 155,944 kr (se test_bidrag_enheter); en elev som
    börjar i mars får mars–december = 10/12 = 70 129,95 kr, och varje del 10/12 av sin
    årsdel."""
    bidrag = berakna_bidrag_per_enhet(h.fordelning(2029), load_parameters(dt.date(2029, 1, 1)))
    ny = bidrag_for_ny_elev(bidrag, "30000001", "F", 3)
    r = ny.row(0, named=True)
    assert (r["fran_manad"], r["manader"]) == (3, 10)
    assert r["bidrag"] == pytest.approx(84_155.944 * 10 / 12)
    assert r["arsbidrag"] == pytest.approx(84_155.944)
    ars = bidrag.filter((pl.col("skolenhetskod") == "30000001") & (pl.col("stadium") == "F"))
    for d in DELAR:
        assert r[d] == pytest.approx(ars[d][0] * 10 / 12)
    delar = sum(-r[d] if d == "avdrag_utbudsansvar" else r[d] for d in DELAR)
    assert delar == pytest.approx(r["bidrag"])


def test_okand_enhet_eller_stadium_och_manad() -> None:
    bidrag = berakna_bidrag_per_enhet(h.fordelning(2029), load_parameters(dt.date(2029, 1, 1)))
    with pytest.raises(IndataFel, match="inget bidrag för stadium 7-9"):
        bidrag_for_ny_elev(bidrag, "30000001", "7-9", 3)
    with pytest.raises(IndataFel, match="1–12"):
        bidrag_for_ny_elev(bidrag, "30000001", "F", 13)

"""Prestanda (issue 2): hela normberäkningen för ~4 600 enheter / ~1,2 M elever ska ta
klart under 0,2 s med data redan inläst (här på en egen, oberoende byggd nation; ~46 000
enheter prövas på den syntetiska nationen i test_syntetisk_nation.py). Samma stora nation
används för att kontrollera potternas bevarande i nationell skala.
"""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.norm import NormResultat, berakna_norm
from skolpeng.norm.resultat import KOMPONENTER
from tests.norm.hjalp import matt_tid, parametrar
from tests.norm.stor_nation import NORMAR, stor_nation


def _kontrollera_potter(r: NormResultat) -> None:
    s, e, f = r.sammanfattning, r.enheter, r.sammanfattning["upprakningsfaktor"]
    ngb = s["normgrundande_belopp"]

    def summa(kolumn: str) -> float:
        return float(e.select((pl.col("elever") * pl.col(kolumn)).sum()).item()) / f

    assert summa("grundersattning") == pytest.approx(s["grundersattning_total"], rel=1e-9)
    assert summa("socioekonomiskt_tillagg") == pytest.approx(s["socioekonomiskt_total"], rel=1e-9)
    assert abs(summa("lonejustering")) < 1e-9 * ngb
    assert abs(summa("lokaljustering")) < 1e-9 * ngb
    assert summa("platsgaranti") == pytest.approx(s["platsgaranti_reservation"], rel=1e-9)
    assert summa("gleshet") == pytest.approx(s["gleshet_reservation"], rel=1e-9)
    assert summa("modellvarde") == pytest.approx(ngb, rel=1e-9)
    assert set(KOMPONENTER) <= set(e.columns)


def test_4600_enheter_under_0_2_s() -> None:
    underlag = stor_nation(antal_enheter=4600, elever_per_enhet=260)
    tid, r = matt_tid(lambda: berakna_norm(underlag, parametrar(), NORMAR), 5)
    assert 1.1e6 < r.sammanfattning["antal_elever"] < 1.3e6
    assert tid < 0.2, f"{tid:.3f} s"
    _kontrollera_potter(r)

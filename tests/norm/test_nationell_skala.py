"""Potternas bevarande i nationell skala (~4 600 enheter / ~1,2 M elever, en egen, oberoende
byggd nation). Tiden mäts inte här utan i ``benchmarks/norm`` (projektets regel: prestanda
mäts med benchmarks, aldrig med tidsgränser i enhetstester).
"""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.norm import NormResultat, berakna_norm
from skolpeng.norm.resultat import KOMPONENTER
from tests.norm.hjalp import parametrar
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


def test_4600_enheter_bevarar_potterna() -> None:
    underlag = stor_nation(antal_enheter=4600, elever_per_enhet=260)
    r = berakna_norm(underlag, parametrar(), NORMAR)
    assert 1.1e6 < r.sammanfattning["antal_elever"] < 1.3e6
    _kontrollera_potter(r)

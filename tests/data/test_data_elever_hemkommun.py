"""Tabellen ``elever_hemkommun``: ett test per felklass, var och en med sitt
svenska meddelande, fil, rad och kolumn; utan tabellen är den None (dagens beteende).

Radnummer som i ett kalkylprogram: rubrikraden = 1, första dataraden = rad 2.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from skolpeng.data import las_underlag
from skolpeng.data.lasning import RAD, las_tabell_med_rader
from skolpeng.data.schema import TABELLER
from skolpeng.data.validering_hemkommun import perioder_utanfor_aret
from skolpeng.fel import IndataFel, Problem
from tests.data.hjalp import Tabelltext, minimala_tabeller, skriv_minimalt_underlag

RUBRIK = ["skolenhetskod", "period", "verksamhet", "arskurs", "hemkommun", "antal"]
FIL = "elever_hemkommun.csv"


def _tabeller(rader: list[list[str]]) -> dict[str, Tabelltext]:
    t = minimala_tabeller()
    t["elever_hemkommun"] = (RUBRIK, rader)
    return t


def _giltiga() -> list[list[str]]:
    return [
        ["10000002", "2026-01", "fk_gr", "1", "0114", "20"],
        ["10000002", "2026-01", "fk_gr", "1", "2584", "3"],
        ["10000001", "2026-02", "fk_gr", "F", "0114", "25"],
    ]


def _problem(tmp_path: Path, rader: list[list[str]]) -> list[Problem]:
    with pytest.raises(IndataFel) as info:
        las_underlag(skriv_minimalt_underlag(tmp_path / "u", _tabeller(rader)))
    return info.value.problem


def test_utan_tabellen_ar_den_none(tmp_path: Path) -> None:
    u = las_underlag(skriv_minimalt_underlag(tmp_path / "u"))
    assert u.elever_hemkommun is None


def test_giltig_tabell_lases_med_koder_som_text(tmp_path: Path) -> None:
    u = las_underlag(skriv_minimalt_underlag(tmp_path / "u", _tabeller(_giltiga())))
    assert u.elever_hemkommun is not None
    assert u.elever_hemkommun["hemkommun"].to_list() == ["0114", "2584", "0114"]
    assert u.elever_hemkommun["antal"].sum() == 48


def test_okand_hemkommun(tmp_path: Path) -> None:
    rader = _giltiga()
    rader[1][4] = "9999"
    assert _problem(tmp_path, rader) == [
        Problem(FIL, "hemkommunen '9999' finns inte i kommuner.csv", 3, "hemkommun")
    ]


def test_skolenhet_som_saknas_i_skolenheter(tmp_path: Path) -> None:
    rader = _giltiga()
    rader[2][0] = "99999999"
    assert _problem(tmp_path, rader) == [
        Problem(FIL, "skolenhetskod 99999999 finns inte i skolenheter.csv", 4, "skolenhetskod")
    ]


def test_negativt_antal(tmp_path: Path) -> None:
    rader = _giltiga()
    rader[0][5] = "-2"
    assert _problem(tmp_path, rader) == [Problem(FIL, "värdet -2 är mindre än 0", 2, "antal")]


def test_antal_som_inte_ar_heltal(tmp_path: Path) -> None:
    rader = _giltiga()
    rader[1][5] = "2.5"
    assert _problem(tmp_path, rader) == [Problem(FIL, "'2.5' är inte ett heltal", 3, "antal")]


def test_period_som_inte_ar_en_manad(tmp_path: Path) -> None:
    rader = _giltiga()
    rader[2][1] = "2026-13"
    assert _problem(tmp_path, rader) == [
        Problem(FIL, "'2026-13' är ingen månad; ange perioden som ÅÅÅÅ-MM", 4, "period")
    ]


def test_period_utanfor_budgetaret(tmp_path: Path) -> None:
    rader = _giltiga()
    rader[0][1] = "2025-12"
    katalog = skriv_minimalt_underlag(tmp_path / "u", _tabeller(rader))
    last = las_tabell_med_rader(katalog / FIL, TABELLER["elever_hemkommun"])
    assert last.problem == []
    assert RAD in last.data.columns
    assert perioder_utanfor_aret(last.data, 2026, FIL) == [
        Problem(FIL, "perioden '2025-12' ligger utanför budgetåret 2026", 2, "period")
    ]
    assert perioder_utanfor_aret(last.data.filter(pl.col(RAD) > 2), 2026, FIL) == []


def test_dubbel_nyckel(tmp_path: Path) -> None:
    rader = [*_giltiga(), ["10000002", "2026-01", "fk_gr", "1", "0114", "4"]]
    assert _problem(tmp_path, rader) == [
        Problem(
            FIL,
            "dubblett: samma nyckel (skolenhetskod=10000002, period=2026-01, verksamhet=fk_gr, "
            "arskurs=1, hemkommun=0114) som rad 2",
            5,
            "skolenhetskod, period, verksamhet, arskurs, hemkommun",
        )
    ]


def test_alla_fel_pa_en_gang(tmp_path: Path) -> None:
    rader = _giltiga()
    rader[0][5] = "-1"
    rader[1][4] = "9999"
    rader[2][1] = "mars"
    p = _problem(tmp_path, rader)
    assert {(x.rad, x.kolumn) for x in p} == {(2, "antal"), (3, "hemkommun"), (4, "period")}

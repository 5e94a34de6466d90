"""Anpassad grundskola och resursskolor i datasetet: verksamheten ``anpassad_gr``,
tabellerna ``elever_behovsniva``, ``behovsnivaer`` och ``resursskolor``. Ett test per ny
felklass med svenskt meddelande, fil, rad och kolumn; utan tabellerna är de None.

Radnummer som i ett kalkylprogram: rubrikraden = 1, första dataraden = rad 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skolpeng.data import las_underlag
from skolpeng.fel import IndataFel, Problem
from tests.data.hjalp import Tabelltext, minimala_tabeller, skriv_minimalt_underlag

NIVA_RUBRIK = ["skolenhetskod", "lasar", "verksamhet", "arskurs", "behovsniva", "antal"]
NIVAFIL = "elever_behovsniva.csv"


def _tabeller(
    anpassade: list[list[str]],
    nivaer: list[list[str]] | None = None,
    namn: list[list[str]] | None = None,
    resurs: list[list[str]] | None = None,
) -> dict[str, Tabelltext]:
    t = minimala_tabeller()
    rubrik, rader = t["elever"]
    t["elever"] = (rubrik, [*rader, *anpassade])
    if nivaer is not None:
        t["elever_behovsniva"] = (NIVA_RUBRIK, nivaer)
    if namn is not None:
        t["behovsnivaer"] = (["kommunkod", "behovsniva", "namn"], namn)
    if resurs is not None:
        t["resursskolor"] = (["skolenhetskod"], resurs)
    return t


ANPASSADE = [
    ["10000001", "anpassad_gr", "2025/26", "1", "4"],
    ["10000001", "anpassad_gr", "2025/26", "5", "3"],
    ["10000002", "anpassad_gr", "2025/26", "7", "2"],
]
NIVAER = [
    ["10000001", "2025/26", "anpassad_gr", "1", "A", "3"],
    ["10000001", "2025/26", "anpassad_gr", "1", "B", "1"],
    ["10000002", "2025/26", "anpassad_gr", "7", "C", "2"],
]
NAMN = [["0114", "A", "Grundnivå"], ["0114", "B", "Mellannivå"], ["0114", "C", "Hög nivå"]]


def _problem(tmp_path: Path, tabeller: dict[str, Tabelltext]) -> list[Problem]:
    with pytest.raises(IndataFel) as info:
        las_underlag(skriv_minimalt_underlag(tmp_path / "u", tabeller))
    assert not (tmp_path / "u" / "ut").exists()
    return info.value.problem


def test_utan_tabellerna_ar_de_none(tmp_path: Path) -> None:
    u = las_underlag(skriv_minimalt_underlag(tmp_path / "u"))
    assert u.elever_behovsniva is None and u.behovsnivaer is None and u.resursskolor is None


def test_giltigt_dataset_med_anpassad_grundskola_och_resursskola(tmp_path: Path) -> None:
    t = _tabeller(ANPASSADE, NIVAER, NAMN, [["10000002"]])
    u = las_underlag(skriv_minimalt_underlag(tmp_path / "u", t))
    anpassade = u.elever.filter(u.elever["verksamhet"] == "anpassad_gr")
    assert anpassade["antal"].sum() == 9
    # Samma enhet har elever i både grundskola och anpassad grundskola.
    assert set(u.elever.filter(u.elever["skolenhetskod"] == "10000001")["verksamhet"]) >= {
        "fk_gr",
        "anpassad_gr",
    }
    assert u.elever_behovsniva is not None and u.elever_behovsniva["antal"].sum() == 6
    assert u.resursskolor is not None and u.resursskolor["skolenhetskod"].to_list() == ["10000002"]


def test_anpassad_grundskola_i_forskoleklass(tmp_path: Path) -> None:
    t = _tabeller([["10000001", "anpassad_gr", "2025/26", "F", "2"]])
    rader = len(minimala_tabeller()["elever"][1])
    assert _problem(tmp_path, t) == [
        Problem(
            "elever.csv",
            "anpassad grundskola har årskurserna 1–9; elever i förskoleklass anges med "
            "verksamheten fk_gr",
            rader + 2,
            "arskurs",
        )
    ]


def test_behovsniva_utan_elever(tmp_path: Path) -> None:
    nivaer = [*NIVAER, ["10000001", "2025/26", "anpassad_gr", "2", "A", "1"]]
    assert _problem(tmp_path, _tabeller(ANPASSADE, nivaer)) == [
        Problem(
            NIVAFIL,
            "skolenheten 10000001 har inga elever i elever.csv för läsåret 2025/26, "
            "verksamheten anpassad_gr och årskurs 2",
            5,
            "antal",
        )
    ]


def test_fler_elever_pa_nivaerna_an_i_elever(tmp_path: Path) -> None:
    nivaer = [row[:] for row in NIVAER]
    nivaer[1][5] = "2"  # 3 + 2 = 5 > 4 elever i årskurs 1
    assert _problem(tmp_path, _tabeller(ANPASSADE, nivaer)) == [
        Problem(
            NIVAFIL,
            "eleverna på behovsnivåerna (5) är fler än eleverna i elever.csv (4) för "
            "skolenheten 10000001, läsåret 2025/26, årskurs 1",
            2,
            "antal",
        )
    ]


def test_okand_behovsniva(tmp_path: Path) -> None:
    nivaer = [row[:] for row in NIVAER]
    nivaer[2][4] = "D"
    assert _problem(tmp_path, _tabeller(ANPASSADE, nivaer, NAMN)) == [
        Problem(
            NIVAFIL,
            "behovsnivån 'D' finns inte i behovsnivaer.csv för kommunen 0114",
            4,
            "behovsniva",
        )
    ]


def test_resursskola_som_saknas_i_skolenheter(tmp_path: Path) -> None:
    t = _tabeller(ANPASSADE, resurs=[["10000002"], ["99999999"]])
    assert _problem(tmp_path, t) == [
        Problem(
            "resursskolor.csv",
            "skolenhetskod 99999999 finns inte i skolenheter.csv",
            3,
            "skolenhetskod",
        )
    ]


def test_okand_verksamhet_i_behovsniva(tmp_path: Path) -> None:
    nivaer = [row[:] for row in NIVAER]
    nivaer[0][2] = "sarskola"
    problem = _problem(tmp_path, _tabeller(ANPASSADE, nivaer))
    assert [(p.fil, p.rad, p.kolumn) for p in problem] == [(NIVAFIL, 2, "verksamhet")]

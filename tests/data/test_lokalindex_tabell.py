"""Den valfria tabellen ``lokalindex`` (docs/regler/dataformat.md#lokalindex): läsning och validering.

Okänd kommunkod, dubbla rader, index ≤ 0, omvända år och år som skiljer sig mellan raderna
rapporteras alla på en gång med fil, rad och kolumn; en giltig tabell läses in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skolpeng.data import las_underlag
from skolpeng.fel import IndataFel, Problem
from tests.data.hjalp import minimala_tabeller, skriv_minimalt_underlag

RUBRIK = ["kommunkod", "index", "forsta_ar", "sista_ar"]


def _katalog(tmp_path: Path, rader: list[list[str]]) -> Path:
    t = minimala_tabeller()
    t["lokalindex"] = (RUBRIK, rader)
    return skriv_minimalt_underlag(tmp_path / "u", t)


def test_giltig_tabell_lases_in(tmp_path: Path) -> None:
    u = las_underlag(
        _katalog(tmp_path, [["0114", "104.5", "2022", "2024"], ["2584", "97", "2022", "2024"]])
    )
    assert u.lokalindex is not None
    assert u.lokalindex.to_dicts() == [
        {"kommunkod": "0114", "index": 104.5, "forsta_ar": 2022, "sista_ar": 2024},
        {"kommunkod": "2584", "index": 97.0, "forsta_ar": 2022, "sista_ar": 2024},
    ]
    assert "lokalindex.csv" in u.filhashar


def test_utan_tabell_ar_den_none(tmp_path: Path) -> None:
    assert las_underlag(skriv_minimalt_underlag(tmp_path / "u")).lokalindex is None


def test_alla_fel_pa_en_gang_med_fil_rad_och_kolumn(tmp_path: Path) -> None:
    katalog = _katalog(
        tmp_path,
        [
            ["0114", "104.5", "2022", "2024"],  # rad 2, giltig
            ["9999", "101", "2022", "2024"],  # rad 3: okänd kommun
            ["0114", "99", "2022", "2024"],  # rad 4: dubblett av rad 2
            ["2584", "0", "2022", "2024"],  # rad 5: index ≤ 0 (och dubblett nedan)
            ["2584", "-3", "2024", "2022"],  # rad 6: negativt, omvända år, dubblett
        ],
    )
    with pytest.raises(IndataFel) as fel:
        las_underlag(katalog)
    problem = [p for p in fel.value.problem if p.fil == "lokalindex.csv"]
    assert problem == fel.value.problem  # inga andra filer har fel
    par = {(p.rad, p.kolumn) for p in problem}
    assert (3, "kommunkod") in par
    assert (4, "kommunkod") in par and (6, "kommunkod") in par  # dubbla nycklar
    assert (5, "index") in par and (6, "index") in par
    assert (6, "sista_ar") in par and (6, "forsta_ar") in par
    okand = next(p for p in problem if p.rad == 3)
    assert okand == Problem(
        "lokalindex.csv", "kommunkod 9999 finns inte i kommuner.csv", 3, "kommunkod"
    )
    omvand = next(p for p in problem if p.rad == 6 and p.kolumn == "sista_ar")
    assert omvand.meddelande == "sista_ar 2022 ligger före forsta_ar 2024"
    assert all(p.rad is not None for p in problem)


def test_ar_som_skiljer_sig_mellan_raderna(tmp_path: Path) -> None:
    katalog = _katalog(
        tmp_path, [["0114", "104.5", "2022", "2024"], ["2584", "97", "2021", "2023"]]
    )
    with pytest.raises(IndataFel) as fel:
        las_underlag(katalog)
    assert fel.value.problem == [
        Problem(
            "lokalindex.csv",
            "åren 2021–2023 skiljer sig från rad 2 (2022–2024); ett fastställt "
            "lokalkostnadsindex beräknas för alla kommuner på samma år",
            3,
            "forsta_ar",
        )
    ]


def test_saknad_kolumn(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["lokalindex"] = (["kommunkod", "index"], [["0114", "104.5"]])
    with pytest.raises(IndataFel) as fel:
        las_underlag(skriv_minimalt_underlag(tmp_path / "u", t))
    assert {(p.fil, p.kolumn) for p in fel.value.problem} == {
        ("lokalindex.csv", "forsta_ar"),
        ("lokalindex.csv", "sista_ar"),
    }

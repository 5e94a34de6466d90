"""Uppföljningens indata: alla problem i alla filer på en gång, med fil, rad och kolumn;
analysfilen med okända nycklar avvisas; läsår som inte kan tolkas."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from skolpeng.fel import IndataFel
from skolpeng.uppfoljning.indata import las_analysfil, las_tabeller, med_ar


def test_alla_problem_i_alla_filer_pa_en_gang(tmp_path: Path) -> None:
    (tmp_path / "belopp.csv").write_text(
        "skolenhetskod,ar,pott,kr_per_elev,elever,riktad\n"
        "00000001,2024,grund,80000,100,0\n"
        "00000001,2024,grund,80000,100,0\n"  # dubblett
        "00000001,2024,socio,abc,120,2\n",  # inte ett tal, olika elever, riktad 2
        encoding="utf-8",
    )
    (tmp_path / "index.csv").write_text("skolenhetskod,ar,index\n123,2024,0\n", encoding="utf-8")
    with pytest.raises(IndataFel) as e:
        las_tabeller(
            {
                "belopp": tmp_path / "belopp.csv",
                "index": tmp_path / "index.csv",
                "bakgrund": tmp_path / "saknas.csv",
            }
        )
    problem = {(p.fil, p.rad, p.kolumn) for p in e.value.problem}
    assert ("belopp.csv", 3, "skolenhetskod, ar, pott") in problem
    assert ("belopp.csv", 4, "kr_per_elev") in problem
    assert ("belopp.csv", 4, "riktad") in problem
    assert ("belopp.csv", 4, "elever") in problem
    assert ("index.csv", 2, "index") in problem
    assert any("saknas.csv" in p.fil for p in e.value.problem)


def test_lasning_och_standardvarde_for_socioekonomisk(tmp_path: Path) -> None:
    (tmp_path / "belopp.csv").write_text(
        "skolenhetskod;ar;pott;kr_per_elev;elever;riktad\n1;2024;grund;80 000,5;100;0\n",
        encoding="utf-8",
    )
    b = las_tabeller({"belopp": tmp_path / "belopp.csv"})["belopp"]
    assert b.row(0, named=True) == {
        "skolenhetskod": "00000001",
        "ar": 2024,
        "pott": "grund",
        "kr_per_elev": 80_000.5,
        "elever": 100.0,
        "riktad": 0,
        "socioekonomisk": 0,
    }


def test_analysfil_okand_nyckel_och_ogiltigt_varde(tmp_path: Path) -> None:
    fil = tmp_path / "analys.yaml"
    fil.write_text(
        "utfall: [meritvarde, betyg]\nminsta_antal: 10\ntrosklar:\n  volatilitet_andel: -1\n",
        encoding="utf-8",
    )
    with pytest.raises(IndataFel) as e:
        las_analysfil(fil)
    kolumner = {p.kolumn for p in e.value.problem}
    assert {"utfall.1", "minsta_antal", "trosklar.volatilitet_andel"} <= kolumner
    assert any(p.meddelande == "okänd nyckel" for p in e.value.problem)


def test_analysfil_standardvarden(tmp_path: Path) -> None:
    fil = tmp_path / "analys.yaml"
    fil.write_text("faktorer: [andel_eftergymnasial]\n", encoding="utf-8")
    a = las_analysfil(fil)
    assert a.faktorer == ["andel_eftergymnasial"]
    assert a.minsta_antal_elever == 15  # docs/regler/uppfoljning.md#forvantat: standard 15 elever
    assert a.utfall == ["meritvarde", "andel_behoriga"]


def test_lasar_till_ar() -> None:
    ram = pl.DataFrame({"lasar": ["2023/24", "2024/25"]})
    assert med_ar(ram, "slut")["ar"].to_list() == [2024, 2025]
    assert med_ar(ram, "start")["ar"].to_list() == [2023, 2024]
    with pytest.raises(IndataFel) as e:
        med_ar(pl.DataFrame({"lasar": ["2024", "VT25"]}), "slut")
    assert len(e.value.problem) == 2

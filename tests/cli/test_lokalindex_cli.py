"""``skolpeng lokalindex`` och ett fastställt index i ``skolpeng norm`` (docs/regler/norm.md#lokalindex-fast).

Kommandot skriver ``lokalindex.csv`` (och manifest) atomiskt; dålig indata ger svenska
meddelanden med fil och kolumn, exitkod 2 och ingenting skrivet. Läggs filen i datasetet
säger normkörningen att den använde det fastställda indexet och vilka år det bygger på – i
terminalen, i ``sammanfattning.json`` och på Excelbokens parameterblad.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import polars as pl
from typer.testing import CliRunner

from skolpeng.cli import app
from tests.data.hjalp import NORMAR, minimala_tabeller, skriv_minimalt_underlag

runner = CliRunner()


def _kor(*arg: str):
    return runner.invoke(app, list(arg), catch_exceptions=False)


def _parameterblad(xlsx: Path) -> list[tuple]:
    bok = openpyxl.load_workbook(xlsx, read_only=True)
    return [r for r in bok["Parametrar och källor"].iter_rows(values_only=True)]


def test_lokalindex_skrivs_och_fastställs_i_normen(tmp_path: Path) -> None:
    data = skriv_minimalt_underlag(tmp_path / "underlag")
    ut = tmp_path / "li"
    res = _kor("lokalindex", "--data", str(data), "--ut", str(ut))
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in ut.iterdir()) == ["lokalindex.csv", "manifest.json"]
    assert "Lokalkostnadsindex för 2 kommuner" in res.output and "2022–2024" in res.output
    tabell = pl.read_csv(ut / "lokalindex.csv", schema_overrides={"kommunkod": pl.String})
    assert tabell.columns == ["kommunkod", "index", "forsta_ar", "sista_ar"]
    assert tabell["kommunkod"].to_list() == ["0114", "2584"]
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kommando"] == "lokalindex" and "lokalindex.csv" in manifest["utdata_sha256"]

    # Utan tabellen: beräknat vid körningen.
    res = _kor("norm", "--data", str(data), "--ar", str(NORMAR), "--ut", str(tmp_path / "n1"))
    assert res.exit_code == 0, res.output
    assert "Lokalkostnadsindex: beräknat vid körningen ur" in res.output
    forut = json.loads((tmp_path / "n1" / "sammanfattning.json").read_text(encoding="utf-8"))
    assert forut["nationellt"]["lokalindex_faststallt"] is False

    # Med tabellen i datasetet: fastställt, samma index och samma norm.
    shutil.copy(ut / "lokalindex.csv", data / "lokalindex.csv")
    n2 = tmp_path / "n2"
    res = _kor("norm", "--data", str(data), "--ar", str(NORMAR), "--ut", str(n2))
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    assert (
        "Lokalkostnadsindex: fastställt ur lokalindex.csv, beräknat på åren 2022, 2023, 2024."
        in text
    )
    sammanfattning = json.loads((n2 / "sammanfattning.json").read_text(encoding="utf-8"))
    assert sammanfattning["nationellt"]["lokalindex_faststallt"] is True
    assert sammanfattning["nationellt"]["lokalindex_ar"] == [2022, 2023, 2024]
    assert sammanfattning["lokalkostnadsindex"].startswith("fastställt ur lokalindex.csv")
    for stadium, v in forut["norm_per_stadium"].items():
        nu = sammanfattning["norm_per_stadium"][stadium]["norm_kr_per_elev"]
        assert abs(nu - v["norm_kr_per_elev"]) < 1e-6
    rader = _parameterblad(n2 / "norm.xlsx")
    rad = next(r for r in rader if r[0] == "Lokalkostnadsindex")
    assert rad[1].startswith("fastställt ur lokalindex.csv")
    assert any(r[0] == "Lokalkostnadsindex" for r in _parameterblad(tmp_path / "n1" / "norm.xlsx"))


def test_dalig_indata_exitkod_2_och_inget_skrivet(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rubrik, rader = t["lokalkostnadsunderlag"]
    t["lokalkostnadsunderlag"] = (
        rubrik,
        [r for r in rader if not (r[0] == "2584" and r[1] == "2023")],
    )
    data = skriv_minimalt_underlag(tmp_path / "underlag", t)
    ut = tmp_path / "li"
    res = _kor("lokalindex", "--data", str(data), "--ut", str(ut))
    assert res.exit_code == 2
    assert "ingenting har skrivits" in res.output
    assert "lokalkostnadsunderlag.csv" in res.output and "kommunkod 2584" in res.output
    assert not ut.exists()


def test_ogiltig_lokalindextabell_stoppar_normen(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["lokalindex"] = (
        ["kommunkod", "index", "forsta_ar", "sista_ar"],
        [["0114", "-1", "2022", "2024"], ["0114", "100", "2022", "2024"]],
    )
    data = skriv_minimalt_underlag(tmp_path / "underlag", t)
    ut = tmp_path / "n"
    res = _kor("norm", "--data", str(data), "--ar", str(NORMAR), "--ut", str(ut))
    assert res.exit_code == 2
    assert "lokalindex.csv" in res.output and "rad 2" in res.output and "rad 3" in res.output
    assert not ut.exists()


def test_sista_ar_styr_aren_och_for_fa_ar_ar_ett_fel(tmp_path: Path) -> None:
    """Underlaget har lokalkostnader 2022–2024; indexet tar de tre senaste åren t.o.m.
    --sista-ar, så 2023 räcker inte (bara 2022–2023) och 2024 ger 2022–2024."""
    data = skriv_minimalt_underlag(tmp_path / "underlag")
    res = _kor("lokalindex", "--data", str(data), "--sista-ar", "2023", "--ut", str(tmp_path / "a"))
    assert res.exit_code == 2
    assert "kräver 3 år till och med 2023" in " ".join(res.output.split())
    assert not (tmp_path / "a").exists()
    res = _kor("lokalindex", "--data", str(data), "--sista-ar", "2024", "--ut", str(tmp_path / "b"))
    assert res.exit_code == 0, res.output
    tabell = pl.read_csv(tmp_path / "b" / "lokalindex.csv")
    assert set(tabell["forsta_ar"]) == {2022} and set(tabell["sista_ar"]) == {2024}

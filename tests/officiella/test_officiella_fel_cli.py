"""Fel i exporter (IndataFel med fil, rad och kolumn) och kommandot ``skolpeng importera``."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.data.officiella import importera
from skolpeng.fel import IndataFel

FIX = Path(__file__).parent / "fixtures"
SKOLNIVA = FIX / "skolverket_elever_skolniva_2025.csv"


def test_fil_som_saknas(tmp_path: Path) -> None:
    with pytest.raises(IndataFel, match="filen finns inte"):
        importera(tmp_path / "finns_inte.csv", "elever-skolniva")


def test_ingen_rubrikrad_ar_ett_fel() -> None:
    with pytest.raises(IndataFel) as fel:
        importera(FIX / "skolverket_kostnader_2024.csv", "elever-skolniva")
    assert "hittade ingen rubrikrad" in fel.value.text()


def test_text_som_inte_ar_tal_ger_rad_och_kolumn(tmp_path: Path) -> None:
    """Alla problem på en gång: två dåliga celler på två rader."""
    data = SKOLNIVA.read_bytes()
    data = data.replace(b";267;48,3;", b";267;abc;").replace(b";68;62;67;", b";68;sex;67;")
    fil = tmp_path / "trasig.csv"
    fil.write_bytes(data)
    with pytest.raises(IndataFel) as fel:
        importera(fil, "elever-skolniva")
    problem = {(p.rad, p.kolumn) for p in fel.value.problem}
    # rad 7 = Ahlafors (banner 5 rader, rubrikrad 6), rad 8 = Alboskolan
    assert problem == {(7, "Andel (%) flickor, årskurs 1-9"), (8, "Elever, årskurs 5")}
    assert all(p.fil == "trasig.csv" for p in fel.value.problem)


def test_windows_1252_utan_bom(tmp_path: Path) -> None:
    text = SKOLNIVA.read_bytes().decode("utf-8-sig")
    fil = tmp_path / "ansi.csv"
    fil.write_bytes(text.encode("cp1252"))
    res = importera(fil, "elever-skolniva")
    assert res.tabeller["skolenheter"].height == 7
    assert (
        "Ahlafors Fria Skola Ekonomisk förening"
        in res.tabeller["skolenheter"]["huvudman_namn"].to_list()
    )


def test_cli_importera_skriver_tabeller_och_manifest(tmp_path: Path) -> None:
    ut = tmp_path / "dataset"
    r = CliRunner().invoke(
        app, ["importera", "--fran", str(SKOLNIVA), "--typ", "elever-skolniva", "--ut", str(ut)]
    )
    assert r.exit_code == 0, r.output
    assert {p.name for p in ut.iterdir()} == {
        "skolenheter.csv",
        "elever.csv",
        "skolenheter_bakgrund.csv",
        "manifest.json",
    }
    assert "Noteringar" in r.output and "inte noll" in r.output
    elever = pl.read_csv(ut / "elever.csv", infer_schema=False)
    assert elever.columns == ["skolenhetskod", "verksamhet", "lasar", "arskurs", "antal"]
    assert elever["antal"].cast(pl.Int64).sum() == 267 + 197 + 146 + 41 + 19 + 281 + 313
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kommando"] == "importera" and manifest["argument"]["period"] == "2025/26"


def test_cli_fel_ger_exitkod_2_och_skriver_inget(tmp_path: Path) -> None:
    ut = tmp_path / "ut"
    r = CliRunner().invoke(
        app, ["importera", "--fran", str(SKOLNIVA), "--typ", "kostnader-kommun", "--ut", str(ut)]
    )
    assert r.exit_code == 2
    assert not ut.exists()
    r = CliRunner().invoke(
        app, ["importera", "--fran", str(SKOLNIVA), "--typ", "okand", "--ut", str(ut)]
    )
    assert r.exit_code == 2 and "okänd exporttyp" in r.output

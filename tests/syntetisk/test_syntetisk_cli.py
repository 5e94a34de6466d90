"""Kommandot ``skolpeng syntetisk``: skriver datasetkatalogen atomiskt med README och
manifest, katalogen läses tillbaka med ``las_underlag`` utan problem och ger samma tabeller,
och ogiltiga argument ger exitkod 2 utan att något skrivs."""

from __future__ import annotations

import json
from pathlib import Path

from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.data import las_underlag
from skolpeng.data.schema import TABELLER
from skolpeng.syntetisk import generera_nation

ARGUMENT = ["--seed", "4", "--kommuner", "12", "--skala", "0.2", "--ar", "2027"]


def test_skriver_och_laser_tillbaka(tmp_path: Path) -> None:
    ut = tmp_path / "nation"
    svar = CliRunner().invoke(app, ["syntetisk", "--ut", str(ut), *ARGUMENT])
    assert svar.exit_code == 0, svar.output
    assert "12 kommuner" in svar.output and "% i enskilda enheter" in svar.output

    forvantad = generera_nation(seed=4, antal_kommuner=12, skala=0.2, normar=2027)
    filer = {p.name for p in ut.iterdir()}
    tabeller = {f"{n}.csv" for n in TABELLER if forvantad.tabell(n) is not None}
    assert filer == tabeller | {"README.md", "manifest.json"}

    readme = (ut / "README.md").read_text(encoding="utf-8")
    kolumner = sum(len(TABELLER[f[:-4]].kolumner) for f in tabeller)
    assert readme.count("| syntetisk |") == kolumner
    assert "`seed`: 4" in readme and "`skala`: 0.2" in readme and "`ar`: 2027" in readme
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kommando"] == "syntetisk"
    assert manifest["argument"] == {"seed": 4, "kommuner": 12, "skala": 0.2, "ar": 2027}

    inlast = las_underlag(ut)
    assert inlast.anteckningar == ()
    for namn in TABELLER:
        if forvantad.tabell(namn) is None:
            assert inlast.tabell(namn) is None
        else:
            assert_frame_equal(
                inlast.tabell(namn), forvantad.tabell(namn), check_exact=False, rel_tol=1e-12
            )


def test_skala_ett_laser_tillbaka_utan_problem(tmp_path: Path) -> None:
    ut = tmp_path / "sverige"
    svar = CliRunner().invoke(app, ["syntetisk", "--ut", str(ut)])
    assert svar.exit_code == 0, svar.output
    assert "290 kommuner" in svar.output
    inlast = las_underlag(ut)
    assert inlast.anteckningar == ()
    assert inlast.skolenheter.height == generera_nation().skolenheter.height


def test_ogiltiga_argument_skriver_inget(tmp_path: Path) -> None:
    ut = tmp_path / "nation"
    svar = CliRunner().invoke(app, ["syntetisk", "--ut", str(ut), "--skala", "-1"])
    assert svar.exit_code == 2
    assert "skala måste vara större än 0" in svar.output
    assert not ut.exists()
    assert list(tmp_path.iterdir()) == []

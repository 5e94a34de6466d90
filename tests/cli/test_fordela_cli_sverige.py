"""``skolpeng fordela`` på verkliga kommuner i det medföljande datasetet (README, "Allocation
models"): Huddinge (med målgruppstabellen i en kopia av ``sverige``) och normen som lokal
modell direkt på ``sverige``. Kommandot ger samma belopp som biblioteket (DESIGN.md vana 6)."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.data import hitta_underlag
from tests.fordelning.exempelmodeller_hjalp import (
    MODELLER,
    kor,
    modell,
    sverige,
    sverige_med_huddinges_malgrupper,
)

runner = CliRunner()


def _fordelning(ut: Path) -> pl.DataFrame:
    return pl.read_csv(ut / "fordelning.csv", schema_overrides={"skolenhetskod": pl.String})


def _samma_som_biblioteket(ut: Path, f) -> None:
    csv = _fordelning(ut).sort("skolenhetskod", "stadium", "pott", "delpott")
    lib = f.rader.sort("skolenhetskod", "stadium", "pott", "delpott")
    assert csv.height == lib.height
    assert csv["skolenhetskod"].to_list() == lib["skolenhetskod"].to_list()
    assert csv["belopp_kr_avrundat"].to_list() == lib["belopp_kr_avrundat"].to_list()
    assert (csv["belopp_kr"] - lib["belopp_kr"]).abs().max() < 1e-6


@pytest.fixture(scope="module")
def huddinge(tmp_path_factory) -> tuple[Path, str]:
    """README: kopiera datasetet sverige och lägg Huddinges målgrupper i det."""
    k = tmp_path_factory.mktemp("huddinge")
    data = k / "sverige_huddinge"
    shutil.copytree(hitta_underlag("sverige"), data)
    shutil.copy(MODELLER / "data" / "huddinge_malgrupper.csv", data / "malgrupper.csv")
    ut = k / "ut"
    res = runner.invoke(
        app,
        ["fordela", "--modell", str(MODELLER / "huddinge_2019.yaml"), "--data", str(data),
         "--ut", str(ut), "--utan-pdf"],
        catch_exceptions=False,
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    return ut, res.output


def test_huddinge_som_biblioteket(huddinge):
    ut, text = huddinge
    _samma_som_biblioteket(
        ut, kor(modell("huddinge_2019.yaml"), sverige_med_huddinges_malgrupper())
    )
    assert "Huddinge (0126), kalenderåret 2020" in text
    assert "37 (30 kommunala, 7 enskilda)" in text.replace("\xa0", " ")
    # normen finns inte för 2020 (normens parametrar gäller från 2022): förklarat, inget skrivet
    assert "Jämförelsen med normen har inte gjorts" in text
    assert not (ut / "normjamforelse.csv").exists()


def test_huddinge_statsbidragen_ingar_inte_i_bidraget(huddinge):
    ut, _ = huddinge
    f = _fordelning(ut)
    b = pl.read_csv(ut / "bidrag.csv", schema_overrides={"skolenhetskod": pl.String})
    enskilda = set(b["skolenhetskod"])
    assert len(enskilda) == 7
    stat = f.filter(pl.col("pott").is_in(["likvardig_skola", "lagstadiesatsning"]))
    assert not (set(stat["skolenhetskod"]) & enskilda)
    assert (b["lokalkostnad"] == 18_700).all()


def test_normen_som_lokal_modell_direkt_pa_sverige(tmp_path):
    ut = tmp_path / "malmo"
    res = runner.invoke(
        app,
        ["fordela", "--modell", str(MODELLER / "normen_som_lokal_modell.yaml"), "--data", "sverige",
         "--ar", "2026", "--ut", str(ut), "--utan-pdf"],
        catch_exceptions=False,
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    _samma_som_biblioteket(ut, kor(modell("normen_som_lokal_modell.yaml"), sverige()))
    assert "Malmö (1280), kalenderåret 2026" in res.output
    j = pl.read_csv(ut / "normjamforelse.csv", schema_overrides={"skolenhetskod": pl.String})
    kommun = j.filter((pl.col("niva") == "huvudman") & (pl.col("stadium") == "alla")).row(
        0, named=True
    )
    assert kommun["skolenhetskod"] == "1280"
    assert kommun["skillnad_kr"] == pytest.approx(
        kommun["modell_kr_per_elev"] - kommun["norm_kr_per_elev"]
    )
    assert "Beaktande av den nationella normen – Malmö 2026" in (ut / "beaktande.md").read_text(
        encoding="utf-8"
    )

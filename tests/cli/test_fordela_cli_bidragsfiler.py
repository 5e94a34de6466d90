"""``skolpeng fordela --villkorade-belopp FIL --faktiska-lokalkostnader FIL`` (docs/regler/fordelning-och-bidrag.md#villkorat-belopp, docs/regler/dataformat.md#faktiska-lokalkostnader; SOU 2025:72 avsnitt 10.5.2, skolförordningen 14 kap. 6 §): filerna når bidrag.csv,
besluten och manifestet; dålig indata ger alla problem, exitkod 2 och inget skrivet."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.utdata import sha256_fil
from tests.cli.test_fordela_cli import MODELL_2026
from tests.data.hjalp import skriv_minimalt_underlag

runner = CliRunner()
SCHEMA = {"skolenhetskod": pl.String, "huvudman_id": pl.String}


def _kor(*arg: str):
    return runner.invoke(app, ["fordela", *arg, "--utan-pdf"], catch_exceptions=False)


@pytest.fixture(scope="module")
def katalog(tmp_path_factory) -> Path:
    k = tmp_path_factory.mktemp("bidragsfiler")
    skriv_minimalt_underlag(k / "data")
    (k / "modell.yaml").write_text(yaml.safe_dump(MODELL_2026, allow_unicode=True), "utf-8")
    res = _kor(
        "--modell", str(k / "modell.yaml"), "--data", str(k / "data"), "--ut", str(k / "utan")
    )
    assert res.exit_code == 0, res.output
    return k


def _bas(katalog: Path) -> pl.DataFrame:
    return pl.read_csv(katalog / "utan" / "bidrag.csv", schema_overrides=SCHEMA)


def test_villkorat_belopp_och_faktisk_lokalkostnad_i_bidraget(katalog: Path) -> None:
    bas = _bas(katalog)
    enhet, stadium, hm = (
        bas.row(0, named=True)["skolenhetskod"],
        bas["stadium"][0],
        bas["huvudman_id"][0],
    )
    (katalog / "villkorade.csv").write_text(
        "skolenhetskod,stadium,andamal,villkor,kr_per_elev\n"
        f"{enhet},{stadium},Resursskola för elever med autism,Undervisning i små grupper,12000\n",
        encoding="utf-8",
    )
    (katalog / "lokaler.csv").write_text(
        f"skolenhetskod,kr_per_elev,skal\n{enhet},9000,Lokalerna är hyrda av kommunen\n",
        encoding="utf-8",
    )
    ut = katalog / "med"
    res = _kor("--modell", str(katalog / "modell.yaml"), "--data", str(katalog / "data"),
               "--ut", str(ut), "--villkorade-belopp", str(katalog / "villkorade.csv"),
               "--faktiska-lokalkostnader", str(katalog / "lokaler.csv"))  # fmt: skip
    assert res.exit_code == 0, res.output
    b = pl.read_csv(ut / "bidrag.csv", schema_overrides=SCHEMA)
    rad = b.filter((pl.col("skolenhetskod") == enhet) & (pl.col("stadium") == stadium)).row(
        0, named=True
    )
    fore = bas.filter((pl.col("skolenhetskod") == enhet) & (pl.col("stadium") == stadium)).row(
        0, named=True
    )
    assert rad["villkorat_belopp"] == 12_000 and fore["villkorat_belopp"] == 0
    assert (rad["lokalkostnad"], fore["lokalkostnad"] != 9_000) == (9_000, True)
    # villkorat belopp: moms 6 % men ingen administration (docs/regler/fordelning-och-bidrag.md#villkorat-belopp, SOU 10.5.2)
    g0 = rad["undervisning"] + rad["larverktyg"] + rad["elevhalsa"] + rad["maltider"] + 9_000
    assert rad["administration"] == pytest.approx(0.03 * g0, abs=1)
    grund = g0 + rad["administration"] - rad["avdrag_utbudsansvar"]
    assert rad["moms"] == pytest.approx(0.06 * (grund + 12_000), abs=1)
    assert rad["bidrag"] == grund + 12_000 + rad["moms"]
    # övriga enheter oförändrade
    andra = b.filter(pl.col("skolenhetskod") != enhet)
    assert andra.equals(bas.filter(pl.col("skolenhetskod") != enhet))
    beslut = (ut / "beslut" / f"{hm}.html").read_text(encoding="utf-8")
    assert "Resursskola för elever med autism" in beslut
    assert "Undervisning i små grupper" in beslut
    assert "Lokalerna är hyrda av kommunen" in beslut
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["indata_sha256"]["bidrag/villkorade.csv"] == sha256_fil(
        katalog / "villkorade.csv"
    )
    assert manifest["indata_sha256"]["bidrag/lokaler.csv"] == sha256_fil(katalog / "lokaler.csv")
    assert manifest["argument"]["villkorade_belopp"] == str(katalog / "villkorade.csv")


def test_dalig_indata_alla_problem_exitkod_2(katalog: Path) -> None:
    """En kommunal enhet i de villkorade beloppen (upptäcks mot fördelningen) och en fil som
    saknas: exitkod 2, inget skrivet."""
    kommunal = pl.read_csv(katalog / "utan" / "fordelning.csv", schema_overrides=SCHEMA).join(
        _bas(katalog).select("skolenhetskod").unique(), on="skolenhetskod", how="anti"
    )["skolenhetskod"][0]
    (katalog / "fel.csv").write_text(
        f"skolenhetskod,stadium,andamal,villkor,kr_per_elev\n{kommunal},,Ändamål,Villkor,500\n",
        encoding="utf-8",
    )
    ut = katalog / "fel_ut"
    res = _kor("--modell", str(katalog / "modell.yaml"), "--data", str(katalog / "data"),
               "--ut", str(ut), "--villkorade-belopp", str(katalog / "fel.csv"))  # fmt: skip
    assert res.exit_code == 2
    assert "inte en enskild huvudman" in res.output and not ut.exists()
    res = _kor("--modell", str(katalog / "modell.yaml"), "--data", str(katalog / "data"),
               "--ut", str(ut), "--faktiska-lokalkostnader", str(katalog / "saknas.csv"))  # fmt: skip
    assert res.exit_code == 2
    assert "filen finns inte" in res.output and not ut.exists()

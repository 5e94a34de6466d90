"""En kommuns egen elevregisterexport med mappningsfil -> ``elever_hemkommun``:
en rad per elev aggregeras till antal, kolumner med personuppgifter läses aldrig och skrivs
inte, fel rapporteras med exportens radnummer och kolumnnamn."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from skolpeng.cli import app

runner = CliRunner()
MAPPNING = """kolumner:
  skolenhetskod: Skolenhet
  period: Avläsningsdatum
  arskurs: Årskurs
  hemkommun: Folkbokföringskommun
verksamhet: fk_gr
varden:
  arskurs: {FK: F}
"""
EXPORT = (
    "Personnummer;Namn;Skolenhet;Årskurs;Folkbokföringskommun;Avläsningsdatum\n"
    "20190101-1234;Anna A;10000001;FK;1480 Göteborg;2026-03-15\n"
    "20190202-2345;Bo B;10000001;FK;1480 Göteborg;2026-03-15\n"
    "20180303-3456;Cecilia C;10000001;1;1481 Mölndal;2026-03-15\n"
    "20180404-4567;David D;10000001;1;1481;202603\n"
)


def _kor(tmp: Path, export: str) -> tuple[object, Path]:
    (tmp / "export.csv").write_text(export, encoding="utf-8")
    (tmp / "mappning.yaml").write_text(MAPPNING, encoding="utf-8")
    ut = tmp / "ut"
    res = runner.invoke(
        app,
        [
            "importera",
            "--typ",
            "elevregister",
            "--fran",
            str(tmp / "export.csv"),
            "--mappning",
            str(tmp / "mappning.yaml"),
            "--ut",
            str(ut),
        ],
        catch_exceptions=False,
    )
    return res, ut


def test_en_rad_per_elev_blir_antal(tmp_path: Path) -> None:
    res, ut = _kor(tmp_path, EXPORT)
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    text = (ut / "elever_hemkommun.csv").read_text("utf-8")
    assert "2019" not in text and "Anna" not in text
    d = pl.read_csv(
        ut / "elever_hemkommun.csv",
        schema_overrides={"skolenhetskod": pl.String, "hemkommun": pl.String},
    )
    assert d.rows() == [
        ("10000001", "2026-03", "fk_gr", "1", "1481", 2),
        ("10000001", "2026-03", "fk_gr", "F", "1480", 2),
    ]
    assert "varje rad har räknats som en elev" in res.output  # type: ignore[attr-defined]


def test_fel_med_exportens_rad_och_kolumn(tmp_path: Path) -> None:
    export = EXPORT.replace("1481;202603", "1481;mars")
    res, ut = _kor(tmp_path, export)
    assert res.exit_code == 2  # type: ignore[attr-defined]
    assert not ut.exists()
    text = " ".join(res.output.split())  # type: ignore[attr-defined]
    assert "export.csv, rad 5, kolumn 'Avläsningsdatum'" in text
    assert "'mars' är ingen månad" in text

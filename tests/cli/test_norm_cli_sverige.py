"""``skolpeng norm --data sverige``: det medföljande datasetet hela vägen till Excelboken."""

from __future__ import annotations

import json

import openpyxl
import polars as pl
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.data import hitta_underlag
from skolpeng.utdata import sha256_fil


def test_sverige_med_proveniens_i_excelboken(tmp_path):
    ut = tmp_path / "norm_2026"
    res = CliRunner().invoke(app, ["norm", "--data", "sverige", "--ar", "2026", "--ut", str(ut)])
    assert res.exit_code == 0, res.output
    katalog = hitta_underlag("sverige")
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    for fil, h in manifest["indata_sha256"].items():
        assert sha256_fil(katalog / fil) == h
    pub = pl.read_csv(ut / "norm_publicering.csv", infer_schema_length=None)
    enheter = pl.read_csv(ut / "norm_skolenheter.csv", infer_schema_length=None)
    kommunala = enheter.filter(pl.col("huvudmannatyp") == "kommunal")
    assert pub.filter(pl.col("radtyp") == "skolenhet").height == kommunala.height
    wb = openpyxl.load_workbook(ut / "norm.xlsx", read_only=True)
    celler = {c for r in wb["Parametrar och källor"].iter_rows(values_only=True) for c in r}
    # Datasetets README: källfilerna och varje kolumns ursprung (verklig/härledd/syntetisk).
    assert any(str(c).startswith("README.md: Ursprung") for c in celler if c)
    assert any(str(c).startswith("README.md: Källfiler") for c in celler if c)
    assert {"verklig", "härledd", "syntetisk"} <= celler
    assert "sverige" in celler

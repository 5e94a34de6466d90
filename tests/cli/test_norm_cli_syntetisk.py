"""``skolpeng norm`` på en liten syntetisk nation (generera_nation + skriv_underlag)."""

from __future__ import annotations

import json

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.data import skriv_underlag
from skolpeng.norm.publicering import VARAV
from skolpeng.syntetisk import generera_nation


@pytest.fixture(scope="module")
def utdata(tmp_path_factory):
    katalog = tmp_path_factory.mktemp("syntetisk")
    skriv_underlag(generera_nation(seed=7, antal_kommuner=8, skala=0.05), katalog / "underlag")
    (katalog / "underlag" / "README.md").write_text(
        "# Syntetisk\n\n## Proveniens\n\n| tabell | ursprung |\n|---|---|\n| elever | syntetisk |\n",
        encoding="utf-8",
    )
    ut = katalog / "ut"
    res = CliRunner().invoke(
        app, ["norm", "--data", str(katalog / "underlag"), "--ar", "2026", "--ut", str(ut)]
    )
    assert res.exit_code == 0, res.output
    return ut


def test_invarianter_och_sammanfattning(utdata):
    enheter = pl.read_csv(utdata / "norm_skolenheter.csv", infer_schema_length=None)
    data = json.loads((utdata / "sammanfattning.json").read_text(encoding="utf-8"))
    nat = data["nationellt"]
    # docs/regler/norm.md#invarianter: Σ n·M = NGB (före uppräkning); Σ n·W = 0; Σ n·L = 0.
    n = enheter["elever"]
    assert float((n * enheter["modellvarde"]).sum()) == pytest.approx(
        nat["upprakningsfaktor"] * nat["normgrundande_belopp"], rel=1e-9
    )
    skala = float((n * enheter["norm"]).abs().sum())
    assert abs(float((n * enheter["lonejustering"]).sum())) < 1e-9 * skala
    assert abs(float((n * enheter["lokaljustering"]).sum())) < 1e-9 * skala
    # Rikets norm per stadium i JSON = elevviktat medel över de kommunala enheterna i CSV.
    kommunala = enheter.filter(pl.col("huvudmannatyp") == "kommunal")
    for stadium, v in data["norm_per_stadium"].items():
        del_ = kommunala.filter(pl.col("stadium") == stadium)
        medel = float((del_["elever"] * del_["norm"]).sum() / del_["elever"].sum())
        assert v["norm_kr_per_elev"] == pytest.approx(medel, rel=1e-12)


def test_publicering_och_excel_stammer_med_varandra(utdata):
    pub = pl.read_csv(utdata / "norm_publicering.csv", infer_schema_length=None)
    assert set(pub["huvudmannatyp"]) == {"kommunal"}
    assert (sum(pub[k] for k in VARAV) == pub["norm"]).all()
    # Platsgarantin är lika för alla kommunala enheter (avsnitt 9.2.2).
    assert pub.filter(pl.col("radtyp") == "skolenhet")["varav_platsgaranti"].n_unique() == 1
    wb = openpyxl.load_workbook(utdata / "norm.xlsx", read_only=True)
    ark = wb["Åk 7–9"]
    rader = list(ark.iter_rows(min_row=2, values_only=True))
    ratt = pub.filter(pl.col("stadium") == "7-9")
    assert len(rader) == ratt.height
    assert [r[6] for r in rader] == ratt["norm"].to_list()
    assert [r[0] for r in rader] == ratt["namn"].to_list()
    prov = [c for r in wb["Parametrar och källor"].iter_rows(values_only=True) for c in r]
    assert "README.md: Proveniens" in prov and "syntetisk" in prov

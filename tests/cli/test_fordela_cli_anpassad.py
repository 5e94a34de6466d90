"""``skolpeng fordela`` med anpassad grundskola: fel i datasetets nya tabeller och i
modellens nivånyckel ger exitkod 2, alla problem på svenska på en gång och ingenting skrivet;
en giltig körning skriver kolumnen verksamhet och bidraget enligt 11 kap. 37 §."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from skolpeng.cli import app
from tests.fordelning.anpassad_hjalp import NIVAER, skriv_anpassat_underlag

runner = CliRunner()
MODELL = """namn: Nivåer
kalla: test
kommunkod: "0114"
ar: 2029
verksamhet: anpassad_gr
lasar: "2025/26"
potter:
  - namn: niva
    kalla: test
    belopp: {per_niva_kr: {A: 150000, B: 250000, C: 400000}}
    nyckel: {typ: behovsniva}
  - namn: struktur
    kalla: test
    belopp: {per_elev_kr: 60000}
    omfattning: {resursskolor: true}
    nyckel: {typ: elever}
"""


def test_giltig_korning(tmp_path: Path) -> None:
    data = skriv_anpassat_underlag(tmp_path / "u")
    (tmp_path / "m.yaml").write_text(MODELL, encoding="utf-8")
    ut = tmp_path / "ut"
    res = runner.invoke(
        app,
        [
            "fordela",
            "--modell",
            str(tmp_path / "m.yaml"),
            "--data",
            str(data),
            "--ut",
            str(ut),
            "--utan-pdf",
        ],
    )
    assert res.exit_code == 0, res.output
    f = pl.read_csv(ut / "fordelning.csv", schema_overrides={"skolenhetskod": pl.String})
    assert set(f["verksamhet"]) == {"anpassad_gr"}
    assert f.filter(pl.col("pott") == "niva")["belopp_kr"].sum() == sum(
        {"A": 150_000, "B": 250_000, "C": 400_000}[n] * k for *_, n, k in NIVAER
    )
    assert "11 kap. 36–38 §§" in next((ut / "beslut").glob("*.html")).read_text(encoding="utf-8")


def test_dalig_indata_exitkod_2_och_inget_skrivet(tmp_path: Path) -> None:
    fel_nivaer = (*NIVAER, ("10000001", "3", "A", 1))  # åk 3 finns inte i elever.csv
    data = skriv_anpassat_underlag(
        tmp_path / "u", nivaer=NIVAER, resursskolor=("10000004", "99999999")
    )
    text = (data / "elever_behovsniva.csv").read_text(encoding="utf-8")
    k, a, n, x = fel_nivaer[-1]
    (data / "elever_behovsniva.csv").write_text(
        text + f"{k},2025/26,anpassad_gr,{a},{n},{x}\n", encoding="utf-8"
    )
    (tmp_path / "m.yaml").write_text(MODELL, encoding="utf-8")
    ut = tmp_path / "ut"
    res = runner.invoke(
        app, ["fordela", "--modell", str(tmp_path / "m.yaml"), "--data", str(data), "--ut", str(ut)]
    )
    assert res.exit_code == 2
    text = " ".join(res.output.split())
    assert "resursskolor.csv" in text and "99999999" in text
    assert "elever_behovsniva.csv" in text and "årskurs 3" in text
    assert not ut.exists()

"""``skolpeng simulera`` från början till slut på ett litet dataset: filerna, att de stämmer
med varandra och med normen, och att dålig indata ger exitkod 2 utan att något skrivs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.cli.simulera import UTFILER
from tests.uppfoljning.simulering_hjalp import litet_dataset, png_storlek

runner = CliRunner()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return litet_dataset(tmp_path_factory.mktemp("litet"))


@pytest.fixture(scope="module")
def korning(dataset: Path, tmp_path_factory: pytest.TempPathFactory):
    ut = tmp_path_factory.mktemp("sim") / "ut"
    res = runner.invoke(
        app, ["simulera", "--data", str(dataset), "--ar", "2024", "--tak", "4000", "--ut", str(ut)]
    )
    return res, ut


def test_kommandot_skriver_alla_filer(korning) -> None:
    res, ut = korning
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in ut.iterdir()) == sorted(UTFILER)
    for namn in UTFILER:
        if namn.endswith(".png"):
            png_storlek((ut / namn).read_bytes())
    pdf = (ut / "simulering.pdf").read_bytes()  # samma rapport som PDF (WeasyPrint)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 20_000
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kommando"] == "simulera"
    assert set(manifest["utdata_sha256"]) == set(UTFILER) - {"manifest.json"}
    assert "kostnader_huvudman.csv" in manifest["indata_sha256"]
    assert "simulering.yaml" in manifest["parametrar_sha256"]
    assert manifest["pdf"] == "ja"
    assert f"Skrev {len(UTFILER)} filer till" in res.output


def test_utan_weasyprint_skrivs_allt_utom_pdf(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saknas WeasyPrint eller Pango hoppas PDF:en över med en svensk notering; allt annat
    skrivs och kommandot lyckas (som uppföljningskommandona)."""
    from skolpeng.rapporter import pdf

    orsak = "PDF kunde inte skapas: WeasyPrint eller Pango saknas (testets orsak)"
    monkeypatch.setattr(pdf, "pdf_saknas", lambda: orsak)
    ut = tmp_path / "ut"
    res = runner.invoke(app, ["simulera", "--data", str(dataset), "--ar", "2024", "--ut", str(ut)])
    assert res.exit_code == 0, res.output
    utan_pdf = set(UTFILER) - {"simulering.pdf"}
    assert {p.name for p in ut.iterdir()} == utan_pdf
    text = " ".join(res.output.split())
    assert f"{orsak}; HTML-rapporten är skriven." in text
    assert f"Skrev {len(utan_pdf)} filer till" in text
    assert json.loads((ut / "manifest.json").read_text(encoding="utf-8"))["pdf"] == orsak


def test_csv_json_och_utskrift_stammer_overens(korning) -> None:
    res, ut = korning
    with open(ut / "simulering_huvudman.csv", encoding="utf-8") as f:
        rader = list(csv.DictReader(f))
    s = json.loads((ut / "simulering.json").read_text(encoding="utf-8"))
    kommunala = [r for r in rader if r["huvudmannatyp"] == "kommunal" and r["ingar"] == "true"]
    assert {r["huvudman_id"] for r in rader} == {"0114", "0115", "0116", "0117", "E1", "E2"}
    k = s["per_typ"]["kommunal"]
    under = [r for r in kommunala if float(r["skillnad_per_elev"]) > 0]
    assert k["antal_under_normen"] == len(under)
    tillskott = sum(float(r["skillnad_per_elev"]) * float(r["elever"]) for r in under)
    assert k["summa_tillskott_kr"] == pytest.approx(tillskott)
    for r in rader:  # år till full effekt = ceil(|gap| / 4 000)
        gap = abs(float(r["skillnad_per_elev"]))
        assert int(r["ar_till_full_effekt"]) == -(-gap // 4_000)
    assert s["tak_per_elev_och_ar"] == 4_000.0
    assert f"{len(under)} av {len(kommunala)} ligger under" in " ".join(res.output.split())
    assert "R²" in res.output and "År till full effekt" in res.output


def test_normen_i_simuleringen_ar_normens_elevviktade_varde(dataset: Path, korning) -> None:
    """Oberoende kontroll mot normberäkningen: Σ elever·norm / Σ elever per huvudman."""
    import datetime as dt

    import polars as pl

    from skolpeng.data import las_underlag
    from skolpeng.norm import berakna_norm
    from skolpeng.parametrar import load_parameters

    _, ut = korning
    norm = berakna_norm(las_underlag(dataset), load_parameters(dt.date(2024, 1, 1)), 2024)
    vantat = (
        norm.enheter.group_by("huvudman_id")
        .agg(((pl.col("elever") * pl.col("norm")).sum() / pl.col("elever").sum()).alias("n"))
        .to_dict(as_series=False)
    )
    vantat = dict(zip(vantat["huvudman_id"], vantat["n"], strict=True))
    with open(ut / "simulering_huvudman.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            assert float(r["norm_per_elev"]) == pytest.approx(vantat[r["huvudman_id"]])


@pytest.mark.parametrize(
    ("argument", "fragment"),
    [
        (["--ar", "2025"], "år 2025"),  # inga kostnader (och inget underlag) för 2025
        (["--ar", "2024", "--variant", "okand"], "okänd variant"),
        (["--ar", "2024", "--tak", "0"], "större än 0"),
    ],
)
def test_dalig_indata_ger_exitkod_2_och_inget_skrivs(
    dataset: Path, tmp_path: Path, argument: list[str], fragment: str
) -> None:
    ut = tmp_path / "ut"
    res = runner.invoke(app, ["simulera", "--data", str(dataset), *argument, "--ut", str(ut)])
    assert res.exit_code == 2, res.output
    assert fragment in " ".join(res.output.split())
    assert "ingenting har skrivits" in res.output
    assert not ut.exists()
    assert not any(tmp_path.iterdir())


def test_dataset_utan_kostnader_ger_tydligt_meddelande(tmp_path: Path) -> None:
    data = litet_dataset(tmp_path / "data", med_kostnader=False)
    ut = tmp_path / "ut"
    res = runner.invoke(app, ["simulera", "--data", str(data), "--ar", "2024", "--ut", str(ut)])
    assert res.exit_code == 2
    text = " ".join(res.output.split())
    assert "kostnader_huvudman" in text and "tabellen saknas" in text
    assert not ut.exists()


def test_kostnader_for_fel_ar_ger_exitkod_2(tmp_path: Path) -> None:
    data = litet_dataset(tmp_path / "data", kostnadsar=2023)
    ut = tmp_path / "ut"
    res = runner.invoke(app, ["simulera", "--data", str(data), "--ar", "2024", "--ut", str(ut)])
    assert res.exit_code == 2
    text = " ".join(res.output.split())  # rich radbryter långa rader
    assert "inga kostnadsuppgifter för år 2024 eller 2022" in text
    assert "år som finns för verksamheten: 2023" in text
    assert not ut.exists()


def test_kostnader_for_kostnadsaret_raknas_upp(tmp_path: Path) -> None:
    """Bara kostnader för C = N − 2: de räknas upp med normens faktor (KPIF 2023 och 2024)."""
    data = litet_dataset(tmp_path / "data", kostnadsar=2022)
    ut = tmp_path / "ut"
    res = runner.invoke(app, ["simulera", "--data", str(data), "--ar", "2024", "--ut", str(ut)])
    assert res.exit_code == 0, res.output
    s = json.loads((ut / "simulering.json").read_text(encoding="utf-8"))
    assert s["avrakningar"]["jamforelsear"] == 2022
    assert s["avrakningar"]["upprakning"] == pytest.approx(1.04 * 1.02)  # kpif i datasetet
    assert "uppräknade till 2024 års prisnivå" in " ".join(res.output.split())


def test_syntetisk_nation_fran_borjan_till_slut(tmp_path: Path) -> None:
    """En liten syntetisk nation (generera_nation) med kostnader för kostnadsåret C = N − 2:
    avräkningarna och uppräkningen räknas om oberoende ur datasetets egna tabeller."""
    import polars as pl

    from skolpeng.data import las_underlag, skriv_underlag
    from skolpeng.syntetisk import generera_nation

    data = tmp_path / "nation"
    skriv_underlag(generera_nation(seed=3, antal_kommuner=24, skala=0.1, normar=2026), data)
    ut = tmp_path / "ut"
    res = runner.invoke(app, ["simulera", "--data", str(data), "--ar", "2026", "--ut", str(ut)])
    assert res.exit_code == 0, res.output
    u = las_underlag(data)
    c = 2024
    nat = {r["ar"]: r for r in u.nationellt.iter_rows(named=True)}
    upprakning = (1 + nat[2025]["kpif"]) * (1 + nat[2026]["kpif"])
    rs = u.rakenskapssammandrag.filter((pl.col("ar") == c) & (pl.col("verksamhet") == "fk_gr"))
    modersmal = (
        u.modersmal.filter(pl.col("ar") == c)["arsarbetskrafter"].sum()
        * nat[c]["larare_manadslon"]
        * 12
        * (1 + nat[c]["po_palagg"])
    )
    m = modersmal / rs["nettokostnad"].sum()
    s = json.loads((ut / "simulering.json").read_text(encoding="utf-8"))
    av = s["avrakningar"]
    assert av["jamforelsear"] == c
    assert av["upprakning"] == pytest.approx(upprakning)
    assert av["modersmal_andel"] == pytest.approx(m)
    assert av["kommunal_faktor"] == pytest.approx((1 - 0.015 - 0.01 - m) * upprakning)
    kost = u.kostnader_huvudman.filter((pl.col("ar") == c) & (pl.col("verksamhet") == "fk_gr"))
    sim = pl.read_csv(ut / "simulering_huvudman.csv", schema_overrides={"huvudman_id": pl.String})
    assert sim.height == kost.filter(pl.col("huvudmannatyp") != "statlig").height
    kommunal = sim.filter(pl.col("huvudmannatyp") == "kommunal")
    assert kommunal.height == 24
    assert (
        (kommunal["jamforbar_kostnad_per_elev"] / kommunal["kostnad_per_elev"])
        - av["kommunal_faktor"]
    ).abs().max() < 1e-12
    k = s["per_typ"]["kommunal"]
    assert k["antal_huvudman"] + k["antal_uteslutna"] == 24
    assert 0.0 <= k["regression"]["mot_utgangslage_rang"]["r2"] <= 1.0
    assert sum(k["ar_till_full_effekt"]["fordelning"].values()) == k["antal_huvudman"]

"""``skolpeng norm`` från början till slut på ett litet dataset (kommandot som README beskriver det)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.data import las_underlag
from skolpeng.norm import berakna_norm
from skolpeng.norm.publicering import PUBLICERING_KOLUMNER, VARAV
from skolpeng.norm.resultat import ENHET_KOLUMNER, HUVUDMAN_KOLUMNER
from skolpeng.parametrar import load_parameters
from skolpeng.utdata import sha256_fil
from tests.data.hjalp import NORMAR, minimala_tabeller, skriv_minimalt_underlag

SCENARIO = (
    Path(__file__).parents[2] / "src/skolpeng/parametrar/scenarier/kunskapsbidraget_i_normen.yaml"
)
runner = CliRunner()


def _kor(*arg: str):
    return runner.invoke(app, ["norm", *arg], catch_exceptions=False)


@pytest.fixture(scope="module")
def underlag_katalog(tmp_path_factory) -> Path:
    return skriv_minimalt_underlag(tmp_path_factory.mktemp("d") / "underlag")


@pytest.fixture(scope="module")
def utdata(underlag_katalog, tmp_path_factory) -> Path:
    ut = tmp_path_factory.mktemp("ut") / "norm"
    res = _kor("--data", str(underlag_katalog), "--ar", str(NORMAR), "--ut", str(ut))
    assert res.exit_code == 0, res.output
    assert "Skolpengsnorm 2026" in res.output and "Riket" in res.output
    return ut


def test_alla_filer_med_kontraktets_kolumner(utdata):
    assert sorted(p.name for p in utdata.iterdir()) == sorted(
        [
            "manifest.json",
            "norm.xlsx",
            "norm_huvudman.csv",
            "norm_publicering.csv",
            "norm_skolenheter.csv",
            "sammanfattning.json",
        ]
    )
    enheter = pl.read_csv(
        utdata / "norm_skolenheter.csv",
        schema_overrides={
            "kommunkod": pl.String,
            "skolenhetskod": pl.String,
            "huvudman_id": pl.String,
        },
    )
    assert tuple(enheter.columns) == ENHET_KOLUMNER
    # Vägledande: CSV:n har ändå ALLA deltagande enheter (kommunala och enskilda, ej statliga).
    assert set(enheter["huvudmannatyp"]) == {"kommunal", "enskild"}
    assert enheter["kommunkod"].str.len_chars().unique().to_list() == [4]
    huvudman = pl.read_csv(utdata / "norm_huvudman.csv", infer_schema=False)
    assert tuple(huvudman.columns) == HUVUDMAN_KOLUMNER
    pub = pl.read_csv(utdata / "norm_publicering.csv", infer_schema_length=None)
    assert tuple(pub.columns) == PUBLICERING_KOLUMNER
    assert set(pub["huvudmannatyp"]) == {"kommunal"}
    assert set(pub["stadium"]) == {"F", "1-3", "4-6", "7-9"}
    assert (sum(pub[k] for k in VARAV) == pub["norm"]).all()
    wb = openpyxl.load_workbook(utdata / "norm.xlsx", read_only=True)
    assert wb.sheetnames == [
        "Sammanfattning",
        "Förskoleklass",
        "Åk 1–3",
        "Åk 4–6",
        "Åk 7–9",
        "Kommuner",
        "Parametrar och källor",
    ]


def test_manifestets_hashar_stammer(utdata, underlag_katalog):
    manifest = json.loads((utdata / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kommando"] == "norm"
    assert manifest["argument"]["ar"] == NORMAR and manifest["argument"]["variant"] == "vagledande"
    for namn, h in manifest["utdata_sha256"].items():
        assert sha256_fil(utdata / namn) == h
    assert set(manifest["utdata_sha256"]) == {p.name for p in utdata.iterdir()} - {"manifest.json"}
    indata = {p.name: sha256_fil(p) for p in underlag_katalog.glob("*.csv")}
    assert manifest["indata_sha256"] == indata
    assert manifest["parametrar_sha256"] == load_parameters(dt.date(NORMAR, 1, 1)).filhashar


def test_summor_stammer_med_sammanfattningen(utdata):
    enheter = pl.read_csv(utdata / "norm_skolenheter.csv")
    data = json.loads((utdata / "sammanfattning.json").read_text(encoding="utf-8"))
    nat = data["nationellt"]
    summa_norm = float((enheter["elever"] * enheter["norm"]).sum())
    assert summa_norm == pytest.approx(data["normbelopp_kr"]["alla_enheter"], rel=1e-12)
    # docs/regler/norm.md#invarianter: Σ n·M = NGB före uppräkningen (vägledande: norm = modellvärde).
    summa_modell = float((enheter["elever"] * enheter["modellvarde"]).sum())
    assert summa_modell == pytest.approx(
        nat["upprakningsfaktor"] * nat["normgrundande_belopp"], rel=1e-9
    )
    assert summa_norm == pytest.approx(summa_modell, rel=1e-12)
    # Elever per stadium i CSV = N_s i sammanfattningen.
    per_stadium = dict(enheter.group_by("stadium").agg(pl.col("elever").sum()).iter_rows())
    assert per_stadium == pytest.approx(nat["elever_per_stadium"])
    assert data["elevar"].startswith("kalenderår 2026")


def test_cli_och_biblioteket_ger_samma_tal(utdata, underlag_katalog):
    res = berakna_norm(
        las_underlag(underlag_katalog), load_parameters(dt.date(NORMAR, 1, 1)), NORMAR
    )
    lib = res.enheter.select(ENHET_KOLUMNER).sort("skolenhetskod", "stadium")
    cli = pl.read_csv(utdata / "norm_skolenheter.csv", schema=lib.schema).sort(
        "skolenhetskod", "stadium"
    )
    assert cli.select("skolenhetskod", "stadium").equals(lib.select("skolenhetskod", "stadium"))
    for k in (
        "elever",
        "grundersattning",
        "socioekonomiskt_tillagg",
        "gleshet",
        "norm",
        "varav_lokalkostnad",
    ):
        assert (cli[k] - lib[k]).abs().max() <= 1e-9 * lib[k].abs().max()


def test_felaktigt_underlag_ger_exitkod_2_och_inget_skrivs(tmp_path):
    tabeller = minimala_tabeller()
    rubrik, rader = tabeller["elever"]
    rader[3][rubrik.index("antal")] = "-5"  # negativt elevantal
    katalog = skriv_minimalt_underlag(tmp_path / "dalig", tabeller)
    ut = tmp_path / "ut"
    res = _kor("--data", str(katalog), "--ar", str(NORMAR), "--ut", str(ut))
    assert res.exit_code == 2
    assert "ingenting har skrivits" in res.output and "elever.csv" in res.output
    assert not ut.exists()
    assert not list(tmp_path.glob(".ut.*"))  # ingen kvarglömd tillfällig katalog


def test_underlag_som_saknar_ar_for_normen_ger_exitkod_2(underlag_katalog, tmp_path):
    ut = tmp_path / "ut"
    # Normår 2030 kräver kostnadsår 2028 och KPIF 2029–2030, som inte finns.
    res = _kor("--data", str(underlag_katalog), "--ar", "2030", "--ut", str(ut))
    assert res.exit_code == 2
    assert "rakenskapssammandrag" in res.output and "nationellt" in res.output
    assert not ut.exists()


def test_okant_dataset_ger_exitkod_2(tmp_path):
    res = _kor("--data", "finns_inte_alls", "--ar", str(NORMAR), "--ut", str(tmp_path / "ut"))
    assert res.exit_code == 2
    assert "medföljande dataset" in res.output
    assert not (tmp_path / "ut").exists()


def test_bindande_variant_publicerar_enskilda(underlag_katalog, tmp_path):
    ut = tmp_path / "ut"
    res = _kor(
        "--data",
        str(underlag_katalog),
        "--ar",
        str(NORMAR),
        "--variant",
        "bindande",
        "--ut",
        str(ut),
    )
    assert res.exit_code == 0, res.output
    pub = pl.read_csv(ut / "norm_publicering.csv", infer_schema_length=None)
    assert set(pub["huvudmannatyp"]) == {"kommunal", "enskild"}
    enheter = pl.read_csv(ut / "norm_skolenheter.csv")
    kvot = (enheter["norm"] / enheter["modellvarde"]).to_list()
    typ = enheter["huvudmannatyp"].to_list()
    # Nivå 95 % (SOU 2025:72 6.2.2) och +6 % moms för enskild huvudman (6.2.1).
    for k, t in zip(kvot, typ, strict=True):
        assert k == pytest.approx(0.95 * (1.06 if t == "enskild" else 1.0))


def test_scenariot_laddas_och_andrar_resultatet(underlag_katalog, utdata, tmp_path):
    lage = load_parameters(dt.date(NORMAR, 1, 1), SCENARIO)
    assert lage.tal("norm.fordelning.socioekonomisk_andel") == 0.13
    assert lage.tal("norm.fordelning.grundersattning_andel") == 0.87
    ut = tmp_path / "ut"
    res = _kor(
        "--data",
        str(underlag_katalog),
        "--ar",
        str(NORMAR),
        "--scenario",
        str(SCENARIO),
        "--ut",
        str(ut),
    )
    assert res.exit_code == 0, res.output
    fore = json.loads((utdata / "sammanfattning.json").read_text(encoding="utf-8"))["nationellt"]
    efter = json.loads((ut / "sammanfattning.json").read_text(encoding="utf-8"))
    nat = efter["nationellt"]
    assert efter["scenario"] == lage.scenario
    assert nat["socioekonomiskt_total"] == pytest.approx(0.13 * nat["aterstaende"])
    # Andelarna av återstoden R (R ändras lite, eftersom glesheten beror på P och S).
    assert fore["socioekonomiskt_total"] == pytest.approx(0.08 * fore["aterstaende"])
    for stadium, p in fore["prislapp_per_stadium"].items():
        kvot = nat["prislapp_per_stadium"][stadium] / nat["aterstaende"]
        assert kvot == pytest.approx(p / fore["aterstaende"] * 87 / 92)

    # Enheten med högt index (118,25) får högre norm, den med lågt (72) lägre.
    def norm(katalog, kod):
        df = pl.read_csv(katalog / "norm_skolenheter.csv", infer_schema=False)
        rad = df.filter((pl.col("skolenhetskod") == kod) & (pl.col("stadium") == "1-3"))
        return float(rad["norm"].item())

    assert norm(ut, "20000001") > norm(utdata, "20000001")
    assert norm(ut, "10000002") < norm(utdata, "10000002")
    # Omfördelning, inte tillskott: NGB oförändrat.
    assert nat["normgrundande_belopp"] == pytest.approx(fore["normgrundande_belopp"])
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenario"] == lage.scenario
    assert "scenario:kunskapsbidraget_i_normen.yaml" in manifest["parametrar_sha256"]


def test_elevar_som_saknas_ger_exitkod_2(underlag_katalog, tmp_path):
    ut = tmp_path / "ut"
    res = _kor(
        "--data", str(underlag_katalog), "--ar", str(NORMAR), "--elevar", "2031", "--ut", str(ut)
    )  # fmt: skip
    assert res.exit_code == 2
    assert "2030/31" in res.output and not ut.exists()


def test_elevar_anges_uttryckligen(underlag_katalog, utdata, tmp_path):
    ut = tmp_path / "ut"
    res = _kor(
        "--data", str(underlag_katalog), "--ar", str(NORMAR), "--elevar", "2026", "--ut", str(ut)
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    data = json.loads((ut / "sammanfattning.json").read_text(encoding="utf-8"))
    assert data["elevar"] == "kalenderår 2026 (½·2025/26 + ½·2026/27)"
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["argument"]["elevar"] == 2026
    # Samma elevår som standardvalet: samma tal som utan --elevar.
    assert (ut / "norm_skolenheter.csv").read_bytes() == (
        utdata / "norm_skolenheter.csv"
    ).read_bytes()

"""``skolpeng utbetalning`` på den handräknade kommunen A: utdatans filer, en
fryst månad som förs över oförändrad, rättelsen i maj som korrigering, hela året, och dålig
indata (svenska meddelanden, exitkod 2, ingenting skrivet). ``skolpeng fordela`` med och utan
``elever_hemkommun``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.fordelning.korning import berakna_korning
from skolpeng.fordelning.lika_villkor.per_enhet import berakna_bidrag_per_enhet
from skolpeng.fordelning.utbetalning.folkbokforda import UTAN_TABELL
from tests.fordelning.utbetalning_hjalp import skriv_dataset, skriv_modell, skriv_prislista

runner = CliRunner()
SCHEMA = {
    "skolenhetskod": pl.String,
    "huvudman_id": pl.String,
    "hemkommun": pl.String,
    "kommunkod": pl.String,
}
G0, G1 = 120_098, 133_200  # se test_utbetalning_handraknad


def _kor(*arg: str):
    return runner.invoke(app, ["utbetalning", *arg], catch_exceptions=False)


@pytest.fixture(scope="module")
def rot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    r = tmp_path_factory.mktemp("utb")
    skriv_modell(r / "modell.yaml")
    skriv_dataset(r / "v1", 1)
    skriv_dataset(r / "v2", 2)
    skriv_prislista(r / "prislista.csv")
    gemensamt = ["--modell", str(r / "modell.yaml"), "--prislista", str(r / "prislista.csv")]
    res = _kor(*gemensamt, "--data", str(r / "v1"), "--manad", "2026-04", "--ut", str(r / "apr"))
    assert res.exit_code == 0, res.output
    res = _kor(
        *gemensamt,
        "--data",
        str(r / "v2"),
        "--manad",
        "2026-05",
        "--tidigare",
        str(r / "apr"),
        "--ut",
        str(r / "maj"),
    )
    assert res.exit_code == 0, res.output
    res = _kor(*gemensamt, "--data", str(r / "v2"), "--ar", "2026", "--ut", str(r / "helar"))
    assert res.exit_code == 0, res.output
    return r


def _csv(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, schema_overrides=SCHEMA)


def test_utdatans_filer(rot: Path) -> None:
    filer = {str(p.relative_to(rot / "maj")) for p in (rot / "maj").rglob("*") if p.is_file()}
    assert {"utbetalningar.csv", "fordringar.csv", "sammanfattning.txt", "manifest.json"} <= filer
    for hm in ("5560000001", "5560000002", "5560000003", "2222"):
        assert f"betalningsfiler/{hm}.csv" in filer and f"betalningsfiler/{hm}.xlsx" in filer
    manifest = json.loads((rot / "maj" / "manifest.json").read_text("utf-8"))
    assert manifest["kommando"] == "utbetalning" and manifest["manader"] == ["2026-05"]
    assert "tidigare/utbetalningar.csv" in manifest["indata_sha256"]


def test_organisationsnummer_och_namn(rot: Path) -> None:
    u = _csv(rot / "maj" / "utbetalningar.csv")
    e1 = u.filter(pl.col("skolenhetskod") == "10000021").row(0, named=True)
    assert (e1["organisationsnummer"], e1["huvudman_namn"]) == ("556000-0001", "Ett AB")
    b = u.filter(pl.col("typ") == "interkommunal ersättning")
    assert set(b["huvudman_namn"]) == {"B kommun"}


def test_fryst_april_fors_over_och_rattelsen_blir_korrigering(rot: Path) -> None:
    apr, maj = _csv(rot / "apr" / "utbetalningar.csv"), _csv(rot / "maj" / "utbetalningar.csv")
    kol = [c for c in apr.columns if c != "status"]
    assert maj.filter(pl.col("manad") <= "2026-04").select(kol).equals(apr.select(kol))
    assert set(maj.filter(pl.col("manad") <= "2026-04")["status"]) == {"fryst"}
    r = maj.filter((pl.col("manad") == "2026-05") & (pl.col("skolenhetskod") == "10000022"))
    assert r["korrigering_kr"].to_list() == [40_033]
    assert r["elever"].to_list() == [82]
    assert "mars: 80 → 82 elever" in r["korrigering_avser"][0]


def test_betalningsfilen_har_manadens_rader_och_summa(rot: Path) -> None:
    b = _csv(rot / "maj" / "betalningsfiler" / "5560000002.csv")
    assert b["manad"].to_list() == ["2026-05"]
    assert b["att_betala_kr"].to_list() == [b["belopp_kr"][0] + 40_033]
    blad = load_workbook(rot / "maj" / "betalningsfiler" / "5560000002.xlsx").active
    varden = [[c.value for c in rad] for rad in blad.iter_rows()]
    assert varden[-1][0] == "Summa"
    assert int(b["att_betala_kr"][0]) in varden[-1]


def test_helt_ar_och_fordringar(rot: Path) -> None:
    u = _csv(rot / "helar" / "utbetalningar.csv")
    assert u["manad"].n_unique() == 12
    e3 = u.filter(pl.col("skolenhetskod") == "10000032")
    assert e3["att_betala_kr"].sum() == 12 * G1
    f = _csv(rot / "helar" / "fordringar.csv")
    assert set(f["hemkommun"]) == {"2222", "3333"}
    b = f.filter(pl.col("hemkommun") == "2222")
    assert b["att_fordra_kr"].sum() == 4 * 96_000
    beslut = {p.name for p in (rot / "helar" / "beslut").iterdir()}
    assert {"andrat_bidrag_2026-09.html", "ny_elev_10000021_1-3_2026-03.html"} <= beslut
    text = (rot / "helar" / "beslut" / "andrat_bidrag_2026-09.html").read_text("utf-8")
    assert "14 kap. 2 §" in text


def _fel(rot: Path, tmp: Path, *arg: str) -> str:
    ut = tmp / "ut"
    res = runner.invoke(
        app,
        ["utbetalning", "--modell", str(rot / "modell.yaml"), "--ut", str(ut), *arg],
        catch_exceptions=False,
    )
    assert res.exit_code == 2, res.output
    assert not ut.exists()
    return " ".join(res.output.split())


def test_utan_tabellen_ar_det_ett_fel(rot: Path, tmp_path: Path) -> None:
    data = shutil.copytree(rot / "v1", tmp_path / "d")
    (data / "elever_hemkommun.csv").unlink()
    ut = _fel(rot, tmp_path, "--data", str(data), "--manad", "2026-01")
    assert "elever_hemkommun.csv" in ut and "tabellen saknas" in ut


def test_period_utanfor_budgetaret(rot: Path, tmp_path: Path) -> None:
    data = shutil.copytree(rot / "v1", tmp_path / "d")
    fil = data / "elever_hemkommun.csv"
    rader = fil.read_text("utf-8").splitlines()
    rader[1] = rader[1].replace("2026-01", "2027-01")
    fil.write_text("\n".join(rader) + "\n", "utf-8")
    ut = _fel(rot, tmp_path, "--data", str(data), "--manad", "2026-01")
    assert "elever_hemkommun.csv, rad 2, kolumn 'period'" in ut
    assert "ligger utanför budgetåret 2026" in ut


def test_fryst_manad_och_fel_manad(rot: Path, tmp_path: Path) -> None:
    ut = _fel(
        rot,
        tmp_path,
        "--data",
        str(rot / "v2"),
        "--manad",
        "2026-04",
        "--tidigare",
        str(rot / "apr"),
    )
    assert "april är redan utbetald och fryst" in ut
    ut = _fel(rot, tmp_path, "--data", str(rot / "v2"), "--manad", "2026-13")
    assert "'2026-13' är ingen månad" in ut
    ut = _fel(rot, tmp_path, "--data", str(rot / "v2"))
    assert "ange antingen --manad" in ut


def test_fordela_utan_tabellen_ger_dagens_bidrag(rot: Path, tmp_path: Path) -> None:
    data = shutil.copytree(rot / "v1", tmp_path / "d")
    (data / "elever_hemkommun.csv").unlink()
    k = berakna_korning(rot / "modell.yaml", str(data))
    dagens = berakna_bidrag_per_enhet(k.fordelning, k.lage)
    assert k.bidrag.equals(dagens)
    assert k.bidrag["elever"].to_list() == [110.0, 85.0]
    assert UTAN_TABELL in k.anteckningar
    res = runner.invoke(
        app,
        [
            "fordela",
            "--modell",
            str(rot / "modell.yaml"),
            "--data",
            str(data),
            "--ut",
            str(tmp_path / "f"),
            "--utan-pdf",
        ],
        catch_exceptions=False,
    )
    assert res.exit_code == 0, res.output
    beslut = (tmp_path / "f" / "beslut" / "5560000001.html").read_text("utf-8")
    assert f"Elever som räknats: {UTAN_TABELL}" in beslut
    manifest = json.loads((tmp_path / "f" / "manifest.json").read_text("utf-8"))
    assert UTAN_TABELL in manifest["anteckningar"]


def test_fordela_med_tabellen_visar_folkbokforda(rot: Path, tmp_path: Path) -> None:
    k = berakna_korning(rot / "modell.yaml", str(rot / "v1"))
    assert k.bidrag["elever"].to_list() == [100.0, 80.0]  # januari, hemkommun A
    assert k.bidrag["bidrag"].to_list() == pytest.approx([G0, G0])
    assert k.bidrag["bidrag_totalt_kr"].to_list() == pytest.approx([100 * G0, 80 * G0])
    res = runner.invoke(
        app,
        [
            "fordela",
            "--modell",
            str(rot / "modell.yaml"),
            "--data",
            str(rot / "v1"),
            "--ut",
            str(tmp_path / "f"),
            "--utan-pdf",
        ],
        catch_exceptions=False,
    )
    assert res.exit_code == 0, res.output
    beslut = (tmp_path / "f" / "beslut" / "5560000001.html").read_text("utf-8")
    assert ">100<" in beslut
    assert "Elever som räknats: Bidragen avser elever folkbokförda i kommunen" in beslut
    assert "folkbokförda i kommunen" in res.output


def test_tidigare_korning_for_en_annan_kommun(rot: Path, tmp_path: Path) -> None:
    annan = shutil.copytree(rot / "apr", tmp_path / "annan")
    manifest = json.loads((annan / "manifest.json").read_text("utf-8"))
    manifest["modell"]["kommunkod"] = "2222"
    (annan / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    ut = _fel(
        rot, tmp_path, "--data", str(rot / "v2"), "--manad", "2026-05", "--tidigare", str(annan)
    )
    assert "gäller kommun 2222 år 2026, inte kommun 1111 år 2026" in ut


def test_ny_skolenhet_far_beslut_genast(rot: Path, tmp_path: Path) -> None:
    data = shutil.copytree(rot / "v2", tmp_path / "d")
    with (data / "skolenheter.csv").open("a", encoding="utf-8") as f:
        f.write("10000023,E4 nystartad,1111,enskild,5560000004,Fyra AB,0\n")
    with (data / "elever_hemkommun.csv").open("a", encoding="utf-8") as f:
        f.write("10000023,2026-06,fk_gr,1,1111,7\n")
    res = _kor(
        "--modell",
        str(rot / "modell.yaml"),
        "--data",
        str(data),
        "--manad",
        "2026-06",
        "--ut",
        str(tmp_path / "ut"),
    )
    assert res.exit_code == 0, res.output
    html = (tmp_path / "ut" / "beslut" / "ny_skolenhet_10000023_2026-06.html").read_text("utf-8")
    assert "Fyra AB" in html and "juni 2026" in html
    u = _csv(tmp_path / "ut" / "utbetalningar.csv")
    rad = u.filter(pl.col("skolenhetskod") == "10000023")
    assert rad["manad"].to_list() == ["2026-06"]
    # ingen tidigare månad: januari–maj har inga elever, juni betalas med 1/12 av årsbidraget
    assert rad["att_betala_kr"].to_list() == [round(7 * G0 / 12)]
    assert "ingår inte i kommunens fördelning" in rad["grund"][0]


@pytest.mark.parametrize(
    ("fran", "till", "meddelande"),
    [
        (",1111,300", ",9999,300", "hemkommunen '9999' finns inte i kommuner.csv"),
        ("10000011,2026-01", "99999999,2026-01", "skolenhetskod 99999999 finns inte"),
        (",1111,300", ",1111,-3", "värdet -3 är mindre än 0"),
        (",1111,300", ",1111,2.5", "'2.5' är inte ett heltal"),
        ("2026-01,fk_gr,1,1111,300", "2025-13,fk_gr,1,1111,300", "'2025-13' är ingen månad"),
    ],
)
def test_varje_felklass_ger_svenskt_fel_och_inget_skrivet(
    rot: Path, tmp_path: Path, fran: str, till: str, meddelande: str
) -> None:
    data = shutil.copytree(rot / "v1", tmp_path / "d")
    fil = data / "elever_hemkommun.csv"
    rader = fil.read_text("utf-8").splitlines()
    i = next(i for i, r in enumerate(rader) if fran in r)
    rader[i] = rader[i].replace(fran, till, 1)
    fil.write_text("\n".join(rader) + "\n", "utf-8")
    ut = _fel(rot, tmp_path, "--data", str(data), "--manad", "2026-01")
    assert f"elever_hemkommun.csv, rad {i + 1}" in ut
    assert meddelande in ut


def test_dubblett_ger_svenskt_fel_och_inget_skrivet(rot: Path, tmp_path: Path) -> None:
    data = shutil.copytree(rot / "v1", tmp_path / "d")
    fil = data / "elever_hemkommun.csv"
    rader = fil.read_text("utf-8").splitlines()
    fil.write_text("\n".join([*rader, rader[1]]) + "\n", "utf-8")
    ut = _fel(rot, tmp_path, "--data", str(data), "--manad", "2026-01")
    assert f"elever_hemkommun.csv, rad {len(rader) + 1}" in ut
    assert "dubblett: samma nyckel" in ut

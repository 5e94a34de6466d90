"""``skolpeng fordela`` från början till slut på det minimala datasetet (README, Allocation models):
alla filer, potterna bevarade i ``fordelning.csv``, bidragets delar, redovisningar, beslut,
normjämförelse, manifest, två år i följd med stabilitetsregel och förändringens uppdelning,
och dålig indata (exitkod 2, inget skrivet)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from skolpeng.cli import KOMMANDON, app
from skolpeng.fordelning.lika_villkor.per_enhet import DELAR
from skolpeng.fordelning.redovisning_och_forandring.forandring import DELAR as FORANDRINGSDELAR
from skolpeng.fordelning.stabilitetsregler.forra_aret import las_forra_aret
from skolpeng.fordelning.underlag_och_resultat import FORDELNING_KOLUMNER
from skolpeng.utdata import sha256_fil
from tests.data.hjalp import minimala_tabeller, skriv_minimalt_underlag

runner = CliRunner()

MODELL_2026 = {
    "namn": "Upplands Väsby – testmodell",
    "kalla": "Påhittad testmodell för CLI-testerna",
    "kommunkod": "0114",
    "ar": 2026,
    "lasar": "2025/26",
    "ram_kr": 60_000_000,
    "index": {"typ": "given", "standard_saknas": "medel_alla"},
    "stabilitet": {"max_minskning_andel": 0.01},
    "potter": [
        {
            "namn": "grundbelopp",
            "kalla": "test",
            "belopp": {"andel_av_ram": 0.85},
            "nyckel": {
                "typ": "elever",
                "vikter": {
                    "per": "stadium",
                    "varden": {"F": 0.85, "1-3": 1, "4-6": 1.05, "7-9": 1.2},
                },
            },
        },
        {
            "namn": "strukturbelopp",
            "kalla": "test",
            "belopp": {"andel_av_ram": 0.10},
            "nyckel": {"typ": "index", "form": "linjar"},
        },
        {
            "namn": "lokaler",
            "kalla": "test",
            "kostnadsslag": "lokalkostnader",
            "belopp": {"andel_av_ram": 0.05},
            "omfattning": {"huvudmannatyp": "kommunal"},
            "nyckel": {"typ": "elever"},
        },
    ],
}


def _modell_2027() -> dict:
    """Nästa år: nya elever, större ram och mycket större strukturandel (parametrar), samma
    index: enheten med lägst index förlorar mer än 1 % per elev utan stabilitetsregeln."""
    m = json.loads(json.dumps(MODELL_2026))
    m |= {"ar": 2027, "lasar": "2026/27", "ram_kr": 60_500_000}
    m["index"]["ar"] = 2026
    m["potter"][0]["belopp"]["andel_av_ram"] = 0.65
    m["potter"][1]["belopp"]["andel_av_ram"] = 0.30
    return m


def _skriv_modell(katalog: Path, namn: str, innehall: dict) -> Path:
    fil = katalog / namn
    fil.write_text(yaml.safe_dump(innehall, allow_unicode=True), encoding="utf-8")
    return fil


def _kor(*arg: str):
    return runner.invoke(app, ["fordela", *arg], catch_exceptions=False)


@pytest.fixture(scope="module")
def katalog(tmp_path_factory) -> Path:
    k = tmp_path_factory.mktemp("fordela")
    skriv_minimalt_underlag(k / "data")
    _skriv_modell(k, "modell_2026.yaml", MODELL_2026)
    _skriv_modell(k, "modell_2027.yaml", _modell_2027())
    return k


@pytest.fixture(scope="module")
def ar1(katalog) -> tuple[Path, str]:
    ut = katalog / "ut2026"
    res = _kor("--modell", str(katalog / "modell_2026.yaml"), "--data", str(katalog / "data"),
               "--ar", "2026", "--ut", str(ut))  # fmt: skip
    assert res.exit_code == 0, res.output
    return ut, res.output


@pytest.fixture(scope="module")
def ar2(katalog, ar1) -> tuple[Path, str]:
    ut = katalog / "ut2027"
    res = _kor("--modell", str(katalog / "modell_2027.yaml"), "--data", str(katalog / "data"),
               "--ar", "2027", "--ut", str(ut), "--forra-aret", str(ar1[0]), "--utan-pdf")  # fmt: skip
    assert res.exit_code == 0, res.output
    return ut, res.output


def test_kommandot_ar_registrerat():
    assert KOMMANDON["fordela"] == "skolpeng.cli.fordela"


def test_alla_filer_skrivs(ar1):
    ut, _ = ar1
    filer = {str(p.relative_to(ut)) for p in ut.rglob("*") if p.is_file()}
    for namn in ("fordelning.csv", "bidrag.csv", "redovisning.xlsx", "bidragsbeslut.xlsx",
                 "modell.yaml", "underlag_enheter.csv", "underlag_elever.csv", "underlag_index.csv",
                 "normjamforelse.csv", "normjamforelse.html", "beaktande.md", "manifest.json",
                 "redovisning/index.html"):  # fmt: skip
        assert namn in filer, namn
    assert "forandring.csv" not in filer  # inget förra år
    for kod in ("10000001", "10000002", "10000003"):
        assert f"redovisning/{kod}.html" in filer and f"redovisning/{kod}.pdf" in filer
    for hm in ("5560000001", "5560000002"):
        assert f"beslut/{hm}.html" in filer and f"beslut/{hm}.pdf" in filer


def test_fordelning_csv_bevarar_varje_pott(ar1):
    ut, _ = ar1
    f = pl.read_csv(ut / "fordelning.csv", schema_overrides={"skolenhetskod": pl.String})
    assert tuple(f.columns[: len(FORDELNING_KOLUMNER)]) == FORDELNING_KOLUMNER
    summa = dict(f.group_by("pott").agg(pl.col("belopp_kr").sum()).iter_rows())
    avrundat = dict(f.group_by("pott").agg(pl.col("belopp_kr_avrundat").sum()).iter_rows())
    for p in MODELL_2026["potter"]:
        belopp = p["belopp"]["andel_av_ram"] * MODELL_2026["ram_kr"]
        assert summa[p["namn"]] == pytest.approx(belopp, rel=1e-12)
        assert avrundat[p["namn"]] == round(belopp)
    assert (f["kr_per_elev"] * f["elever"] - f["belopp_kr"]).abs().max() < 1e-6
    # lokalerna bara till den kommunala enheten
    assert set(f.filter(pl.col("pott") == "lokaler")["skolenhetskod"]) == {"10000001"}


def test_bidrag_csv_delarna_summerar_till_bidraget(ar1):
    ut, _ = ar1
    b = pl.read_csv(ut / "bidrag.csv", schema_overrides={"skolenhetskod": pl.String})
    assert set(b["skolenhetskod"]) == {"10000002", "10000003"}
    tecken = [-1 if d == "avdrag_utbudsansvar" else 1 for d in DELAR]
    for r in b.iter_rows(named=True):
        assert sum(t * r[d] for t, d in zip(tecken, DELAR, strict=True)) == r["bidrag"]
        assert r["administration"] > 0 and r["moms"] > 0 and r["avdrag_utbudsansvar"] == 0
    # lokalkostnaden = den kommunala enhetens lokalpott per elev (kommunens genomsnitt)
    f = pl.read_csv(ut / "fordelning.csv", schema_overrides={"skolenhetskod": pl.String})
    lokal = f.filter(pl.col("pott") == "lokaler")
    grund = lokal.filter(pl.col("stadium") != "F")
    assert (
        b.filter(pl.col("stadium") != "F")["lokalkostnad"].to_list()
        == [round(grund["belopp_kr"].sum() / grund["elever"].sum())]
        * b.filter(pl.col("stadium") != "F").height
    )


def test_manifest_har_hashar_for_indata_och_utdata(ar1, katalog):
    ut, _ = ar1
    m = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert m["kommando"] == "fordela" and m["modell"]["kommunkod"] == "0114"
    assert m["indata_sha256"]["modell/modell_2026.yaml"] == sha256_fil(katalog / "modell_2026.yaml")
    assert "data/elever.csv" in m["indata_sha256"]
    for namn, h in m["utdata_sha256"].items():
        assert sha256_fil(ut / namn) == h
    assert "bidrag.yaml" in m["parametrar_sha256"]


def test_sammanfattningen_pa_svenska(ar1):
    _, text = ar1
    assert "Upplands Väsby (0114), kalenderåret 2026" in text
    assert "Ram: 60 000 000 kr; fördelat i potterna: 60 000 000 kr" in text.replace("\xa0", " ")
    assert "Kronor per elev: lägst" in text and "median" in text and "högst" in text
    assert "Bidrag till enskilda huvudmän:" in text
    assert "stabilitetsregler men förra årets resultat är inte angivet" in text


def test_andra_aret_med_forra_aret_och_stabilitet(ar1, ar2):
    ut, text = ar2
    assert (ut / "forandring.csv").is_file()
    assert not list((ut / "redovisning").glob("*.pdf"))  # --utan-pdf
    fr = pl.read_csv(ut / "forandring.csv", schema_overrides={"skolenhetskod": pl.String})
    for r in fr.iter_rows(named=True):
        delar = sum(r[f"varav_{d}_kr"] for d in FORANDRINGSDELAR)
        assert delar == r["andring_kr"] == r["belopp_kr"] - r["belopp_forra_kr"]
    # förra årets belopp är det beslutade (ur förra årets katalog)
    forra = las_forra_aret(ar1[0]).enheter
    beslutat = dict(forra.select("skolenhetskod", "belopp_kr").iter_rows())
    for r in fr.iter_rows(named=True):
        assert r["belopp_forra_kr"] == round(beslutat[r["skolenhetskod"]])
    # stabilitetsregeln: ingen enhet minskar mer än 1 % per elev
    f = pl.read_csv(ut / "fordelning.csv", schema_overrides={"skolenhetskod": pl.String})
    assert "stabilitetsjustering" in set(f["pott"])
    assert f.filter(pl.col("pott") == "stabilitetsjustering")["belopp_kr"].sum() == pytest.approx(
        0, abs=1e-6
    )
    per_elev_forra = dict(forra.select("skolenhetskod", "kr_per_elev").iter_rows())
    nu = las_forra_aret(ut).enheter
    for kod, kr in nu.select("skolenhetskod", "kr_per_elev").iter_rows():
        assert kr >= per_elev_forra[kod] * 0.99 - 1e-6
    assert "Förändring mot förra året:" in text
    stab = fr["varav_stabilitet_kr"]
    assert stab.abs().sum() > 0 and stab.sum() == pytest.approx(0, abs=len(stab))


def test_forra_aret_som_tabell_ger_stabilitet_men_ingen_uppdelning(katalog, ar1, tmp_path):
    forra = las_forra_aret(ar1[0]).enheter.select("skolenhetskod", "kr_per_elev")
    tabell = tmp_path / "beslutat.csv"
    forra.write_csv(tabell)
    ut = tmp_path / "ut"
    res = _kor("--modell", str(katalog / "modell_2027.yaml"), "--data", str(katalog / "data"),
               "--ut", str(ut), "--forra-aret", str(tabell), "--utan-pdf")  # fmt: skip
    assert res.exit_code == 0, res.output
    assert not (ut / "forandring.csv").exists()
    assert "förändringen kan bara delas upp" in res.output
    f = pl.read_csv(ut / "fordelning.csv", schema_overrides={"skolenhetskod": pl.String})
    assert "stabilitetsjustering" in set(f["pott"])


def test_dalig_indata_exitkod_2_och_inget_skrivet(katalog, tmp_path):
    fel = json.loads(json.dumps(MODELL_2026))
    fel["potter"][0]["okand_nyckel"] = 1
    modell = _skriv_modell(tmp_path, "fel.yaml", fel)
    ut = tmp_path / "ut"
    res = runner.invoke(app, ["fordela", "--modell", str(modell), "--data", str(tmp_path / "finns_inte"),
                              "--ut", str(ut)])  # fmt: skip
    assert res.exit_code == 2
    assert "okänd nyckel" in res.output and "potter.0.okand_nyckel" in res.output
    assert "finns_inte" in res.output  # båda problemen på en gång
    assert not ut.exists()


def test_malgrupp_som_saknas_i_datasetet_ar_ett_fel(katalog, tmp_path):
    m = json.loads(json.dumps(MODELL_2026))
    m["potter"].append({"namn": "nyanlanda", "kalla": "test", "belopp": {"summa_kr": 100_000},
                        "nyckel": {"typ": "malgrupp", "malgrupp": "nyanlanda"}})  # fmt: skip
    modell = _skriv_modell(tmp_path, "mg.yaml", m)
    ut = tmp_path / "ut"
    res = runner.invoke(app, ["fordela", "--modell", str(modell), "--data", str(katalog / "data"),
                              "--ut", str(ut)])  # fmt: skip
    assert res.exit_code == 2
    assert "nyanlanda" in res.output
    assert not ut.exists()


def test_indexutjamning_med_datasetets_historik(tmp_path):
    """Modellen utjämnar index över två år: förra årets index ur datasetet (2025, här ändrat
    för Väsbyskolan) vägs in; nivån (elevviktat medel) är oförändrad och indexet före
    utjämningen står kvar i ``underlag_index.csv``."""
    tabeller = minimala_tabeller()
    rubrik, rader = tabeller["socioekonomiskt_index"]
    rader = [[*r[:3], "130"] if r[0] == "10000001" and r[1] == "2025" else r for r in rader]
    tabeller["socioekonomiskt_index"] = (rubrik, rader)
    data = skriv_minimalt_underlag(tmp_path / "data", tabeller)
    m = json.loads(json.dumps(MODELL_2026))
    m["stabilitet"] = {"indexutjamning_ar": 2}
    modell = _skriv_modell(tmp_path, "utjamning.yaml", m)
    ut = tmp_path / "ut"
    res = _kor("--modell", str(modell), "--data", str(data), "--ut", str(ut), "--utan-pdf")
    assert res.exit_code == 0, res.output
    ix = pl.read_csv(ut / "underlag_index.csv", schema_overrides={"skolenhetskod": pl.String})
    e = pl.read_csv(ut / "underlag_elever.csv", schema_overrides={"skolenhetskod": pl.String})
    n = dict(e.group_by("skolenhetskod").agg(pl.col("antal").sum()).iter_rows())
    rad = {r["skolenhetskod"]: r for r in ix.iter_rows(named=True)}
    assert rad["10000001"]["index"] != pytest.approx(rad["10000001"]["index_fore_utjamning"])
    fore = sum(r["index_fore_utjamning"] * n[k] for k, r in rad.items()) / sum(n.values())
    efter = sum(r["index"] * n[k] for k, r in rad.items()) / sum(n.values())
    assert efter == pytest.approx(fore, rel=1e-9)


def test_omkorning_utan_pdf_i_samma_katalog_lamnar_inga_gamla_filer(katalog, ar1) -> None:
    """En ny körning med --utan-pdf i en katalog där förra körningen skrev PDF:er
    lämnar ingen gammal fil kvar (förut låg en redovisnings gamla PDF bredvid den nya HTML)."""
    import shutil

    ut = katalog / "omkorning"
    shutil.copytree(ar1[0], ut)
    assert list(ut.rglob("*.pdf"))  # första körningen skrev PDF:er
    modell, data = str(katalog / "modell_2026.yaml"), str(katalog / "data")
    res = _kor("--modell", modell, "--data", data, "--ar", "2026", "--ut", str(ut), "--utan-pdf")
    assert res.exit_code == 0, res.output
    assert not list(ut.rglob("*.pdf"))
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    filer = {str(p.relative_to(ut)) for p in ut.rglob("*") if p.is_file()}
    assert filer == set(manifest["utdata_sha256"]) | {"manifest.json"}


def test_redovisningens_oversikt_lankar_till_varje_enhets_filer(ar1) -> None:
    """``redovisning/index.html`` länkar till varje enhets HTML och PDF, och varje
    länk pekar på en fil som finns."""
    import re
    from urllib.parse import unquote

    mapp = ar1[0] / "redovisning"
    sida = (mapp / "index.html").read_text(encoding="utf-8")
    lankar = {unquote(a) for a in re.findall(r'<a href="([^"]+)"', sida)}
    enheter = {p.name for p in mapp.glob("*.html")} - {"index.html"}
    pdf = {p.name for p in mapp.glob("*.pdf")}
    assert enheter and pdf
    assert lankar == enheter | pdf
    assert all((mapp / lank).is_file() for lank in lankar)


def test_forlopp_syns_aven_utan_terminal(ar1, ar2) -> None:
    """När utdata inte är en terminal (CliRunner, en logg) skrivs en rad per steg
    och PDF-förloppet som rader som slutar på alla dokument, 100 %."""
    import re

    utskrift = ar1[1]
    assert "Läser modell och underlag och beräknar fördelningen" in utskrift
    rader = re.findall(
        r"Skriver redovisningar och beslut \(PDF\): (\d+) av (\d+) \((\d+) %\)", utskrift
    )
    assert rader[0][0] == "0" and rader[-1][0] == rader[-1][1] and rader[-1][2] == "100"
    antal = int(rader[-1][1])
    redovisningar = len(list((ar1[0] / "redovisning").glob("*.pdf")))
    beslut = len(list((ar1[0] / "beslut").glob("*.pdf")))
    assert antal == redovisningar + beslut
    assert [int(r[0]) for r in rader] == sorted(int(r[0]) for r in rader)
    assert "Skriver utdata till" in ar2[1]  # --utan-pdf: ett steg utan indikator


def test_sammanfattningen_sager_nar_potterna_overstiger_ramen(katalog) -> None:
    """En pott med belopp per elev ligger utanpå ramen. Sammanfattningen visar
    andelspotterna med sin andel av ramen (85 %, inte andelen av det fördelade) och säger
    med hur mycket potterna överstiger ramen."""
    from skolpeng.cli.fordela import sammanfattning
    from skolpeng.fordelning.korning import berakna_korning

    innehall = {**MODELL_2026, "stabilitet": None}
    innehall = {k: v for k, v in innehall.items() if v is not None}
    innehall["potter"] = [
        *MODELL_2026["potter"],
        {
            "namn": "extra",
            "kalla": "test",
            "belopp": {"per_elev_kr": 1000},
            "nyckel": {"typ": "elever"},
        },
    ]
    fil = _skriv_modell(katalog, "modell_utanpa.yaml", innehall)
    korning = berakna_korning(fil, str(katalog / "data"), 2026, None, None, None)
    text = "\n".join(sammanfattning(korning)).replace("\xa0", " ")
    elever = float(korning.fordelning.enheter["elever"].sum())
    extra = 1000 * elever
    tot = 60_000_000 + extra
    from skolpeng.talformat import kr

    assert f"Ram: 60 000 000 kr; fördelat i potterna: {kr(tot)}".replace("\xa0", " ") in text
    assert f"Potterna överstiger ramen med {kr(extra)}".replace("\xa0", " ") in text
    assert "grundbelopp: 51 000 000 kr (85,0 % av ramen)" in text
    assert "av ramen, utanför ramens andelar" in text.split("extra:")[1]

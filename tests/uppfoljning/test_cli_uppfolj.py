"""``skolpeng uppfoljning``: varje kommando skriver CSV, JSON, HTML, PDF, PNG och manifest;
fel i indata ger exitkod 2 och inga filer."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.rapporter.uppfoljning.diagram import forvantat_diagram
from skolpeng.utdata import sha256_fil
from tests.uppfoljning.uppfoljning_hjalp import skriv_katalog, syntetisk

runner = CliRunner()


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return skriv_katalog(syntetisk(gap=6.0), tmp_path_factory.mktemp("uppf") / "data")


def _kor(*argument: str) -> object:
    return runner.invoke(app, ["uppfoljning", *argument])


def _kontrollera_utkatalog(ut: Path, analys: str, csv: list[str], png: list[str]) -> None:
    filer = {p.name for p in ut.iterdir()}
    vantade = {f"{c}.csv" for c in csv} | {f"{p}.png" for p in png}
    vantade |= {f"{analys}.json", f"{analys}.html", f"{analys}.pdf", "manifest.json"}
    assert vantade <= filer, vantade - filer
    assert (ut / f"{analys}.pdf").read_bytes().startswith(b"%PDF")
    for p in png:
        assert (ut / f"{p}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = (ut / f"{analys}.html").read_text(encoding="utf-8")
    assert html.count("<figcaption>") == len(png) and '<html lang="sv">' in html
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    for namn, h in manifest["utdata_sha256"].items():
        assert sha256_fil(ut / namn) == h
    assert manifest["indata_sha256"]
    json.loads((ut / f"{analys}.json").read_text(encoding="utf-8"))  # giltig JSON (inga NaN)
    # PDF:en är A4: ingen tabell har fler än nio kolumner (fler flöt ut över sidans kant) och
    # ingen kolumn är tom (bara –)
    for rubriker, rader in _tabeller(html):
        assert len(rubriker) <= MAX_KOLUMNER, rubriker
        for i, r in enumerate(rubriker):
            assert any(rad[i] != "–" for rad in rader), f"tom kolumn {r!r} i {analys}"


MAX_KOLUMNER = 9


def _tabeller(html: str) -> list[tuple[list[str], list[list[str]]]]:
    """Varje HTML-tabell som (kolumnrubriker, rader med celltext)."""
    ut = []
    for tabell in re.findall(r"<table>.*?</table>", html, re.S):
        rubriker = [unescape(r) for r in re.findall(r'<th scope="col">(.*?)</th>', tabell)]
        kropp = re.search(r"<tbody>(.*)</tbody>", tabell, re.S)
        rader = [
            [unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rad, re.S)]
            for rad in re.findall(r"<tr>(.*?)</tr>", kropp.group(1) if kropp else "", re.S)
        ]
        ut.append((rubriker, rader))
    return ut


def test_forvantat(data: Path, tmp_path: Path) -> None:
    ut = tmp_path / "f"
    r = _kor("forvantat", "--resultat", str(data), "--ut", str(ut))
    assert r.exit_code == 0, r.output
    _kontrollera_utkatalog(
        ut,
        "forvantat",
        ["forvantat_enheter", "forvantat_koefficienter", "forvantat_uteslutna"],
        [
            "forvantat_meritvarde",
            "samband_meritvarde",
            "forvantat_andel_behoriga",
            "samband_andel_behoriga",
        ],
    )
    # sammanfattningen på svenska: utfallets namn, decimalkomma, konstant och standardfel
    rad = " ".join(r.output.split())
    assert "Meritvärde 2023/24: R² = 0," in rad
    assert "konstant" in rad and "standardfel" in rad
    assert "const" not in rad and "(SE" not in rad
    # adjektivet böjs efter utfallet: förväntad andel, förväntat meritvärde
    html = (ut / "forvantat.html").read_text(encoding="utf-8")
    assert "förväntad andel behöriga" in html and "förväntat meritvärde" in html
    assert "förväntat andel" not in html.lower()
    enheter = pl.read_csv(ut / "forvantat_enheter.csv", schema_overrides={"lasar": pl.String})
    andel = forvantat_diagram(enheter, "andel_behoriga", "2023/24", 0.5).diagram.to_json()
    merit = forvantat_diagram(enheter, "meritvarde", "2023/24", 0.5).diagram.to_json()
    assert "Förväntad andel behöriga" in andel and "Faktisk andel behöriga" in andel
    assert "Förväntat meritvärde" in merit and "Faktiskt meritvärde" in merit


def test_syntetisk_skriver_tabellerna_och_det_planterade(tmp_path: Path) -> None:
    """``uppfoljning syntetisk``: tabellerna, manifestet med det planterade svaret och en
    svensk sammanfattning (decimalkomma) som nämner samma enheter som manifestet."""
    ut = tmp_path / "s"
    r = _kor("syntetisk", "--ut", str(ut), "--gap", "4.5")
    assert r.exit_code == 0, r.output
    tabeller = {"bakgrund", "belopp", "dekomposition", "enheter", "index", "resultat"}
    assert {p.name for p in ut.iterdir()} == {f"{t}.csv" for t in tabeller} | {"manifest.json"}
    sanning = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))["sanning"]
    assert sanning["gapforandring_per_ar"] == 4.5
    rad = " ".join(r.output.split())
    assert f"underkompenserad enhet {sanning['underkompenserad']}" in rad
    assert all(e in rad for e in sanning["volatila"])
    assert "gapförändring 4,5 meritpoäng" in rad


def test_traffsakerhet_hittar_den_planterade_enheten(data: Path, tmp_path: Path) -> None:
    ut = tmp_path / "t"
    r = _kor(
        "traffsakerhet",
        "--resultat",
        str(data),
        "--index",
        str(data / "index.csv"),
        "--belopp",
        str(data),
        "--ut",
        str(ut),
    )
    assert r.exit_code == 0, r.output
    _kontrollera_utkatalog(
        ut,
        "traffsakerhet",
        [
            "traffsakerhet_forklaringsgrad",
            "traffsakerhet_kompensation",
            "traffsakerhet_omfordelning",
            "traffsakerhet_grupper",
        ],
        ["index_meritvarde", "index_andel_behoriga", "finansiering_index", "spridning"],
    )
    k = pl.read_csv(
        ut / "traffsakerhet_kompensation.csv", schema_overrides={"skolenhetskod": pl.String}
    )
    starkast = k.filter(pl.col("bedomning") == "möjligen underkompenserad").sort("styrka").tail(1)
    assert starkast["skolenhetskod"][0] == syntetisk(gap=6.0).sanning.underkompenserad
    # flaggade enheter: skolenheten först, andelar i procent och avvikelser i procentenheter
    html = (ut / "traffsakerhet.html").read_text(encoding="utf-8")
    rubriker, rader = next(t for t in _tabeller(html) if "Bedömning" in t[0] and "Index" in t[0])
    assert rubriker[:3] == ["Skolenhet", "År", "Utfall"]
    andelar = [r for r in rader if r[2].startswith("Andel")]
    assert andelar and all(r[5].endswith("\u00a0%") and r[6].endswith("p.e.") for r in andelar)


def test_resultatgap_rapporterar_minskande_gap(data: Path, tmp_path: Path) -> None:
    ut = tmp_path / "g"
    r = _kor("resultatgap", "--resultat", str(data), "--index", str(data), "--ut", str(ut))
    assert r.exit_code == 0, r.output
    _kontrollera_utkatalog(
        ut,
        "resultatgap",
        ["resultatgap_per_ar", "resultatgap_trender"],
        ["gap_meritvarde", "index_meritvarde", "gap_andel_behoriga", "index_andel_behoriga"],
    )
    s = json.loads((ut / "resultatgap.json").read_text(encoding="utf-8"))
    assert "minskar" in s["slutsats"]["meritvarde"]
    assert "Gapet i meritvärde" in r.output


def test_volatilitet_och_riktade_medel(data: Path, tmp_path: Path) -> None:
    ut = tmp_path / "v"
    r = _kor("volatilitet", "--belopp", str(data), "--dekomposition", str(data), "--ut", str(ut))
    assert r.exit_code == 0, r.output
    d = syntetisk(gap=6.0)
    vattenfall = [f"vattenfall_{k}_{a}" for k, a in d.sanning.volatila.items()]
    _kontrollera_utkatalog(
        ut,
        "volatilitet",
        ["volatilitet_forandringar", "volatilitet_potter"],
        ["forandringar", *vattenfall],
    )
    assert "2 av 300 förändringar över tröskeln" in r.output
    ut2 = tmp_path / "r"
    r = _kor("riktade-medel", "--belopp", str(data), "--resultat", str(data), "--ut", str(ut2))
    assert r.exit_code == 0, r.output
    _kontrollera_utkatalog(
        ut2,
        "riktade_medel",
        ["riktade_medel_enheter", "riktade_medel_potter", "riktade_medel_ar"],
        ["riktat_spridning", "riktat_meritvarde"],
    )


def test_fel_i_indata_ger_exitkod_2_och_inga_filer(data: Path, tmp_path: Path) -> None:
    dalig = tmp_path / "dalig"
    dalig.mkdir()
    (dalig / "belopp.csv").write_text(
        "skolenhetskod,ar,pott,kr_per_elev,elever,riktad\n00000001,2024,grund,x,100,0\n",
        encoding="utf-8",
    )
    analys = tmp_path / "analys.yaml"
    analys.write_text("okand: 1\n", encoding="utf-8")
    ut = tmp_path / "ut"
    r = _kor("volatilitet", "--belopp", str(dalig), "--analys", str(analys), "--ut", str(ut))
    assert r.exit_code == 2
    assert "belopp.csv, rad 2, kolumn 'kr_per_elev'" in r.output
    assert "analys.yaml, kolumn 'okand': okänd nyckel" in r.output
    assert not ut.exists()
    r = _kor("forvantat", "--resultat", "finns_inte", "--ut", str(ut))
    assert r.exit_code == 2 and "medföljande" in r.output and not ut.exists()
    # Resultat utan bakgrund: exitkod 2.
    endast = tmp_path / "endast"
    endast.mkdir()
    (endast / "resultat.csv").write_bytes((data / "resultat.csv").read_bytes())
    r = _kor("forvantat", "--resultat", str(endast), "--ut", str(ut))
    assert r.exit_code == 2 and "bakgrund" in r.output and not ut.exists()

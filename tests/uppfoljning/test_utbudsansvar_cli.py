"""``skolpeng utbudsansvar``: filerna, rapporten, PNG, exitkoder och att CLI och bibliotek
ger samma tal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.data.elevserie import las_elevserie, medfoljande_serie
from skolpeng.parametrar import load_parameters
from skolpeng.rapporter.utbudsansvar.rapport import procent, utbudsansvar_html
from skolpeng.uppfoljning.utbudsansvar_analys import utbudsanalys

runner = CliRunner()
DATUM = "2026-01-01"
FILER = {
    "utbudsansvar.csv",
    "utbudsansvar.json",
    "utbudsansvar.html",
    "kapacitet.png",
    "utbudsansvar.pdf",
    "manifest.json",
}


@pytest.fixture(scope="module")
def standardkorning(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    ut = tmp_path_factory.mktemp("cli") / "ut"
    res = runner.invoke(app, ["utbudsansvar", "--ut", str(ut), "--datum", DATUM])
    assert res.exit_code == 0, res.output
    return ut, res.output


def test_standard_syntetisk_serie_skriver_alla_filer(standardkorning: tuple[Path, str]) -> None:
    ut, utskrift = standardkorning
    assert {p.name for p in ut.iterdir()} == FILER
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["utdata_sha256"]) == FILER - {"manifest.json"}
    assert "syntetisk_riket.csv" in manifest["indata_sha256"]
    assert any("utbudsansvar" in k for k in manifest["parametrar_sha256"])
    assert "Demografiskt betingad överkapacitet" in utskrift
    assert "Syntetisk nationell serie" in utskrift


def test_cli_och_bibliotek_ger_samma_tal(standardkorning: tuple[Path, str]) -> None:
    ut, _ = standardkorning
    fil, beskrivning = medfoljande_serie("syntetisk")
    analys = utbudsanalys(
        las_elevserie(fil).tabell,
        load_parameters(dt.date.fromisoformat(DATUM)),
        serienamn=beskrivning,
    )
    j = json.loads((ut / "utbudsansvar.json").read_text(encoding="utf-8"))
    r = analys.resultat
    assert j["medel_overkapacitet_andel"] == pytest.approx(r.medel_overkapacitet_andel, rel=1e-12)
    assert j["total_overkapacitet_andel"] == pytest.approx(
        0.02 + r.medel_overkapacitet_andel, rel=1e-12
    )
    d = j["total_overkapacitet_andel"]
    assert j["avdrag_andel"] == pytest.approx(d * 100 / (84 + d * 100), rel=1e-12)
    assert j["jamforelse"]["sou_avdrag_andel"] == pytest.approx(0.054 / 0.894)
    assert j["jamforelse"]["forslagets_avdragssats_andel"] == 0.06
    assert j["topp_ar"] == r.per_ar.filter(pl.col("ar_topp"))["ar"].to_list()
    csv = pl.read_csv(ut / "utbudsansvar.csv")
    assert csv.columns == [
        "ar",
        "antal_elever",
        "trend",
        "avvikelse_andel",
        "ar_topp",
        "referenskapacitet",
        "anpassad_kapacitet",
        "overkapacitet_andel",
    ]
    assert csv.height == 81
    assert csv["overkapacitet_andel"].mean() == pytest.approx(j["medel_overkapacitet_andel"])


def test_kanslighet_med_den_andra_trenden(standardkorning: tuple[Path, str]) -> None:
    """Standardkörningen använder den linjära trenden i log (docs/regler/utbudsansvar.md#beslut-trend) och visar Hodrick–Prescott (λ = 100) bredvid som känslighetsanalys i
    rapporten, JSON och utskriften. Oberoende kontroll: en egen körning med
    ``trendmetod="hp"``."""
    ut, utskrift = standardkorning
    fil, beskrivning = medfoljande_serie("syntetisk")
    serie = las_elevserie(fil).tabell
    p = load_parameters(dt.date.fromisoformat(DATUM))
    hp = utbudsanalys(serie, p, serienamn=beskrivning, trendmetod="hp")
    j = json.loads((ut / "utbudsansvar.json").read_text(encoding="utf-8"))
    assert j["installningar"]["trendmetod"] == "linjar"
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["argument"]["trendmetod"] == "linjar"
    alt = j["alternativ_trend"]
    assert alt["trendmetod"] == "hp"
    hr = hp.resultat
    assert alt["medel_overkapacitet_andel"] == pytest.approx(hr.medel_overkapacitet_andel)
    assert alt["total_overkapacitet_andel"] == pytest.approx(hr.total_overkapacitet_andel)
    assert alt["avdrag_andel"] == pytest.approx(hp.avdrag.avdrag_andel)
    assert alt["topp_ar"] == hr.per_ar.filter(pl.col("ar_topp"))["ar"].to_list()
    # symmetriskt: Hodrick–Prescott-analysens alternativ är standardkörningens resultat
    assert hp.alternativ_trend is not None
    assert hp.alternativ_trend.trendmetod == "linjar"
    assert hp.alternativ_trend.resultat.medel_overkapacitet_andel == pytest.approx(
        j["medel_overkapacitet_andel"]
    )
    # Hodrick–Prescott följer med i vågorna: lägre överkapacitet än den linjära trenden
    assert alt["medel_overkapacitet_andel"] < j["medel_overkapacitet_andel"]
    html = (ut / "utbudsansvar.html").read_text(encoding="utf-8")
    lin_text = procent(j["medel_overkapacitet_andel"], 2)
    hp_text = procent(alt["medel_overkapacitet_andel"], 2)
    assert "Trendens betydelse" in html and "Standardvalet är den linjära trenden" in html
    assert f"{lin_text} (avdrag {procent(j['avdrag_andel'], 2)})" in html
    assert f"{hp_text} (avdrag {procent(alt['avdrag_andel'], 2)})" in html
    assert "<td>linjär trend i log(elever)</td>" in html
    # tabellen per år visar känslighetens överkapacitet bredvid standardens
    assert "Överkapacitet, känslighet: Hodrick–Prescott-trend i log(elever), λ = 100" in html
    hp_forsta = procent(hr.per_ar["overkapacitet_andel"][0], 2)
    lin_forsta = procent(
        j_forsta := pl.read_csv(ut / "utbudsansvar.csv")["overkapacitet_andel"][0], 2
    )
    assert j_forsta != hr.per_ar["overkapacitet_andel"][0]
    rad = f'<td class="tal">{lin_forsta}</td><td class="tal">{hp_forsta}</td></tr>'
    assert rad in html
    forvantad = (
        f"Känslighet – med Hodrick–Prescott-trend i log(elever), λ = 100 i stället: medel {hp_text}"
    )
    assert " ".join(forvantad.split()) in " ".join(utskrift.split())


def test_rapporten_har_diagram_med_textalternativ(standardkorning: tuple[Path, str]) -> None:
    ut, _ = standardkorning
    html = (ut / "utbudsansvar.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="sv"' in html
    assert html.count('<figure role="img" aria-label="') == 2
    assert html.count("<svg") >= 2
    assert html.count("<figcaption>") == 2
    assert "Från överkapacitet till avdrag (tabell 10.3)" in html
    png = (ut / "kapacitet.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    # samma rapport som PDF (WeasyPrint), kapacitetsdiagrammet som PNG
    assert '<div class="diagram" data-png="kapacitet.png">' in html
    pdf = (ut / "utbudsansvar.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 20_000


def test_utan_weasyprint_skrivs_allt_utom_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saknas WeasyPrint eller Pango hoppas PDF:en över med en svensk notering; allt annat
    skrivs och kommandot lyckas (som uppföljningskommandona)."""
    from skolpeng.rapporter import pdf

    orsak = "PDF kunde inte skapas: WeasyPrint eller Pango saknas (testets orsak)"
    monkeypatch.setattr(pdf, "pdf_saknas", lambda: orsak)
    ut = tmp_path / "ut"
    res = runner.invoke(
        app, ["utbudsansvar", "--serie", "riket", "--ut", str(ut), "--datum", DATUM]
    )
    assert res.exit_code == 0, res.output
    assert {p.name for p in ut.iterdir()} == FILER - {"utbudsansvar.pdf"}
    assert f"{orsak}; HTML-rapporten är skriven." in " ".join(res.output.split())


@pytest.mark.parametrize(
    ("argument", "forvantat"),
    [
        (["--serie", "riket"], "Riket"),
        (["--kommun", "1440"], "Ale (1440)"),
        (["--serie", "1440"], "Ale (1440)"),
    ],
)
def test_verkliga_korta_serier(tmp_path: Path, argument: list[str], forvantat: str) -> None:
    ut = tmp_path / "ut"
    res = runner.invoke(app, ["utbudsansvar", *argument, "--ut", str(ut), "--datum", DATUM])
    assert res.exit_code == 0, res.output
    assert forvantat in res.output
    assert "kortare än en demografisk cykel" in res.output
    j = json.loads((ut / "utbudsansvar.json").read_text(encoding="utf-8"))
    assert j["antal_ar"] == 5 and j["kort_serie"] is True
    f = j["avdrag_faktiska_andelar"]
    assert f["ar"] == 2024
    assert f["avdrag_andel"] == pytest.approx(
        j["total_overkapacitet_andel"]
        * (f["kommunal_elever"] + f["ovriga_elever"])
        / (
            f["kommunal_elever"]
            + j["total_overkapacitet_andel"] * (f["kommunal_elever"] + f["ovriga_elever"])
        )
    )


def test_linjar_trend_och_kostnadsvikter(tmp_path: Path) -> None:
    ut = tmp_path / "ut"
    res = runner.invoke(
        app,
        [
            "utbudsansvar",
            "--ut",
            str(ut),
            "--trendmetod",
            "linjar",
            "--anpassning",
            "kostnadsvikter",
            "--datum",
            DATUM,
        ],
    )
    assert res.exit_code == 0, res.output
    j = json.loads((ut / "utbudsansvar.json").read_text(encoding="utf-8"))
    assert j["installningar"]["trendmetod"] == "linjar"
    assert 1 - j["installningar"]["anpassningsgrad"] == pytest.approx(0.398125)


@pytest.mark.parametrize(
    ("innehall", "text"),
    [
        ("ar,antal_elever\n2000,100\n2001,110\n2003,120\n2004,125\n", "dessa år saknas: 2002"),
        ("ar,antal_elever\n2000,100\n2001,-110\n2002,120\n", "större än noll"),
        ("ar,antal_elever\n2000,100\n2001,många\n2002,120\n", "förväntade ett antal elever"),
    ],
)
def test_felaktig_serie_exitkod_2_och_inget_skrivs(
    tmp_path: Path, innehall: str, text: str
) -> None:
    fil = tmp_path / "serie.csv"
    fil.write_text(innehall, encoding="utf-8")
    ut = tmp_path / "ut"
    res = runner.invoke(
        app, ["utbudsansvar", "--serie", str(fil), "--ut", str(ut), "--datum", DATUM]
    )
    assert res.exit_code == 2
    utskrift = " ".join(res.output.split())  # felkonsolen radbryter långa rader
    assert "ingenting har skrivits" in utskrift
    assert text in utskrift
    assert not ut.exists()
    assert list(tmp_path.iterdir()) == [fil]  # ingen kvarlämnad tillfällig katalog


def test_felaktiga_argument_exitkod_2(tmp_path: Path) -> None:
    ut = tmp_path / "ut"
    res = runner.invoke(
        app, ["utbudsansvar", "--ut", str(ut), "--trendmetod", "kubisk", "--datum", "igår"]
    )
    assert res.exit_code == 2
    assert "--trendmetod" in res.output and "--datum" in res.output
    assert not ut.exists()
    assert runner.invoke(app, ["utbudsansvar", "--datum", DATUM]).exit_code == 2  # --ut saknas


def test_avdrag_tabell_10_3() -> None:
    """SOU 2025:72 tabell 10.3: D = 5,4 %, B = 84, C = 16 -> 6,04 %."""
    res = runner.invoke(
        app,
        [
            "utbudsansvar",
            "avdrag",
            "--overkapacitet",
            "0.054",
            "--kommunal-andel",
            "84",
            "--enskild-andel",
            "16",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "6,04\u00a0%" in res.output
    assert "6,43\u00a0%" in res.output  # tabellens etikett (J − K)/K
    variant = runner.invoke(app, ["utbudsansvar", "avdrag", "--overkapacitet", "0.069"])
    assert variant.exit_code == 0
    assert "7,59\u00a0%" in variant.output  # 7,6 % i avsnitt 10.3.4
    standard = runner.invoke(app, ["utbudsansvar", "avdrag", "--datum", DATUM])
    assert "6,04\u00a0%" in standard.output  # parametrarna: 2 % + 3,4 %, B = 84, C = 16


def test_avdrag_felaktiga_andelar_exitkod_2() -> None:
    res = runner.invoke(
        app, ["utbudsansvar", "avdrag", "--kommunal-andel", "-84", "--overkapacitet", "1.5"]
    )
    assert res.exit_code == 2
    assert "--kommunal-andel" in res.output and "--overkapacitet" in res.output


def test_html_escapar_seriens_namn() -> None:
    fil, _ = medfoljande_serie("riket")
    analys = utbudsanalys(
        las_elevserie(fil).tabell,
        load_parameters(dt.date.fromisoformat(DATUM)),
        serienamn="<b>x</b> & y",
    )
    html = utbudsansvar_html(analys)
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt; &amp; y" in html

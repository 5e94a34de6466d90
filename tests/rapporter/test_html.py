"""Det gemensamma HTML-skalet (rapporter.html) och alla rapportbyggare som använder det:
svensk sida med titel, tabeller med bildtext och rubrikceller med scope, och varje figur med
textalternativ (role="img", aria-label och bildtext) – WCAG 2.1 AA."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import altair as alt
import polars as pl
import pytest

from skolpeng.rapporter.diagram import diagram_html
from skolpeng.rapporter.html import figur, html_sida, ramtabell, tabell
from skolpeng.rapporter.pdf import svg_till_png

ROT = Path(__file__).resolve().parents[2]


def kontrollera_sida(html: str) -> int:
    """Kontrollerar en rapportsida; ut: antalet figurer."""
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="sv">' in html
    assert '<meta charset="utf-8">' in html and 'name="viewport"' in html
    titlar = re.findall(r"<title>(.*?)</title>", html, re.S)
    assert len(titlar) == 1 and titlar[0].strip()
    assert len(re.findall(r"<h1>[^<]+</h1>", html)) == 1
    assert "<script" not in html
    # varje tabell har bildtext, varje rubrikcell scope
    assert html.count("<table>") == html.count("<caption>")
    assert all("scope=" in th for th in re.findall(r"<th\b[^>]*>", html))
    # varje figur: role="img", en icke-tom aria-label, bilden och en icke-tom bildtext
    figurer = re.findall(r"<figure\b([^>]*)>(.*?)</figure>", html, re.S)
    assert len(figurer) == html.count("<figure")
    for attribut, innehall in figurer:
        assert 'role="img"' in attribut
        etikett = re.search(r'aria-label="([^"]*)"', attribut)
        assert etikett is not None and len(etikett.group(1)) > 20
        assert "<svg" in innehall
        bildtext = re.search(r"<figcaption>(.*?)</figcaption>", innehall, re.S)
        assert bildtext is not None and len(re.sub(r"<[^>]+>", "", bildtext.group(1))) > 20
    # ingen SVG utanför en figur
    assert html.count("<svg") == sum(f[1].count("<svg") for f in figurer)
    return len(figurer)


def test_sidan_escapar_och_har_svensk_titel() -> None:
    html = html_sida("A & <b>", ["<p>x</p>", ""], rubrik="Rubrik")
    kontrollera_sida(html)
    assert "<title>A &amp; &lt;b&gt;</title>" in html and "<h1>Rubrik</h1>" in html


def test_tabell_med_radrubriker_och_textkolumner() -> None:
    html = tabell(["Mått", "Värde", "Not"], [["a<", "1", "text"]], "Bild", textkolumner=(2,))
    assert '<th scope="col">Mått</th>' in html and '<th scope="row">a&lt;</th>' in html
    assert '<td class="tal">1</td>' in html and "<td>text</td>" in html
    assert html.startswith("<table><caption>Bild</caption>")


def test_ramtabell_med_svenska_rubriker_och_radgrans() -> None:
    ram = pl.DataFrame(
        {"kod": ["A", "B", "C"], "varde": [1234.5, None, 2.0], "ja": [True, False, True]}
    )
    html = ramtabell(ram, {"kod": "Kod", "varde": "Värde", "ja": "Flagga"}, "Exempel", max_rader=2)
    assert '<th scope="col">Värde</th>' in html
    assert '<td class="tal">1\u00a0234,5</td>' in html and '<td class="tal">–</td>' in html
    assert '<td class="tal">ja</td>' in html and ">C<" not in html
    assert "(de första 2 av 3 raderna; alla finns i CSV-filen)" in html


def test_figur_med_png_for_pdf() -> None:
    html = figur("<svg></svg>", 'Beskrivning med "citat"', "Rubrik", png="bild.png")
    assert 'aria-label="Beskrivning med &quot;citat&quot;"' in html
    assert "<figcaption><strong>Rubrik.</strong> Beskrivning med" in html
    # PDF-versionen byter SVG:n mot PNG-filen men behåller figuren och bildtexten
    pdf = svg_till_png(html)
    assert '<img src="bild.png"' in pdf and "<svg" not in pdf and "<figcaption>" in pdf


# --- alla rapportbyggare -------------------------------------------------------------------


def _index() -> str:
    from skolpeng.index.lasning import aktuella_celler, traningsceller
    from skolpeng.index.modell import las_modell
    from skolpeng.index.skattning import skatta
    from skolpeng.index.tillampning import tillampa
    from skolpeng.rapporter.index.rapport import index_rapport_html
    from skolpeng.syntetisk.elevdata import generera_elevdata, syntetiska_enheter

    modell = las_modell(ROT / "src" / "skolpeng" / "modeller" / "index" / "skl_alternativ2.yaml")
    enheter, antal = syntetiska_enheter(seed=7, antal_kommuner=4, elever_per_kommun=2000.0)
    data = generera_elevdata(enheter, antal, seed=11)
    s = skatta(traningsceller(data.historiska, modell), modell)
    return index_rapport_html(s, tillampa(s, aktuella_celler(data.aktuella, modell.faktornamn)))


def _simulering() -> str:
    from skolpeng.parametrar import load_parameters
    from skolpeng.rapporter.simulering.rapport import simuleringsrapport_html
    from skolpeng.uppfoljning.simulering import simulera_mot_idag
    from tests.uppfoljning.simulering_hjalp import kostnader, normresultat

    norm = normresultat(
        [(f"01{i:02d}", "kommunal", "1-3", 100 + 10 * i, 100_000 + 500 * i, 60) for i in range(6)]
    )
    kost = kostnader([(f"01{i:02d}", "kommunal", 90_000 + 4_000 * i, 100) for i in range(6)])
    return simuleringsrapport_html(
        simulera_mot_idag(norm, kost, load_parameters(dt.date(2024, 1, 1)))
    )


def _utbudsansvar() -> str:
    from skolpeng.data.elevserie import las_elevserie, medfoljande_serie
    from skolpeng.parametrar import load_parameters
    from skolpeng.rapporter.utbudsansvar.rapport import utbudsansvar_html
    from skolpeng.uppfoljning.utbudsansvar_analys import utbudsanalys

    fil, namn = medfoljande_serie("riket")
    p = load_parameters(dt.date(2026, 1, 1))
    return utbudsansvar_html(utbudsanalys(las_elevserie(fil).tabell, p, serienamn=namn))


def _elasticitet() -> str:
    from skolpeng.rapporter.utbudsansvar.elasticitet import elasticitet_html

    tabell_10_2 = pl.DataFrame(
        {
            "kostnad": ["lokaler_kr"],
            "modell": [1],
            "elasticitet": [0.61],
            "standardfel": [0.05],
            "p_varde": [0.001],
            "kommuntrend": [True],
            "statsbidrag": [False],
            "arsfixa": [False],
            "antal_observationer": [1450],
            "r2_inom": [0.5],
        }
    )
    return elasticitet_html(tabell_10_2, "Påhittad panel", {"lokaler_kr": 0.55})


def _diagramsida() -> str:
    data = alt.Data(values=[{"x": 1, "y": 2}, {"x": 2, "y": 3}])
    chart = alt.Chart(data).mark_line().encode(x="x:Q", y="y:Q")
    return diagram_html(chart, "Ett linjediagram med två punkter som stiger från 2 till 3.")


def _uppfoljning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """De fem uppföljningsrapporterna via kommandonas funktioner, utan att skriva filer."""
    import skolpeng.cli.uppfolj as u
    from tests.uppfoljning.uppfoljning_hjalp import skriv_katalog, syntetisk

    monkeypatch.setattr(u, "skriv_utdata", lambda *a, **k: [])
    d = skriv_katalog(syntetisk(gap=6.0), tmp_path / "data")
    ut = tmp_path / "ut"
    return [
        u.kor_forvantat(str(d), None, None, None, ut).html,
        u.kor_traffsakerhet(str(d), str(d / "index.csv"), str(d), None, None, ut).html,
        u.kor_resultatgap(str(d), str(d), None, ut).html,
        u.kor_volatilitet(str(d), str(d), None, None, ut).html,
        u.kor_riktade_medel(str(d), str(d), None, None, ut).html,
    ]


BYGGARE: dict[str, tuple[Callable[[], str], int]] = {
    "index": (_index, 1),
    "simulering": (_simulering, 4),
    "utbudsansvar": (_utbudsansvar, 2),
    "elasticitet": (_elasticitet, 0),
    "diagram": (_diagramsida, 1),
}


@pytest.mark.parametrize("namn", list(BYGGARE))
def test_rapportbyggarna_ger_tillgangliga_svenska_sidor(namn: str) -> None:
    bygg, figurer = BYGGARE[namn]
    assert kontrollera_sida(bygg()) == figurer


def test_uppfoljningens_rapporter_ger_tillgangliga_svenska_sidor(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    figurer = [kontrollera_sida(html) for html in _uppfoljning(monkeypatch, tmp_path)]
    assert all(n >= 1 for n in figurer) and sum(figurer) >= 15

"""Redovisningen som HTML, PDF och Excel och jämförelsen med normen som rapport (docs/regler/fordelning-och-bidrag.md#redovisning, docs/regler/fordelning-och-bidrag.md#normjamforelse): innehållet, summorna i Excelboken mot potterna, vattenfallet och filerna."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import openpyxl
import polars as pl
import pytest

from skolpeng.fordelning.redovisning_och_forandring.normjamforelse import jamfor_med_normen
from skolpeng.fordelning.redovisning_och_forandring.normjamforelse_text import beaktande_text
from skolpeng.fordelning.redovisning_och_forandring.redovisning import Enhetsforandring, redovisning
from skolpeng.rapporter.fordelning.normjamforelse import markdown_html, skriv_normjamforelse
from skolpeng.rapporter.pdf import pdf_saknas
from skolpeng.rapporter.redovisning.filer import skriv_redovisning
from skolpeng.rapporter.redovisning.html import redovisning_html
from skolpeng.rapporter.redovisning.vattenfall import (
    per_elev,
    vattenfall,
    vattenfall_svg,
    vattenfall_text,
)
from skolpeng.talformat import kr
from tests.fordelning.redovisning_hjalp import gor_forandring, gor_fordelning, gor_norm


@pytest.fixture(scope="module")
def fordelning():
    return gor_fordelning()


@pytest.fixture(scope="module")
def reds(fordelning):
    return redovisning(fordelning, gor_forandring(fordelning))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.delar: list[str] = []

    def handle_data(self, data: str) -> None:
        self.delar.append(data)


def _text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(p.delar)


def test_html_visar_varje_pott_nyckel_och_summa(reds) -> None:
    red = next(r for r in reds if r.skolenhetskod == "10000001")
    html = redovisning_html(red)
    assert html.startswith("<!DOCTYPE html>") and 'lang="sv"' in html
    text = _text(html)
    assert "Ersättning 2026 till Ekskolan (10000001)" in text
    for p in red.potter:
        assert kr(p.belopp_kr_avrundat) in text
        assert p.forklaring in text
    assert f"Summa {red.elever:.0f}" in re.sub(r"\s+", " ", text)
    assert kr(red.belopp_kr_avrundat) in text
    assert "behov av stöd och stimulans" in text
    assert "Taket 9 000 kr per elev" in text  # taket som band
    assert "risk" not in text.lower()
    # förändringen: tabell och vattenfall med textalternativ
    v = vattenfall(red.forandring, red.belopp_kr_avrundat)
    assert v.iar == red.belopp_kr_avrundat  # vattenfallet slutar på enhetens belopp
    assert 'role="img"' in html and vattenfall_text(v) in _text(html)
    assert "Förändring från förra året" in text


def test_html_enskild_och_standardvarde(reds) -> None:
    fri = _text(redovisning_html(next(r for r in reds if r.huvudmannatyp == "enskild")))
    assert "enskild huvudman" in fri and "beslutet om bidrag" in fri
    gran = _text(redovisning_html(next(r for r in reds if r.skolenhetskod == "10000003")))
    assert "Standardvärden som använts" in gran and "(standardvärde)" in gran


def test_vattenfallet_gar_ihop_i_hela_kronor() -> None:
    """Förra året + delarna = i år exakt i hela kronor, också när delarna har ören."""
    f = Enhetsforandring(
        belopp_forra_kr=1_000_000.4,
        belopp_kr=1_100_000.3,
        andring_kr=99_999.9,
        varav_elever_kr=33_333.3,
        varav_index_kr=33_333.3,
        varav_parametrar_kr=33_333.3,
        kr_per_elev_forra=50_000.0,
        kr_per_elev=52_000.0,
        andring_kr_per_elev=2_000.0,
        varav_elever_kr_per_elev=500.25,
        varav_index_kr_per_elev=499.75,
        varav_parametrar_kr_per_elev=1_000.0,
    )
    v = vattenfall(f)
    assert v.forra == 1_000_000 and v.iar == 1_100_000
    assert v.forra + sum(d for _, d in v.delar) == v.iar
    assert [k for k, _ in v.delar] == ["varav_elever_kr", "varav_index_kr", "varav_parametrar_kr"]
    pe = per_elev(f)
    assert pe is not None and pe.forra + sum(d for _, d in pe.delar) == pe.iar == 52_000
    svg = vattenfall_svg(v)
    assert svg.count("<rect") == 5 and "Axeln börjar vid" in svg
    # stabilitetsjusteringen blir ett eget steg när den inte är 0
    med = Enhetsforandring(100.0, 110.0, 10.0, 2.0, 3.0, 4.0, varav_stabilitet_kr=1.0)
    assert [k for k, _ in vattenfall(med).delar][-1] == "varav_stabilitet_kr"
    assert vattenfall_svg(vattenfall(med)).count("<rect") == 6


def test_filer_och_excel_summor(fordelning, reds, tmp_path) -> None:
    """En HTML per enhet, en översikt och Excelboken; bokens rundade summor = potterna."""
    filer = skriv_redovisning(reds, tmp_path, fordelning.potter, pdf=False)
    namn = sorted(p.name for p in (tmp_path / "redovisning").iterdir())
    assert namn == [
        "10000001.html",
        "10000002.html",
        "10000003.html",
        "30000001.html",
        "index.html",
    ]
    assert filer.pdf == () and filer.pdf_notering is None
    bok = openpyxl.load_workbook(filer.excel, read_only=True)
    assert bok.sheetnames == [
        "Potter",
        "Enheter",
        "Förskoleklass",
        "Åk 1–3",
        "Åk 4–6",
        "Åk 7–9",
        "Hela enheten",  # målgruppstilläggen och lokalerna är inte stadiefördelade här
        "Summor per pott",
        "Om beräkningen",
    ]
    rader = list(bok["Potter"].iter_rows(values_only=True))
    rubrik, data = rader[0], rader[1:]
    assert rubrik[3] == "Pott" and rubrik[-1] == "Belopp (kr)"
    assert len(data) == sum(len(r.potter) for r in reds)
    per_pott: dict[str, int] = {}
    for rad in data:
        assert isinstance(rad[-1], int)
        per_pott[rad[3]] = per_pott.get(rad[3], 0) + rad[-1]
    assert per_pott == dict(fordelning.potter.select("pott", "fordelat_avrundat_kr").iter_rows())
    # stadiebladen (och bladet för hela enheten) tillsammans = alla enheters avrundade belopp
    totalt = 0
    for blad in ("Förskoleklass", "Åk 1–3", "Åk 4–6", "Åk 7–9", "Hela enheten"):
        rader = list(bok[blad].iter_rows(values_only=True))
        i = rader[0].index("Summa (kr)")
        totalt += sum(r[i] for r in rader[1:])
    assert totalt == sum(r.belopp_kr_avrundat for r in reds)
    enheter = list(bok["Enheter"].iter_rows(values_only=True))
    i = enheter[0].index("Ersättning (kr)")
    j = enheter[0].index("Förändring (kr)")
    e = enheter[0].index("Varav elever (kr)")
    # enheterna i svensk ordning efter namn
    from skolpeng.sortering import svensk_nyckel

    for rad, red in zip(
        enheter[1:], sorted(reds, key=lambda r: svensk_nyckel(r.namn)), strict=True
    ):
        assert rad[0] == red.skolenhetskod and rad[i] == red.belopp_kr_avrundat
        assert rad[j] == rad[e] + rad[e + 1] + rad[e + 2]
    summor = list(bok["Summor per pott"].iter_rows(values_only=True))
    assert all(r[1] == r[2] for r in summor[1:])
    bok.close()


def test_pdf_per_enhet(reds, tmp_path) -> None:
    """PDF skrivs per enhet när WeasyPrint finns, annars står det varför (på svenska)."""
    filer = skriv_redovisning(reds[:1], tmp_path, pdf=True)
    saknas = pdf_saknas()
    if saknas is None:
        assert [p.name for p in filer.pdf] == ["10000001.pdf"]
        assert filer.pdf[0].read_bytes().startswith(b"%PDF")
    else:
        assert filer.pdf == () and "PDF kunde inte skapas" in (filer.pdf_notering or "")


def test_normjamforelse_rapport(fordelning, tmp_path) -> None:
    norm = gor_norm()
    j = jamfor_med_normen(fordelning, norm)
    text = beaktande_text(fordelning, norm, j)
    filer = skriv_normjamforelse(j, text, tmp_path)
    assert [p.name for p in filer] == ["normjamforelse.csv", "beaktande.md", "normjamforelse.html"]
    csv = pl.read_csv(filer[0], schema_overrides={"skolenhetskod": pl.String})
    assert csv.height == j.height
    assert csv["skillnad_kr"].to_list() == pytest.approx(j["skillnad_kr"].to_list())
    assert filer[1].read_text(encoding="utf-8") == text
    html = filer[2].read_text(encoding="utf-8")
    ren = _text(html)
    kommun = j.filter((pl.col("niva") == "huvudman") & (pl.col("stadium") == "alla")).row(
        0, named=True
    )
    assert kr(kommun["norm_kr_per_elev"]) in ren and "Ekskolan" in ren
    assert 'role="img"' in html and "3 under normen" in ren
    assert "Text till budgetbeslutet" in ren


def test_markdown_html() -> None:
    html = markdown_html("# Rubrik\n\nEtt stycke.\n\n- a\n- b\n\nSlut.")
    assert html == "<h2>Rubrik</h2><p>Ett stycke.</p><ul><li>a</li><li>b</li></ul><p>Slut.</p>"


def test_excel_med_stabilitetsjustering(fordelning, tmp_path) -> None:
    """Förändringen med en stabilitetsdel (F2:s ``varav_stabilitet_kr``): en egen kolumn, och
    förändringen = summan av delarna i hela kronor på varje rad."""
    ram = gor_forandring(fordelning).with_columns(
        varav_stabilitet_kr=pl.when(pl.col("skolenhetskod") == "10000002")
        .then(2_500.4)
        .otherwise(0.0)
    )
    ram = ram.with_columns(
        andring_kr=pl.col("andring_kr") + pl.col("varav_stabilitet_kr"),
        belopp_forra_kr=pl.col("belopp_forra_kr") - pl.col("varav_stabilitet_kr"),
    )
    reds = redovisning(fordelning, ram)
    filer = skriv_redovisning(reds, tmp_path, fordelning.potter, pdf=False)
    bok = openpyxl.load_workbook(filer.excel, read_only=True)
    enheter = list(bok["Enheter"].iter_rows(values_only=True))
    rubrik = enheter[0]
    assert "Varav stabilitet (kr)" in rubrik
    j = rubrik.index("Förändring (kr)")
    forra = rubrik.index("Förra året (kr)")
    i = rubrik.index("Ersättning (kr)")
    for rad in enheter[1:]:
        assert rad[j] == sum(rad[j + 1 : j + 5])
        assert rad[forra] + rad[j] == rad[i]  # slutar på enhetens publicerade belopp
    bjork = next(r for r in enheter[1:] if r[0] == "10000002")
    assert bjork[rubrik.index("Varav stabilitet (kr)")] in (2_500, 2_501)
    bok.close()
    html = redovisning_html(next(r for r in reds if r.skolenhetskod == "10000002"))
    assert "stabilitetsjusteringen" in _text(html)

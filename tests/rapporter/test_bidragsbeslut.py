"""Beslut om bidrag till enskild huvudman (docs/regler/fordelning-och-bidrag.md#bidragsbeslut; skolförordningen 14 kap. 10 § i
föreslagen lydelse; skollagen 28 kap. 5 §): innehållet läses tillbaka ur HTML, PDF och Excel.

Fördelningen är den handgjorda i ``tests/fordelning/bidrag_hjalp.py``; beloppen är räknade
för hand i ``tests/fordelning/lika_villkor/test_bidrag_enheter.py`` (E1 förskoleklass 2029: 84 155,944 kr
per elev -> 84 156 kr)."""

from __future__ import annotations

import datetime as dt
import functools
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from skolpeng.fordelning.lika_villkor.per_enhet import DELAR, berakna_bidrag_per_enhet
from skolpeng.parametrar import Parameterlage, load_parameters
from skolpeng.rapporter.beslut_om_bidrag.beslut import bidragsbeslut_html, skriv_bidragsbeslut
from skolpeng.rapporter.beslut_om_bidrag.ny_elev import skriv_bidragsbeslut_ny_elev
from skolpeng.rapporter.beslut_om_bidrag.text import delrubriker, lagrum
from skolpeng.rapporter.pdf import pdf_saknas
from skolpeng.talformat import NBSP, kr
from tests.fordelning import bidrag_hjalp as h
from tests.rapporter.test_html import kontrollera_sida

DELAR_I_TABELL = (
    "Undervisning",
    "Lärverktyg",
    "Elevhälsa",
    "Måltider",
    "Lokalkostnader",
    "Administration (3 % av grundbeloppet)",
    "Avdrag för merkostnader för utbudsansvar (−6 %)",
    "Mervärdesskatt (6 %)",
)


class _Tabeller(HTMLParser):
    """Samlar HTML-sidans tabeller som listor av rader (cellernas text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tabeller: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tabeller.append([])
        elif tag == "tr":
            self.tabeller[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tabeller[-1][-1].append("".join(self._cell).replace(NBSP, " ").strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _kr(x: float) -> str:
    """``kr`` med vanliga mellanslag (tabellcellerna normaliseras så)."""
    return kr(x).replace(NBSP, " ")


def _kronor(text: str) -> int:
    """'−5\u00a0068\u00a0kr' -> -5068."""
    siffror = text.replace("kr", "").replace("\u00a0", "").replace(" ", "").replace("−", "-")
    return int(siffror)


@functools.cache
def _lage(ar: int) -> Parameterlage:
    return load_parameters(dt.date(ar, 1, 1))


@pytest.fixture(scope="module")
def skrivet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    katalog = tmp_path_factory.mktemp("beslut")
    f = h.fordelning(2029)
    bidrag = berakna_bidrag_per_enhet(f, _lage(2029))
    filer = skriv_bidragsbeslut(
        bidrag, f, katalog, _lage(2029), kommun_namn="Upplands Väsby kommun",
        beslutsdatum="2028-11-20",
    )  # fmt: skip
    return katalog, filer


def test_filerna_skrivs(skrivet: tuple[Path, list[Path]]) -> None:
    katalog, filer = skrivet
    namn = sorted(str(p.relative_to(katalog)) for p in filer)
    html = ["beslut/5560000001.html", "beslut/5560000002.html", "bidragsbeslut.xlsx"]
    pdf = [] if pdf_saknas() else ["beslut/5560000001.pdf", "beslut/5560000002.pdf"]
    assert namn == sorted(html + pdf)
    for p in filer:
        if p.suffix == ".pdf":
            assert p.read_bytes()[:4] == b"%PDF" and p.stat().st_size > 5_000


def test_utan_pdf_skrivs_bara_html_och_excel(tmp_path: Path) -> None:
    f = h.fordelning(2029)
    filer = skriv_bidragsbeslut(
        berakna_bidrag_per_enhet(f, _lage(2029)), f, tmp_path, _lage(2029), pdf=False
    )
    assert sorted(p.name for p in filer) == [
        "5560000001.html",
        "5560000002.html",
        "bidragsbeslut.xlsx",
    ]
    assert not list(tmp_path.rglob("*.pdf"))


def test_beslutet_innehaller_det_som_kravs(skrivet: tuple[Path, list[Path]]) -> None:
    """Kalenderår, räkningsdatum, belopp per kostnadsslag, administration, avdrag, moms,
    lagrum och hur man överklagar (förvaltningsrätten, tre veckor, 28 kap. 5 §)."""
    katalog, _ = skrivet
    html = (katalog / "beslut" / "5560000001.html").read_text(encoding="utf-8")
    kontrollera_sida(html)
    html = html.replace(NBSP, " ")
    for text in (
        "för kalenderåret 2029",
        "Räkningsdatum för elevantalen: 15 oktober",
        "Friskolan Norr AB",
        "Upplands Väsby kommun",
        "Beslutsdatum: 2028-11-20",
        *DELAR_I_TABELL,
        "10 kap. 37–39 §§",
        "14 kap. 7 a §",
        "10 § (redovisningen",
        "förvaltningsrätten",
        "inom tre veckor från den dag då huvudmannen fick del av beslutet",
        "28 kap. 5 §",
        "ingår inte: Evakuering, Statsbidrag",
        "Avdraget för merkostnader för kommunens ansvar att erbjuda utbildning är 6",
    ):
        assert text in html, text
    assert "Friskolan Öst" in html and "Skolan Syd" not in html


def test_tabellernas_tal_summerar_till_bidraget(skrivet: tuple[Path, list[Path]]) -> None:
    """Läser tillbaka tabellerna: delarna (avdraget negativt) summerar i varje kolumn till
    bidraget per elev, och bidraget × elever = totalen; E1 förskoleklass = 84 156 kr."""
    katalog, _ = skrivet
    parser = _Tabeller()
    parser.feed((katalog / "beslut" / "5560000001.html").read_text(encoding="utf-8"))
    assert len(parser.tabeller) == 2  # Friskolan Norr och Friskolan Öst
    norr = {rad[0]: rad[1:] for rad in parser.tabeller[0]}
    assert norr["Per elev och år"] == ["Förskoleklass", "Åk 1–3"]
    bidrag = [_kronor(c) for c in norr["Bidrag per elev och år"]]
    assert bidrag == [84_156, 102_971]
    summa = [sum(_kronor(norr[d][i]) for d in DELAR_I_TABELL) for i in range(2)]
    assert summa == bidrag
    elever = [int(c) for c in norr["Antal elever den 15 oktober"]]
    totalt = [_kronor(c) for c in norr["Bidrag totalt för dessa elever"]]
    assert elever == [5, 15]
    assert totalt == [b * e for b, e in zip(bidrag, elever, strict=True)]
    assert norr["Lokalkostnader"][0] == _kr(15_000)


def test_excel_har_alla_huvudman_och_talen(skrivet: tuple[Path, list[Path]]) -> None:
    katalog, _ = skrivet
    bok = openpyxl.load_workbook(katalog / "bidragsbeslut.xlsx")
    assert bok.sheetnames == [
        "Sammanfattning",
        "Alla enheter",
        "Oavrundat",
        "5560000001",
        "5560000002",
    ]
    ark = bok["Alla enheter"]
    rubriker = [c.value for c in ark[1]]
    rader = [dict(zip(rubriker, (c.value for c in rad), strict=True)) for rad in ark.iter_rows(2)]
    e1_f = next(
        r for r in rader if r["Skolenhetskod"] == "30000001" and r["Stadium"] == "Förskoleklass"
    )
    assert e1_f["Bidrag, kr per elev och år"] == 84_156
    assert e1_f["Avdrag för merkostnader för utbudsansvar, kr per elev"] == -5_068
    assert e1_f["Mervärdesskatt, kr per elev"] == 4_764
    assert e1_f["Bidrag totalt, kr"] == 420_780
    oavrundat = bok["Oavrundat"]
    rubriker = [c.value for c in oavrundat[1]]
    varden = {c: oavrundat.cell(2, i + 1).value for i, c in enumerate(rubriker)}
    assert varden["Bidrag, kr per elev och år"] == pytest.approx(84_155.944)
    assert [r[0].value for r in bok["5560000002"].iter_rows(2)][:1] == ["556000-0002"]
    text = " ".join(
        str(c.value) for rad in bok["Sammanfattning"].iter_rows() for c in rad if c.value
    )
    for del_ in ("15 oktober", "2029", "förvaltningsrätten", "tre veckor", "28 kap. 5 §"):
        assert del_ in text


def test_avstatt_avdrag_och_ar_utan_avdrag() -> None:
    skal = "Kommunen och huvudmännen har gemensamt anpassat verksamheten till färre elever"
    f = h.fordelning(2029, avsta_avdrag=True, avsta_skal=skal)
    html = bidragsbeslut_html(
        berakna_bidrag_per_enhet(f, _lage(2029)), f, "5560000002", _lage(2029)
    )
    assert "av särskilda skäl avstått från avdraget" in html and skal in html
    assert "alla enskilda huvudmän lika" in html
    parser = _Tabeller()
    parser.feed(html)
    rader = {rad[0]: rad[1:] for rad in parser.tabeller[0]}
    assert rader["Avdrag för merkostnader för utbudsansvar"] == [_kr(0)]
    f27 = h.fordelning(2027)
    html27 = bidragsbeslut_html(
        berakna_bidrag_per_enhet(f27, _lage(2027)), f27, "5560000002", _lage(2027)
    )
    assert "Inget avdrag för merkostnader för utbudsansvar görs för kalenderåret 2027" in html27


def test_villkorat_belopp_i_beslutet() -> None:
    f = h.fordelning(2029)
    villkorade = pl.DataFrame(
        {
            "skolenhetskod": ["30000003"],
            "stadium": [None],
            "andamal": ["resursskola"],
            "villkor": ["mottagandet begränsat till elever i behov av särskilt stöd"],
            "kr_per_elev": [10_000.0],
        },
        schema_overrides={"stadium": pl.String},
    )
    bidrag = berakna_bidrag_per_enhet(f, _lage(2029), villkorade)
    html = bidragsbeslut_html(bidrag, f, "5560000002", _lage(2029), villkorade_belopp=villkorade)
    assert "grundbelopp och villkorat belopp" in html
    assert "resursskola" in html and "betalas tillbaka" in html and "7 b §" in html
    parser = _Tabeller()
    parser.feed(html)
    rader = {rad[0]: rad[1:] for rad in parser.tabeller[0]}
    assert rader["Villkorat belopp"] == [_kr(10_000)]
    annan = bidragsbeslut_html(bidrag, f, "5560000001", _lage(2029), villkorade_belopp=villkorade)
    assert "resursskola" not in annan


def test_beslut_for_elev_som_borjar_i_mars(tmp_path: Path) -> None:
    """14 kap. 1 §: beslut omgående; mars–december = 10/12 av 84 155,944 = 70 129,95 kr."""
    f = h.fordelning(2029)
    bidrag = berakna_bidrag_per_enhet(f, _lage(2029))
    filer = skriv_bidragsbeslut_ny_elev(
        bidrag, f, tmp_path, _lage(2029), "30000001", "F", 3, arende="BUN 2029/17"
    )
    html = filer[0].read_text(encoding="utf-8")
    assert filer[0].name == "ny_elev_30000001_F_2029-03_BUN_2029_17.html"
    kontrollera_sida(html)
    for text in (
        "mars 2029",
        "mars–december 2029",
        "10 av årets 12 månader",
        kr(70_130),
        kr(84_156),
        "14 kap. 1 §",
        "förvaltningsrätten",
        "Ärende: BUN 2029/17",
    ):
        assert text in html, text  # fmt: skip
    parser = _Tabeller()
    parser.feed(html)
    rader = {rad[0]: rad[1:] for rad in parser.tabeller[0]}
    period = [_kronor(v[1]) for k, v in rader.items() if k not in ("Del av bidraget", "Bidrag")]
    assert sum(period) == _kronor(rader["Bidrag"][1]) == 70_130
    if not pdf_saknas():
        assert filer[1].read_bytes()[:4] == b"%PDF"


def test_fritidshemmets_kostnadsslag_och_lagrum() -> None:
    """Skolförordningen 14 kap. 5 § och skollagen 14 kap. 15–17 §§ för fritidshem."""
    assert delrubriker("fritidshem")["undervisning"] == "Omsorg och pedagogisk verksamhet"
    assert delrubriker("fritidshem")["larverktyg"] == "Pedagogiskt material och utrustning"
    assert "14 kap. 15–17 §§" in lagrum("fritidshem")[0]
    assert "5 §" in lagrum("fritidshem")[1] and "4 §" in lagrum("fk_gr")[1]


def test_kostnadsslag_som_inte_anvands_skrivs_inte_med_0_kr() -> None:
    """Ett beslut listar inte lärverktyg, elevhälsa och måltider med 0 kr
    när modellen inte använder dem; de delar som används står kvar och summerar till
    bidraget per elev."""
    import re

    from skolpeng.rapporter.beslut_om_bidrag.beslut import enhetstabell
    from skolpeng.talformat import tolka

    lage = load_parameters(dt.date(2026, 1, 1))
    rader = pl.DataFrame({
        "stadium": ["1-3"], "elever": [10.0], "undervisning": [80_000], "lokalkostnad": [10_000],
        "larverktyg": [0], "elevhalsa": [0], "maltider": [0], "administration": [2_700],
        "moms": [5_562], "avdrag_utbudsansvar": [0], "avdrag_andel": [0.0],
        "villkorat_belopp": [0], "tillaggsbelopp": [0], "bidrag": [98_262],
        "bidrag_totalt_kr": [982_620],
    })  # fmt: skip
    rader = rader.with_columns(*(pl.lit(0).alias(d) for d in DELAR if d not in rader.columns))
    html = enhetstabell(rader, "Skolan", "12345678", "fk_gr", lage, "2026-01-15")
    assert "Lärverktyg" not in html and "Elevhälsa" not in html and "Måltider" not in html
    assert html.count(">0\u00a0kr<") == 1  # bara avdraget (som visar att inget dras av)
    celler = [tolka(c) for c in re.findall(r"<td[^>]*>([^<]*kr)</td>", html)]
    # delarna (undervisning, lokaler, administration, moms) summerar till bidraget per elev
    assert sum(celler[:-2]) == celler[-2] == 98_262

"""Redovisningens PDF-layout: pottabellen ska inte krossas (första kolumnen renderades
som "Gru ndb elop p" på stående A4 med åtta kolumner och ``overflow-wrap:anywhere``).
Redovisningen ritas på liggande A4, ord delas aldrig mitt i, och kolumnen "per elev i
enheten" visas bara när den skiljer sig från "kr per elev". Layouten kontrolleras i
WeasyPrints renderade sidor (ett beroende i pyproject.toml)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import weasyprint
from weasyprint.formatting_structure import boxes

from skolpeng.fordelning import fordela
from skolpeng.fordelning.lika_villkor.per_enhet import berakna_bidrag_per_enhet
from skolpeng.fordelning.redovisning_och_forandring.redovisning import redovisning
from skolpeng.parametrar import load_parameters
from skolpeng.rapporter.beslut_om_bidrag.beslut import bidragsbeslut_html
from skolpeng.rapporter.html import LIGGANDE, STIL, html_sida
from skolpeng.rapporter.redovisning.html import redovisning_html
from tests.fordelning import bidrag_hjalp as h
from tests.fordelning.berakning_hjalp import modell, underlag
from tests.fordelning.redovisning_hjalp import gor_forandring
from tests.rapporter.test_pottrubriker_rapport import RUBRIKER, _med_rubriker

MM = 96 / 25.4  # CSS-pixlar per millimeter


def _texter(box: boxes.Box) -> list[str]:
    ut = [box.text] if isinstance(box, boxes.TextBox) else []
    for barn in getattr(box, "children", None) or []:
        ut += _texter(barn)
    return ut


def _delade(ord_: set[str], hela: set[str]) -> set[str]:
    """Ord i sidan som är början av ett av orden ``hela`` (ett ord delat mitt i: "Gru")."""
    return {o for o in ord_ for h in hela if o != h and len(o) >= 3 and h.startswith(o)}


def _rendera(html: str) -> tuple[list[tuple[float, float]], list[str]]:
    dokument = weasyprint.HTML(string=html).render()
    sidor = [(p.width, p.height) for p in dokument.pages]
    return sidor, [t for p in dokument.pages for t in _texter(p._page_box)]


def _goteborgstyp():
    """Motorns fördelning med en Göteborgsliknande modell (årskursvikter, index,
    förklaringar med hårda mellanslag): den modell vars PDF krossades."""
    vikter = {"F": 1.0, "1": 1.0, "2": 1.18, "3": 1.31, "4": 1.26, "5": 1.29, "6": 1.35,
              "7": 1.42, "8": 1.43, "9": 1.43}  # fmt: skip
    m = modell(
        [
            {"namn": "grundbelopp", "belopp": {"andel_av_ram": 0.81},
             "nyckel": {"typ": "elever", "vikter": {"per": "arskurs", "varden": vikter}}},
            {"namn": "strukturbelopp", "belopp": {"andel_av_ram": 0.19},
             "nyckel": {"typ": "index"}},
        ],
        ram_kr=60_000_000,
    )  # fmt: skip
    enheter = [
        ("10000001", "kommunal", {"4": 80, "5": 85, "6": 90, "7": 90, "8": 90, "9": 89}, 174.7),
        ("10000002", "kommunal", {"F": 40, "1": 45, "2": 45, "3": 45}, 60.0),
    ]
    return redovisning(fordela(m, underlag(enheter)))[0]


def test_stilen_delar_inte_ord_och_extra_stil_laggs_till() -> None:
    assert "anywhere" not in STIL and "break-all" not in STIL
    html = html_sida("T", ["<p>x</p>"], extra_stil=LIGGANDE)
    assert f"{STIL}{LIGGANDE}</style>" in html
    assert html_sida("T", ["<p>x</p>"]).count("landscape") == 0


def test_redovisningen_pa_liggande_a4_med_hela_pottnamn() -> None:
    """Alla sidor 297 × 210 mm; varje pottnamn står som hela ord (en textruta per rad i
    cellen, inga ord delade mitt i)."""
    f = _med_rubriker()
    red = redovisning(f, gor_forandring(f))[0]
    html = redovisning_html(red)
    assert "Per elev i enheten" in html  # målgruppspotterna når inte alla elever
    sidor, texter = _rendera(html)
    for bredd, hojd in sidor:
        assert abs(bredd - 297 * MM) < 1 and abs(hojd - 210 * MM) < 1
    ord_ = {o for t in texter for o in t.split()}
    for rubrik in RUBRIKER.values():
        assert set(rubrik.split()) <= ord_, rubrik
    hela = {"Grundersättning", "Socioekonomiskt", "Tilläggsersättning", "Lokalkostnader"}
    assert _delade(ord_, hela) == set()


def test_goteborgstypens_pottabell_krossas_inte() -> None:
    """Göteborgstypen (tidigare "Gru ndb elop p"): pottnamnen står hela på liggande A4."""
    red = _goteborgstyp()
    assert [p.pott for p in red.potter] == ["grundbelopp", "strukturbelopp"]
    sidor, texter = _rendera(redovisning_html(red))
    assert sidor[0][0] > sidor[0][1]
    ord_ = {o for t in texter for o in t.split()}
    assert {"Grundbelopp", "Strukturbelopp"} <= ord_
    assert _delade(ord_, {"Grundbelopp", "Strukturbelopp", "undervisning"}) == set()


def test_en_kolumn_per_elev_nar_varje_pott_nar_alla() -> None:
    """Utan målgrupps- och stadiebegränsade potter är kr per elev = per elev i enheten."""
    f = _med_rubriker()
    red = redovisning(f)[0]
    alla = dataclasses.replace(red, potter=tuple(p for p in red.potter if p.elever == red.elever))
    html = redovisning_html(alla)
    assert "Per elev i enheten" not in html and '<th scope="col">Kr per elev</th>' in html


def test_bidragsbeslutet_delar_inte_ord() -> None:
    """Beslutets radrubriker (t.ex. "Avdrag för merkostnader för utbudsansvar") står hela
    även med den ändrade gemensamma stilen (beslutet var inte krossat; ett skydd)."""
    f = h.fordelning(2029)
    lage = load_parameters(dt.date(2029, 1, 1))
    html = bidragsbeslut_html(berakna_bidrag_per_enhet(f, lage), f, "5560000001", lage)
    _, texter = _rendera(html)
    ord_ = {o for t in texter for o in t.split()}
    hela = {"Avdrag", "merkostnader", "utbudsansvar", "Mervärdesskatt", "Administration"}
    assert hela <= ord_ and _delade(ord_, hela) == set()

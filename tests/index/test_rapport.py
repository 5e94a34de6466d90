"""Modellrapporten (HTML på svenska): koefficienttabell, anpassningsmått, kalibreringsdiagram
med textalternativ, och inga uppgifter per elev eller andelar per skolenhet."""

from __future__ import annotations

import re

import pytest

from skolpeng.index.lasning import aktuella_celler, traningsceller
from skolpeng.index.skattning import skatta
from skolpeng.index.tillampning import tillampa
from skolpeng.rapporter.index.rapport import index_rapport_html
from skolpeng.talformat import decimal, heltal, procent


@pytest.fixture(scope="module")
def html_och_skattning(elevdata, modell):
    s = skatta(traningsceller(elevdata.historiska, modell), modell)
    index = tillampa(s, aktuella_celler(elevdata.aktuella, modell.faktornamn))
    return index_rapport_html(s, index), s, index


def test_innehall(html_och_skattning) -> None:
    html, s, index = html_och_skattning
    assert html.startswith("<!DOCTYPE html>") and 'lang="sv"' in html
    for rubrik in ("Modellen", "Underlag och anpassning", "Koefficienter", "Kalibrering"):
        assert f"<h2>{rubrik}</h2>" in html
    # koefficienterna med tre decimaler och decimalkomma
    for parameter, b in s.koefficienter.select("parameter", "koefficient").iter_rows():
        if parameter != "konstant":
            assert parameter in html
        assert decimal(b, 3) in html
    assert decimal(s.auc, 4) in html and decimal(s.pseudo_r2, 4) in html
    # diagrammet är inbäddad SVG med textalternativ och samma siffror i en tabell
    figur = re.search(r'<figure role="img" aria-label="([^"]+)">(.*?)</figure>', html, re.S)
    assert figur is not None and "<svg" in figur.group(2)
    assert "tio lika stora grupper" in figur.group(1)
    assert procent(s.kalibrering["observerad_andel"][9], 2) in html
    assert f'<td class="tal">{heltal(index.height)}</td>' in html


def test_inga_enheter_eller_elevrader_i_rapporten(html_och_skattning) -> None:
    """Rapporten redovisar fördelningen av index, inte enheterna (de finns i index.csv)."""
    html, _, index = html_och_skattning
    for kod in index["skolenhetskod"].head(50):
        assert kod not in html

"""Spara diagram (Vega-Lite via altair) som PNG, SVG eller HTML.

In: ett altair-diagram och en sökväg. Ut: filen, i formatet som ändelsen anger. PNG och SVG
renderas lokalt med vl-convert (ingen nätåtkomst). Diagram ska alltid ha en textbeskrivning
(``beskrivning``) som följer med i HTML som alternativtext.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import altair as alt
import vl_convert as vlc

from skolpeng.rapporter.html import figur, html_sida
from skolpeng.talformat import NBSP

#: Svenska talformat i diagrammen (d3-format, som Vega-Lite använder): decimalkomma, hårt
#: mellanslag som tusentalsavgränsare, "kr" efter beloppet och äkta minustecken; så blir en
#: axel "140 000" och inte "140,000".
SVENSK_FORMATLOCALE: dict[str, object] = {
    "decimal": ",",
    "thousands": NBSP,
    "grouping": [3],
    "currency": ["", f"{NBSP}kr"],
    "minus": "\u2212",
    "percent": f"{NBSP}%",
}


@dataclass(frozen=True)
class Diagram:
    """Ett diagram med filnamn (utan ändelse), rubrik och textbeskrivning (alternativtext)."""

    namn: str
    rubrik: str
    beskrivning: str
    diagram: alt.TopLevelMixin


def spara_diagram(diagram: alt.TopLevelMixin, path: Path, beskrivning: str = "") -> Path:
    """Skriver diagrammet till path (.png, .svg eller .html). Ut: path."""
    path = Path(path)
    spec = diagram.to_json()
    suffix = path.suffix.lower()
    if suffix == ".png":
        path.write_bytes(vlc.vegalite_to_png(spec, scale=2, format_locale=SVENSK_FORMATLOCALE))
    elif suffix == ".svg":
        path.write_text(diagram_svg(diagram), encoding="utf-8")
    elif suffix == ".html":
        path.write_text(diagram_html(diagram, beskrivning), encoding="utf-8")
    else:
        raise ValueError(f"okänt diagramformat {suffix!r} (använd .png, .svg eller .html)")
    return path


def diagram_svg(diagram: alt.TopLevelMixin) -> str:
    """Diagrammet som SVG-text (svenska talformat), för att bädda in i en HTML-rapport utan
    skript."""
    return vlc.vegalite_to_svg(diagram.to_json(), format_locale=SVENSK_FORMATLOCALE)


def diagram_png(diagram: alt.TopLevelMixin, scale: float = 2) -> bytes:
    """Diagrammet som PNG (svenska talformat)."""
    return vlc.vegalite_to_png(diagram.to_json(), scale=scale, format_locale=SVENSK_FORMATLOCALE)


def diagram_html(diagram: alt.TopLevelMixin, beskrivning: str) -> str:
    """En fristående HTML-sida med diagrammet som inbäddad SVG och en textbeskrivning."""
    delar = [figur(diagram_svg(diagram), beskrivning)]
    return html_sida(beskrivning or "Diagram", delar, rubrik="Diagram")


def diagramfigur(d: Diagram, png: bool = True) -> str:
    """Ett ``Diagram`` -> HTML-figur: inbäddad SVG, beskrivningen som alternativtext och
    rubrik + beskrivning som bildtext. Med ``png`` kan PDF:en använda ``<namn>.png`` i stället
    för SVG:n (filen skrivs av anroparen, se ``rapporter.pdf.svg_till_png``)."""
    return figur(diagram_svg(d.diagram), d.beskrivning, d.rubrik, f"{d.namn}.png" if png else None)

"""Spara diagram (Vega-Lite via altair) som PNG, SVG eller HTML.

In: ett altair-diagram och en sökväg. Ut: filen, i formatet som ändelsen anger. PNG och SVG
renderas lokalt med vl-convert (ingen nätåtkomst). Diagram ska alltid ha en textbeskrivning
(``beskrivning``) som följer med i HTML som alternativtext.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import vl_convert as vlc


def spara_diagram(diagram: alt.TopLevelMixin, path: Path, beskrivning: str = "") -> Path:
    """Skriver diagrammet till path (.png, .svg eller .html). Ut: path."""
    path = Path(path)
    spec = diagram.to_json()
    suffix = path.suffix.lower()
    if suffix == ".png":
        path.write_bytes(vlc.vegalite_to_png(spec, scale=2))
    elif suffix == ".svg":
        path.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    elif suffix == ".html":
        path.write_text(diagram_html(diagram, beskrivning), encoding="utf-8")
    else:
        raise ValueError(f"okänt diagramformat {suffix!r} (använd .png, .svg eller .html)")
    return path


def diagram_svg(diagram: alt.TopLevelMixin) -> str:
    """Diagrammet som SVG-text, för att bädda in i en HTML-rapport utan skript."""
    return vlc.vegalite_to_svg(diagram.to_json())


def diagram_html(diagram: alt.TopLevelMixin, beskrivning: str) -> str:
    """En fristående HTML-sida med diagrammet som inbäddad SVG och en textbeskrivning."""
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
        f"<title>{beskrivning or 'Diagram'}</title></head><body>"
        f'<figure role="img" aria-label="{beskrivning}">{diagram_svg(diagram)}'
        f"<figcaption>{beskrivning}</figcaption></figure></body></html>"
    )

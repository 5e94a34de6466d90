"""HTML -> PDF med WeasyPrint (samma HTML som rapporterna; DESIGN.md "PDF").

In: en fristående HTML-sida (inbäddade SVG-diagram, ingen JavaScript) och en sökväg. Ut:
PDF-filen. WeasyPrint behöver Pango (Debian: ``libpango-1.0-0``, ``libpangoft2-1.0-0``);
``pdf_saknas`` säger varför PDF inte kan skapas på maskinen, eller None om det går.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

_DIAGRAM = re.compile(r'<div class="diagram" data-png="([^"]+)">.*?</div>', re.DOTALL)


def pdf_saknas() -> str | None:
    """None om WeasyPrint och dess bibliotek går att ladda, annars en svensk förklaring."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as fel:
        return f"PDF kunde inte skapas: WeasyPrint eller Pango saknas ({fel})"
    return None


def svg_till_png(html: str) -> str:
    """Byter varje inbäddat SVG-diagram (``<div class="diagram" data-png="x.png">``) mot en
    bild av PNG-filen ``x.png`` – WeasyPrint ritar stora SVG:er långsamt, PNG snabbt."""
    return _DIAGRAM.sub(r'<img src="\1" alt="" style="width:100%">', html)


def html_till_pdf(html: str, path: Path, png_bredvid: bool = False) -> Path:
    """Skriver HTML-sidan som PDF (A4) till ``path``. Med ``png_bredvid`` används diagrammens
    PNG-filer i samma katalog som ``path`` i stället för SVG (se ``svg_till_png``)."""
    import weasyprint

    path = Path(path)
    if png_bredvid:
        html = svg_till_png(html)
    weasyprint.HTML(string=html, base_url=str(path.parent)).write_pdf(path)
    return path


def html_till_pdf_manga(
    dokument: Sequence[tuple[str, Path]],
    framsteg: Callable[[], None] | None = None,
    png_bredvid: bool = False,
) -> list[Path]:
    """Många (HTML-sida, sökväg) -> PDF-filerna (samma ordning), ritade parallellt i en
    processpool med en arbetare per kärna (``pdf_parallell``); samma PDF som ``html_till_pdf``
    för varje sida. ``framsteg`` anropas efter varje färdig PDF."""
    from skolpeng.rapporter.pdf_parallell import html_till_pdf_parallellt

    return html_till_pdf_parallellt(dokument, framsteg, png_bredvid)


def skriv_pdf(html: str, path: Path, png_bredvid: bool = False) -> str | None:
    """Skriver HTML-sidan som PDF till ``path`` om WeasyPrint går att ladda (``html_till_pdf``).
    Ut: None när PDF:en är skriven, annars den svenska förklaringen (``pdf_saknas``) – då
    skrivs ingen PDF och anroparen fortsätter (se ``pdf_notering``)."""
    saknas = pdf_saknas()
    if saknas is None:
        html_till_pdf(html, path, png_bredvid)
    return saknas


def pdf_notering(saknas: str) -> str:
    """Förklaringen från ``skriv_pdf`` -> raden som skrivs ut när PDF:en hoppats över."""
    return f"{saknas}; HTML-rapporten är skriven."

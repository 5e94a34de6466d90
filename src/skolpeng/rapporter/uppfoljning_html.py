"""Byggstenar för uppföljningens HTML-rapporter: sida, tabell, figur och tabell ur en ram.

In: rubriker, text, polars-ramar och diagram (``uppfoljning_diagram.Diagram``). Ut:
HTML-text utan JavaScript och utan externa resurser; diagrammen bäddas in som SVG med en
textbeskrivning (alternativtext och bildtext), tabellerna har rubrikceller med ``scope``
(WCAG 2.1 AA). Samma HTML används för PDF (``rapporter.pdf``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

import polars as pl

from skolpeng.rapporter.diagram import diagram_svg
from skolpeng.rapporter.uppfoljning_diagram import Diagram, tal

STIL = """
body{font-family:system-ui,'DejaVu Sans',sans-serif;max-width:62rem;margin:2rem auto;
padding:0 1rem;color:#1a1a1a;line-height:1.5}
table{border-collapse:collapse;margin:1rem 0;font-size:.92rem}
th,td{border:1px solid #999;padding:.25rem .5rem}td.tal{text-align:right;
font-variant-numeric:tabular-nums;white-space:nowrap}tr,figure{page-break-inside:avoid}th{background:#eee;text-align:left}
caption{text-align:left;font-weight:600;margin-bottom:.3rem}
figure{margin:2rem 0}figcaption{font-size:.95rem;max-width:50rem}
figure svg{max-width:100%;height:auto}.not{background:#fff7e0;border-left:4px solid #e0a800;
padding:.5rem 1rem}
@page{size:A4;margin:15mm}
"""


def sida(titel: str, delar: Sequence[str]) -> str:
    """En fristående HTML-sida på svenska med rubriken och delarna i ordning."""
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
        f"<title>{escape(titel)}</title><style>{STIL}</style></head><body>"
        f"<h1>{escape(titel)}</h1>{''.join(delar)}</body></html>"
    )


def stycke(text: str, klass: str = "") -> str:
    """Ett stycke text (escapas)."""
    k = f' class="{klass}"' if klass else ""
    return f"<p{k}>{escape(text)}</p>"


def rubrik(text: str, niva: int = 2) -> str:
    """En rubrik på nivån ``niva``."""
    return f"<h{niva}>{escape(text)}</h{niva}>"


def lista(punkter: Sequence[str]) -> str:
    """En punktlista (escapas)."""
    return "<ul>" + "".join(f"<li>{escape(p)}</li>" for p in punkter) + "</ul>"


def tabell(rubriker: Sequence[str], rader: Sequence[Sequence[str]], bildtext: str) -> str:
    """En tabell; första kolumnen är radrubrik, övriga högerställs som tal."""
    huvud = "".join(f'<th scope="col">{escape(r)}</th>' for r in rubriker)
    kropp = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{escape(c)}</th>' if i == 0 else f'<td class="tal">{escape(c)}</td>'
            for i, c in enumerate(rad)
        )
        + "</tr>"
        for rad in rader
    )
    return (
        f"<table><caption>{escape(bildtext)}</caption><thead><tr>{huvud}</tr></thead>"
        f"<tbody>{kropp}</tbody></table>"
    )


Formatering = Callable[[object], str]


def cell(v: object, siffror: int = 1) -> str:
    """Ett cellvärde som text: tal med decimalkomma, None som –."""
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "ja" if v else "nej"
    if isinstance(v, float):
        return tal(v, siffror)
    return str(v)


def ramtabell(
    ram: pl.DataFrame,
    kolumner: dict[str, str],
    bildtext: str,
    format_: dict[str, Formatering] | None = None,
    max_rader: int = 40,
) -> str:
    """En polars-ram som tabell: ``kolumner`` = kolumn -> rubrik i ordning. Högst
    ``max_rader`` rader visas; resten nämns i bildtexten (hela tabellen finns i CSV-filen)."""
    format_ = format_ or {}
    visas = ram.head(max_rader)
    rader = [
        [format_.get(k, cell)(r[k]) for k in kolumner]
        for r in visas.select(list(kolumner)).iter_rows(named=True)
    ]
    if ram.height > max_rader:
        bildtext += f" (de första {max_rader} av {ram.height} raderna; alla finns i CSV-filen)"
    return tabell(list(kolumner.values()), rader, bildtext)


def figur(d: Diagram) -> str:
    """Ett diagram som inbäddad SVG med textbeskrivningen som alternativtext och bildtext.

    SVG:n ligger i ``<div class="diagram" data-png="<namn>.png">`` så att PDF-versionen kan
    byta den mot PNG-filen med samma namn (``rapporter.pdf.svg_till_png``)."""
    return (
        f'<figure role="img" aria-label="{escape(d.beskrivning, quote=True)}">'
        f'<div class="diagram" data-png="{escape(d.namn, quote=True)}.png">'
        f"{diagram_svg(d.diagram)}</div>"
        f"<figcaption><strong>{escape(d.rubrik)}.</strong> {escape(d.beskrivning)}</figcaption>"
        "</figure>"
    )

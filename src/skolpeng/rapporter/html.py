"""Ett gemensamt HTML-skal för alla rapporter: sida, stil, tabeller och figurer.

In: rubriker, text, tabellrader eller polars-ramar och diagram som SVG-text med sin
textbeskrivning. Ut: HTML-text utan JavaScript och utan externa resurser, på svenska
(``lang="sv"``) och tillgänglig (WCAG 2.1 AA): läsbar kontrast, tabeller med bildtext och
rubrikceller med ``scope``, figurer med ``role="img"``, ``aria-label`` och ``<figcaption>``.
Samma HTML blir PDF (``rapporter.pdf``). Ingen regellogik.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

import polars as pl

from skolpeng.talformat import SAKNAS, decimal

STIL = """
body{font-family:system-ui,'DejaVu Sans',sans-serif;max-width:62rem;margin:2rem auto;
padding:0 1rem;color:#1a1a1a;background:#fff;line-height:1.5}
table{border-collapse:collapse;margin:1rem 0;font-size:.92rem}
th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}td.tal{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr,figure{page-break-inside:avoid}
caption{text-align:left;font-weight:600;padding:.3rem 0}
figure{margin:2rem 0}figcaption{font-size:.95rem;max-width:50rem}
figure svg{max-width:100%;height:auto}
.not{background:#fff7e0;border-left:4px solid #b38600;padding:.5rem 1rem}
th,td{hyphens:manual;word-break:normal}th[scope=row]{overflow-wrap:break-word}
@page{size:A4;margin:15mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}table{font-size:8.5pt}}
"""
# Liggande A4 i PDF-versionen (för ``html_sida(..., extra_stil=LIGGANDE)``).
LIGGANDE = "@page{size:A4 landscape;margin:12mm 15mm}"


def html_sida(
    titel: str, delar: Sequence[str], rubrik: str | None = None, extra_stil: str = ""
) -> str:
    """Titeln och delarna (färdig HTML) -> en fristående HTML-sida på svenska. ``rubrik`` är
    sidans ``<h1>`` om den ska skilja sig från ``<title>``; tomma delar hoppas över;
    ``extra_stil`` (CSS) läggs efter den gemensamma stilen, t.ex. liggande A4 för en bred
    tabell: ``LIGGANDE``."""
    return (
        '<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(titel)}</title><style>{STIL}{extra_stil}</style></head><body><main>\n"
        f"<h1>{escape(rubrik or titel)}</h1>\n"
        + "\n".join(d for d in delar if d)
        + "\n</main></body></html>\n"
    )


def stycke(text: str, klass: str = "") -> str:
    """Ett stycke text (escapas); ``klass="not"`` ger en markerad notering."""
    k = f' class="{escape(klass, quote=True)}"' if klass else ""
    return f"<p{k}>{escape(text)}</p>"


def rubrik(text: str, niva: int = 2) -> str:
    """En rubrik på nivån ``niva`` (escapas)."""
    return f"<h{niva}>{escape(text)}</h{niva}>"


def lista(punkter: Sequence[str]) -> str:
    """En punktlista (escapas)."""
    return "<ul>" + "".join(f"<li>{escape(p)}</li>" for p in punkter) + "</ul>"


@dataclass(frozen=True)
class Lank:
    """En tabellcell som är en länk: texten och en relativ adress (en fil bredvid sidan)."""

    text: str
    adress: str

    def html(self) -> str:
        """Länken som HTML (texten escapas, adressen procentkodas)."""
        return f'<a href="{escape(quote(self.adress), quote=True)}">{escape(self.text)}</a>'


def _cell_html(c: str | Lank | Sequence[Lank]) -> str:
    """En cell: text (escapas), en länk eller flera länkar åtskilda med mellanslag."""
    if isinstance(c, Lank):
        return c.html()
    if isinstance(c, str):
        return escape(c)
    return " ".join(lank.html() for lank in c)


def tabell(
    rubriker: Sequence[str],
    rader: Sequence[Sequence[str | Lank | Sequence[Lank]]],
    bildtext: str,
    textkolumner: Collection[int] = (),
) -> str:
    """Rubriker, rader (text) och bildtext -> en tabell. Första kolumnen är radrubrik
    (``<th scope="row">``); övriga högerställs som tal utom kolumnerna i ``textkolumner``
    (index från 0), som vänsterställs och får radbrytas. En cell kan vara en ``Lank`` eller en
    följd av länkar."""
    huvud = "".join(f'<th scope="col">{escape(r)}</th>' for r in rubriker)
    kropp = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{_cell_html(c)}</th>'
            if i == 0
            else f"<td>{_cell_html(c)}</td>"
            if i in textkolumner
            else f'<td class="tal">{_cell_html(c)}</td>'
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
    """Ett cellvärde som text: flyttal med decimalkomma, sant/falskt som ja/nej, None som –."""
    if v is None:
        return SAKNAS
    if isinstance(v, bool):
        return "ja" if v else "nej"
    if isinstance(v, float):
        return decimal(v, siffror)
    return str(v)


def ramtabell(
    ram: pl.DataFrame,
    kolumner: dict[str, str],
    bildtext: str,
    format_: dict[str, Formatering] | None = None,
    max_rader: int = 40,
    textkolumner: Collection[int] = (),
) -> str:
    """En polars-ram som tabell: ``kolumner`` = kolumn -> svensk rubrik i ordning, ``format_``
    = kolumn -> formatering (annars ``cell``). Högst ``max_rader`` rader visas; resten nämns
    i bildtexten (hela tabellen finns i CSV-filen)."""
    format_ = format_ or {}
    visas = ram.head(max_rader)
    rader = [
        [format_.get(k, cell)(r[k]) for k in kolumner]
        for r in visas.select(list(kolumner)).iter_rows(named=True)
    ]
    if ram.height > max_rader:
        bildtext += f" (de första {max_rader} av {ram.height} raderna; alla finns i CSV-filen)"
    return tabell(list(kolumner.values()), rader, bildtext, textkolumner)


def figur(svg: str, beskrivning: str, rubrik: str | None = None, png: str | None = None) -> str:
    """Ett diagram som inbäddad SVG med textbeskrivningen som alternativtext
    (``aria-label``) och bildtext, med ``rubrik`` i fetstil före beskrivningen.

    Med ``png`` (ett filnamn) ligger SVG:n i ``<div class="diagram" data-png="<png>">`` så att
    PDF-versionen kan byta den mot PNG-filen (``rapporter.pdf.svg_till_png``)."""
    innehall = (
        f'<div class="diagram" data-png="{escape(png, quote=True)}">{svg}</div>' if png else svg
    )
    text = escape(beskrivning)
    if rubrik:
        text = f"<strong>{escape(rubrik)}.</strong> {text}"
    return (
        f'<figure role="img" aria-label="{escape(beskrivning, quote=True)}">{innehall}'
        f"<figcaption>{text}</figcaption></figure>"
    )

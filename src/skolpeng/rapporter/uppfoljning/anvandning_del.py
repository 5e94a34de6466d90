"""Rektorernas redovisning av de riktade medlen som en del av kommunens årliga
uppföljningsrapport (``Rapportdel`` i ``kommunrapport(..., extra_delar)``).

In: antingen avsnittet ur webbens databas (``Avsnitt``, samma tal som handläggarens översikt)
eller tabellerna per kategori och per enhet ur en redovisningsfil
(``uppfoljning.anvandning.per_ar``, som ``uppfoljning riktade-medel --anvandning``). Ut:
``Rapportdel`` med rubrik och HTML (rubriken numreras av rapporten). Ingen regellogik.
"""

from __future__ import annotations

from html import escape

import polars as pl

from skolpeng.rapporter.uppfoljning.anvandning import Avsnitt, analysens_html
from skolpeng.rapporter.uppfoljning.rapportdel import Rapportdel

RUBRIK = "Hur de riktade medlen använts"


def del_ur_avsnitt(a: Avsnitt) -> Rapportdel:
    """Databasens avsnitt (``rapporter.uppfoljning.anvandning.avsnitt``) som rapportdel:
    samma stycken, tabell och diagram, utan avsnittets egen rubrik."""
    egen = f"<h2>{escape(a.rubrik)}</h2>"
    return Rapportdel(a.rubrik, a.html.replace(egen, "", 1))


def del_ur_tabeller(kategorier: pl.DataFrame, enheter: pl.DataFrame) -> Rapportdel | None:
    """Filens tabeller per år och kategori och per enhet som rapportdel (None utan rader)."""
    html = analysens_html(kategorier, enheter)
    if not html:
        return None
    ar = sorted({int(a) for a in kategorier["ar"].to_list()})
    period = f"{ar[0]}" if len(ar) == 1 else f"{ar[0]}–{ar[-1]}"
    return Rapportdel(f"{RUBRIK} {period}", html.split("\n", 1)[1])

"""Gemensamma cellformat för projektets Excelböcker (xlsxwriter).

In: en öppen arbetsbok. Ut: formaten som alla böcker delar – rubrikrad, titel, fet text,
hela kronor (med tusentalsavgränsare), elevantal och radbrytning – så att böckerna ser
likadana ut och formaten bara definieras på ett ställe.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

KRONOR = "#,##0"


class Grundformat:
    """Formaten alla böcker delar; en bok lägger till sina egna i en underklass."""

    def __init__(self, bok: xlsxwriter.Workbook, elever: str = "#,##0"):
        self.rubrik = bok.add_format({"bold": True, "bg_color": "#DDE6F0", "text_wrap": True})
        self.titel = bok.add_format({"bold": True, "font_size": 14})
        self.fet = bok.add_format({"bold": True})
        self.kr = bok.add_format({"num_format": KRONOR})
        self.kr_fet = bok.add_format({"num_format": KRONOR, "bold": True})
        self.elever = bok.add_format({"num_format": elever})
        self.radbryt = bok.add_format({"text_wrap": True, "valign": "top"})


def ny_arbetsbok(
    path: Path, skapad: dt.datetime | None = None, **alternativ: object
) -> xlsxwriter.Workbook:
    """En ny arbetsbok i ``path``. ``skapad`` blir bokens skapelsetid (dokumentegenskaperna);
    utan den tiden nu. Ett fastställt beslut anger beslutets tid, så att samma beslut ger
    samma bytes."""
    bok = xlsxwriter.Workbook(str(path), alternativ or None)
    if skapad is not None:
        bok.set_properties({"created": skapad.replace(tzinfo=dt.UTC)})
    return bok

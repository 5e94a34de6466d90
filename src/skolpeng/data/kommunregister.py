"""Kommunernas namn efter kommunkod, ur det medföljande datasetets ``kommuner.csv`` (alla 290
kommuner), så att sidor och dokument kan visa "Göteborg" i stället för "kommun 1480".

In: en kommunkod (fyra siffror). Ut: namnet, eller None om koden inte finns.
"""

from __future__ import annotations

import csv
import functools

from skolpeng.data.lasning import hitta_underlag

MAX_RADER = 1000  # det finns 290 kommuner; en större fil läses inte


@functools.cache
def _namn() -> dict[str, str]:
    fil = hitta_underlag("sverige") / "kommuner.csv"
    ut: dict[str, str] = {}
    with fil.open(encoding="utf-8", newline="") as f:
        for i, rad in enumerate(csv.DictReader(f)):
            if i >= MAX_RADER:
                break
            ut[rad["kommunkod"].zfill(4)] = rad["kommunnamn"]
    return ut


def kommunnamn_for(kommunkod: str | None) -> str | None:
    """Kommunens namn (``"1480"`` -> ``"Göteborg"``); None för en okänd eller tom kod."""
    return _namn().get(str(kommunkod).zfill(4)) if kommunkod else None


def kommun_text(kommunkod: str | None) -> str:
    """Kommunen som text för en sida: namnet, annars ``"kommunkod 1480"``; tomt för ingen."""
    if not kommunkod:
        return ""
    return kommunnamn_for(kommunkod) or f"kommunkod {kommunkod}"

"""Datalagret: datasetets kontrakt, läsning, validering och skrivning (docs/regler/dataformat.md).

In: en datasetkatalog med en CSV- eller XLSX-fil per tabell (eller namnet på ett
medföljande dataset). Ut: ett validerat ``Underlag`` – eller ``IndataFel`` med alla problem.
Det enda stället som känner till filformat.
"""

from __future__ import annotations

import importlib
from typing import Any

# Namn -> modulen det finns i; laddas först när det används (som ``skolpeng.index``), så att
# en liten modul i paketet (``data.namn``) kan importeras utan läsarna och polars.
_MODUL = {
    "hitta_underlag": "lasning",
    "las_tabell": "lasning",
    "las_underlag": "lasning",
    "medfoljande_dataset": "lasning",
    "TABELLER": "schema",
    "Underlag": "schema",
    "skriv_underlag": "skrivning",
    "validera_for_norm": "validering_norm",
}


def __getattr__(namn: str) -> Any:
    if namn in _MODUL:
        return getattr(importlib.import_module(f"skolpeng.data.{_MODUL[namn]}"), namn)
    raise AttributeError(namn)


__all__ = [
    "TABELLER",
    "Underlag",
    "hitta_underlag",
    "las_tabell",
    "las_underlag",
    "medfoljande_dataset",
    "skriv_underlag",
    "validera_for_norm",
]

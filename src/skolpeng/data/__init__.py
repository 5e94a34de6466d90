"""Datalagret: datasetets kontrakt, läsning, validering och skrivning (DATA.md).

In: en datasetkatalog med en CSV- eller XLSX-fil per tabell (eller namnet på ett
medföljande dataset). Ut: ett validerat ``Underlag`` – eller ``IndataFel`` med alla problem.
Det enda stället som känner till filformat.
"""

from skolpeng.data.lasning import hitta_underlag, las_tabell, las_underlag, medfoljande_dataset
from skolpeng.data.schema import TABELLER, Underlag
from skolpeng.data.skrivning import skriv_underlag
from skolpeng.data.validering_norm import validera_for_norm

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

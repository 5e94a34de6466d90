"""Upptäcka personnummer och samordningsnummer i fri text: rektorernas redovisningar använder
projektets gemensamma detektor (``skolpeng.personnummer``).

In: en text. Ut: om texten innehåller något som är ett giltigt personnummer eller
samordningsnummer, i 12- eller 10-siffrig form, med Luhn-kontrollsiffra och giltigt datum
(samordningsnummer: dag + 60). Numret självt ges aldrig tillbaka.
"""

from __future__ import annotations

from skolpeng.personnummer import har_personnummer, luhn_giltig

#: Samma funktion under redovisningarnas namn.
innehaller_personnummer = har_personnummer
luhn_stammer = luhn_giltig

__all__ = ["innehaller_personnummer", "luhn_stammer"]

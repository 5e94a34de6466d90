"""Upptäcka personnummer och samordningsnummer i fri text (en liten ren funktion).

In: en text. Ut: om texten innehåller något som är ett giltigt personnummer eller
samordningsnummer, i 12-siffrig (``ÅÅÅÅMMDD-NNNN``, ``ÅÅÅÅMMDDNNNN``) eller 10-siffrig form
(``ÅÅMMDD-NNNN``, ``ÅÅMMDD+NNNN``, ``ÅÅMMDDNNNN``). Giltigt betyder: månad 01–12, dag 01–31
(samordningsnummer: dag + 60, alltså 61–91) och en kontrollsiffra som stämmer med
Luhn-algoritmen (modulus 10 över de tio sista siffrorna, Skatteverket). Siffrorna får inte
ingå i en längre sifferföljd. Funktionen ger aldrig tillbaka numret självt, så att ett
felmeddelande inte kan upprepa det.
"""

from __future__ import annotations

import re

_MONSTER = re.compile(
    r"(?<!\d)(?:(?P<sekel>18|19|20)?(?P<ar>\d{2})(?P<man>\d{2})(?P<dag>\d{2})[-+ ]?(?P<nr>\d{4}))(?!\d)"
)


def luhn_stammer(siffror: str) -> bool:
    """Luhn (modulus 10): varannan siffra från vänster gånger 2 (siffersumma), summan ska vara
    delbar med 10. In: tio siffror ``ÅÅMMDDNNNK``."""
    summa = 0
    for i, tecken in enumerate(siffror):
        v = int(tecken) * (2 if i % 2 == 0 else 1)
        summa += v - 9 if v > 9 else v
    return summa % 10 == 0


def _giltigt_datum(man: int, dag: int) -> bool:
    """Månad 1–12 och dag 1–31, eller samordningsnummerets dag 61–91."""
    return 1 <= man <= 12 and (1 <= dag <= 31 or 61 <= dag <= 91)


def innehaller_personnummer(text: str) -> bool:
    """True när texten innehåller ett giltigt personnummer eller samordningsnummer (se
    modulens beskrivning)."""
    for m in _MONSTER.finditer(text):
        if not _giltigt_datum(int(m["man"]), int(m["dag"])):
            continue
        if luhn_stammer(m["ar"] + m["man"] + m["dag"] + m["nr"]):
            return True
    return False

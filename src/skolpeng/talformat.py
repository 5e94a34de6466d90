"""Svensk talformatering för rapporter och utskrifter: decimalkomma, mellanrum som
tusentalsavgränsare, äkta minustecken (−) och tankstreck (–) för saknade värden.

In: ett tal (eller None/NaN). Ut: text. Tusentalsavgränsaren är som standard ett hårt
mellanslag (``NBSP``), så att ett tal aldrig bryts över två rader; ``mellanrum=MELLANSLAG``
ger ett vanligt mellanslag (simuleringens och uppföljningens texter). Samma mellanrum står
mellan talet och enheten (kr, %, mnkr).
"""

from __future__ import annotations

import math

NBSP = "\u00a0"
MELLANSLAG = " "
MINUS = "\u2212"
SAKNAS = "–"


def saknas(x: object) -> bool:
    """True om värdet saknas: None eller NaN."""
    return x is None or (isinstance(x, float) and math.isnan(x))


def decimal(x: float | None, n: int = 1, *, mellanrum: str = NBSP) -> str:
    """Ett tal med ``n`` decimaler: 1234567.891, 1 -> '1 234 567,9'; −3.5, 0 -> '−4'
    (avrundning som Pythons format); ett tal som avrundas till noll utan tecken (−0.3, 0 ->
    '0'); None och NaN -> '–'."""
    if saknas(x):
        return SAKNAS
    text = f"{x:,.{n}f}".replace(",", "_").replace(".", ",").replace("_", mellanrum)
    if text.startswith("-") and not text.strip("-0,"):
        text = text[1:]  # ett tal som avrundas till noll har inget tecken: −0,04 -> '0,0'
    return text.replace("-", MINUS)


def heltal(x: float | None, *, mellanrum: str = NBSP) -> str:
    """Ett tal avrundat till heltal med tusentalsavgränsare: 1234567.4 -> '1 234 567'."""
    return decimal(x, 0, mellanrum=mellanrum)


def kr(x: float | None, *, mellanrum: str = NBSP) -> str:
    """Ett belopp i hela kronor med enheten: 1234567.4 -> '1 234 567 kr'; None -> '–'."""
    return SAKNAS if saknas(x) else f"{heltal(x, mellanrum=mellanrum)}{mellanrum}kr"


def mnkr(x: float | None, *, mellanrum: str = NBSP) -> str:
    """Ett belopp i miljoner kronor med en decimal: 2345678 -> '2,3 mnkr'; None -> '–'."""
    if saknas(x):
        return SAKNAS
    assert x is not None
    return f"{decimal(x / 1e6, 1, mellanrum=mellanrum)}{mellanrum}mnkr"


def procent(x: float | None, n: int = 1, *, mellanrum: str = NBSP) -> str:
    """En andel 0–1 som procent: 0.1234 -> '12,3 %'; None och NaN -> '–'."""
    if saknas(x):
        return SAKNAS
    assert x is not None
    return f"{decimal(100 * x, n, mellanrum=mellanrum)}{mellanrum}%"

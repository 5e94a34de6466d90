"""Svensk talformatering för fördelningens förklaringar och anteckningar.

In: tal (belopp, index, vikter, antal). Ut: svensk text: decimalkomma, hårt mellanslag
(U+00A0) som tusentalsavgränsare och mellan tal och ``kr``, äkta minustecken (−). Samma
konventioner som ``skolpeng.talformat``, som ligger i ett lager ovanför
beräkningen och därför inte används här. ``tal_lista`` formaterar många tal och återanvänder
texten för upprepade värden (samma index på flera stadier, samma vikt i många enheter).
"""

from __future__ import annotations

NBSP = "\u00a0"
MINUS = "\u2212"


def tal_text(x: float, n: int = 2) -> str:
    """Skalärt tal -> svensk text med ``n`` decimaler (``1,15``, ``12 500``)."""
    text = f"{abs(x):,.{n}f}".replace(",", "_").replace(".", ",").replace("_", NBSP)
    return (MINUS + text) if round(x, n) < 0 else text


def kr_text(x: float) -> str:
    """Skalärt belopp -> ``8 412 kr``."""
    return f"{tal_text(x, 0)}{NBSP}kr"


def kort_tal(x: float) -> str:
    """Ett parametervärde kort (``1,5``, ``0,9``, ``2``) med decimalkomma."""
    return f"{x:g}".replace(".", ",").replace("-", MINUS)


def antal_text(x: float) -> str:
    """Ett antal elever: heltal utan decimaler, annars med en decimal (``12`` / ``12,4``)."""
    return tal_text(x, 0) if abs(x - round(x)) < 1e-9 else tal_text(x, 1)


def tal_lista(x: list[float], n: int) -> list[str]:
    """Många tal -> texter med ``n`` decimaler (n = −1: ``antal_text``)."""
    minne: dict[float, str] = {}
    ut = []
    for v in x:
        t = minne.get(v)
        if t is None:
            t = antal_text(v) if n < 0 else tal_text(v, n)
            minne[v] = t
        ut.append(t)
    return ut

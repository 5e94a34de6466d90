"""Tal som användare skriver på svenska: "12 500", "1 234,5", "0,8" (babel
``parse_decimal(..., locale="sv_SE", strict=True)``).

In: texten ur ett formulärfält eller en cell. Ut: talet (float), None för en tom text, eller
``ValueError`` med ett svenskt meddelande. Vanliga mellanslag och smala mellanslag som
tusentalsavgränsare blir hårda mellanslag (sv_SE:s avgränsare), det typografiska minustecknet
blir ett vanligt. Tal vars belopp är större än ``grans`` avvisas (varje läsare begränsar vad
den tar emot).
"""

from __future__ import annotations

import math

from babel.numbers import NumberFormatError, parse_decimal

STANDARDGRANS = 1e12


def las_svenskt_tal(text: str, grans: float = STANDARDGRANS) -> float | None:
    """Texten -> talet (None när texten är tom); ``ValueError`` med svensk förklaring."""
    t = text.strip()
    if not t:
        return None
    if len(t) > 40:
        raise ValueError("talet är för långt")
    t = t.replace("\u2212", "-").replace("\u202f", "\u00a0").replace(" ", "\u00a0")
    try:
        varde = float(parse_decimal(t, locale="sv_SE", strict=True))
    except (NumberFormatError, ValueError):
        # texten upprepas inte: den kan vara ett personnummer som skrivits i fel fält
        raise ValueError("är inget tal (skriv t.ex. 12 500 eller 1 234,5)") from None
    if not math.isfinite(varde) or abs(varde) > grans:
        raise ValueError("talet är orimligt stort")
    return varde


def svenskt_tal_text(x: float | None) -> str:
    """Talet som användaren skulle skriva det: 1234.5 -> "1 234,5", 12500.0 -> "12 500"
    (vanligt mellanslag, högst två decimaler, inga avslutande nollor); None -> ""."""
    if x is None:
        return ""
    from babel.numbers import format_decimal

    return format_decimal(x, format="#,##0.##", locale="sv_SE").replace("\u00a0", " ")

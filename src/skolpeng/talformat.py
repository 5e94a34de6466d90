"""Svensk talformatering och tolkning – den enda i projektet: rapporter, utskrifter,
webbsidor och fördelningens förklaringar använder den. Tecknen (decimaltecken,
tusentalsavgränsare) kommer ur babels data för ``sv_SE``, tolkningen är babels
``parse_decimal``; formateringen gör samma sak som babels ``format_decimal`` (det prövar
``tests/test_talformat_babel.py`` på många tal) men med Pythons format, eftersom den körs för
varje rad i en fördelning (``format_decimal`` är ungefär tio gånger långsammare).

Konventionen: decimalkomma, hårt mellanslag (``NBSP``, U+00A0) som tusentalsavgränsare så att
ett tal aldrig bryts över två rader (``mellanrum=MELLANSLAG`` ger ett vanligt mellanslag, som
simuleringens och uppföljningens texter använder), samma mellanrum mellan talet och enheten (kr,
%, mnkr), äkta minustecken (−, U+2212) och tankstreck (–) för saknade värden. Avrundningen är
Pythons (``format(x, ".nf")``: korrekt avrundat binärt tal, lika avstånd till jämnt), så att ett
tal som skrivs här är samma tal som i CSV-filerna; ett tal som avrundas till noll har inget tecken.

In: ett tal (eller None/NaN) respektive en svensk text. Ut: text respektive tal.
"""

from __future__ import annotations

import math

from babel.numbers import get_decimal_symbol, get_group_symbol, parse_decimal

NBSP = "\u00a0"
MELLANSLAG = " "
MINUS = "\u2212"
SAKNAS = "–"
LOCALE = "sv_SE"
_KOMMA = get_decimal_symbol(LOCALE)
assert get_group_symbol(LOCALE) == NBSP, "babels tusentalsavgränsare för sv_SE"


def saknas(x: object) -> bool:
    """True om värdet saknas: None eller NaN."""
    return x is None or (isinstance(x, float) and math.isnan(x))


def decimal(x: float | None, n: int = 1, *, mellanrum: str = NBSP) -> str:
    """Ett tal med ``n`` decimaler: 1234567.891, 1 -> '1 234 567,9'; −3.5, 0 -> '−4'
    (avrundning som Pythons format); ett tal som avrundas till noll utan tecken (−0.3, 0 ->
    '0'); None och NaN -> '–'."""
    if saknas(x):
        return SAKNAS
    text = f"{x:,.{n}f}".replace(",", "\0").replace(".", _KOMMA).replace("\0", mellanrum)
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


def kort_tal(x: float) -> str:
    """Ett parametervärde kort, med högst sex värdesiffror och utan tusentalsavgränsare
    (``1,5``, ``0,9``, ``2``; som Pythons ``g``-format)."""
    return f"{x:g}".replace(".", ",").replace("-", MINUS)


def antal_text(x: float) -> str:
    """Ett antal elever: heltal utan decimaler, annars med en decimal (``12`` / ``12,4``)."""
    return decimal(x, 0) if abs(x - round(x)) < 1e-9 else decimal(x, 1)


def tal_lista(x: list[float], n: int) -> list[str]:
    """Många tal -> texter med ``n`` decimaler (n = −1: ``antal_text``); texten för ett
    upprepat värde (samma index på flera stadier, samma vikt i många enheter) görs en gång."""
    minne: dict[float, str] = {}
    ut = []
    for v in x:
        t = minne.get(v)
        if t is None:
            t = antal_text(v) if n < 0 else decimal(v, n)
            minne[v] = t
        ut.append(t)
    return ut


def falttext(x: float | str | None, *, max_decimaler: int = 6) -> str:
    """Ett tal som värde i ett formulärfält, i svensk form som ``tolka`` läser tillbaka:
    vanligt mellanslag som tusentalsavgränsare, decimalkomma, bara de decimaler som behövs
    (6467827953 -> '6 467 827 953', 24.5 -> '24,5', 0.19 -> '0,19'); tomt för None/NaN/''.
    En text tolkas först som tal (maskinform med punkt, som '24.5')."""
    if isinstance(x, str):
        if not x.strip():
            return ""
        x = float(x)
    if saknas(x):
        return ""
    assert x is not None
    text = decimal(x, max_decimaler, mellanrum=MELLANSLAG)
    if _KOMMA in text:
        text = text.rstrip("0").rstrip(_KOMMA)
    return "0" if text in ("", MINUS + "0") else text


def organisationsnummer(nummer: object) -> str:
    """Ett organisationsnummer i formen NNNNNN-NNNN ('8572054065' -> '857205-4065'); ett id
    som inte är tio siffror (en kommunkod, ett id i syntetiska data) lämnas som det är."""
    text = "" if saknas(nummer) else str(nummer).strip()
    siffror = text.replace("-", "")
    if len(siffror) == 10 and siffror.isdigit():
        return f"{siffror[:6]}-{siffror[6:]}"
    return text


def tolka(text: str) -> float:
    """En svensk taltext -> tal: '1 234 567,9', '−3,5', '12,3 %' (-> 12.3), '8 412 kr'.
    Tusentalsavgränsaren får vara hårt eller vanligt mellanslag, minustecknet äkta eller ``-``.
    Något annat än ett tal ger ``ValueError``."""
    t = text.strip()
    for enhet in ("mnkr", "kr", "%"):
        if t.endswith(enhet):
            t = t[: -len(enhet)].strip()
            break
    t = t.replace(MINUS, "-").replace(MELLANSLAG, NBSP)
    try:
        return float(parse_decimal(t, locale=LOCALE, strict=False))
    except Exception as fel:  # babel.numbers.NumberFormatError
        raise ValueError(f"inte ett tal: {text!r}") from fel

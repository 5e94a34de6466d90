"""Lågnivåtolkning av filer från officiella källor: teckenkodning, separator och tal.

In: råa byte och textceller. Ut: text, separator och tal (float) eller ``None`` för en
tom cell. Används av både datasetets läsare och importen av officiella exporter.
"""

from __future__ import annotations

import re

SKOLVERKET_MARKERINGAR: dict[str, str] = {
    ".": "uppgift saknas",
    "..": "för få för att visas",
}
_MELLANRUM = re.compile(r"[\s\u00a0\u202f\u2009]")


def avkoda(data: bytes) -> tuple[str, str]:
    """Byte -> (text, kodning). UTF-8 med eller utan BOM; annars Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252"), "cp1252"


def gissa_separator(rubrikrad: str) -> str:
    """Separatorn i en CSV-rubrikrad: ``;`` om den förekommer oftare än ``,``, annars ``,``."""
    return ";" if rubrikrad.count(";") > rubrikrad.count(",") else ","


def tolka_tal(text: str | None, decimalkomma: bool) -> float | None:
    """En cell -> tal. Tom cell -> None. Tusentalsavgränsare (mellanslag, hårt mellanslag)
    tolereras; med ``decimalkomma`` är ``,`` decimaltecken. Kastar ``ValueError`` om
    cellen inte är ett tal."""
    if text is None:
        return None
    s = _MELLANRUM.sub("", text).replace("\u2212", "-")
    if s == "":
        return None
    if decimalkomma:
        if "." in s and "," in s:
            raise ValueError(text)
        s = s.replace(",", ".")
    return float(s)


def tolka_skolverket_tal(text: str | None) -> tuple[float | None, str | None]:
    """En cell i en export från Skolverket -> (tal, markering).

    Markeringarna ``.`` och ``..`` och avrundade värden ``~100`` blir saknade värden
    (aldrig noll) med en förklaring; ``cirka 140`` likaså. Övriga celler tolkas med
    decimalkomma. Kastar ``ValueError`` om cellen varken är ett tal eller en markering.
    """
    if text is None:
        return None, None
    s = text.strip()
    if s in SKOLVERKET_MARKERINGAR:
        return None, SKOLVERKET_MARKERINGAR[s]
    if s.startswith("~") or s.lower().startswith("cirka"):
        return None, "avrundat värde"
    return tolka_tal(s, decimalkomma=True), None

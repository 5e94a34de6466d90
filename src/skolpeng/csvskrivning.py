"""Skrivning av CSV-filer utan formler: varje CSV-fil som projektet skriver går hit.

In: en polars-tabell och en sökväg. Ut: filen, där textceller som ett kalkylprogram skulle
tolka som en formel (de börjar med ``=``, ``+``, ``-``, ``@``, tabb eller vagnretur; OWASP:s
råd om CSV-injektion) får en apostrof först, så att de visas som text. Talkolumner ändras
aldrig, och en textcell som är ett tal (``-5``, ``+1,5``) lämnas som den är.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

#: Tecken som får ett kalkylprogram att tolka cellen som en formel (OWASP, CSV Injection).
FORMELTECKEN = ("=", "+", "-", "@", "\t", "\r")
_BORJAR_FARLIGT = r"^[=+\-@\t\r]"
#: En text som bara är ett tal (med tecken, decimalpunkt eller -komma, exponent).
_BARA_TAL = r"^[+-]?[0-9]*[.,]?[0-9]+(?:[eE][+-]?[0-9]+)?$"


def neutralisera(text: str) -> str:
    """En enstaka text: en apostrof först om den börjar med ett formeltecken och inte är ett
    tal (``"=1+1"`` -> ``"'=1+1"``, ``"-5"`` -> ``"-5"``)."""
    if text.startswith(FORMELTECKEN) and not re.match(_BARA_TAL, text):
        return "'" + text
    return text


def neutralisera_tabell(df: pl.DataFrame) -> pl.DataFrame:
    """Tabellen med varje textkolumn neutraliserad (``neutralisera`` per cell); andra
    kolumner som de är."""
    uttryck = []
    for namn, typ in df.schema.items():
        if typ == pl.String:
            k = pl.col(namn)
            farlig = k.str.contains(_BORJAR_FARLIGT) & ~k.str.contains(_BARA_TAL)
            uttryck.append(pl.when(farlig).then(pl.lit("'") + k).otherwise(k).alias(namn))
    return df.with_columns(uttryck) if uttryck else df


def skriv_csv(df: pl.DataFrame, path: Path | str) -> None:
    """Skriver tabellen som CSV (polars ``write_csv``) efter ``neutralisera_tabell``."""
    neutralisera_tabell(df).write_csv(Path(path))


def csv_bytes(df: pl.DataFrame) -> bytes:
    """Tabellen som CSV-bytes (UTF-8) efter ``neutralisera_tabell``, för en nedladdning."""
    import io

    buf = io.BytesIO()
    neutralisera_tabell(df).write_csv(buf)
    return buf.getvalue()


def excel_csv(rader: list[list[str]]) -> bytes:
    """Färdiga textceller (rubrikraden först) -> CSV för svenska Excel: semikolon, CRLF och
    UTF-8 med BOM. Cellerna ska redan vara neutraliserade (``neutralisera``) och formaterade."""
    import csv
    import io

    ut = io.StringIO()
    skriv = csv.writer(ut, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    skriv.writerows(rader)
    return ("\ufeff" + ut.getvalue()).encode("utf-8")

"""En tabell som den visas på en sida -> xlsx eller CSV med samma rubriker och värden.

In: ``Exporttabell`` (titel, kolumner med svensk rubrik och typ, rader med råa värden: text,
tal eller None). Ut: filens bytes.

- xlsx (xlsxwriter): titeln i A1, rubrikraden i rad 3 (fryst, med filter), tal som tal med
  formaten ``#,##0`` (visas ``# ##0`` i svensk Excel) för kronor och heltal, ``#,##0.0`` för
  tal med en decimal och ``0.0%`` (``0,0 %``) för andelar;
- CSV: semikolon som avgränsare, decimalkomma utan tusentalsavgränsare (så att Excel läser
  talen som tal), andelar i procent med en decimal och ``%``, UTF-8 med BOM (så att Excel
  känner igen teckenkodningen), CRLF; textceller skyddade mot formelinjektion.

Avrundningen är sidans: kronor och heltal till hela tal, decimaltal till en decimal,
andelar till en tiondels procentenhet i CSV (xlsx behåller andelen och visar en decimal).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import xlsxwriter

from skolpeng.csvskrivning import excel_csv
from skolpeng.rapporter.tabellexport.formelskydd import neutralisera

Kolumntyp = Literal["text", "kr", "heltal", "decimal", "procent"]
Varde = str | int | float | None

XLSX_FORMAT: dict[str, str] = {
    "kr": "#,##0",
    "heltal": "#,##0",
    "decimal": "#,##0.0",
    "procent": "0.0%",
}
XLSX_TYP = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYP = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Kolumn:
    """En kolumn: rubriken (svensk, som på sidan) och typen (hur värdet formateras)."""

    rubrik: str
    typ: Kolumntyp = "text"


@dataclass(frozen=True)
class Exporttabell:
    """Tabellen: titel (sidans bildtext), kolumner och rader (ett värde per kolumn)."""

    titel: str
    kolumner: tuple[Kolumn, ...]
    rader: tuple[tuple[Varde, ...], ...]


def _saknas(v: Varde) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _avrundat(v: float, typ: Kolumntyp) -> float:
    """Värdet avrundat som på sidan (kr och heltal: hela tal; decimal: en decimal)."""
    if typ in ("kr", "heltal"):
        return float(round(v))
    if typ == "decimal":
        return round(v, 1)
    return v


def csv_cell(v: Varde, typ: Kolumntyp) -> str:
    """Ett värde som CSV-cell: ``12.25, "decimal"`` -> ``"12,3"``; ``0.1234, "procent"`` ->
    ``"12,3 %"``; ``-151554.4, "kr"`` -> ``"-151554"``; text skyddad; saknat -> ``""``."""
    if _saknas(v):
        return ""
    if typ == "text" or isinstance(v, str):
        return neutralisera(str(v))
    x = float(v)  # type: ignore[arg-type]
    if typ in ("kr", "heltal"):
        return str(int(_avrundat(x, typ)))
    if typ == "procent":
        return _en_decimal(100 * x) + " %"
    return _en_decimal(x)


def _en_decimal(x: float) -> str:
    """Talet med en decimal och decimalkomma; ett tal som avrundas till noll utan tecken."""
    text = f"{x:.1f}"
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]
    return text.replace(".", ",")


def till_csv(t: Exporttabell) -> bytes:
    """Tabellen som CSV för Excel (se modulens beskrivning)."""
    rader = [[neutralisera(k.rubrik) for k in t.kolumner]]
    rader += [[csv_cell(v, k.typ) for v, k in zip(rad, t.kolumner, strict=True)] for rad in t.rader]
    return excel_csv(rader)


def _bredd(kolumn: Kolumn, varden: Sequence[Varde]) -> float:
    langst = max([len(kolumn.rubrik) // 2, *(len(str(v)) for v in varden if v is not None)])
    return min(max(10, langst + 2), 60)


def till_xlsx(t: Exporttabell, bladnamn: str = "Tabell") -> bytes:
    """Tabellen som Excelbok med ett blad (se modulens beskrivning)."""
    ut = io.BytesIO()
    bok = xlsxwriter.Workbook(ut, {"in_memory": True})
    rubrik = bok.add_format({"bold": True, "bg_color": "#DDE6F0", "text_wrap": True})
    titel = bok.add_format({"bold": True, "font_size": 14})
    format_ = {typ: bok.add_format({"num_format": f}) for typ, f in XLSX_FORMAT.items()}
    blad = bok.add_worksheet(bladnamn[:31])
    blad.write_string(0, 0, t.titel, titel)
    for j, k in enumerate(t.kolumner):
        blad.write_string(2, j, k.rubrik, rubrik)
        blad.set_column(j, j, _bredd(k, [r[j] for r in t.rader]))
    for i, rad in enumerate(t.rader, start=3):
        for j, (v, k) in enumerate(zip(rad, t.kolumner, strict=True)):
            if _saknas(v):
                blad.write_blank(i, j, None)
            elif k.typ == "text" or isinstance(v, str):
                blad.write_string(i, j, str(v))
            else:
                blad.write_number(i, j, _avrundat(float(v), k.typ), format_[k.typ])  # type: ignore[arg-type]
    blad.freeze_panes(3, 0)
    if t.kolumner:
        blad.autofilter(2, 0, 2 + len(t.rader), len(t.kolumner) - 1)
    bok.close()
    return ut.getvalue()

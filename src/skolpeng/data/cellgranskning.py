"""Granskning av en uppladdad tabellfils celler innan den tolkas: rubrikradens bredd och
personnummer i cellerna (CSV och Excel).

In: filens namn och text (CSV) eller bytes (Excel, redan granskad av
``uppackning.granska_xlsx``). Ut: problemen på svenska med fil, rad och kolumn; numren
själva visas aldrig.
"""

from __future__ import annotations

import csv
import io

import polars as pl

from skolpeng.data.format import gissa_separator
from skolpeng.data.schema import TABELLER
from skolpeng.fel import Problem
from skolpeng.personnummer import kan_ha_personnummer, personnummer_i_kolumner

#: Hur många extra (tomma) kolumner utöver tabellens som en rubrikrad får ha.
EXTRA_KOLUMNER = 5
#: Flest kolumnnamn som ett felmeddelande räknar upp.
MAX_VISADE_KOLUMNER = 10


def antal_csv_kolumner(text: str) -> int:
    """Antalet kolumner i rubrikraden räknat på avgränsarna (utan att dela upp raden)."""
    slut = text.find("\n")
    rad = text if slut < 0 else text[:slut]
    return max(rad.count(";"), rad.count(",")) + 1


def uppraknade(namn: list[str]) -> str:
    """Namnen med komma, högst ``MAX_VISADE_KOLUMNER`` och sedan hur många fler."""
    visade = ", ".join(namn[:MAX_VISADE_KOLUMNER])
    rest = len(namn) - MAX_VISADE_KOLUMNER
    return visade + (f" och {rest} till" if rest > 0 else "")


def csv_personnummer(namn: str, text: str) -> list[Problem]:
    """Personnummer i en CSV-fils celler (``personnummer.personnummer_i_kolumner``)."""
    if not kan_ha_personnummer(text):
        return []
    sep = gissa_separator(text[: max(text.find("\n"), 0)])
    try:
        rader = list(csv.reader(io.StringIO(text), delimiter=sep))
    except csv.Error:
        return [Problem(namn, f"en cell är längre än {csv.field_size_limit()} tecken")]
    if not rader:
        return []
    bredd = max(len(r) for r in rader)
    kolumner = [[r[i] if i < len(r) else None for r in rader[1:]] for i in range(bredd)]
    return personnummer_i_kolumner(namn, rader[0], kolumner)


def xlsx_personnummer(namn: str, data: bytes) -> list[Problem]:
    """Personnummer i en Excel-fils celler (första bladet; talceller som talkolumner)."""
    import fastexcel

    ram = fastexcel.read_excel(data).load_sheet(0, header_row=0).to_polars()
    rubrik = ["" if c.startswith("__UNNAMED__") else c for c in ram.columns]
    kolumner, tal = [], []
    for serie in ram.iter_columns():
        text = serie.cast(pl.String)
        # bara celler som alls kan vara ett nummer går vidare till Python (övriga blir None)
        kandidat = text.str.contains(r"[0-9]{6}[-+]?[0-9]{4}").fill_null(False)
        kolumner.append(
            text.zip_with(kandidat, pl.Series([None] * len(text), dtype=pl.String)).to_list()
        )
        tal.append(serie.dtype.is_numeric())
    return personnummer_i_kolumner(namn, rubrik, kolumner, talkolumner=tal)


def max_kolumner(filnamn: str) -> int:
    """Flest kolumner som tabellens rubrikrad kan ha: tabellens kolumner (en talkolumn också
    som ``<kolumn>_tkr``) och ``EXTRA_KOLUMNER`` tomma."""
    tabell = TABELLER.get(filnamn.rsplit(".", 1)[0])
    if tabell is None:
        return EXTRA_KOLUMNER
    return len(tabell.kolumner) * 2 + EXTRA_KOLUMNER

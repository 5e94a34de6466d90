"""Snabb skrivning av många rader i en xlsxwriter-bok: raderna byggs som XML med
vektoriserade polars-uttryck och läggs in i bladets ``<sheetData>`` efter att boken stängts.

In: en tabell (polars), kolumnernas typ och stil-index per radtyp. Ut: samma bok där
bladets rader finns med, utan en Python-anrop per cell (xlsxwriter skriver ~150 000 celler
på flera sekunder; detta tar en bråkdel). xlsxwriter skriver rubrikrad, format, kolumn-
bredder, låsta rader och autofilter som vanligt; bara dataraderna efter de första kommer härifrån.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl


@dataclass(frozen=True)
class Kolumn:
    """En kolumn att skriva: källkolumn, om den är text, och stil-index (xf) för vanliga
    rader och för markerade rader (t.ex. huvudmannarader)."""

    namn: str
    text: bool
    stil: int
    stil_markerad: int


def kolumnbokstav(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    bokstaver = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        bokstaver = chr(65 + rest) + bokstaver
    return bokstaver


def _xml_text(uttryck: pl.Expr) -> pl.Expr:
    return (
        uttryck.cast(pl.String)
        .str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
        .str.replace_all(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "")
    )


def _stil(k: Kolumn, markerad: pl.Expr) -> pl.Expr:
    return pl.when(markerad).then(pl.lit(str(k.stil_markerad))).otherwise(pl.lit(str(k.stil)))


def rader_xml(
    tabell: pl.DataFrame, kolumner: Sequence[Kolumn], forsta_rad: int, markerad: str
) -> str:
    """XML för tabellens rader, med början på Excelrad ``forsta_rad`` (1-baserad).

    In: tabellen, kolumnerna i ordning (kolumn A, B, …), första radnumret och namnet på en
    boolesk kolumn som väljer den markerade stilen. Ut: ``<row>``-element som text. Tomma
    (null) celler utelämnas; tal skrivs med full precision.
    """
    if tabell.height == 0:
        return ""
    radnr = (pl.int_range(pl.len()) + forsta_rad).cast(pl.String)
    mark = pl.col(markerad)
    celler = []
    for i, k in enumerate(kolumner):
        ref = pl.lit(f'<c r="{kolumnbokstav(i)}') + radnr + pl.lit('" s="') + _stil(k, mark)
        if k.text:
            cell = ref + pl.lit('" t="inlineStr"><is><t xml:space="preserve">')
            cell = cell + _xml_text(pl.col(k.namn)) + pl.lit("</t></is></c>")
        else:
            varde = pl.col(k.namn).cast(pl.Float64)
            ar_heltal = varde.round(0) == varde
            tal = (
                pl.when(ar_heltal & (varde.abs() < 1e15))
                .then(varde.cast(pl.Int64).cast(pl.String))
                .otherwise(varde.cast(pl.String))
            )
            giltig = varde.is_not_null() & varde.is_finite()
            cell = pl.when(giltig).then(ref + pl.lit('"><v>') + tal + pl.lit("</v></c>"))
        celler.append(cell.fill_null(""))
    rad = pl.lit('<row r="') + radnr + pl.lit('">') + pl.concat_str(celler) + pl.lit("</row>")
    return tabell.select(rad.alias("x"))["x"].str.join("").item()


_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


def infoga_rader(xlsx: Path, blad: dict[int, tuple[str, str]]) -> None:
    """Lägger in färdig rad-XML sist i ``<sheetData>`` för bladen i en stängd bok.

    In: bokens sökväg och ``{bladindex (0-baserat): (rad-XML, dimension t.ex. "A1:L120")}``.
    Ut: boken omskriven på plats (via en tillfällig fil i samma katalog), med bokens
    ursprungliga filrättigheter (mkstemp skapar filen läsbar bara för ägaren).
    """
    xlsx = Path(xlsx)
    rattigheter = stat.S_IMODE(xlsx.stat().st_mode)
    namn = {f"xl/worksheets/sheet{i + 1}.xml": v for i, v in blad.items()}
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=xlsx.parent)
    with (
        open(fd, "wb") as ut_fil,
        zipfile.ZipFile(xlsx) as kalla,
        zipfile.ZipFile(ut_fil, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as ut,
    ):
        for info in kalla.infolist():
            data = kalla.read(info.filename)
            if info.filename in namn:
                xml, dimension = namn[info.filename]
                data = _DIMENSION.sub(f'<dimension ref="{dimension}"/>'.encode(), data, count=1)
                if b"</sheetData>" in data:
                    data = data.replace(b"</sheetData>", xml.encode("utf-8") + b"</sheetData>", 1)
                else:  # tomt blad: <sheetData/>
                    data = data.replace(
                        b"<sheetData/>", b"<sheetData>" + xml.encode("utf-8") + b"</sheetData>", 1
                    )
            ut.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    os.chmod(tmp, rattigheter)
    shutil.move(tmp, xlsx)

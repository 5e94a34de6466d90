"""Import av SCB:s PxWeb-exporter (Statistikdatabasen) som CSV.

In: en CSV-fil som PxWeb skriver den: valfri tabellrubrik och tom rad före rubrikraden,
``,`` (decimalpunkt), ``;`` eller tabb (decimalkomma), citattecken, en kolumn ``region``
med värden som "0114 Upplands Väsby" (eller bara koden), antingen en tidskolumn
(``Tid``/``år``) med ett mått per kolumn eller ett år per kolumn ("2023", "2024").
Ut: ``Importresultat`` med hjälptabellen ``scb_region`` i lång form: regionkod,
regionnamn, ar, variabel, varde, plus övriga dimensioner (t.ex. ålder, kön) som text.
SCB:s markeringar (``..``, ``.``, ``-``, ``–``) blir saknade värden med en notering.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from skolpeng.data.officiella_export import (
    Celltolkare,
    Export,
    Importresultat,
    las_export,
    normalisera,
)
from skolpeng.fel import IndataFel, Problem

REGION = ("region", "Region", "Kommun (region)")
TID = {"tid", "år", "ar", "year"}
_AR_KOLUMN = re.compile(r"^(?:.*\s)?(\d{4})$")
_REGION = re.compile(r"^(\d{2,4})(?:\s+(.*))?$")
_MARKERINGAR = {"", ".", "..", "...", "-", "\u2013"}


def _region(text: str) -> tuple[str | None, str | None]:
    """ "0114 Upplands Väsby" -> ("0114", "Upplands Väsby"); "Riket" -> (None, "Riket")."""
    s = text.strip()
    m = _REGION.match(s)
    if m:
        return m.group(1), (m.group(2) or None)
    return None, s or None


def _ar_numeriska(export: Export, kolumn: int) -> bool:
    for _, c in export.rader:
        s = c[kolumn].strip().replace(" ", "").replace("\u00a0", "")
        if s in _MARKERINGAR:
            continue
        try:
            float(s.replace(",", ".") if export.decimalkomma else s)
        except ValueError:
            return False
    return True


def las_scb_pxweb(path: Path) -> Importresultat:
    """SCB PxWeb-CSV -> ``scb_region`` (regionkod, regionnamn, ar, variabel, varde och övriga
    dimensioner). Regionkoden är strängen före första mellanslaget ("0114"); kommuner har
    fyra siffror, län två. Årskolumner ("2024" eller "… 2024") läggs i lång form med
    ``variabel`` = tabellrubriken; med en tidskolumn blir varje måttkolumn en ``variabel``."""
    export = las_export(path, [REGION])
    idx = export.kolumnindex({"region": REGION})["region"]
    namn = export.rubriker
    t = Celltolkare(export.fil)
    tid = next((i for i, n in enumerate(namn) if normalisera(n) in TID), None)
    arskolumner = {
        i: int(m.group(1))
        for i, n in enumerate(namn)
        if i not in (idx, tid) and (m := _AR_KOLUMN.match(n))
    }
    ovriga = [i for i in range(len(namn)) if i not in (idx, tid) and i not in arskolumner]
    matt = [i for i in ovriga if _ar_numeriska(export, i)] if tid is not None else []
    dimensioner = [i for i in ovriga if i not in matt]
    if not arskolumner and not matt:
        raise IndataFel(
            [
                Problem(
                    export.fil,
                    "hittade inga värdekolumner (varken årskolumner eller mått)",
                    export.rubrikrad,
                )
            ]
        )
    variabel = export.titel or "värde"
    rader: list[dict[str, object]] = []
    for rad, c in export.rader:
        kod, regionnamn = _region(c[idx])
        dims = {namn[i]: c[i].strip() or None for i in dimensioner}
        ar_tid: int | None = None
        if tid is not None:
            s = c[tid].strip()
            if not s[:4].isdigit():
                t.problem.append(Problem(export.fil, f"{s!r} är inte ett år", rad, namn[tid]))
                continue
            ar_tid = int(s[:4])
        kolumner = [(i, arskolumner[i], variabel) for i in arskolumner] + [
            (i, ar_tid, namn[i]) for i in matt
        ]
        for i, ar, var in kolumner:
            if export.decimalkomma and c[i].strip() not in _MARKERINGAR:
                varde = t.tal(rad, namn[i], c[i])[0]
            else:
                varde = t.punkttal(rad, namn[i], c[i])
            rader.append(
                {
                    "regionkod": kod,
                    "regionnamn": regionnamn,
                    "ar": ar,
                    "variabel": var,
                    "varde": varde,
                    **dims,
                }
            )
    t.kasta_om_problem()
    schema = {
        "regionkod": pl.String,
        "regionnamn": pl.String,
        "ar": pl.Int64,
        "variabel": pl.String,
        "varde": pl.Float64,
        **{namn[i]: pl.String for i in dimensioner},
    }
    return Importresultat(
        "scb-pxweb",
        export.fil,
        None,
        {"scb_region": pl.DataFrame(rader, schema=schema)},
        tuple(t.anteckningar()),
    )

"""Läsning av en kostnadspanel för elasticitetsregressionen (SOU 2025:72 tabell 10.2).

In: en CSV-fil (``,`` eller ``;``) med en rad per kommun och år: ``kommunkod``, ``ar``,
``antal_elever``, en kolumn per kostnadsslag (kr) och valfritt en kolumn med statsbidrag.
Ut: en validerad polars-tabell med just de kolumnerna. Tomma celler är saknade värden (raden
utesluts ur regressionen); text, negativa tal och dubbletter av (kommun, år) är fel, och alla
fel rapporteras på en gång (``IndataFel``) med fil, rad och kolumn.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.data.enkel_csv import las_enkel_csv
from skolpeng.data.namn import KOSTNADSSLAG_TABELL_10_2 as KOSTNADSSLAG_TABELL_10_2
from skolpeng.fel import IndataFel, Problem

KOSTNADSPANEL = (
    Path(__file__).resolve().parents[1] / "dataset" / "elevserier" / "kostnadspanel_kommuner.csv"
)


def las_kostnadspanel(
    fil: Path, kostnader: list[str], statsbidrag: str | None = None
) -> pl.DataFrame:
    """Läser och validerar panelen. In: filen, kostnadskolumnerna och valfritt
    statsbidragskolumnen. Ut: tabell (kommunkod: text, ar: heltal, antal_elever, kostnader,
    [statsbidrag]: flyttal eller null)."""
    csvfil = las_enkel_csv(fil)
    namn, rubrik = csvfil.fil, csvfil.rubrik
    talkolumner = ["antal_elever", *kostnader] + ([statsbidrag] if statsbidrag else [])
    problem = csvfil.problem
    problem += [
        Problem(namn, f"kolumnen {k!r} saknas (rubrikrad: {rubrik})")
        for k in ["kommunkod", "ar", *talkolumner]
        if k not in rubrik
    ]
    if problem:
        raise IndataFel(problem)
    idx = csvfil.index
    data: dict[str, list] = {k: [] for k in ["kommunkod", "ar", *talkolumner]}
    sedda: dict[tuple[str, int], int] = {}
    for radnr, cell in csvfil.rader:
        kod = cell[idx["kommunkod"]]
        if not kod:
            problem.append(Problem(namn, "kommunkod saknas", radnr, "kommunkod"))
        ar = csvfil.artal(radnr, cell)
        if kod and ar is not None:
            if (kod, ar) in sedda:
                problem.append(
                    Problem(
                        namn,
                        f"kommun {kod} år {ar} förekommer redan på rad {sedda[(kod, ar)]}",
                        radnr,
                        "ar",
                    )
                )
            sedda[(kod, ar)] = radnr
        data["kommunkod"].append(kod)
        data["ar"].append(ar)
        for k in talkolumner:
            varde, _ = csvfil.tal(radnr, cell, k, "ett tal eller en tom cell")
            if varde is not None and varde < 0:
                problem.append(
                    Problem(namn, f"värdet får inte vara negativt, fick {cell[idx[k]]!r}", radnr, k)
                )
                varde = None
            data[k].append(varde)
    if problem:
        raise IndataFel(problem)
    return pl.DataFrame(
        data,
        schema={"kommunkod": pl.String, "ar": pl.Int64} | {k: pl.Float64 for k in talkolumner},
    )

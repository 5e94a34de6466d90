"""Läsning av elevserier för utbudsansvarsanalysen (docs/regler/utbudsansvar.md).

In: en CSV-fil (``,`` eller ``;``, UTF-8 med eller utan BOM eller Windows-1252) med kolumnerna
``ar`` och ``antal_elever``, valfritt ``antal_elever_kommunal`` och, för en fil med flera
kommuner, ``kommunkod`` (och ``kommun``). Ut: en validerad tabell (ar, antal_elever
[, antal_elever_kommunal]) för en serie. Alla problem rapporteras på en gång (``IndataFel``)
med fil, rad och kolumn. De medföljande serierna nås med namn (``MEDFOLJANDE_SERIER``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from skolpeng.data.enkel_csv import las_enkel_csv
from skolpeng.fel import IndataFel, Problem

ELEVSERIEKATALOG = Path(__file__).resolve().parents[1] / "dataset" / "elevserier"
MEDFOLJANDE_SERIER: dict[str, tuple[str, str]] = {
    "syntetisk": (
        "syntetisk_riket.csv",
        "Syntetisk nationell serie 1960–2040 (stiliserade elevkullsvågor, inte verkliga data)",
    ),
    "riket": (
        "riket.csv",
        "Riket, elever i grundskolans årskurs 1–9, läsåren 2020/21–2024/25 (Skolverket)",
    ),
    "kommuner": (
        "kommuner.csv",
        "Kommunerna, elever i grundskolans årskurs 1–9, läsåren 2020/21–2024/25 (Skolverket)",
    ),
}
MINSTA_ANTAL_AR = 3


@dataclass(frozen=True)
class Elevserie:
    """En validerad serie: tabellen, en beskrivning, filen den lästes från och, för en
    kommunfil, kommunens kod och namn."""

    tabell: pl.DataFrame
    beskrivning: str
    fil: Path
    kommunkod: str | None = None
    kommun: str | None = None


def medfoljande_serie(namn: str) -> tuple[Path, str]:
    """Namnet på en medföljande serie -> (fil, beskrivning). Okänt namn -> ``KeyError``."""
    filnamn, beskrivning = MEDFOLJANDE_SERIER[namn]
    return ELEVSERIEKATALOG / filnamn, beskrivning


def las_elevserie(
    fil: Path, kommunkod: str | None = None, beskrivning: str | None = None
) -> Elevserie:
    """Läser och validerar en elevserie.

    In: filen och, för en fil med kolumnen ``kommunkod``, kommunens kod. Kontrollerar att
    åren är heltal utan luckor eller dubbletter, minst tre år, att antalet elever är ett tal
    > 0 och att ``antal_elever_kommunal`` (om den finns) ligger mellan 0 och antalet elever.
    Ut: ``Elevserie``. Fel: ``IndataFel`` med alla problem.
    """
    fil = Path(fil)
    csvfil = las_enkel_csv(fil)
    namn, rubrik, problem = csvfil.fil, csvfil.rubrik, csvfil.problem
    for krav in ("ar", "antal_elever"):
        if krav not in rubrik:
            problem.append(Problem(namn, f"kolumnen {krav!r} saknas (rubrikrad: {rubrik})"))
    har_kod = "kommunkod" in rubrik
    if kommunkod is not None and not har_kod:
        problem.append(Problem(namn, "en kommun är angiven men filen saknar kolumnen 'kommunkod'"))
    if problem:
        raise IndataFel(problem)

    idx = csvfil.index
    har_kommunal = "antal_elever_kommunal" in idx
    poster: list[
        tuple[int, int | None, float | None, float | None]
    ] = []  # rad, ar, elever, kommunal
    koder: set[str] = set()
    kommunnamn: str | None = None
    for radnr, cell in csvfil.rader:
        if har_kod:
            kod = cell[idx["kommunkod"]]
            koder.add(kod)
            if kommunkod is not None and kod != kommunkod:
                continue
            if "kommun" in idx and cell[idx["kommun"]]:
                kommunnamn = cell[idx["kommun"]]
        ar = csvfil.artal(radnr, cell)
        rad_elever = cell[idx["antal_elever"]]
        elever, tolkad = csvfil.tal(radnr, cell, "antal_elever", "ett antal elever")
        if tolkad:
            if elever is None:
                problem.append(Problem(namn, "antal elever saknas", radnr, "antal_elever"))
            elif elever <= 0:
                problem.append(
                    Problem(
                        namn,
                        f"antal elever ska vara större än noll, fick {rad_elever!r}",
                        radnr,
                        "antal_elever",
                    )
                )
                elever = None
        kommunal: float | None = None
        if har_kommunal:
            rad_kommunal = cell[idx["antal_elever_kommunal"]]
            kommunal, tolkad = csvfil.tal(
                radnr, cell, "antal_elever_kommunal", "ett antal elever eller en tom cell"
            )
            if (
                tolkad
                and kommunal is not None
                and (kommunal < 0 or (elever is not None and kommunal > elever))
            ):
                problem.append(
                    Problem(
                        namn,
                        "antal elever i kommunal skola ska ligga mellan 0 och antal elever, "
                        f"fick {rad_kommunal!r}",
                        radnr,
                        "antal_elever_kommunal",
                    )
                )
                kommunal = None
        poster.append((radnr, ar, elever, kommunal))

    if har_kod and kommunkod is None and len(koder) > 1:
        problem.append(
            Problem(namn, f"filen innehåller {len(koder)} kommuner – ange vilken (kommunkod)")
        )
    if har_kod and kommunkod is not None and kommunkod not in koder:
        problem.append(Problem(namn, f"kommunkoden {kommunkod!r} finns inte i filen"))
    problem += _kontrollera_ar(namn, [(r, a) for r, a, _, _ in poster])
    if problem:
        raise IndataFel(problem)

    tabell = pl.DataFrame(
        {
            "ar": [a for _, a, _, _ in poster],
            "antal_elever": [e for _, _, e, _ in poster],
            **({"antal_elever_kommunal": [k for *_, k in poster]} if har_kommunal else {}),
        },
        schema_overrides={"ar": pl.Int64, "antal_elever": pl.Float64}
        | ({"antal_elever_kommunal": pl.Float64} if har_kommunal else {}),
    ).sort("ar")
    if beskrivning is None:
        beskrivning = fil.name
    if kommunkod is not None:
        beskrivning += f", {kommunnamn} ({kommunkod})" if kommunnamn else f", kommun {kommunkod}"
    return Elevserie(tabell, beskrivning, fil, kommunkod, kommunnamn)


def _kontrollera_ar(namn: str, rader: list[tuple[int, int | None]]) -> list[Problem]:
    """Åren: inga dubbletter, inga luckor, minst ``MINSTA_ANTAL_AR``. Ut: problemen."""
    problem: list[Problem] = []
    sedda: dict[int, int] = {}
    for radnr, ar in rader:
        if ar is None:
            continue
        if ar in sedda:
            problem.append(
                Problem(namn, f"året {ar} förekommer redan på rad {sedda[ar]}", radnr, "ar")
            )
        else:
            sedda[ar] = radnr
    if len(rader) < MINSTA_ANTAL_AR:
        problem.append(
            Problem(namn, f"serien har {len(rader)} år – minst {MINSTA_ANTAL_AR} behövs")
        )
    if sedda:
        saknas = sorted(set(range(min(sedda), max(sedda) + 1)) - set(sedda))
        if saknas:
            lista = ", ".join(str(a) for a in saknas)
            problem.append(
                Problem(namn, f"serien har luckor – dessa år saknas: {lista}", kolumn="ar")
            )
    return problem

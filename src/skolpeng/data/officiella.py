"""Officiella exporter, lästa som de publiceras (docs/regler/dataformat.md#officiella-exporter).

In: en fil från Skolverket, Skolenhetsregistret eller SCB och dess exporttyp. Ut:
``Importresultat`` – polars-ramar i datasetets form (``skolenheter``, ``elever``,
``kostnader_huvudman``, ``resultat``) och hjälptabeller, plus noteringar om prickade celler.
Läsarna är rena: de räknar inga regler. Problem (oläslig fil, ingen rubrikrad, en cell som
varken är tal eller markering) blir ``IndataFel`` med fil, rad och kolumn.

Exporttyper (``IMPORTTYPER``):

| typ | fil | tabeller |
|---|---|---|
| ``elever-skolniva`` | Grundskola – Antal elever per årskurs … Skolnivå | skolenheter, elever, skolenheter_bakgrund |
| ``elever-kommun`` | Grundskola – Antal elever per årskurs … Kommun | elever_kommun, kommuner_bakgrund |
| ``kostnader-kommun`` | Grundskola – Kostnader per kommun | kostnader_huvudman, kostnader_kommun |
| ``slutbetyg`` | Grundskola – Slutbetyg årskurs 9 … Skolenhet | resultat |
| ``skolenhetsregister`` | Skolenhetsregistrets översikt, blad Grundskola (.xlsx/.csv) | skolenheter, elever |
| ``scb-pxweb`` | SCB Statistikdatabasen, CSV | scb_region |
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.data.namn import IMPORTTYPER
from skolpeng.data.officiella_export import Export, Importresultat, las_export
from skolpeng.data.officiella_harledning import fyll_undertryckta_arskurser
from skolpeng.data.officiella_kostnader import las_kostnader_kommun, las_slutbetyg
from skolpeng.data.officiella_register import las_skolenhetsregister
from skolpeng.data.officiella_scb import las_scb_pxweb
from skolpeng.data.officiella_skolverket import las_elever_kommun, las_elever_skolniva
from skolpeng.data.schema import TABELLER
from skolpeng.fel import IndataFel, Problem


def importera(path: Path, typ: str, period: str | None = None) -> Importresultat:
    """En exportfil och dess typ -> ``Importresultat``.

    ``period`` är läsåret (``2025/26``) eller året (``2024``) när filen inte anger det;
    för ``skolenhetsregister`` krävs läsåret. Okänd typ är ett ``IndataFel``."""
    path = Path(path)
    if typ == "elever-skolniva":
        return las_elever_skolniva(path, period)
    if typ == "elever-kommun":
        return las_elever_kommun(path, period)
    if typ == "kostnader-kommun":
        return las_kostnader_kommun(path, int(period) if period and period.isdigit() else None)
    if typ == "slutbetyg":
        return las_slutbetyg(path, period)
    if typ == "skolenhetsregister":
        return las_skolenhetsregister(path, period)
    if typ == "scb-pxweb":
        return las_scb_pxweb(path)
    raise IndataFel(
        [Problem(path.name, f"okänd exporttyp {typ!r}; välj en av {', '.join(IMPORTTYPER)}")]
    )


def till_tabellfiler(resultat: Importresultat) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """Ett importresultat -> (tabellnamn -> ram att skriva som ``<namn>.csv``, noteringar).

    Datasetets tabeller får exakt kontraktets kolumner (docs/regler/dataformat.md). I ``elever`` fylls
    prickade årskurser enligt ``fyll_undertryckta_arskurser`` (``.`` = årskursen finns inte)
    och bara rader med minst en elev skrivs (en årskurs som saknas betyder 0 elever; en
    prickad cell utan summa att fördela skrivs inte och syns i noteringarna).
    Hjälptabeller (t.ex. ``elever_kommun``) skrivs med alla sina kolumner."""
    tabeller = dict(resultat.tabeller)
    noteringar: list[str] = []
    if "elever" in tabeller:
        elever = tabeller["elever"]
        if "skolenheter_bakgrund" in tabeller:
            elever, noteringar = fyll_undertryckta_arskurser(
                elever, tabeller["skolenheter_bakgrund"]
            )
        tabeller["elever"] = elever.filter(pl.col("antal") > 0)
    ut = {}
    for namn, ram in tabeller.items():
        if namn in TABELLER:
            ram = ram.select([k for k in TABELLER[namn].kolumnnamn if k in ram.columns])
        ut[namn] = ram
    return ut, noteringar


__all__ = [
    "IMPORTTYPER",
    "Export",
    "Importresultat",
    "importera",
    "las_elever_kommun",
    "las_elever_skolniva",
    "las_export",
    "las_kostnader_kommun",
    "las_scb_pxweb",
    "las_skolenhetsregister",
    "las_slutbetyg",
    "till_tabellfiler",
]

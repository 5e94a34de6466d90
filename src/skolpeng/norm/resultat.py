"""Resultatet av en normberäkning: kontraktet mellan ``skolpeng.norm`` och rapporter/CLI.

In: inget (ren deklaration). Ut: ``NormResultat`` och kolumnlistorna för utdatafilerna.
Alla belopp är kronor per elev i normårets prisnivå, oavrundade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

Variant = Literal["vagledande", "bindande", "fritidshem"]
VARIANTER: tuple[str, ...] = ("vagledande", "bindande", "fritidshem")

KOMPONENTER: tuple[str, ...] = (
    "grundersattning",
    "socioekonomiskt_tillagg",
    "lonejustering",
    "lokaljustering",
    "platsgaranti",
    "gleshet",
)

# norm_skolenheter.csv, i denna ordning (kolumnerna i README, Output files).
ENHET_KOLUMNER: tuple[str, ...] = (
    "skolenhetskod",
    "stadium",
    "huvudmannatyp",
    "huvudman_id",
    "kommunkod",
    "elever",
    *KOMPONENTER,
    "modellvarde",
    "norm",
    "varav_lokalkostnad",
)

# norm_huvudman.csv: elevviktade medelvärden per huvudman och stadium.
HUVUDMAN_KOLUMNER: tuple[str, ...] = (
    "huvudman_id",
    "huvudman_namn",
    "huvudmannatyp",
    "stadium",
    "elever",
    *KOMPONENTER,
    "modellvarde",
    "norm",
    "varav_lokalkostnad",
)


@dataclass(frozen=True)
class NormResultat:
    """En beräknad norm.

    - ``enheter``: en rad per deltagande skolenhet och stadium med ``ENHET_KOLUMNER`` och
      dessutom ``namn``, ``kommungrupp``, ``socioekonomiskt_index`` (det index som användes).
      Rader med 0 elever i ett stadium finns inte.
    - ``huvudman``: en rad per huvudman och stadium med ``HUVUDMAN_KOLUMNER`` (kommunala
      huvudmän har ``huvudman_id`` = kommunkod).
    - ``kommuner``: en rad per kommun med kommunens underlag och index:
      ``kommunkod, kommunnamn, kommungrupp, normgrundande_belopp, loneindex, lokalkostnadsindex,
      gleshetsindex``.
    - ``sammanfattning``: varje nationell storhet i docs/regler/norm.md#utdata (se ``norm.stegen``),
      JSON-serialiserbar.
    """

    variant: str
    normar: int
    kostnadsar: int
    elevar: str  # t.ex. "kalenderår 2025 (½·2024/25 + ½·2025/26)" eller "läsår 2025/26"
    niva: float
    enheter: pl.DataFrame
    huvudman: pl.DataFrame
    kommuner: pl.DataFrame
    sammanfattning: dict[str, Any]

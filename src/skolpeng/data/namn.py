"""Namn ur datasetets kontrakt som kommandoradens hjälp visar, utan att läsarna (och polars)
behöver laddas: de officiella exporttyperna som ``skolpeng importera`` läser
(``data.officiella``) och kostnadsslagen i SOU 2025:72 tabell 10.2 (``data.kostnadspanel``).
"""

from __future__ import annotations

IMPORTTYPER: tuple[str, ...] = (
    "elever-skolniva",
    "elever-kommun",
    "kostnader-kommun",
    "slutbetyg",
    "skolenhetsregister",
    "scb-pxweb",
)

#: Kostnadsslagen i SOU 2025:72 tabell 10.2 (kolumnerna i kostnadspanelen).
KOSTNADSSLAG_TABELL_10_2 = (
    "undervisning_elevhalsa_ovrigt_kr",
    "lokaler_kr",
    "larverktyg_maltider_kr",
)

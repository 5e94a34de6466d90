"""Utbudsansvarets parametrar bundna en gång: tabell 10.3:s riksgenomsnittliga tal,
utredningens elasticitet och förslagets avdragssats (SOU 2025:72 avsnitt 10.3–10.4).

In: ett ``Parameterlage``. Ut: frysta poster och tal som kommandoraden använder i stället för
att läsa parametrarna med namn.
"""

from __future__ import annotations

from dataclasses import dataclass

from skolpeng.parametrar import Parameterlage
from skolpeng.uppfoljning.utbudsansvar_analys import AVDRAGSSATS_PARAMETER

ELASTICITET_MODELL_3 = "utbudsansvar.overkapacitet.elasticitet_modell_3"


@dataclass(frozen=True)
class Tabell103:
    """Standardvärdena i tabell 10.3: D (beredskap + demografisk överkapacitet), B och C
    (elever i kommunal och fristående skola av 100) och F (kostnad per plats)."""

    overkapacitet: float
    kommunal_skola_elever: float
    enskild_skola_elever: float
    kostnad_per_plats_kr: float

    @classmethod
    def fran_lage(cls, lage: Parameterlage) -> Tabell103:
        """Binder talen ur ``utbudsansvar.overkapacitet.*``."""
        return cls(
            overkapacitet=lage.tal("utbudsansvar.overkapacitet.beredskap_andel")
            + lage.tal("utbudsansvar.overkapacitet.demografisk_overkapacitet_andel"),
            kommunal_skola_elever=lage.tal("utbudsansvar.overkapacitet.kommunal_skola_elever"),
            enskild_skola_elever=lage.tal("utbudsansvar.overkapacitet.enskild_skola_elever"),
            kostnad_per_plats_kr=lage.tal("utbudsansvar.overkapacitet.kostnad_per_plats_kr"),
        )


def utbudsansvarets_parametrar_galler(lage: Parameterlage) -> bool:
    """Sant om utbudsansvarets parametrar gäller vid lägets datum (de första är daterade
    2025-06-01)."""
    return "utbudsansvar.overkapacitet.beredskap_andel" in lage.varden


def forslagets_avdragssats(lage: Parameterlage) -> tuple[float, str]:
    """Avdragssatsen för utbudsansvaret i bidraget och dess källa, vid lägets datum."""
    return lage.tal(AVDRAGSSATS_PARAMETER), lage.kalla(AVDRAGSSATS_PARAMETER)


def elasticitet_enligt_sou(lage: Parameterlage) -> dict[str, float] | None:
    """Utredningens elasticitet per kostnadsslag (tabell 10.2, modell 3), eller None om
    parametern inte gäller vid lägets datum."""
    if ELASTICITET_MODELL_3 not in lage.varden:
        return None
    return lage.mappning(ELASTICITET_MODELL_3)

"""Den enda vägen fram till normens beräkning: parametrar -> lokalindexets år -> kontroll av
underlaget -> normen.

In: ett inläst ``Underlag``, normåret N, varianten och valfritt ett scenario (en fil med
ändrade parametrar) eller ett redan löst ``Parameterlage``. Ut: ``Normforberedelse``
(parameterläget och problemen med underlaget för normen) respektive ``NormResultat``.
Kommandona ``skolpeng norm`` och ``skolpeng simulera``, webbens norm och fördelningens
jämförelse med normen går alla hit, så att samma underlag ger samma problem och samma norm
överallt. Bara normens parametrar behövs: bidragens parametrar kontrolleras inte här.
Saknas en parameter för året kastas ``KeyError`` (anroparen säger det på svenska).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from skolpeng.data.schema import Underlag
from skolpeng.data.validering_norm import validera_for_norm
from skolpeng.fel import IndataFel, Problem
from skolpeng.norm.resultat import NormResultat
from skolpeng.norm.stegen import berakna_norm
from skolpeng.parametrar import Parameterlage, load_parameters


@dataclass(frozen=True)
class Normforberedelse:
    """Parameterläget den 1 januari normåret och problemen med underlaget för normen (tom:
    normen kan beräknas)."""

    lage: Parameterlage
    problem: tuple[Problem, ...]


def forbered_norm(
    underlag: Underlag,
    normar: int,
    variant: str,
    *,
    scenario: Path | None = None,
    lage: Parameterlage | None = None,
) -> Normforberedelse:
    """Parametrarna den 1 januari normåret (med scenariot, om ``lage`` inte redan är givet),
    lokalindexets antal år och kostnadsåret ur dem, och underlagets kontroll för normen
    (``data.validera_for_norm``): alla problem på en gång."""
    if lage is None:
        lage = load_parameters(dt.date(normar, 1, 1), scenario)
    problem = validera_for_norm(
        underlag,
        normar,
        variant,
        int(lage.tal("norm.strukturtillagg.lokalindex_antal_ar")),
        int(lage.tal("norm.ar.kostnadsar_fore_normar")),
    )
    return Normforberedelse(lage, tuple(problem))


def berakna_norm_for(
    underlag: Underlag,
    normar: int,
    variant: str,
    *,
    scenario: Path | None = None,
    lage: Parameterlage | None = None,
    elevar: int | None = None,
) -> NormResultat:
    """``forbered_norm`` och sedan normen (``norm.berakna_norm``); problem med underlaget ->
    ``IndataFel`` med alla problem, innan något beräknas."""
    f = forbered_norm(underlag, normar, variant, scenario=scenario, lage=lage)
    if f.problem:
        raise IndataFel(list(f.problem))
    return berakna_norm(underlag, f.lage, normar, variant, elevar)

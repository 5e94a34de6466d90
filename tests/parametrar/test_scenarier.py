"""Varje scenario under ``parametrar/scenarier/`` ger de tal det säger (``forvantat``).

Ett generiskt test: normen räknas för den lilla handräknade nationen
(``tests/exempel/norm/liten_nation.yaml``) i varje variant med och utan scenariot, och varje
förväntad storhet jämförs med sin tolerans. Storheterna:

- ``kvot.X``: den nationella storheten X ur normens sammanfattning med scenariot delat med X
  utan (t.ex. ``kvot.socioekonomiskt_total``);
- ``X / Y``: X delat med Y, båda med scenariot (t.ex. ``socioekonomiskt_total / aterstaende``);
- ``X``: storheten X med scenariot.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from skolpeng.norm import NormResultat, berakna_norm
from skolpeng.norm.resultat import VARIANTER
from skolpeng.parametrar import PARAMETERKATALOG, las_scenario, load_parameters
from tests.norm.hjalp import las_exempel, parametrar, underlag_fran_exempel

SCENARIER = sorted((PARAMETERKATALOG.parent / "scenarier").glob("*.yaml"))
NATION = las_exempel("liten_nation.yaml")


@cache
def _norm(variant: str, scenario: Path | None) -> NormResultat:
    lage = parametrar() if scenario is None else load_parameters(parametrar().datum, scenario)
    return berakna_norm(underlag_fran_exempel(NATION), lage, NATION["normar"], variant)


def storhet(namn: str, variant: str, scenario: Path) -> float:
    """Storheten ``namn`` (se modulens beskrivning) för scenariot i varianten."""
    med = _norm(variant, scenario).sammanfattning
    if namn.startswith("kvot."):
        nyckel = namn.removeprefix("kvot.")
        return float(med[nyckel]) / float(_norm(variant, None).sammanfattning[nyckel])
    if " / " in namn:
        taljare, namnare = namn.split(" / ")
        return float(med[taljare]) / float(med[namnare])
    return float(med[namn])


def test_det_finns_scenarier_med_forvantat_utfall() -> None:
    assert SCENARIER
    assert all(las_scenario(f).forvantat for f in SCENARIER)


@pytest.mark.parametrize("variant", VARIANTER)
@pytest.mark.parametrize("fil", SCENARIER, ids=lambda f: f.stem)
def test_scenariot_ger_sitt_forvantade_utfall(fil: Path, variant: str) -> None:
    scenario = las_scenario(fil)
    avvikelser = [
        (f.storhet, f.varde, v)
        for f in scenario.forvantat
        if abs((v := storhet(f.storhet, variant, fil)) - f.varde) > f.tolerans
    ]
    assert avvikelser == []


def test_testet_kan_falla() -> None:
    """Samma storhet med ett felaktigt förväntat värde ger en avvikelse."""
    fil = SCENARIER[0]
    assert abs(storhet("kvot.socioekonomiskt_total", "bindande", fil) - 1.0) > 0.1

"""Daterade, källhänvisade policyparametrar som data.

In: YAML-filer under ``parametrar/data`` (en fil per ämne, en post per parameter med
beskrivning, enhet och daterade värden med källa) och valfritt ett scenario (YAML) som
skriver över enskilda värden. Ut: ``Parameterlage`` – alla värden lösta för ett datum.
Okända nycklar i parameter- och scenariofiler avvisas.
"""

from skolpeng.parametrar.laddning import (
    PARAMETERKATALOG,
    Parameter,
    Parameterlage,
    ParameterVarde,
    Scenario,
    las_parametrar,
    las_scenario,
    load_parameters,
)

__all__ = [
    "PARAMETERKATALOG",
    "Parameter",
    "ParameterVarde",
    "Parameterlage",
    "Scenario",
    "las_parametrar",
    "las_scenario",
    "load_parameters",
]

"""Hjälp för normtesterna: bygger ett ``Underlag`` ur tabeller som listor av rader.

In: {tabellnamn: [rad-dict, ...]}. Ut: ``Underlag`` med datasetets kolumntyper (schema.py),
så att testerna inte beror på något filformat.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import polars as pl

from skolpeng.data.schema import POLARS_TYP, TABELLER, Underlag
from skolpeng.parametrar import Parameterlage, load_parameters
from tests.exempel import lasning as exempel


def tabell(namn: str, rader: list[dict[str, Any]]) -> pl.DataFrame:
    """En tabell med schemats kolumner och typer (saknade valfria kolumner blir null)."""
    schema = {k.namn: POLARS_TYP[k.typ] for k in TABELLER[namn].kolumner}
    data = {k: [r.get(k) for r in rader] for k in schema}
    return pl.DataFrame(data, schema=schema)


def underlag_fran_tabeller(tabeller: dict[str, list[dict[str, Any]]]) -> Underlag:
    """Ett ``Underlag`` med de obligatoriska tabellerna ur ``tabeller``."""
    return Underlag(
        **{
            namn: tabell(namn, tabeller.get(namn, []))
            for namn, t in TABELLER.items()
            if t.obligatorisk
        },
        namn="test",
    )


@cache
def parametrar(datum: dt.date = dt.date(2024, 1, 1)) -> Parameterlage:
    """Projektets parameterläge vid datum (cachat: filerna läses en gång per testkörning)."""
    return load_parameters(datum)


def las_exempel(namn: str) -> dict[str, Any]:
    """Ett exempel som data ur ``tests/exempel/norm/<namn>`` (``tests.exempel.lasning``)."""
    return exempel.las_exempel("norm", namn)


def underlag_fran_exempel(data: dict[str, Any]) -> Underlag:
    """Bygger ett ``Underlag`` ur en exempelnation där ``elever``-raderna har
    ``antal: {årskurs: antal}``."""
    elever = [
        {**{k: v for k, v in rad.items() if k != "antal"}, "arskurs": str(ak), "antal": int(n)}
        for rad in data["elever"]
        for ak, n in rad["antal"].items()
    ]
    return underlag_fran_tabeller({**data, "elever": elever})

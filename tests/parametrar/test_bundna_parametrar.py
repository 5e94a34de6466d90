"""Lint: kommandoraden, webben och rapporterna läser inga parametervärden med namn
(``lage.tal("…")``, ``lage.mappning(…)``) utan de bundna parameterposterna i regelpaketen
(``NormParametrar``, ``Arsparametrar``, ``Bidragsparametrar``, ``Tabell103`` …)."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "skolpeng"
LAS_MED_NAMN = re.compile(r"\.(tal|mappning)\(")


def test_inga_parametrar_med_namn_utanfor_regelpaketen() -> None:
    traffar = [
        f"{fil.relative_to(SRC)}:{nr}: {rad.strip()}"
        for paket in ("cli", "web", "rapporter")
        for fil in sorted((SRC / paket).rglob("*.py"))
        for nr, rad in enumerate(fil.read_text(encoding="utf-8").splitlines(), start=1)
        if LAS_MED_NAMN.search(rad)
    ]
    assert traffar == []


def test_monstret_hittar_en_lasning_med_namn() -> None:
    assert LAS_MED_NAMN.search('kostnadsar = ar - int(lage.tal("norm.ar.kostnadsar_fore_normar"))')
    assert LAS_MED_NAMN.search("sou = p.mappning(namn)")

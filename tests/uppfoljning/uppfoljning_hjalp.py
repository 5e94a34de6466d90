"""Hjälp för uppföljningstesterna: syntetiska data med planterade svar (cachade) och små
handbyggda tabeller.

In: en ``UppfoljningsForm``. Ut: ``SyntetiskUppfoljning`` och ramar med ``ar``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl

from skolpeng.syntetisk.uppfoljning import (
    SyntetiskUppfoljning,
    UppfoljningsForm,
    generera_uppfoljning,
)
from skolpeng.uppfoljning.indata import med_ar


@cache
def syntetisk(
    gap: float = 0.0, underkompenserad: bool = True, seed: int = 0, volatila: int = 2
) -> SyntetiskUppfoljning:
    """Syntetiska uppföljningsdata (samma argument ger samma objekt)."""
    return generera_uppfoljning(
        UppfoljningsForm(
            seed=seed,
            gapforandring_per_ar=gap,
            underkompenserad=underkompenserad,
            volatila=volatila,
        )
    )


def med_ar_slut(ram: pl.DataFrame) -> pl.DataFrame:
    """Ramen med budgetåret enligt regeln ``slut`` (läsåret 2023/24 -> 2024)."""
    return med_ar(ram, "slut")


def skriv_katalog(data: SyntetiskUppfoljning, katalog: Path) -> Path:
    """Skriver de syntetiska tabellerna som CSV i katalogen. Ut: katalogen."""
    katalog.mkdir(parents=True, exist_ok=True)
    for namn, ram in data.tabeller().items():
        ram.write_csv(katalog / f"{namn}.csv")
    return katalog

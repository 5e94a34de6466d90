"""Gemensamt för JSON-API:t: beslut med behörighetskontroll och ramar som JSON-rader
(datasets, modeller och scenarier hämtas med ``web.behoriga_objekt``).

In: databassessionen, den inloggade användaren och objektets id. Ut: objektet, eller 404
(``neka_om``) när det inte finns eller användaren inte får se det: att det finns avslöjas inte.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from fastapi import HTTPException
from sqlalchemy.orm import Session

from skolpeng.api import Anvandare, Beslut
from skolpeng.web.behorighet import ar_admin, far_hantera_kommun
from skolpeng.web.beroenden import neka_om


def beslutets_huvudman(beslut: Beslut) -> set[str]:
    """Huvudmännen (organisationsnummer) som har bidrag i beslutets ``bidrag.csv``."""
    for f in beslut.filer:
        if f.filnamn == "bidrag.csv":
            ram = pl.read_csv(f.innehall, schema_overrides={"huvudman_id": pl.String})
            return set(ram.get_column("huvudman_id").drop_nulls().to_list())
    return set()


def far_se_beslut(anv: Anvandare, beslut: Beslut) -> bool:
    """Handläggare i kommunen och administratören; rektorer i kommunen (för sina enheters
    redovisningar); enskilda huvudmän med bidrag i beslutet."""
    if far_hantera_kommun(anv, beslut.kommunkod):
        return True
    if anv.roll == "rektor":
        return anv.kommunkod == beslut.kommunkod
    if anv.roll == "huvudman":
        return anv.huvudman_id is not None and anv.huvudman_id in beslutets_huvudman(beslut)
    return False


def hamta_beslut(db: Session, anv: Anvandare, beslut_id: int) -> Beslut:
    """Beslutet om användaren får se det (``far_se_beslut``), annars 404."""
    b = db.get(Beslut, beslut_id)
    neka_om(b is None or not far_se_beslut(anv, b))
    assert b is not None
    return b


def krav_kommun(anv: Anvandare, kommunkod: str) -> None:
    """403 när användaren inte får räkna modeller för kommunen (handläggare: bara sin egen)."""
    if not far_hantera_kommun(anv, kommunkod):
        egen = "" if ar_admin(anv) or not anv.kommunkod else f" ({anv.kommunkod})"
        raise HTTPException(
            403, f"Du får bara räkna modeller för din egen kommun{egen}; modellen gäller "
            f"kommunkod {kommunkod}."
        )  # fmt: skip


def rader(
    ram: pl.DataFrame, kolumner: tuple[str, ...] | list[str] | None = None
) -> list[dict[str, Any]]:
    """Ramen (valfritt bara kolumnerna) som en lista med rader (dict)."""
    if kolumner is not None:
        ram = ram.select([k for k in kolumner if k in ram.columns])
    return ram.to_dicts()

"""Förra årets fastställda belopp per skolenhet för tabellerna mot förra året: samma hela
kronor som beslutets sida visar (``lagring.beslut.enhetssummor``).

In: databassessionen och körningen (modellens kommun, år och verksamhet). Ut:
``skolenhetskod, belopp_kr`` ur kommunens senaste beslut för året före, eller None (inget
beslut, eller förra året kommer inte ur ett beslut).
"""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from skolpeng.api import lagrade_beslut as lb


def beslutade_belopp(db: Session, korning: Any) -> pl.DataFrame | None:
    """Förra årets beslutade belopp per skolenhet (hela kronor), eller None."""
    if korning.forra is None:
        return None
    m = korning.modell
    b = lb.senaste_beslut(db, m.kommunkod, m.ar - 1, m.verksamhet)
    rader = lb.enhetssummor(b) if b is not None else []
    if not rader:
        return None
    return pl.DataFrame(
        [
            {"skolenhetskod": str(r["skolenhetskod"]), "belopp_kr": float(r["belopp_kr"] or 0)}
            for r in rader
        ]
    )

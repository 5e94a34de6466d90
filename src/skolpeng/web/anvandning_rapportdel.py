"""Rektorernas redovisningar i kommunens årliga uppföljningsrapport i webben: det senaste året
med inskickade redovisningar blir en del av rapporten (samma tal som handläggarens översikt).

In: en databassession och kommunkoden. Ut: ``Rapportdel`` eller None (inga inskickade
redovisningar). Ingen regellogik.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from skolpeng.api import ar_med_beslut, oversikt
from skolpeng.web.anvandning_avsnitt import avsnitt_for

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from skolpeng.api import Rapportdel


def senaste_ar_med_redovisningar(db: Session, kommunkod: str) -> int | None:
    """Det senaste året med ett fastställt beslut och minst en inskickad redovisning."""
    for ar in sorted(ar_med_beslut(db, kommunkod), reverse=True):
        enheter = oversikt(db, kommunkod, ar).enheter
        if enheter.height and (enheter["status"] == "inskickad").any():
            return ar
    return None


def rapportdel_for(db: Session, kommunkod: str) -> Rapportdel | None:
    """Avsnittet "Hur de riktade medlen använts" för det senaste året med redovisningar."""
    from skolpeng.api import anvandningsdel_ur_avsnitt

    ar = senaste_ar_med_redovisningar(db, kommunkod)
    return None if ar is None else anvandningsdel_ur_avsnitt(avsnitt_for(db, kommunkod, ar))

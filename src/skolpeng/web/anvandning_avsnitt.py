"""Avsnittet om de riktade medlens användning för kommunens årliga uppföljningsrapport, ur
webbens databas.

In: en databassession, kommunkoden och året. Ut: ``Avsnitt`` (rubrik, stycken, tabeller och
diagram) med samma tal som handläggarens översikt. Här, ovanför lagringen och rapporterna,
eftersom lagret under får läsa databasen eller skriva rapporter men inte båda.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from skolpeng.api import anvandning_avsnitt, oversikt

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from skolpeng.api import Avsnitt


def avsnitt_for(db: Session, kommunkod: str, ar: int) -> Avsnitt:
    """Avsnittet "Hur de riktade medlen använts" för kommunens årliga uppföljningsrapport:
    samma tal som handläggarens översikt (``oversikt``)."""
    o = oversikt(db, kommunkod, ar)
    return anvandning_avsnitt(o.sammanstallning, o.enheter, ar)

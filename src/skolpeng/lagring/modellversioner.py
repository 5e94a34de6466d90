"""Modellernas versionshistorik: varje sparad text med vem och när.

In: en session, en ``Modell`` och den nya texten. Ut: om en ny version skapades, historiken
(nyast först). En text som är lika med den nuvarande ger ingen ny version. En modell som
sparades innan historiken fanns har sin nuvarande version som första rad (skapas vid första
sparningen). Att återställa en äldre version sparar dess text som en ny version.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from skolpeng.lagring.tabeller import Modell, nu
from skolpeng.lagring.tabeller_kommun import Modellversion


def _sakra_nuvarande(db: Session, m: Modell) -> None:
    """Den nuvarande versionen finns i historiken (för modeller från före historiken)."""
    finns = db.scalar(select(Modellversion.id).where(
        Modellversion.modell_id == m.id, Modellversion.version == m.version))  # fmt: skip
    if finns is None:
        db.add(Modellversion(modell_id=m.id, version=m.version, text=m.text, andrad=m.andrad,
                             andrad_av=m.andrad_av, kalla=""))  # fmt: skip


def spara_ny_version(db: Session, m: Modell, text: str, av: str, kalla: str) -> bool:
    """Sparar ``text`` som modellens nästa version (ingen commit). False och ingenting
    ändrat om texten är lika med den nuvarande."""
    if text == m.text:
        return False
    _sakra_nuvarande(db, m)
    m.text, m.version, m.andrad, m.andrad_av = text, m.version + 1, nu(), av
    db.add(Modellversion(modell_id=m.id, version=m.version, text=text, andrad=m.andrad,
                         andrad_av=av, kalla=kalla))  # fmt: skip
    return True


def versioner(db: Session, m: Modell) -> list[Modellversion]:
    """Modellens versioner, nyast först (den nuvarande alltid med)."""
    rader = list(db.scalars(select(Modellversion).where(Modellversion.modell_id == m.id)
                            .order_by(Modellversion.version.desc())))  # fmt: skip
    if not rader or rader[0].version != m.version:
        rader.insert(0, Modellversion(modell_id=m.id, version=m.version, text=m.text,
                                      andrad=m.andrad, andrad_av=m.andrad_av, kalla=""))  # fmt: skip
    return rader


def version(db: Session, m: Modell, nummer: int) -> Modellversion | None:
    """En version av modellen, eller None om den inte finns."""
    return next((v for v in versioner(db, m) if v.version == nummer), None)

"""Granskningsloggen: vem gjorde vad och när."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from skolpeng.lagring.tabeller import Logghandelse


def logga(
    db: Session,
    anvandare: str,
    handling: str,
    objekt: str = "",
    detalj: str = "",
    kommunkod: str | None = None,
) -> None:
    """Lägger till en rad i loggen i samma transaktion som handlingen (utan commit), så att
    loggen och handlingen sparas tillsammans eller inte alls."""
    db.add(
        Logghandelse(
            anvandare=anvandare,
            handling=handling,
            objekt=objekt,
            detalj=detalj,
            kommunkod=kommunkod,
        )  # fmt: skip
    )


def las_logg(db: Session, kommunkod: str | None = None, antal: int = 500) -> list[Logghandelse]:
    """De senaste raderna, nyast först; med ``kommunkod`` bara kommunens."""
    fraga = select(Logghandelse).order_by(Logghandelse.id.desc()).limit(antal)
    if kommunkod is not None:
        fraga = fraga.where(Logghandelse.kommunkod == kommunkod)
    return list(db.scalars(fraga))

"""Frysta utbetalningsmånader: en månad som har betalats ut lagras oföränderligt,
som ett beslut, med sina filer (``utbetalningar.csv``, ``fordringar.csv`` och manifestet från
samma beräkning som ``skolpeng utbetalning``). Nästa månad räknas mot den senaste frysta
månaden, så att en rättelse blir en korrigering och aldrig en tyst ändring.

In: en databassession. Ut: ``Utbetalningsmanad``-rader. Migreringen är ``0003``.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from skolpeng.lagring.tabeller import Bas, nu


class Utbetalningsmanad(Bas):
    """En fryst utbetalningsmånad för en kommun: filerna och vilket beslut de räknades på."""

    __tablename__ = "utbetalningsmanad"
    __table_args__ = (UniqueConstraint("kommunkod", "ar", "manad"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kommunkod: Mapped[str] = mapped_column(String(4), index=True)
    ar: Mapped[int] = mapped_column(Integer)
    manad: Mapped[int] = mapped_column(Integer)
    beslut_id: Mapped[int] = mapped_column(ForeignKey("beslut.id"))
    utbetalningar: Mapped[bytes] = mapped_column(LargeBinary)
    fordringar: Mapped[bytes] = mapped_column(LargeBinary)
    manifest: Mapped[str] = mapped_column(Text)
    innehall_sha256: Mapped[str] = mapped_column(String(64))
    skapad: Mapped[dt.datetime] = mapped_column(DateTime, default=nu)
    skapad_av: Mapped[str] = mapped_column(String(100))


def innehallshash(utbetalningar: bytes, fordringar: bytes) -> str:
    """SHA-256 över de två filerna (i den ordningen, med längd före varje)."""
    h = hashlib.sha256()
    for del_ in (utbetalningar, fordringar):
        h.update(len(del_).to_bytes(8, "big"))
        h.update(del_)
    return h.hexdigest()


def frysta_manader(
    db: Session, kommunkod: str | None, ar: int | None = None
) -> list[Utbetalningsmanad]:
    """Kommunens frysta månader (alla kommuners med ``kommunkod`` None), senaste först."""
    fraga = select(Utbetalningsmanad).order_by(
        Utbetalningsmanad.ar.desc(), Utbetalningsmanad.manad.desc()
    )
    if kommunkod is not None:
        fraga = fraga.where(Utbetalningsmanad.kommunkod == kommunkod)
    if ar is not None:
        fraga = fraga.where(Utbetalningsmanad.ar == ar)
    return list(db.scalars(fraga))


def senaste_fore(db: Session, kommunkod: str, ar: int, manad: int) -> Utbetalningsmanad | None:
    """Den senaste frysta månaden före ``manad`` samma år (None om ingen)."""
    return next((m for m in frysta_manader(db, kommunkod, ar) if m.manad < manad), None)

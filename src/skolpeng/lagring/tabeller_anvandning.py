"""Tabellerna för rektorernas redovisning av de riktade medlens användning (migreringen ``0004``): kommunens kategorilista, redovisningarna (en rad per version) och
deras rader per kategori.

En redovisning gäller en skolenhet i en kommun och ett budgetår. Varje version har status
``utkast`` (kan ändras), ``inskickad`` (raderna ändras aldrig) eller ``aterlamnad`` (en
inskickad version som handläggaren lämnat tillbaka med en kommentar; raderna är fortfarande
de inskickade). Rektorn ändrar en återlämnad redovisning i en ny version. Inga uppgifter om
enskilda elever: bara belopp, årsarbetare och korta texter som prövats mot personnummer.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from skolpeng.lagring.tabeller import Bas, nu

STATUSAR: tuple[str, ...] = ("utkast", "inskickad", "aterlamnad")
STATUSTEXT: dict[str, str] = {
    "utkast": "Utkast",
    "inskickad": "Inskickad",
    "aterlamnad": "Återlämnad",
}


class Anvandningskategorier(Bas):
    """Kommunens lista med kategorier: ``kategorier`` är en lista med ``{"namn": str,
    "forvantad": bool}`` i formulärets ordning. Saknas raden gäller standardlistan."""

    __tablename__ = "anvandning_kategorier"
    kommunkod: Mapped[str] = mapped_column(String(4), primary_key=True)
    kategorier: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    andrad: Mapped[dt.datetime] = mapped_column(DateTime, default=nu)
    andrad_av: Mapped[str] = mapped_column(String(100))


class Anvandningsrapport(Bas):
    """En version av en skolenhets redovisning för ett budgetår. ``riktat_kr`` och
    ``underlag`` (lista med ``{"beslut_id", "verksamhet", "pott", "belopp_kr"}``) är de
    riktade medlen ur de fastställda besluten när versionen sparades."""

    __tablename__ = "anvandningsrapport"
    __table_args__ = (UniqueConstraint("kommunkod", "skolenhetskod", "ar", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kommunkod: Mapped[str] = mapped_column(String(4), index=True)
    skolenhetskod: Mapped[str] = mapped_column(String(8), index=True)
    ar: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    kalla: Mapped[str] = mapped_column(String(10), default="webb")
    riktat_kr: Mapped[int] = mapped_column(BigInteger)
    underlag: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    forklaring: Mapped[str] = mapped_column(Text, default="")
    skapad: Mapped[dt.datetime] = mapped_column(DateTime, default=nu)
    skapad_av: Mapped[str] = mapped_column(String(100))
    inskickad: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    inskickad_av: Mapped[str | None] = mapped_column(String(100), nullable=True)
    aterlamnad: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    aterlamnad_av: Mapped[str | None] = mapped_column(String(100), nullable=True)
    kommentar: Mapped[str] = mapped_column(Text, default="")
    rader: Mapped[list[Anvandningsrad]] = relationship(
        back_populates="rapport", cascade="all, delete-orphan", order_by="Anvandningsrad.ordning"
    )


class Anvandningsrad(Bas):
    """En kategori i en version: belopp i kr och/eller årsarbetare och en kort text."""

    __tablename__ = "anvandningsrad"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rapport_id: Mapped[int] = mapped_column(
        ForeignKey("anvandningsrapport.id", ondelete="CASCADE"), index=True
    )
    ordning: Mapped[int] = mapped_column(Integer)
    kategori: Mapped[str] = mapped_column(String(200))
    belopp_kr: Mapped[float | None] = mapped_column(Float, nullable=True)
    arsarbetare: Mapped[float | None] = mapped_column(Float, nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")
    rapport: Mapped[Anvandningsrapport] = relationship(back_populates="rader")

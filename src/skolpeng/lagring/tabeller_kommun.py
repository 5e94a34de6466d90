"""Tabellerna för kommunens inställningar och modellernas versionshistorik (migreringen ``0005``).

- ``kommuninstallning``: per kommun den ansvariga nämnden, dess postadress och texten om hur
  man överklagar, som beslut om bidrag som webben fastställer använder;
- ``modellversion``: varje sparad version av en modells text med vem och när, så att
  versionerna kan jämföras och en äldre version återställas (som en ny version).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from skolpeng.lagring.tabeller import Bas, nu


class Kommuninstallning(Bas):
    """En kommuns inställningar för besluten: ``namnd`` (den ansvariga nämnden),
    ``postadress`` (flera rader) och ``overklagande`` (texten om överklagande i beslut om
    bidrag; tom = programmets standardtext med nämnden och adressen)."""

    __tablename__ = "kommuninstallning"
    kommunkod: Mapped[str] = mapped_column(String(4), primary_key=True)
    namnd: Mapped[str] = mapped_column(String(200))
    postadress: Mapped[str] = mapped_column(Text)
    overklagande: Mapped[str] = mapped_column(Text)
    andrad: Mapped[dt.datetime] = mapped_column(DateTime, default=nu)
    andrad_av: Mapped[str] = mapped_column(String(100))


class Modellversion(Bas):
    """En sparad version av en modells text: ``version`` som modellens löpnummer, ``andrad``
    och ``andrad_av`` (vem och när), ``kalla`` (formuläret, texten, återställning …)."""

    __tablename__ = "modellversion"
    __table_args__ = (UniqueConstraint("modell_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    modell_id: Mapped[int] = mapped_column(ForeignKey("modell.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    andrad: Mapped[dt.datetime] = mapped_column(DateTime, default=nu)
    andrad_av: Mapped[str] = mapped_column(String(100))
    kalla: Mapped[str] = mapped_column(String(100), default="")

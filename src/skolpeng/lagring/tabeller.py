"""Databasens tabeller (SQLAlchemy 2): användare, inloggningar, dataset, modeller, scenarier,
beslut och granskningsloggen.

Inga tabeller för elevdata: webbapplikationen tar bara emot aggregerade tabeller (docs/regler/dataformat.md),
aldrig uppgifter på individnivå. Filinnehåll (dataset, beslut) lagras som bytes i databasen så
att ingen sökväg från användaren når filsystemet. Ändras en tabell här ska en ny Alembic-
migrering läggas till i ``migrationer/versions``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from skolpeng.textrensning import utan_styrtecken

#: Rollerna (docs/webb.md, Roller): administratör, handläggare (kommunens tjänsteperson), rektor, huvudman.
ROLLER: tuple[str, ...] = ("administrator", "handlaggare", "rektor", "huvudman")

ROLLNAMN: dict[str, str] = {
    "administrator": "Administratör",
    "handlaggare": "Handläggare",
    "rektor": "Rektor",
    "huvudman": "Enskild huvudman",
}


def nu() -> dt.datetime:
    """Tidpunkten nu i UTC utan tidszon (samma i SQLite och PostgreSQL)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class _RenaNamn:
    """Namn och fritext sparas utan styrtecken (``textrensning.utan_styrtecken``), vilken väg
    de än kommer in (formulär, API, import)."""

    @validates("namn", "beskrivning", "aterkallat_orsak")
    def _rensa(self, nyckel: str, varde: str | None) -> str | None:
        return None if varde is None else utan_styrtecken(varde, nyckel != "namn")


class Bas(DeclarativeBase):
    """Basklassen för tabellerna."""


class Anvandare(_RenaNamn, Bas):
    """En användare. ``kommunkod`` för handläggare och rektorer, ``skolenheter`` (lista med
    skolenhetskoder) för rektorer, ``huvudman_id`` (organisationsnummer som i bidragen) för
    enskilda huvudmän."""

    __tablename__ = "anvandare"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    anvandarnamn: Mapped[str] = mapped_column(String(100), unique=True)
    namn: Mapped[str] = mapped_column(String(200))
    losenord_hash: Mapped[str] = mapped_column(String(255))
    roll: Mapped[str] = mapped_column(String(20))
    kommunkod: Mapped[str | None] = mapped_column(String(4), nullable=True)
    skolenheter: Mapped[list[str]] = mapped_column(JSON, default=list)
    huvudman_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    aktiv: Mapped[bool] = mapped_column(Boolean, default=True)
    skapad: Mapped[dt.datetime] = mapped_column(DateTime, default=nu)


class Inloggning(Bas):
    """En inloggad session: sha256 av kakans slumpade värde (värdet självt lagras aldrig),
    CSRF-token och giltighetstid."""

    __tablename__ = "inloggning"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    anvandare_id: Mapped[int] = mapped_column(ForeignKey("anvandare.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    skapad: Mapped[dt.datetime] = mapped_column(DateTime, default=nu)
    giltig_till: Mapped[dt.datetime] = mapped_column(DateTime)
    anvandare: Mapped[Anvandare] = relationship(lazy="joined")


class Inloggningsforsok(Bas):
    """Ett misslyckat inloggningsförsök (för begränsningen av försök per namn och adress)."""

    __tablename__ = "inloggningsforsok"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    anvandarnamn: Mapped[str] = mapped_column(String(100), index=True)
    adress: Mapped[str] = mapped_column(String(64), index=True)
    tid: Mapped[dt.datetime] = mapped_column(DateTime, default=nu, index=True)


class Dataset(_RenaNamn, Bas):
    """En version av ett dataset (tabellerna i docs/regler/dataformat.md). Versioner ändras aldrig; en ny
    uppladdning med samma namn blir nästa version. ``kommunkod`` None = gemensamt (alla
    handläggare ser det), annars kommunens."""

    __tablename__ = "dataset"
    __table_args__ = (
        UniqueConstraint("kommunkod", "namn", "version", name="uq_dataset_kommun_namn_version"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    namn: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    kommunkod: Mapped[str | None] = mapped_column(String(4), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64))
    beskrivning: Mapped[str] = mapped_column(Text, default="")
    skapad: Mapped[dt.datetime] = mapped_column(DateTime, default=nu)
    skapad_av: Mapped[str] = mapped_column(String(100))
    filer: Mapped[list[Datasetfil]] = relationship(
        back_populates="dataset", cascade="all, delete-orphan", order_by="Datasetfil.filnamn"
    )


class Datasetfil(Bas):
    """En tabellfil i en datasetversion, med filnamnet som docs/regler/dataformat.md ger tabellen."""

    __tablename__ = "datasetfil"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("dataset.id", ondelete="CASCADE"))
    filnamn: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    innehall: Mapped[bytes] = mapped_column(LargeBinary)
    dataset: Mapped[Dataset] = relationship(back_populates="filer")


class Modell(_RenaNamn, Bas):
    """En kommuns fördelningsmodell: modellfilens text (YAML) är den enda sanningen; formulären
    ändrar texten och varje sparning ökar ``version``."""

    __tablename__ = "modell"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    namn: Mapped[str] = mapped_column(String(200))
    kommunkod: Mapped[str] = mapped_column(String(4), index=True)
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("dataset.id"))
    skapad: Mapped[dt.datetime] = mapped_column(DateTime, default=nu)
    andrad: Mapped[dt.datetime] = mapped_column(DateTime, default=nu)
    andrad_av: Mapped[str] = mapped_column(String(100))
    dataset: Mapped[Dataset] = relationship()


class Scenario(_RenaNamn, Bas):
    """Ett scenario: en variant av en modell (hela modellfilens text) på modellens dataset."""

    __tablename__ = "scenario"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    modell_id: Mapped[int] = mapped_column(ForeignKey("modell.id", ondelete="CASCADE"))
    namn: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    skapad: Mapped[dt.datetime] = mapped_column(DateTime, default=nu)
    andrad_av: Mapped[str] = mapped_column(String(100))
    modell: Mapped[Modell] = relationship()


class Beslut(_RenaNamn, Bas):
    """Årets fastställda fördelning: oföränderlig. ``innehall_sha256`` är SHA-256 över
    filernas namn och hashar (``lagring.beslut.innehallshash``); filerna är utdatan från samma
    beräkning som ``skolpeng fordela`` (utan PDF; PDF skapas vid nedladdning ur de lagrade
    HTML-filerna)."""

    __tablename__ = "beslut"
    __table_args__ = (UniqueConstraint("kommunkod", "ar", "verksamhet", "lopnummer"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kommunkod: Mapped[str] = mapped_column(String(4), index=True)
    ar: Mapped[int] = mapped_column(Integer)
    verksamhet: Mapped[str] = mapped_column(String(20))
    lopnummer: Mapped[int] = mapped_column(Integer, default=1)
    namn: Mapped[str] = mapped_column(String(200))
    modell_id: Mapped[int | None] = mapped_column(ForeignKey("modell.id"), nullable=True)
    scenario_id: Mapped[int | None] = mapped_column(ForeignKey("scenario.id"), nullable=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("dataset.id"))
    modelltext: Mapped[str] = mapped_column(Text)
    manifest: Mapped[str] = mapped_column(Text)
    innehall_sha256: Mapped[str] = mapped_column(String(64))
    skapad: Mapped[dt.datetime] = mapped_column(DateTime, default=nu)
    skapad_av: Mapped[str] = mapped_column(String(100))
    #: ``gallande`` eller ``aterkallat`` (ett felaktigt beslut dras tillbaka av en
    #: administratör: det sparas och visas som återkallat, och används inte som förra året).
    status: Mapped[str] = mapped_column(String(20), default="gallande", server_default="gallande")
    aterkallat: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    aterkallat_av: Mapped[str | None] = mapped_column(String(100), nullable=True)
    aterkallat_orsak: Mapped[str | None] = mapped_column(Text, nullable=True)
    filer: Mapped[list[Beslutsfil]] = relationship(
        back_populates="beslut", cascade="all, delete-orphan", order_by="Beslutsfil.filnamn"
    )


class Beslutsfil(Bas):
    """En fil i ett beslut (relativ sökväg som i utkatalogen från ``skolpeng fordela``)."""

    __tablename__ = "beslutsfil"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    beslut_id: Mapped[int] = mapped_column(ForeignKey("beslut.id", ondelete="CASCADE"))
    filnamn: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    innehall: Mapped[bytes] = mapped_column(LargeBinary)
    beslut: Mapped[Beslut] = relationship(back_populates="filer")


class Logghandelse(Bas):
    """En rad i granskningsloggen: vem gjorde vad, när, med vilket objekt."""

    __tablename__ = "granskningslogg"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tid: Mapped[dt.datetime] = mapped_column(DateTime, default=nu, index=True)
    anvandare: Mapped[str] = mapped_column(String(100))
    handling: Mapped[str] = mapped_column(String(100))
    objekt: Mapped[str] = mapped_column(String(200), default="")
    detalj: Mapped[str] = mapped_column(Text, default="")
    kommunkod: Mapped[str | None] = mapped_column(String(4), nullable=True)


# Redovisningen av de riktade medlens användning i en egen modul; importen gör att
# tabellerna finns i ``Bas.metadata`` (migreringarnas jämförelse) var tabellerna än används.
from skolpeng.lagring import tabeller_anvandning as _tabeller_anvandning  # noqa: E402, F401

# Kommunens inställningar och modellernas versioner (migreringen 0005).
from skolpeng.lagring import tabeller_kommun as _tabeller_kommun  # noqa: E402, F401

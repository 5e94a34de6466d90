"""Databasen: motor, sessioner och migreringar (Alembic) för SQLite och PostgreSQL.

In: en databas-URL (``sqlite:///sökväg.db`` som standard, ``postgresql+psycopg://...``).
Ut: en motor och en sessionsfabrik; ``migrera`` för schemat till senaste versionen med
Alembic (samma migreringar för båda databaserna).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONER = Path(__file__).parent / "migrationer"


def normalisera_url(url: str) -> str:
    """``postgresql://`` och ``postgres://`` får drivrutinen psycopg (version 3)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def skapa_motor(url: str) -> Engine:
    """En motor för URL:en. SQLite: främmande nycklar på, WAL-journal (läsare stör inte en
    skrivare) och väntan i stället för fel när en annan skrivare håller låset."""
    url = normalisera_url(url)
    if url.startswith("sqlite"):
        motor = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(motor, "connect")
        def _pragma(dbapi_conn, _rec) -> None:  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.close()

        return motor
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def sessionsfabrik(motor: Engine) -> sessionmaker[Session]:
    """Sessioner som inte löper ut objekten vid commit (sidorna läser dem efteråt)."""
    return sessionmaker(motor, expire_on_commit=False)


def migrera(motor: Engine) -> None:
    """Uppgraderar databasen till den senaste migreringen (``alembic upgrade head``). SQLite:
    främmande nycklar är av under migreringen (en tabell som byggs om skulle annars ta bort
    raderna som pekar på den) och prövas efteråt."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONER))
    sqlite = motor.dialect.name == "sqlite"
    with motor.connect() as conn:
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        if sqlite:
            fel = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()
            if fel:
                raise RuntimeError(
                    f"migreringen lämnade främmande nycklar som inte stämmer: {fel[:5]}"
                )

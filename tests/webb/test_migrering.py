"""Alembic-migreringarna motsvarar tabellerna exakt, i SQLite och PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from skolpeng.lagring.databas import migrera, skapa_motor
from skolpeng.lagring.tabeller import Bas


def _skillnader(url: str) -> list[object]:
    motor = skapa_motor(url)
    migrera(motor)
    with motor.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), Bas.metadata))


def test_migreringen_ger_tabellerna_sqlite(tmp_path: Path) -> None:
    assert _skillnader(f"sqlite:///{tmp_path / 'm.db'}") == []


def test_migreringen_ger_tabellerna_postgresql(postgres_url: str) -> None:
    assert _skillnader(postgres_url) == []


def test_migrering_tva_ganger_ar_ofarlig(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrera(skapa_motor(url))
    assert _skillnader(url) == []

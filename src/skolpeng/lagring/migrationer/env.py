"""Alembics miljö: körs med en anslutning från ``lagring.databas.migrera`` (eller en URL i
``sqlalchemy.url`` när kommandot alembic används direkt)."""

from alembic import context
from sqlalchemy import create_engine

from skolpeng.lagring.tabeller import Bas

config = context.config
anslutning = config.attributes.get("connection")


def _kor(conn) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=conn, target_metadata=Bas.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if anslutning is not None:
    _kor(anslutning)
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).begin() as conn:
        _kor(conn)

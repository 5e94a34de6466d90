"""Fixturer för webbtesterna: en app på en tillfällig SQLite-databas (per modul, eftersom
importen av ``sverige`` tar en halv sekund) och PostgreSQL-URL:en när den finns.

PostgreSQL: ``.ci/run`` installerar och startar servern och sätter ``SKOLPENG_TEST_POSTGRES``.
Saknas den i CI (miljövariabeln ``CI``) är det ett fel, inte en överhoppning."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from tests.webb.hjalp import skapa_testapp


@pytest.fixture(scope="module")
def webbapp(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """Appen på en ny SQLite-databas med användarna i ``hjalp.ANVANDARE``."""
    katalog = tmp_path_factory.mktemp("webb")
    return skapa_testapp(f"sqlite:///{katalog / 'test.db'}")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL till en ny, tom PostgreSQL-databas (tas bort efteråt)."""
    bas = os.environ.get("SKOLPENG_TEST_POSTGRES")
    if not bas:
        if os.environ.get("CI"):
            pytest.fail("SKOLPENG_TEST_POSTGRES saknas i CI: .ci/run ska starta PostgreSQL")
        pytest.skip("PostgreSQL finns inte här (sätt SKOLPENG_TEST_POSTGRES)")
    from sqlalchemy import create_engine, text

    from skolpeng.lagring.databas import normalisera_url

    namn = f"skolpeng_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalisera_url(bas), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{namn}"'))
    url = normalisera_url(bas).rsplit("/", 1)[0] + "/" + namn
    try:
        yield url
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{namn}" WITH (FORCE)'))
        admin.dispose()

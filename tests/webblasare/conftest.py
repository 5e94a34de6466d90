"""Fixturer för webbläsartesterna: en riktig server (uvicorn i en underprocess på 127.0.0.1,
ny SQLite-databas med användarna i ``tests.webb.hjalp.ANVANDARE``) och Debians Chromium via
Playwright. Saknas Chromium i CI (miljövariabeln ``CI``) är det ett fel, inte en överhoppning.

Servern har sänkta gränser för uppladdning (se ``GRANSER``) så att zip-bomben och den för
stora filen kan prövas med små filer; det medföljande datasetet ryms ändå.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.webblasare.hjalp import CHROMIUM, CHROMIUM_FLAGGOR, Server

GRANSER = {
    "SKOLPENG_TEST_MAX_UPPLADDNING": str(12 * 1024 * 1024),
    "SKOLPENG_TEST_MAX_UPPACKAT": str(60 * 1024 * 1024),
    "SKOLPENG_TEST_MAX_GRAD": "100",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Alla tester i den här katalogen får markören ``webblasare``."""
    har = Path(__file__).parent
    for item in items:
        if har in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.webblasare)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Servern (en för hela sessionen)."""
    s = Server(tmp_path_factory.mktemp("webblasare"), miljo=dict(GRANSER)).starta()
    try:
        yield s
    finally:
        s.stoppa()


@pytest.fixture(scope="session")
def webblasare() -> Iterator[object]:
    """Chromium (headless) via Playwright."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} saknas i CI: scripts/testmiljo.sh ska installera chromium")
        pytest.skip(f"{CHROMIUM} finns inte här (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGGOR)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def sida(webblasare: object, server: Server) -> Iterator[object]:
    """En ny sida i ett eget sammanhang (egna kakor) mot servern."""
    ctx = webblasare.new_context(base_url=server.bas, locale="sv-SE")  # type: ignore[attr-defined]
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()
    try:
        yield page
    finally:
        ctx.close()

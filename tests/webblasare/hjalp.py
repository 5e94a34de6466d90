"""Hjälp för webbläsartesterna: starta servern i en underprocess, starta Chromium, logga in
och kontrollera tillgängligheten med axe-core.

``Server`` startar ``uvicorn`` (``tests.webblasare.server:app``) på 127.0.0.1 och en ledig port
med en ny SQLite-databas. ``axe_kontroll(page)`` kör axe-core (från paketet
axe-playwright-python) på sidan och ger överträdelserna med påverkan ``serious`` eller
``critical``; ``besok(page, url)`` går till sidan, kräver status 200 och inga sådana
överträdelser.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import httpx

from tests.webb.hjalp import LOSENORD

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SKOLPENG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGGOR = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ALLVARLIGA = ("serious", "critical")


def ledig_port() -> int:
    """En ledig TCP-port på 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def vanta_pa_server(
    process: subprocess.Popen[bytes], bas: str, vanta_s: float, loggtext: Callable[[], str]
) -> None:
    """Väntar tills serverns inloggningssida svarar 200. ``RuntimeError`` med loggens slut om
    processen avslutas eller inte svarar inom ``vanta_s`` sekunder."""
    slut = time.monotonic() + vanta_s
    while time.monotonic() < slut:
        if process.poll() is not None:
            raise RuntimeError(f"servern avslutades: {loggtext()}")
        try:
            if httpx.get(bas + "/logga-in", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"servern svarade inte inom {vanta_s} s: {loggtext()}")


@dataclass
class Server:
    """En uvicorn-process på 127.0.0.1 med en ny SQLite-databas i ``katalog``."""

    katalog: Path
    miljo: dict[str, str] = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def bas(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def starta(self, vanta_s: float = 90.0) -> Server:
        """Startar servern och väntar tills inloggningssidan svarar (annars ``RuntimeError``)."""
        self.port = ledig_port()
        env = {**os.environ, **self.miljo,
               "SKOLPENG_DATABAS": f"sqlite:///{self.katalog / 'webb.db'}"}  # fmt: skip
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        self.logg = (self.katalog / "server.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "tests.webblasare.server:app",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
             "--no-access-log"],
            cwd=REPO, env=env, stdout=self.logg, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            vanta_pa_server(self.process, self.bas, vanta_s, self.loggtext)
        except RuntimeError:
            self.stoppa()
            raise
        return self

    def loggtext(self) -> str:
        return (self.katalog / "server.log").read_text(errors="replace")[-4000:]

    def stoppa(self) -> None:
        """Avslutar processen (terminate, sedan kill)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if getattr(self, "logg", None):
            self.logg.close()


_AXE_KALLA: str | None = None


def _axe_kalla() -> str:
    global _AXE_KALLA
    if _AXE_KALLA is None:
        _AXE_KALLA = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()
    return _AXE_KALLA


def axe_kontroll(page: Any) -> list[dict[str, Any]]:
    """Kör axe-core på sidan; ut: överträdelserna med påverkan serious eller critical."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_kalla())
    svar = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in svar["violations"] if v.get("impact") in ALLVARLIGA]


def beskriv(overtradelser: list[dict[str, Any]]) -> str:
    """Överträdelserna som läsbar text (regel, påverkan, hjälp och elementen)."""
    rader = []
    for v in overtradelser:
        rader.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for nod in v.get("nodes", [])[:5]:
            rader.append(f"    {nod.get('target')}: {nod.get('failureSummary', '')[:300]}")
    return "\n".join(rader)


def kontrollera_tillganglighet(page: Any) -> None:
    """Inga överträdelser med påverkan serious/critical på sidan som den ser ut nu."""
    fel = axe_kontroll(page)
    assert not fel, f"axe-core på {page.url}:\n{beskriv(fel)}"


def besok(page: Any, url: str, status: int = 200) -> Any:
    """Går till ``url``, kräver svarskoden och kör axe-core. Ut: svaret."""
    svar = page.goto(url)
    assert svar is not None and svar.status == status, (
        f"{url}: {svar.status if svar else None}\n{page.content()[:2000]}"
    )
    kontrollera_tillganglighet(page)
    return svar


def logga_in(page: Any, anvandarnamn: str, losenord: str = LOSENORD) -> None:
    """Loggar in via formuläret (och kontrollerar inloggningssidan med axe-core)."""
    besok(page, "/logga-in")
    page.fill("#anvandarnamn", anvandarnamn)
    page.fill("#losenord", losenord)
    page.click("form.formular button[type=submit]")
    page.wait_for_url(lambda u: "/logga-in" not in u)

"""Kommandoradsgränssnittet ``skolpeng`` (typer). Tunt: argument -> ett API-anrop -> filer.

Varje kommandogrupp bor i en egen modul med en funktion ``registrera(app)``; listan
``KOMMANDON`` nedan är uttrycklig (ingen automatisk upptäckt). ``main`` laddar bara den modul
som kommandot behöver, så att t.ex. ``skolpeng norm`` inte importerar statistik- och
diagrambiblioteken som andra kommandon använder (starttiden är en del av körtiden).
``app`` – hela programmet med alla kommandon – byggs först när någon frågar efter det
(hjälptexten, testerna).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable

import typer

# Kommandonamn -> modulen som registrerar det, i den ordning hjälptexten visar dem.
KOMMANDON: dict[str, str] = {
    "norm": "skolpeng.cli.norm",
    "lokalindex": "skolpeng.cli.lokalindex",
    "simulera": "skolpeng.cli.simulera",
    "kontrollera": "skolpeng.cli.kontrollera",
    "importera": "skolpeng.cli.importera",
    "syntetisk": "skolpeng.cli.syntetisk",
    "index": "skolpeng.cli.index",
    "uppfoljning": "skolpeng.cli.uppfolj",
    "utbudsansvar": "skolpeng.cli.utbudsansvar",
    "fordela": "skolpeng.cli.fordela",
    "utbetalning": "skolpeng.cli.utbetalning",
    "serve": "skolpeng.cli.serve",
    "anvandare": "skolpeng.cli.anvandare",
}

_HJALP = "Beräkningsmotor för skolans resursfördelning (skolpengsnorm, fördelning, uppföljning)."


def bygg_app(kommandon: Iterable[str] | None = None) -> typer.Typer:
    """Bygger programmet med de angivna kommandona (alla när ``kommandon`` är None).

    In: kommandonamn ur ``KOMMANDON``. Ut: en ``typer.Typer`` där kommandona anropas med
    sina namn (``skolpeng norm ...``) även när bara ett är registrerat.
    """
    from skolpeng.cli.svenska import anvand_svenska

    anvand_svenska()
    app = typer.Typer(
        name="skolpeng",
        help=_HJALP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def _grupp() -> None:
        """Beräkningsmotor för skolans resursfördelning."""

    for namn in KOMMANDON if kommandon is None else kommandon:
        importlib.import_module(KOMMANDON[namn]).registrera(app)
    return app


def __getattr__(namn: str) -> typer.Typer:
    if namn == "app":
        app = bygg_app()
        globals()["app"] = app
        return app
    raise AttributeError(namn)


def main() -> None:
    """Ingången för konsolskriptet ``skolpeng``."""
    forsta = sys.argv[1] if len(sys.argv) > 1 else None
    bygg_app([forsta] if forsta in KOMMANDON else None)()

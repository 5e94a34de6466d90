"""Kommandoradsgränssnittet ``skolpeng`` (typer). Tunt: argument -> ett API-anrop -> filer.

Varje kommandogrupp bor i en egen modul med en funktion ``registrera(app)``; listan nedan
är uttrycklig (ingen automatisk upptäckt).
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="skolpeng",
    help="Beräkningsmotor för skolans resursfördelning (skolpengsnorm, fördelning, uppföljning).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """Ingången för konsolskriptet ``skolpeng``."""
    app()


from skolpeng.cli import kontrollera as _kontrollera  # noqa: E402

_kontrollera.registrera(app)

from skolpeng.cli import norm as _norm  # noqa: E402

_norm.registrera(app)

from skolpeng.cli import simulera as _simulera  # noqa: E402

_simulera.registrera(app)

from skolpeng.cli import utbudsansvar as _utbudsansvar  # noqa: E402

_utbudsansvar.registrera(app)

from skolpeng.cli import syntetisk as _syntetisk  # noqa: E402

_syntetisk.registrera(app)

from skolpeng.cli import importera as _importera  # noqa: E402

_importera.registrera(app)

from skolpeng.cli import index as _index  # noqa: E402

_index.registrera(app)

from skolpeng.cli import uppfolj as _uppfolj  # noqa: E402

_uppfolj.registrera(app)

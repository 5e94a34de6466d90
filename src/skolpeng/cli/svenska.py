"""Kommandoradens hjälptexter på svenska: rubrikerna i hjälpen (flaggor, kommandon, argument),
standardvärden, ``Användning:`` med platshållarna och ``--help``s egen text ("Visa den här hjälpen och avsluta").

In: inget. Ut: inget; ``anvand_svenska`` sätter typers texter (rubrikerna är modulvariabler i
``typer.rich_utils``; hjälpflaggans text och ``Usage:`` sätts av den click som typer bygger
på). Anropas en gång när programmet byggs (``cli.bygg_app``).
"""

from __future__ import annotations

from typing import Any

import typer.rich_utils as ru

try:  # typer >= 0.20 har en egen kopia av click
    from typer._click import core, formatting
except ImportError:  # pragma: no cover - äldre typer använder click direkt
    from click import core, formatting  # type: ignore[no-redef]

HJALPTEXT = "Visa den här hjälpen och avsluta."
ANVANDNING = "Användning: "
#: Platshållarna i användningsraden.
PLATSHALLARE = (
    ("COMMAND [ARGS]...", "KOMMANDO [ARGUMENT]..."),
    ("[OPTIONS]", "[FLAGGOR]"),
    ("[ARGS]", "[ARGUMENT]"),
)

RUBRIKER = {
    "OPTIONS_PANEL_TITLE": "Flaggor",
    "COMMANDS_PANEL_TITLE": "Kommandon",
    "ARGUMENTS_PANEL_TITLE": "Argument",
    "ERRORS_PANEL_TITLE": "Fel",
    "ABORTED_TEXT": "Avbrutet.",
    "RICH_HELP": "Se [blue]'{command_path} {help_option}'[/] för hjälp.",
    "DEFAULT_STRING": "[standard: {}]",
    "ENVVAR_STRING": "[miljövariabel: {}]",
    "REQUIRED_LONG_STRING": "[krävs]",
    "DEPRECATED_STRING": "(utgår) ",
}

_gjort = False


def anvand_svenska() -> None:
    """Sätter de svenska texterna (en gång; fler anrop gör inget)."""
    global _gjort
    if _gjort:
        return
    _gjort = True
    for namn, text in RUBRIKER.items():
        setattr(ru, namn, text)

    hjalpflagga = core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        flagga = hjalpflagga(self, ctx)
        if flagga is not None:
            flagga.help = HJALPTEXT
        return flagga

    core.Command.get_help_option = get_help_option  # type: ignore[method-assign]

    skriv_anvandning = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for engelska, svenska in PLATSHALLARE:
            args = args.replace(engelska, svenska)
        skriv_anvandning(self, prog, args, ANVANDNING if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
    if hasattr(ru, "OptionHighlighter"):
        ru.OptionHighlighter.highlights = [
            *ru.OptionHighlighter.highlights,
            r"(?P<usage>Användning: )",
        ]

"""Kommandoradens hjälptexter och felmeddelanden för felaktiga argument på svenska: rubrikerna i
hjälpen (flaggor, kommandon, argument),
standardvärden, ``Användning:`` med platshållarna och ``--help``s egen text ("Visa den här hjälpen och avsluta").

In: inget. Ut: inget; ``anvand_svenska`` sätter typers texter (rubrikerna är modulvariabler i
``typer.rich_utils``; hjälpflaggans text och ``Usage:`` sätts av den click som typer bygger
på). Anropas en gång när programmet byggs (``cli.bygg_app``).
"""

from __future__ import annotations

import re
from typing import Any

import typer.rich_utils as ru

try:  # typer >= 0.20 har en egen kopia av click
    from typer._click import core, exceptions, formatting
except ImportError:  # pragma: no cover - äldre typer använder click direkt
    from click import core, exceptions, formatting  # type: ignore[no-redef]

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

#: Felmeddelandena för felaktiga argument (mönster -> svensk text), i den ordning de prövas.
FELTEXTER: tuple[tuple[str, str], ...] = (
    (r"^Missing option (.*)\.$", r"Flaggan \1 saknas."),
    (r"^Missing argument (.*)\.$", r"Argumentet \1 saknas."),
    (r"^Missing parameter: (.*)$", r"Parametern \1 saknas."),
    (r"^Missing command\.$", "Kommandot saknas."),
    (r"^No such option: (.*)$", r"Okänd flagga: \1"),
    (r"^No such command (.*?)\.", r"Okänt kommando \1."),
    (r"^Got unexpected extra arguments? \((.*)\)$", r"Oväntade extra argument (\1)"),
    (r"^Invalid value for (.*?): ", r"Ogiltigt värde för \1: "),
    (r"^Invalid value: ", "Ogiltigt värde: "),
    (
        r"Value (.*) is not a valid (integer|float|boolean|path|text)\.",
        r"\1 är inte ett giltigt värde (\2).",
    ),
    (r"Input should be a valid integer.*$", "ett heltal väntades"),
    (r"Input should be a valid number.*$", "ett tal väntades"),
    (r"Input should be a valid boolean.*$", "ja eller nej väntades"),
    (r"\(Possible options: (.*)\)", r"(möjliga flaggor: \1)"),
    (r"Did you mean (.*)\?", r"Menade du \1?"),
)

_gjort = False


def pa_svenska(text: str) -> str:
    """Ett felmeddelande från typer/click på svenska (okända meddelanden oförändrade)."""
    for monster, ersattning in FELTEXTER:
        text = re.sub(monster, ersattning, text)
    return text


def _svenska_felmeddelanden() -> None:
    """Varje undantagsklass med eget ``format_message`` får sin text översatt."""
    for klass in vars(exceptions).values():
        if isinstance(klass, type) and "format_message" in vars(klass):
            original = vars(klass)["format_message"]

            def format_message(self: Any, _original: Any = original) -> str:
                return pa_svenska(_original(self))

            klass.format_message = format_message


def anvand_svenska() -> None:
    """Sätter de svenska texterna (en gång; fler anrop gör inget)."""
    global _gjort
    if _gjort:
        return
    _gjort = True
    for namn, text in RUBRIKER.items():
        setattr(ru, namn, text)
    _svenska_felmeddelanden()

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

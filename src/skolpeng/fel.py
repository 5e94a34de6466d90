"""Felklasser för dålig indata: alla problem samlas och rapporteras på en gång, på svenska.

In: problem upptäckta av läsare och validering (även pydantics valideringsfel, som
``pydantic_problem`` översätter till svenska med nyckelns sökväg). Ut: ett undantag som CLI
och webb översätter till ett tydligt meddelande (exitkod 2) utan att något skrivs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """Ett problem i indata: fil, rad (1-baserad som i ett kalkylprogram, rubrikraden = 1),
    kolumn och vad som förväntades."""

    fil: str
    meddelande: str
    rad: int | None = None
    kolumn: str | None = None

    def __str__(self) -> str:
        plats = self.fil
        if self.rad is not None:
            plats += f", rad {self.rad}"
        if self.kolumn is not None:
            plats += f", kolumn {self.kolumn!r}"
        return f"{plats}: {self.meddelande}"


class IndataFel(Exception):
    """Indata är felaktiga. Bär alla problem som hittades, inte bara det första."""

    def __init__(self, problem: list[Problem]):
        self.problem = list(problem)
        super().__init__(self.text())

    def text(self) -> str:
        """Alla problem som en svensk text, ett per rad."""
        rader = [f"Indata innehåller {len(self.problem)} fel:"]
        rader += [f"  - {p}" for p in self.problem]
        return "\n".join(rader)


#: Mönstret för namn i modellfiler: gemener a–z, siffror och understreck, först en bokstav.
ASCII_NAMN = r"^[a-z][a-z0-9_]*$"

_GRANSER: dict[str, tuple[str, str]] = {
    "greater_than": ("gt", "större än"),
    "greater_than_equal": ("ge", "minst"),
    "less_than": ("lt", "mindre än"),
    "less_than_equal": ("le", "högst"),
}
_ENHET = {
    "too_short": "element",
    "too_long": "element",
    "string_too_short": "tecken",
    "string_too_long": "tecken",
}
_TYPER: tuple[tuple[str, str], ...] = (
    ("date", "förväntade ett datum (ÅÅÅÅ-MM-DD)"),
    ("float", "förväntade ett tal"),
    ("int", "förväntade ett heltal"),
    ("bool", "förväntade sant eller falskt (true/false)"),
    ("dict", "förväntade en mappning (nyckel: värde)"),
    ("list", "förväntade en lista"),
    ("string", "förväntade en text"),
)


def _visa(varde: object) -> str:
    text = repr(varde)
    return text if len(text) <= 60 else text[:57] + "…"


def pydantic_text(err: Mapping[str, Any]) -> str:
    """Ett fel ur pydantics ``ValidationError.errors()`` -> vad som är fel, på svenska.

    De vanliga feltyperna (okänd eller saknad nyckel, otillåtet värde, fel typ, gränser,
    för kort lista, mönster) översätts; ett fel från en egen validerare ger dess text utan
    pydantics prefix; övriga ger värdet och pydantics engelska text."""
    typ = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    varde = _visa(err.get("input"))
    if typ == "extra_forbidden":
        return "okänd nyckel"
    if typ == "missing":
        return "obligatorisk nyckel saknas"
    if typ == "literal_error":
        tillatna = str(ctx.get("expected", "")).replace(" or ", " eller ")
        return f"otillåtet värde {varde}, förväntade {tillatna}"
    if typ == "string_pattern_mismatch":
        if ctx.get("pattern") == ASCII_NAMN:
            return "namnet ska vara gemener a–z, siffror och understreck (ASCII)"
        return f"{varde} har inte formen {ctx.get('pattern')}"
    if typ in _GRANSER:
        nyckel, ord_ = _GRANSER[typ]
        grans = ctx.get(nyckel)
        grans = f"{grans:g}" if isinstance(grans, float) else grans
        return f"otillåtet värde {varde}, ska vara {ord_} {grans}"
    if typ in ("too_short", "string_too_short"):
        return f"för kort: minst {ctx.get('min_length')} {_ENHET[typ]} krävs"
    if typ in ("too_long", "string_too_long"):
        return f"för långt: högst {ctx.get('max_length')} {_ENHET[typ]} tillåts"
    for prefix, text in _TYPER:
        if typ.startswith(prefix + "_"):
            return text
    msg = str(err.get("msg", typ))
    if typ in ("value_error", "assertion_error"):
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return f"ogiltigt värde {varde} ({msg})"


def pydantic_problem(
    fil: str,
    fel: ValidationError,
    prefix: Sequence[str | int] = (),
    nyckel_som_kolumn: bool = False,
) -> list[Problem]:
    """Pydantics ``ValidationError`` för filen ``fil`` -> ett ``Problem`` per fel, på svenska.

    Nyckelns sökväg (``prefix`` + felets ``loc``, punktseparerad, ``(filen)`` för hela
    filen) står först i meddelandet (``"a.b: okänd nyckel"``) eller, med
    ``nyckel_som_kolumn``, som problemets kolumn."""
    ut = []
    for err in fel.errors():
        sokvag = ".".join(str(x) for x in (*prefix, *err["loc"]))
        if nyckel_som_kolumn:
            ut.append(Problem(fil, pydantic_text(err), kolumn=sokvag or None))
        else:
            ut.append(Problem(fil, f"{sokvag or '(filen)'}: {pydantic_text(err)}"))
    return ut

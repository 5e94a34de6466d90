"""Felklasser för dålig indata: alla problem samlas och rapporteras på en gång, på svenska.

In: problem upptäckta av läsare och validering (även pydantics valideringsfel, som
``pydantic_problem`` översätter till svenska med nyckelns sökväg). Ut: ett undantag som CLI
och webb översätter till ett tydligt meddelande (exitkod 2) utan att något skrivs.
"""

from __future__ import annotations

import reprlib
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
        plats = _kortad(self.fil, MAX_NAMN)
        if self.rad is not None:
            plats += f", rad {self.rad}"
        if self.kolumn is not None:
            plats += f", kolumn {_kortad(self.kolumn, MAX_NAMN)!r}"
        return f"{plats}: {_kortad(self.meddelande, MAX_MEDDELANDE)}"


#: Längsta meddelande och längsta fil- eller kolumnnamn som ett problem visar (en cell eller
#: en rubrikrad på flera megabyte ska aldrig skickas tillbaka i sin helhet).
MAX_MEDDELANDE = 500
MAX_NAMN = 120
#: Flest problem som ett ``IndataFel`` bär; resten räknas i ett sista problem.
MAX_PROBLEM = 200


def _kortad(text: str, langd: int) -> str:
    return text if len(text) <= langd else text[: langd - 1] + "…"


class IndataFel(Exception):
    """Indata är felaktiga. Bär alla problem som hittades, inte bara det första."""

    def __init__(self, problem: list[Problem]):
        self.problem = list(problem[:MAX_PROBLEM])
        if len(problem) > MAX_PROBLEM:
            rest = len(problem) - MAX_PROBLEM
            self.problem.append(Problem(problem[MAX_PROBLEM].fil, f"… och {rest} fel till"))
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


#: Hur mycket av ett värde ett felmeddelande visar: ``reprlib`` går bara igenom början av
#: listor, ordböcker och texter (``repr()`` på hela värdet kunde ta minuter för en stor
#: eller nästlad indata).
_KORT = reprlib.Repr()
_KORT.maxlevel, _KORT.maxlist, _KORT.maxtuple, _KORT.maxdict, _KORT.maxset = 2, 4, 4, 4, 4
_KORT.maxstring, _KORT.maxother, _KORT.maxlong = 60, 60, 40


def visa_varde(varde: object) -> str:
    """Ett värde ur indata som kort text för ett felmeddelande (högst 60 tecken, oavsett hur
    stort värdet är)."""
    try:
        text = _KORT.repr(varde)
    except ValueError:  # ett heltal med fler siffror än Python skriver ut (int_max_str_digits)
        text = "(ett tal med mycket många siffror)"
    return text if len(text) <= 60 else text[:57] + "…"


_visa = visa_varde


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
    if typ == "finite_number":
        return f"otillåtet värde {varde}, ska vara ett ändligt tal"
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

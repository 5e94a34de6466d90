"""En begränsad YAML-läsare för allt som användare skriver (modellfiler, scenariofiler,
parameterfiler, analysfiler, modelltexten i webben och ``modell.yaml`` i ett importerat
beslut).

In: texten (eller en fil), ett namn för felmeddelandena och valfritt en tidsgräns. Ut: det
lästa värdet (som ``yaml.safe_load``), eller ``IndataFel`` med svenska problem.

Gränserna prövas på händelseströmmen från libyamls tolk *innan* något byggs, så att inget
växer mer än texten: högst ``MAX_BYTES`` tecken, inga ankare (``&a``) eller alias (``*a``)
– en alias-bomb (nästlade alias som fördubblas nivå för nivå) kan därför aldrig expanderas –,
högst ``MAX_NODER`` noder och ``MAX_DJUP`` nivåer, bara texter som nycklar och varje nyckel
en gång per mappning (en dubblett är ett fel med nyckelns namn och båda raderna, inte "sista
vinner"). Med ``tidsgrans`` (sekunder) avbryts läsningen när tiden är slut.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import yaml

from skolpeng.fel import IndataFel, Problem, visa_varde

#: Största text som läses (tecken). Modellfilerna i ``modeller/`` är under 10 kB.
MAX_BYTES = 512 * 1024
#: Största antal noder (texter, listor, mappningar).
MAX_NODER = 50_000
#: Största nästlingsdjup.
MAX_DJUP = 40
#: Längsta tal (tecken) som läses; längre tal kan inte vara belopp eller vikter.
MAX_TAL_TECKEN = 40
_TAL = re.compile(r"^[-+]?[0-9_.,eE+-]+$")
#: Tidsgränsen (sekunder) för text som skickas till webben.
TIDSGRANS_WEBB_S = 2.0
#: Hur ofta (händelser) tidsgränsen prövas.
_PROVA_TID_VARJE = 500

_TOLK = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NOD = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def _plats(mark: Any) -> tuple[int | None, str]:
    if mark is None:
        return None, ""
    return mark.line + 1, f"rad {mark.line + 1}, kolumn {mark.column + 1}"


def _for_langt_tal(h: Any) -> bool:
    """Är händelsen ett tal utan citattecken med fler än ``MAX_TAL_TECKEN`` tecken?"""
    return (
        isinstance(h, yaml.ScalarEvent)
        and not h.style
        and len(h.value) > MAX_TAL_TECKEN
        and _TAL.match(h.value) is not None
    )


class _Mappning:
    """En öppen mappning under genomgången: väntar den på en nyckel, och vilka nycklar
    (med rad) har den?"""

    __slots__ = ("nycklar", "vantar_nyckel")

    def __init__(self) -> None:
        self.vantar_nyckel = True
        self.nycklar: dict[str, int] = {}


def _granska(text: str, kalla: str, tidsgrans: float | None) -> list[Problem]:
    """Går igenom händelserna (utan att bygga något) och samlar problemen."""
    slut = None if tidsgrans is None else time.monotonic() + tidsgrans
    stack: list[_Mappning | None] = []
    problem: list[Problem] = []
    noder = 0
    for n, h in enumerate(yaml.parse(text, Loader=_TOLK)):
        if slut is not None and n % _PROVA_TID_VARJE == 0 and time.monotonic() > slut:
            return [Problem(kalla, f"texten tog längre tid än {tidsgrans:g} s att läsa")]
        if isinstance(h, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            stack.pop()
            continue
        if not isinstance(h, _NOD):
            continue
        rad = h.start_mark.line + 1 if h.start_mark is not None else None
        noder += 1
        if isinstance(h, yaml.AliasEvent) or getattr(h, "anchor", None) is not None:
            problem.append(Problem(kalla, "ankare (&) och alias (*) tillåts inte; "
                                          "skriv ut värdet", rad))  # fmt: skip
            return problem
        if noder > MAX_NODER:
            return [Problem(kalla, f"texten har fler än {MAX_NODER} värden")]
        if _for_langt_tal(h):
            problem.append(Problem(kalla, f"talet har fler än {MAX_TAL_TECKEN} "
                                          "tecken", rad))  # fmt: skip
        foralder = stack[-1] if stack else None
        if isinstance(foralder, _Mappning):
            if foralder.vantar_nyckel:
                if not isinstance(h, yaml.ScalarEvent):
                    problem.append(Problem(kalla, "en nyckel ska vara en text", rad))
                    return problem
                if h.value in foralder.nycklar:
                    forsta = foralder.nycklar[h.value]
                    problem.append(Problem(kalla, f"nyckeln {visa_varde(h.value)} står "
                                                  f"två gånger (först på rad {forsta})", rad))  # fmt: skip
                else:
                    foralder.nycklar[h.value] = rad or 0
            foralder.vantar_nyckel = not foralder.vantar_nyckel
        if isinstance(h, yaml.MappingStartEvent):
            stack.append(_Mappning())
        elif isinstance(h, yaml.SequenceStartEvent):
            stack.append(None)
        if len(stack) > MAX_DJUP:
            return [Problem(kalla, f"texten är nästlad i fler än {MAX_DJUP} nivåer", rad)]
    return problem


def _yamlfel(kalla: str, vad: str, e: yaml.YAMLError) -> IndataFel:
    rad, plats = _plats(getattr(e, "problem_mark", None))
    return IndataFel([Problem(kalla, f"{vad} kan inte läsas: ogiltig YAML"
                                     f"{' på ' + plats if plats else ''}", rad)])  # fmt: skip


def las_yaml(text: str, kalla: str, vad: str = "filen", tidsgrans: float | None = None) -> Any:
    """YAML-text -> värdet (som ``yaml.safe_load``; tom text ger None).

    ``kalla`` är filens namn i felmeddelandena och ``vad`` vad den är (``"modellfilen"``).
    ``IndataFel`` när texten är för stor, inte är YAML, har ankare eller alias, för många
    värden, för djup nästling, dubbla nycklar eller tar längre tid än ``tidsgrans`` s."""
    if len(text) > MAX_BYTES:
        raise IndataFel([Problem(kalla, f"{vad} är för stor: högst {MAX_BYTES // 1024} kB "
                                        "tas emot")])  # fmt: skip
    try:
        problem = _granska(text, kalla, tidsgrans)
        if problem:
            raise IndataFel(problem)
        return yaml.load(text, Loader=_TOLK)  # noqa: S506 (CSafeLoader/SafeLoader)
    except yaml.YAMLError as e:
        raise _yamlfel(kalla, vad, e) from None
    except (ValueError, OverflowError, RecursionError):  # t.ex. ett datum som inte finns
        raise IndataFel([Problem(kalla, f"{vad} kan inte läsas: ett värde är ogiltigt")]) from None


def las_yaml_fil(path: Path, kalla: str | None = None, vad: str = "filen") -> Any:
    """En YAML-fil -> värdet (``las_yaml``); filen läses inte om den är större än gränsen."""
    path = Path(path)
    namn = kalla or str(path)
    try:
        if path.stat().st_size > MAX_BYTES * 4:
            raise IndataFel([Problem(namn, f"{vad} är för stor: högst {MAX_BYTES // 1024} kB "
                                           "tas emot")])  # fmt: skip
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IndataFel([Problem(namn, "filen finns inte")]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise IndataFel([Problem(namn, f"{vad} kan inte läsas: {e}")]) from None
    return las_yaml(text, namn, vad)

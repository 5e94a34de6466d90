"""Rensning av namn och fritext från användare: styrtecken tas bort.

In: en text (ett namn, en beskrivning, en orsak). Ut: samma text utan styrtecken (Unicode-
kategorierna Cc, Cf, Cs, Co och Cn, t.ex. NUL, ESC, vagnretur, höger-till-vänster-tecken som
kan vända hur ett namn visas) och med varje följd av blanksteg, tabb och radbrytning som ett
mellanslag. Bokstäver, siffror, skiljetecken och å/ä/ö lämnas som de är.
"""

from __future__ import annotations

import unicodedata

_STYRKATEGORIER = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def utan_styrtecken(text: str, radbrytningar: bool = False) -> str:
    """Texten utan styrtecken, med blanksteg hopslagna och trimmade (``"a\\x1b[31mb\\n c"``
    -> ``"a[31mb c"``). Med ``radbrytningar`` (fritext) behålls radbrytningarna."""
    if radbrytningar:
        rader = text.replace("\r\n", "\n").split("\n")
        return "\n".join(utan_styrtecken(r) for r in rader).strip()
    tecken = (" " if c.isspace() else c for c in text)
    rensad = "".join(c for c in tecken if unicodedata.category(c) not in _STYRKATEGORIER)
    return " ".join(rensad.split())

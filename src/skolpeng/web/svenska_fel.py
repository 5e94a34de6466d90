"""Ramverkets engelska felmeddelanden för formulär (Starlettes multipart-läsare) på svenska.

In: texten i en ``HTTPException`` (t.ex. ``"Too many files. Maximum number of files is
30."``). Ut: samma sak på svenska, eller None när texten inte är ett av ramverkets
meddelanden (då är den redan programmets egen, svenska text).
"""

from __future__ import annotations

import re

_OVERSATTNINGAR: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Too many files\. Maximum number of files is (\d+)\.$"),
     "För många filer: högst {0} filer tas emot i en förfrågan."),
    (re.compile(r"^Too many fields\. Maximum number of fields is (\d+)\.$"),
     "För många fält: högst {0} fält tas emot i en förfrågan."),
    (re.compile(r"^(?:Part|Field) exceeded maximum size of (\d+)KB\.$"),
     "Ett fält är för stort: högst {0} kB per fält."),
    (re.compile(r"^Missing boundary in multipart\.$"),
     "Formuläret kan inte läsas (multipart utan avgränsare)."),
    (re.compile(r"^Invalid multipart data\.$"), "Formuläret kan inte läsas (ogiltiga data)."),
    (re.compile(r'^The Content-Disposition header field "name" must be provided\.$'),
     "Formuläret kan inte läsas (ett fält saknar namn)."),
)  # fmt: skip


def svensk_formulartext(text: str) -> str | None:
    """Ramverkets engelska text -> svensk text (None om texten inte känns igen)."""
    for monster, svensk in _OVERSATTNINGAR:
        if m := monster.match(text):
            return svensk.format(*m.groups())
    return None

"""Skolformen som lokalkostnadens genomsnitt räknas per (skolförordningen 14 kap. 6 §: "i
motsvarande verksamhet").

- ``fritidshem``: hela fritidshemmet;
- ``anpassad_gr``: hela anpassade grundskolan (skollagen 11 kap. 37 §: grundbeloppet efter
  samma grunder som för den egna anpassade grundskolan);
- ``fk_gr``: förskoleklass (stadium F) och grundskola (1–9) var för sig.

In: stadium och verksamhet. Ut: skolformens namn (identifierare) och dess svenska namn.
"""

from __future__ import annotations

import polars as pl

#: Skolformernas namn i text.
FORM: dict[str, str] = {
    "forskoleklass": "förskoleklass",
    "grundskola": "grundskola",
    "fritidshem": "fritidshem",
    "anpassad_grundskola": "anpassad grundskola",
}
_HEL = {"fritidshem": "fritidshem", "anpassad_gr": "anpassad_grundskola"}


def skolformer(verksamhet: str) -> list[str]:
    """Skolformerna i verksamheten, i redovisningens ordning."""
    hel = _HEL.get(verksamhet)
    return [hel] if hel else ["forskoleklass", "grundskola"]


def skolform(stadium: str, verksamhet: str) -> str:
    """Verksamheten för lokalkostnadens genomsnitt: ``fritidshem``, ``anpassad_grundskola``,
    annars ``forskoleklass`` för stadium F och ``grundskola`` för övriga stadier."""
    hel = _HEL.get(verksamhet)
    if hel:
        return hel
    return "forskoleklass" if stadium == "F" else "grundskola"


def skolform_uttryck(verksamhet: str) -> pl.Expr:
    """``skolform`` som polars-uttryck på kolumnen ``stadium``."""
    hel = _HEL.get(verksamhet)
    if hel:
        return pl.lit(hel)
    return (
        pl.when(pl.col("stadium") == "F")
        .then(pl.lit("forskoleklass"))
        .otherwise(pl.lit("grundskola"))
    )

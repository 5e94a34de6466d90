"""Svensk sorteringsordning för namn (skolenheter, huvudmän, kommuner) – den enda i projektet.

Ordningen är ICU:s kollation för ``sv_SE`` (PyICU, ``Collator.createInstance(Locale("sv_SE"))``):
Å, Ä, Ö efter Z i den ordningen, W som en egen bokstav efter V, versaler och gemener och
accenter (é, ü) sorteras som i svenska ordlistor. ICU:s nyckel är bytes; samma nyckel används
i Python (``sorted``) och i polars (en kolumn med nyckeln att sortera på).

In: namn (text, None blir tom text). Ut: en sorteringsnyckel eller en sorterad lista/ram.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import polars as pl

T = TypeVar("T")
LOCALE = "sv_SE"


@functools.cache
def _kollator():  # type: ignore[no-untyped-def]
    import icu

    return icu.Collator.createInstance(icu.Locale(LOCALE))


@functools.lru_cache(maxsize=65536)
def svensk_nyckel(namn: str | None) -> bytes:
    """Namnets sorteringsnyckel i svensk ordning (``sorted(namn, key=svensk_nyckel)``)."""
    return bytes(_kollator().getSortKey(namn or ""))


def svensk_sortering(
    poster: Iterable[T], nyckel: Callable[[T], str | None] | None = None
) -> list[T]:
    """Posterna i svensk ordning efter namnet (``nyckel`` tar fram namnet; utan den är
    posterna själva namnen)."""
    ta = nyckel or (lambda x: x)  # type: ignore[assignment, return-value]
    return sorted(poster, key=lambda p: svensk_nyckel(ta(p)))  # type: ignore[arg-type]


def sortera_ram(ram: pl.DataFrame, kolumn: str, *, descending: bool = False) -> pl.DataFrame:
    """Ramen sorterad i svensk ordning efter textkolumnen ``kolumn`` (stabilt)."""
    import polars as pl

    nycklar = pl.Series("_svensk_nyckel", [svensk_nyckel(v) for v in ram[kolumn].to_list()],
                        dtype=pl.Binary)  # fmt: skip
    return (
        ram.with_columns(nycklar)
        .sort("_svensk_nyckel", descending=descending, maintain_order=True)
        .drop("_svensk_nyckel")
    )

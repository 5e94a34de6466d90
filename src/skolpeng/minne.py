"""Ett litet trådsäkert minne (LRU) för värden som är dyra att räkna men aldrig ändras för
samma nyckel: inlästa datasetversioner, normer, lästa beslut, diagram.

``Minne(storlek).hamta(nyckel, berakna)`` ger det minnesvärda värdet, eller anropar
``berakna`` (utanför låset) och minns svaret; det äldst använda glöms när minnet är fullt.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Minne(Generic[V]):
    """Högst ``storlek`` värden; nyckel -> värde."""

    def __init__(self, storlek: int = 8) -> None:
        self._las = threading.Lock()
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._storlek = storlek

    def hamta(self, nyckel: Hashable, berakna: Callable[[], V]) -> V:
        """Värdet för nyckeln; ``berakna`` anropas bara när det saknas."""
        with self._las:
            if nyckel in self._data:
                self._data.move_to_end(nyckel)
                return self._data[nyckel]
        varde = berakna()
        with self._las:
            self._data[nyckel] = varde
            while len(self._data) > self._storlek:
                self._data.popitem(last=False)
        return varde

"""skolpeng – beräkningsmotor för skolans resursfördelning.

Den nationella skolpengsnormen (SOU 2025:72), kommunala resursfördelningsmodeller,
socioekonomiska index, uppföljning och utbudsansvar. Importgränssnittet är ``skolpeng.api``
(se dess beskrivning och ``docs/arkitektur.md``); samma namn nås också direkt ur paketet
(``from skolpeng import berakna_korning``) och laddas först när de används.
"""

from __future__ import annotations

import importlib
from typing import Any

from skolpeng.api_namn import NAMN as _NAMN

__version__ = "0.1.0"

__all__ = ["__version__", *_NAMN]


def __getattr__(namn: str) -> Any:
    """Namnen i ``skolpeng.api``, laddade när de används."""
    if namn in _NAMN:
        return getattr(importlib.import_module("skolpeng.api"), namn)
    raise AttributeError(f"modulen 'skolpeng' har inget attribut {namn!r}")

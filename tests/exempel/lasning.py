"""Källexemplen som data: den enda läsaren av ``tests/exempel/<paket>/<namn>.yaml``.

In: paketet (``norm``, ``fordelning`` …) och filnamnet. Ut: exemplets innehåll som dict, där
``kalla`` har prövats mot samma modell som parameterfilernas källor (``parametrar.kallor``:
ett känt dokument och ett avsnitt eller en sida). Ett exempel utan giltig källa är ett fel.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter

from skolpeng.parametrar.kallor import Kalla

EXEMPEL = Path(__file__).parent
_KALLOR = TypeAdapter(list[Kalla])


def exempelfiler() -> list[Path]:
    """Alla exempelfiler, sorterade."""
    return sorted(EXEMPEL.rglob("*.yaml"))


def kallor(data: dict[str, Any]) -> list[Kalla]:
    """Exemplets källor (``kalla``: en mappning eller en lista), prövade."""
    v = data.get("kalla")
    return _KALLOR.validate_python([v] if isinstance(v, dict) else v)


@cache
def _las(fil: Path) -> str:
    return fil.read_text(encoding="utf-8")


def las_exempel(paket: str, namn: str) -> dict[str, Any]:
    """Exemplet ``tests/exempel/<paket>/<namn>`` med prövad källa (ny dict vid varje anrop)."""
    data = yaml.safe_load(_las(EXEMPEL / paket / namn))
    kallor(data)
    return data

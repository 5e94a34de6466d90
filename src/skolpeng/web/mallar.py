"""Jinja2-mallarna med svenska talformat som filter och en ``sida``-funktion som lägger till
användaren, CSRF-token och navigeringen i varje sida."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from skolpeng.api import ROLLNAMN, talformat
from skolpeng.web.brodsmulor import brodsmulor
from skolpeng.web.tabeller import cell

MALLAR = Jinja2Templates(directory=str(Path(__file__).parent / "mallar"))
MALLAR.env.filters["kr"] = talformat.kr
MALLAR.env.filters["heltal"] = talformat.heltal
MALLAR.env.filters["procent"] = talformat.procent
MALLAR.env.filters["decimal"] = talformat.decimal
MALLAR.env.filters["cell"] = cell
MALLAR.env.globals["ROLLNAMN"] = ROLLNAMN


def sida(
    request: Request, mall: str, inl: Any = None, status: int = 200, **innehall: Any
) -> HTMLResponse:
    """Renderar mallen med ``anvandare``, ``csrf_token``, ``sokvag`` (för navigeringen) och
    ``smulor`` (brödsmulorna, ``web.brodsmulor``)."""
    anvandare = getattr(inl, "anvandare", None)
    kontext = {
        "anvandare": anvandare,
        "smulor": brodsmulor(request.url.path, getattr(anvandare, "roll", None), innehall),
        "csrf_token": getattr(inl, "csrf_token", ""),
        "sokvag": request.url.path,
        **innehall,
    }
    return MALLAR.TemplateResponse(request, mall, kontext, status_code=status)

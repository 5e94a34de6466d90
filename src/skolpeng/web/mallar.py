"""Jinja2-mallarna med svenska talformat som filter och en ``sida``-funktion som lägger till
användaren, CSRF-token och navigeringen i varje sida."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from skolpeng.api import ROLLNAMN, kommun_text, olika_hall_text, talformat
from skolpeng.web.brodsmulor import brodsmulor
from skolpeng.web.tabeller import cell

TIDSZON = ZoneInfo("Europe/Stockholm")


def lokal_tid(tid: dt.datetime | None, format: str = "%Y-%m-%d %H:%M") -> str:
    """En tidpunkt ur databasen (UTC utan tidszon) i svensk tid: '2026-12-04 20:15'."""
    if tid is None:
        return "–"
    if tid.tzinfo is None:
        tid = tid.replace(tzinfo=dt.UTC)
    return tid.astimezone(TIDSZON).strftime(format)


def verksamhet_text(verksamhet: str | None) -> str:
    """Verksamheten med ord: 'fk_gr' -> 'förskoleklass och grundskola'."""
    from skolpeng.api import VERKSAMHET_TEXT

    return VERKSAMHET_TEXT.get(verksamhet or "", verksamhet or "")


MALLAR = Jinja2Templates(directory=str(Path(__file__).parent / "mallar"))
MALLAR.env.filters["kr"] = talformat.kr
MALLAR.env.filters["heltal"] = talformat.heltal
MALLAR.env.filters["procent"] = talformat.procent
MALLAR.env.filters["decimal"] = talformat.decimal
MALLAR.env.filters["cell"] = cell
MALLAR.env.filters["falttal"] = talformat.falttext
MALLAR.env.filters["kommun"] = kommun_text
MALLAR.env.filters["lokal_tid"] = lokal_tid
MALLAR.env.filters["orgnr"] = talformat.organisationsnummer
MALLAR.env.filters["verksamhet"] = verksamhet_text
MALLAR.env.globals["ROLLNAMN"] = ROLLNAMN
MALLAR.env.globals["olika_hall_text"] = olika_hall_text


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

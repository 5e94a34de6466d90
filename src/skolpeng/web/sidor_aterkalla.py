"""Återkalla ett felaktigt beslut (administratören).

Rutt: ``POST /beslut/{id}/aterkalla`` (fälten ``orsak``, ``csrf_token``) – beslutet får
status återkallat med tid, administratörens namn och orsaken (``lagring.beslut.aterkalla``),
en rad i granskningsloggen och skickar tillbaka till ``/beslut/{id}`` (303). Beslutet och dess
filer sparas kvar och visas som återkallat; det används inte längre som förra året. Utan
orsak, eller för ett redan återkallat beslut: beslutets sida med problemet (400).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from skolpeng.api import Beslut, logga, utan_styrtecken
from skolpeng.api import lagring_beslut as lb
from skolpeng.web.beroenden import Administrator, Db, neka_om

router = APIRouter()

MAX_ORSAK = 500


@router.post("/beslut/{beslut_id}/aterkalla")
def aterkalla(
    request: Request,
    beslut_id: int,
    inl: Administrator,
    db: Db,
    orsak: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Återkallar beslutet (se modulens beskrivning)."""
    from skolpeng.web.sidor_beslut import beslutssida

    b = db.get(Beslut, beslut_id)
    neka_om(b is None)
    assert b is not None
    orsak = utan_styrtecken(orsak, radbrytningar=True)
    if b.status == lb.ATERKALLAT:
        return beslutssida(request, db, inl, b, ["Beslutet är redan återkallat."], 400)
    if not orsak or len(orsak) > MAX_ORSAK:
        fel = f"Skriv varför beslutet återkallas (1–{MAX_ORSAK} tecken)."
        return beslutssida(request, db, inl, b, [fel], 400)
    lb.aterkalla(db, b, inl.anvandare.anvandarnamn, orsak)
    logga(db, inl.anvandare.anvandarnamn, "återkallade beslut",
          f"beslut {b.id} ({b.kommunkod} {b.ar} {b.verksamhet}, löpnummer {b.lopnummer})",
          f"{b.namn}; orsak: {orsak}", b.kommunkod)  # fmt: skip
    db.commit()
    return RedirectResponse(f"/beslut/{b.id}", status_code=303)

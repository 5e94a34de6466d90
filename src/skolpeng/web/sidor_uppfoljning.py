"""Uppföljningen i webben: kommunens årliga uppföljningsrapport för handläggare.

Adresser:

- ``/uppfoljning`` (``kommun``: kommunkoden; handläggaren ser sin egen kommun, administratören
  väljer) – sammanfattningen av rapporten och länkar till den som HTML och PDF;
- ``/uppfoljning/{kommunkod}/rapport.html`` och ``…/rapport.pdf`` – rapporten
  (``rapporter.uppfoljning_kommunrapport``) ur den medföljande resultatserien.

Behörigheten kontrolleras på servern: bara handläggare i kommunen och administratören
(``behorighet.far_hantera_kommun``); andra handläggare får 404, andra roller 403. Varje
nedladdning loggas. Ingen regellogik här.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from skolpeng.api import (
    UTFALLSNAMN,
    IndataFel,
    Kommunrapport,
    Minne,
    kommunrapport_medfoljande,
    logga,
    rapport_pdf,
)
from skolpeng.web.anvandning_rapportdel import rapportdel_for
from skolpeng.web.behorighet import far_hantera_kommun
from skolpeng.web.beroenden import Db, Handlaggare, neka_om
from skolpeng.web.mallar import sida

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

router = APIRouter()
_RAPPORTER: Minne = Minne(8)
_PDF: Minne = Minne(4)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rapport(kommunkod: str, db: Session) -> tuple[Kommunrapport | None, list[str]]:
    """Rapporten, med rektorernas redovisningar för det senaste året som har några."""
    try:
        del_ = rapportdel_for(db, kommunkod)
        delar = (del_,) if del_ is not None else ()
        nyckel = (kommunkod, _hash(del_.html) if del_ is not None else "")
        return _RAPPORTER.hamta(nyckel, lambda: kommunrapport_medfoljande(kommunkod, delar)), []
    except IndataFel as fel:
        return None, [p.meddelande for p in fel.problem]


def _behorig(inl: Handlaggare, kommunkod: str) -> None:
    neka_om(
        not re.fullmatch(r"\d{4}", kommunkod) or not far_hantera_kommun(inl.anvandare, kommunkod)
    )


@router.get("/uppfoljning", response_class=HTMLResponse)
def uppfoljning_sida(
    request: Request, inl: Handlaggare, db: Db, kommun: str = Query("", max_length=4)
) -> HTMLResponse:
    """Sammanfattningen av kommunens uppföljningsrapport och länkarna till den."""
    kod = kommun or (inl.anvandare.kommunkod or "")
    rapport, problem = (None, [])
    if kod:
        _behorig(inl, kod)
        rapport, problem = _rapport(kod, db)
    punkter = rapport.sammanfattning if rapport else None
    return sida(request, "uppfoljning.html", inl, kommun=kod, rapport=rapport,
                sammanfattning=punkter, problem=problem, UTFALLSNAMN=UTFALLSNAMN)  # fmt: skip


@router.get("/uppfoljning/{kommunkod}/rapport.html", response_class=HTMLResponse)
def rapport_html(kommunkod: str, inl: Handlaggare, db: Db) -> HTMLResponse:
    """Rapporten som fristående HTML-sida."""
    _behorig(inl, kommunkod)
    rapport, _ = _rapport(kommunkod, db)
    neka_om(rapport is None)
    assert rapport is not None
    logga(db, inl.anvandare.anvandarnamn, "läste uppföljningsrapporten", f"kommun {kommunkod}",
          "rapport.html", kommunkod)  # fmt: skip
    db.commit()
    return HTMLResponse(rapport.html)


@router.get("/uppfoljning/{kommunkod}/rapport.pdf")
def rapport_pdf_sida(kommunkod: str, inl: Handlaggare, db: Db) -> Response:
    """Rapporten som PDF (nedladdning)."""
    _behorig(inl, kommunkod)
    rapport, _ = _rapport(kommunkod, db)
    neka_om(rapport is None)
    assert rapport is not None
    pdf = _PDF.hamta((kommunkod, _hash(rapport.html)), lambda: rapport_pdf(rapport))
    neka_om(pdf is None)
    logga(db, inl.anvandare.anvandarnamn, "laddade ned uppföljningsrapporten",
          f"kommun {kommunkod}", "rapport.pdf", kommunkod)  # fmt: skip
    db.commit()
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="uppfoljningsrapport-{kommunkod}.pdf"'})  # fmt: skip

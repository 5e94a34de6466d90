"""Redovisningen för en skolenhet ur en modells resultat (samma sida som för ett scenario och
ett beslut, ``sidor_enhet``), så att resultatsidans enheter länkar till sin redovisning.

Adresser (kommunens handläggare och administratören; alla andra får 404):

- ``GET /modeller/{modell_id}/enheter/{kod}`` – redovisningen;
- ``GET /modeller/{modell_id}/enheter/{kod}/vattenfall.svg`` – förändringen från förra året.

In: modellens sparade text, dess datasetversion och kommunens senaste beslut för året före
(som på resultatsidan). Ut: sidan och bilden.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from skolpeng.api import forra_ur_beslut
from skolpeng.web.behoriga_objekt import hamta_modell
from skolpeng.web.beroenden import Db, Handlaggare
from skolpeng.web.diagrambilder import _svg
from skolpeng.web.enhetens_kalla import (
    Kalla,
    _forra_beslut,
    _kor,
    enhetens_redovisning,
)
from skolpeng.web.korning import las_webbmodell
from skolpeng.web.sidor_enhet import _enhetssida

router = APIRouter()


def modellens_kalla(request: Request, db: Session, anv: Any, modell_id: int) -> Kalla:
    """Modellen -> körningen (404 om modellen saknas eller användaren inte får hantera
    kommunen). Förra året = kommunens senaste beslut för året före modellens år."""
    m = hamta_modell(db, anv, modell_id)
    modell = las_webbmodell(m.text)
    forra_beslut = _forra_beslut(db, m.kommunkod, modell.ar, modell.verksamhet, None)
    nyckel = (
        "modell",
        hashlib.sha256(m.text.encode()).hexdigest(),
        m.dataset_id,
        forra_beslut.id if forra_beslut else None,
    )
    korning = _kor(
        request.app.state,
        nyckel,
        m.text,
        m.dataset,
        lambda: forra_ur_beslut(forra_beslut) if forra_beslut else None,
    )
    return Kalla(
        korning, m.kommunkod, f"Modellen ”{m.namn}” (version {m.version})", f"/modeller/{m.id}"
    )


@router.get("/modeller/{modell_id:int}/enheter/{kod}", response_class=HTMLResponse)
def modellens_enhet(
    request: Request, modell_id: int, kod: str, inl: Handlaggare, db: Db
) -> HTMLResponse:
    """Enhetens redovisning i modellens resultat."""
    return _enhetssida(
        request, inl, db, modellens_kalla(request, db, inl.anvandare, modell_id), kod
    )


@router.get("/modeller/{modell_id:int}/enheter/{kod}/vattenfall.svg")
def modellens_vattenfall(
    request: Request, modell_id: int, kod: str, inl: Handlaggare, db: Db
) -> Response:
    """Vattenfallet för enheten i modellens resultat (som SVG)."""
    kalla = modellens_kalla(request, db, inl.anvandare, modell_id)
    return _svg(enhetens_redovisning(kalla.korning, kod))

"""JSON-API:t (docs/webb.md, JSON-API): samma operationer som kommandoraden (normen, fördelningen,
redovisningarna) med samma behörighet som webbsidorna, dokumenterat i OpenAPI
(``/api/openapi.json``; läsbart på ``/api/dokumentation``).

In: JSON-förfrågningar med ``Authorization: Bearer <token>`` (från ``POST /api/inloggning``)
eller sessionskakan (då krävs ``X-CSRF-Token`` på POST). Ut: JSON; fel som
``{"fel": "...", "problem": [...]}`` på svenska. Denna modul: inloggning, utloggning och
dataset; övriga vägar i ``api_objekt`` (modeller, scenarier, beslut), ``api_norm_fordelning``
(normen, fördelningen), ``api_redovisning`` och ``api_dokumentation``.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBearer
from sqlalchemy import select

from skolpeng.api import Dataset, logga, logga_in, logga_ut
from skolpeng.web import api_dokumentation, api_norm_fordelning, api_objekt, api_redovisning
from skolpeng.web.api_scheman import DatasetUt, Felsvar, InloggningIn, InloggningUt, Meddelande
from skolpeng.web.behorighet import far_se_dataset
from skolpeng.web.beroenden import SESSIONSKAKA, Db, Handlaggare, Inloggning
from skolpeng.web.installningar import Installningar
from skolpeng.web.sidor_inloggning import adress, forsok_logga_in

#: Felsvaren som alla skyddade vägar kan ge (visas i OpenAPI-dokumentet).
FELSVAR: dict[int | str, dict[str, object]] = {
    401: {"model": Felsvar, "description": "Inloggning krävs."},
    403: {"model": Felsvar, "description": "Rollen saknar behörighet, eller CSRF saknas."},
    422: {"model": Felsvar, "description": "Förfrågan har fel värden."},
}

#: Bearer-schemat syns i OpenAPI; kontrollen görs av ``beroenden.inloggad``.
_BEARER = HTTPBearer(auto_error=False, description="Token från POST /api/inloggning.")

router = APIRouter(prefix="/api", tags=["API"])
skyddad = APIRouter(dependencies=[Depends(_BEARER)], responses=FELSVAR)


@router.post(
    "/inloggning",
    response_model=InloggningUt,
    summary="Logga in och få en token",
    responses={401: {"model": Felsvar, "description": "Fel användarnamn eller lösenord."},
               422: {"model": Felsvar, "description": "Förfrågan har fel värden."},
               429: {"model": Felsvar, "description": "För många misslyckade försök."}},
)  # fmt: skip
def api_inloggning(request: Request, db: Db, uppgifter: InloggningIn) -> Response | InloggningUt:
    """Kontrollerar användarnamn och lösenord (samma begränsning av försök som
    inloggningssidan) och ger en token att skicka som ``Authorization: Bearer <token>``."""
    inst: Installningar = request.app.state.installningar
    anv, fel, status = forsok_logga_in(
        db, uppgifter.anvandarnamn, uppgifter.losenord, adress(request), inst
    )
    if anv is None:
        return JSONResponse({"fel": fel, "problem": []}, status_code=status)
    token, inl = logga_in(db, anv, dt.timedelta(hours=inst.sessionstid_timmar))
    logga(db, anv.anvandarnamn, "inloggning (API)", kommunkod=anv.kommunkod)
    db.commit()
    return InloggningUt(token=token, giltig_till=inl.giltig_till, anvandarnamn=anv.anvandarnamn,
                        roll=anv.roll, kommunkod=anv.kommunkod)  # fmt: skip


@skyddad.post("/utloggning", response_model=Meddelande, summary="Logga ut")
def api_utloggning(request: Request, db: Db, inl: Inloggning) -> Meddelande:
    """Tar bort sessionen (Bearer-token eller kakan; med kakan krävs ``X-CSRF-Token``)."""
    auth = request.headers.get("authorization", "")
    token = auth[7:].strip() if inl.bearer else request.cookies.get(SESSIONSKAKA)
    logga_ut(db, token)
    logga(db, inl.anvandare.anvandarnamn, "utloggning (API)", kommunkod=inl.anvandare.kommunkod)
    db.commit()
    return Meddelande(meddelande="Du är utloggad.")


@skyddad.get("/dataset", response_model=list[DatasetUt], summary="Datasetversioner")
def api_dataset(db: Db, inl: Handlaggare) -> list[DatasetUt]:
    """Datasetversionerna som användaren får se: gemensamma och den egna kommunens
    (administratören: alla), nyast först inom varje namn."""
    alla = db.scalars(select(Dataset).order_by(Dataset.namn, Dataset.version.desc()))
    return [DatasetUt.model_validate(d) for d in alla
            if far_se_dataset(inl.anvandare, d.kommunkod)]  # fmt: skip


for _modul in (api_objekt, api_norm_fordelning, api_redovisning):
    skyddad.include_router(_modul.router)
router.include_router(skyddad)
router.include_router(api_dokumentation.router)

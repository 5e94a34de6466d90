"""Webbapplikationen: ``skapa_app(installningar)`` -> FastAPI.

In: ``Installningar`` (databas-URL, säkerhetsgränser). Vid start migreras databasen (Alembic)
och, om databasen saknar dataset, importeras det medföljande datasetet ``sverige`` som
gemensamt dataset. Alla sidor och API-anrop kräver inloggning utom inloggningen och de
statiska filerna. Fel blir svenska sidor (HTML) eller ``{"fel": ..., "problem": [...]}`` (API).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import func, select
from sqlalchemy.exc import DataError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from skolpeng.api import Dataset, IndataFel, migrera, sessionsfabrik, skapa_motor
from skolpeng.web.beroenden import SESSIONSKAKA, Inloggad, Inloggning, Inloggningskrav
from skolpeng.web.cache import Berakningsminne
from skolpeng.web.installningar import Installningar
from skolpeng.web.mallar import sida
from skolpeng.web.sakerhet import Sakerhetslager
from skolpeng.web.svenska_fel import svensk_formulartext
from skolpeng.web.valideringsfel import svensk_text

RUBRIKER_FOR_STATUS = {
    400: "Felaktig indata",
    403: "Behörighet saknas",
    404: "Finns inte",
    405: "Metoden är inte tillåten",
    413: "För stor fil",
    422: "Felaktig indata",
    429: "För många försök",
}


def importera_medfoljande(app: FastAPI) -> None:
    """Importerar datasetet ``sverige`` (gemensamt) om databasen inte har något dataset."""
    from skolpeng.api import hitta_underlag, logga, medfoljande_filer, spara_dataset

    with app.state.sessionsfabrik() as db:
        if db.scalar(select(func.count()).select_from(Dataset)):
            return
        filer = medfoljande_filer(hitta_underlag("sverige"))
        spara_dataset(db, "sverige", filer, "system", None,
                      "Det medföljande datasetet sverige (se dess README).")  # fmt: skip
        logga(db, "system", "importerade dataset", "sverige v1")
        db.commit()


def _ar_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _inloggad_om_mojligt(request: Request) -> Inloggad | None:
    """Den inloggade användaren för felsidans meny (None utan giltig session)."""
    from skolpeng.api import hitta_inloggning

    with request.app.state.sessionsfabrik() as db:
        inl = hitta_inloggning(db, request.cookies.get(SESSIONSKAKA))
        return None if inl is None else Inloggad(inl.anvandare, inl.csrf_token, False)


async def _felsvar(request: Request, status: int, meddelande: str, problem: list[str]) -> Response:
    """Felet som JSON (API) eller som svensk sida med menyn när användaren är inloggad."""
    if _ar_api(request):
        return JSONResponse({"fel": meddelande, "problem": problem}, status_code=status)
    rubrik = RUBRIKER_FOR_STATUS.get(status, "Något gick fel")
    inl = await run_in_threadpool(_inloggad_om_mojligt, request)
    return sida(request, "fel.html", inl, status=status, rubrik=rubrik, meddelande=meddelande,
                problem=problem)  # fmt: skip


def _registrera_felhantering(app: FastAPI) -> None:
    @app.exception_handler(Inloggningskrav)
    async def _krav(request: Request, _e: Inloggningskrav) -> Response:
        if _ar_api(request):
            return JSONResponse({"fel": "Inloggning krävs."}, status_code=401)
        return RedirectResponse(f"/logga-in?nasta={request.url.path}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException) -> Response:
        detalj = e.detail if isinstance(e.detail, str) else "Något gick fel."
        if e.status_code == 404 and detalj == "Not Found":
            detalj = "Sidan finns inte."
        if e.status_code == 405:
            detalj = "Metoden är inte tillåten för den här adressen."
        detalj = svensk_formulartext(detalj) or detalj
        return await _felsvar(request, e.status_code, detalj, [])

    @app.exception_handler(IndataFel)
    async def _indata(request: Request, e: IndataFel) -> Response:
        return await _felsvar(request, 400, "Indatan har fel; ingenting har sparats.",
                        [str(p) for p in e.problem])  # fmt: skip

    @app.exception_handler(RequestValidationError)
    async def _validering(request: Request, e: RequestValidationError) -> Response:
        problem = [svensk_text(fel) for fel in e.errors()]
        return await _felsvar(request, 422, "Förfrågan har fel värden.", problem)

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _for_stort_id(request: Request, _e: Exception) -> Response:
        # ett id större än databasens heltal: ett sådant objekt kan inte finnas
        return await _felsvar(request, 404, "Sidan eller filen finns inte.", [])


def skapa_app(inst: Installningar | None = None) -> FastAPI:
    """Bygger appen: databas (migrerad), beräkningsminne, sidor, API och säkerhetslager."""
    from skolpeng.web import (
        api,
        sidor_admin,
        sidor_anvandning,
        sidor_aterkalla,
        sidor_beslut,
        sidor_dataset,
        sidor_enhet,
        sidor_export,
        sidor_forra,
        sidor_inloggning,
        sidor_kommun,
        sidor_modellens_enhet,
        sidor_modeller,
        sidor_modellversioner,
        sidor_nasta_ar,
        sidor_norm,
        sidor_ordlista,
        sidor_uppfoljning,
        sidor_utbetalning,
        vinnardiagram,
    )

    inst = inst or Installningar()
    app = FastAPI(
        title="skolpeng",
        description="JSON-API för normen, fördelningen och redovisningarna (samma behörighet "
        "som webbsidorna; logga in med POST /api/inloggning och skicka "
        "Authorization: Bearer <token>).",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    motor = skapa_motor(inst.databas_url)
    migrera(motor)
    app.state.installningar = inst
    app.state.motor = motor
    app.state.sessionsfabrik = sessionsfabrik(motor)
    app.state.minne = Berakningsminne(samtidiga=inst.samtidiga_berakningar)
    if inst.importera_medfoljande:
        importera_medfoljande(app)
    if inst.forvarm_minnet:
        from skolpeng.web.forvarmning import starta_forvarmning

        starta_forvarmning(app)
    _registrera_felhantering(app)
    for modul in (sidor_inloggning, sidor_dataset, sidor_modeller, sidor_enhet, sidor_norm,
                  sidor_forra, sidor_beslut, sidor_utbetalning, sidor_aterkalla, sidor_admin,
                  sidor_anvandning, sidor_uppfoljning, sidor_export, sidor_modellens_enhet,
                  vinnardiagram, sidor_nasta_ar, sidor_kommun, sidor_modellversioner,
                  sidor_ordlista, api):  # fmt: skip
        app.include_router(modul.router)

    @app.get("/api/openapi.json", include_in_schema=False)
    def openapi_dokument(_inl: Inloggning) -> JSONResponse:
        """OpenAPI-dokumentet (kräver inloggning, som allt annat utom inloggningen)."""
        return JSONResponse(app.openapi())

    app.mount("/statisk", StaticFiles(directory=str(Path(__file__).parent / "statisk")), "statisk")
    app.add_middleware(Sakerhetslager, max_bytes=inst.max_uppladdning_bytes, saker=inst.saker_kaka)
    return app


def asgi_app() -> Any:
    """Fabriken för ``uvicorn --factory`` (``skolpeng serve --arbetare N``) med inställningar
    ur miljön: ``SKOLPENG_DATABAS`` och ``SKOLPENG_SAKER_KAKA`` (icke-tom = Secure)."""
    import os

    url = os.environ.get("SKOLPENG_DATABAS")
    saker = bool(os.environ.get("SKOLPENG_SAKER_KAKA"))
    inst = Installningar(databas_url=url, saker_kaka=saker) if url else Installningar()
    return skapa_app(dataclasses.replace(inst, forvarm_minnet=True))

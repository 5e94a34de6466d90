"""FastAPI-beroenden: databassessionen, den inloggade användaren, rollkrav och CSRF.

In: förfrågan (kakan ``skolpeng_session`` eller ``Authorization: Bearer <token>``).
Ut: ``Inloggad`` (användaren och sessionens CSRF-token) eller ett undantag som blir en
omdirigering till inloggningen (sidor) respektive 401 (API).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from skolpeng.api import Anvandare, hitta_inloggning
from skolpeng.web.sakerhet import token_stammer

SESSIONSKAKA = "skolpeng_session"
OSAKRA_METODER = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Inloggningskrav(Exception):
    """Ingen giltig inloggning: sidor skickas till inloggningen, API-anrop får 401."""


@dataclass(frozen=True)
class Inloggad:
    """Den inloggade användaren, sessionens CSRF-token och om inloggningen kom med Bearer."""

    anvandare: Anvandare
    csrf_token: str
    bearer: bool


def databas(request: Request) -> Iterator[Session]:
    """En databassession per förfrågan (stängs efteråt; commit görs av sidan själv)."""
    with request.app.state.sessionsfabrik() as db:
        yield db


Db = Annotated[Session, Depends(databas)]


def _token(request: Request) -> tuple[str | None, bool]:
    """Sessionstoken ur Authorization-rubriken (Bearer) eller kakan."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip(), True
    return request.cookies.get(SESSIONSKAKA), False


async def inloggad(request: Request, db: Db) -> Inloggad:
    """Den inloggade användaren. Osäkra metoder med kaka kräver rätt CSRF-token (rubriken
    ``X-CSRF-Token`` eller formulärfältet ``csrf_token``), annars 403. Formuläret tolkas här
    första gången (Starlette minns tolkningen), med inställningarnas gränser för antal filer
    och fält."""
    token, bearer = _token(request)
    # I en tråd: väntan på en ledig databasanslutning får inte blockera händelseloopen (då
    # kan anslutningarnas innehavare inte bli klara, och förfrågningarna låser sig).
    inl = await run_in_threadpool(hitta_inloggning, db, token)
    if inl is None:
        raise Inloggningskrav
    if request.method in OSAKRA_METODER and not bearer:
        given = request.headers.get("x-csrf-token")
        if given is None and "form" in request.headers.get("content-type", ""):
            inst = request.app.state.installningar
            formular = await request.form(
                max_files=inst.max_filer_per_forfragan, max_fields=inst.max_falt_per_forfragan
            )
            given = formular.get("csrf_token")  # type: ignore[assignment]
        if not token_stammer(inl.csrf_token, given):
            raise HTTPException(
                403,
                "Formuläret saknar giltig säkerhetstoken (CSRF). Ladda om sidan och försök igen.",
            )
    return Inloggad(inl.anvandare, inl.csrf_token, bearer)


Inloggning = Annotated[Inloggad, Depends(inloggad)]


def kraver_roll(*roller: str):  # type: ignore[no-untyped-def]
    """Beroende som släpper igenom bara de angivna rollerna (403 annars)."""

    async def kontroll(inl: Inloggning) -> Inloggad:
        if inl.anvandare.roll not in roller:
            raise HTTPException(403, "Din roll har inte behörighet till den här sidan.")
        return inl

    return kontroll


Handlaggare = Annotated[Inloggad, Depends(kraver_roll("administrator", "handlaggare"))]
Administrator = Annotated[Inloggad, Depends(kraver_roll("administrator"))]


def neka_om(villkor: bool) -> None:
    """404 (inte 403) när användaren inte får se objektet: att det finns avslöjas inte."""
    if villkor:
        raise HTTPException(404, "Sidan eller filen finns inte, eller så saknar du behörighet.")

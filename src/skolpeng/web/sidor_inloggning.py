"""Inloggning, utloggning och startsidan.

Inloggningen begränsas med ökande väntetider per användarnamn och adress, per adress och per
användarnamn (``lagring.inloggningsforsok``): ett försök under väntetiden nekas (429) med
hur länge det är kvar, utan att lösenordet prövas. Ett okänt användarnamn prövas mot en
slumpad hash, så att svaret tar lika lång tid som för ett befintligt."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from skolpeng.api import (
    Anvandare,
    glom_forsok,
    logga,
    logga_in,
    logga_ut,
    losenord_stammer,
    notera_misslyckat,
    vantetid,
)
from skolpeng.web.beroenden import SESSIONSKAKA, Db, Inloggning
from skolpeng.web.installningar import Installningar
from skolpeng.web.mallar import sida
from skolpeng.web.sakerhet import FORE_INLOGGNING_KAKA, ny_token, token_stammer

router = APIRouter()

SPARRAD = "För många misslyckade inloggningsförsök. Vänta {sekunder} s och försök igen."
FEL_UPPGIFTER = "Fel användarnamn eller lösenord."


def forsok_logga_in(
    db: Session, anvandarnamn: str, losenord: str, adress: str, inst: Installningar
) -> tuple[Anvandare | None, str | None, int]:
    """Kontrollerar begränsningen och lösenordet. Ut: (användaren, None, 200) eller
    (None, svenskt felmeddelande, HTTP-status 401/429).

    Försöket sparas (och committas) *innan* det räknas och lösenordet prövas, så att samtidiga
    försök inte kan passera spärren medan lösenordet kontrolleras; ett lyckat försök tas bort
    igen av ``logga_in``. Misslyckade försök skrivs också i granskningsloggen."""
    forsok = notera_misslyckat(db, anvandarnamn, adress)
    db.commit()
    vanta = vantetid(db, forsok, inst.begransning)
    if vanta > 0:
        glom_forsok(db, forsok)
        db.commit()
        return None, SPARRAD.format(sekunder=max(int(vanta + 0.999), 1)), 429
    anv = db.scalar(select(Anvandare).where(Anvandare.anvandarnamn == anvandarnamn))
    stammer = losenord_stammer(anv.losenord_hash if anv is not None else None, losenord)
    if anv is None or not anv.aktiv or not stammer:
        logga(db, anvandarnamn[:100], "misslyckad inloggning", detalj=f"adress {adress}")
        db.commit()
        return None, FEL_UPPGIFTER, 401
    return anv, None, 200


def saker_nasta(nasta: str | None) -> str:
    """Bara en relativ sökväg på samma webbplats (ingen öppen omdirigering)."""
    if not nasta or not nasta.startswith("/") or nasta.startswith("//") or "\\" in nasta:
        return "/"
    return nasta


def adress(request: Request) -> str:
    """Klientens adress (för begränsningen av inloggningsförsök)."""
    return request.client.host if request.client else "okänd"


@router.get("/logga-in", response_class=HTMLResponse)
def inloggningssida(request: Request, nasta: str = "/") -> Response:
    """Inloggningsformuläret med en CSRF-token i kakan och formuläret."""
    token = ny_token()
    svar = sida(request, "inloggning.html", inloggning_token=token, nasta=saker_nasta(nasta))
    _satt_fore_kaka(request, svar, token)
    return svar


def _satt_fore_kaka(request: Request, svar: Response, token: str) -> None:
    inst: Installningar = request.app.state.installningar
    svar.set_cookie(FORE_INLOGGNING_KAKA, token, httponly=True, samesite="strict",
                    secure=inst.saker_kaka, max_age=3600)  # fmt: skip


@router.post("/logga-in", response_class=HTMLResponse)
def logga_in_sida(
    request: Request,
    db: Db,
    anvandarnamn: str = Form(""),
    losenord: str = Form(""),
    csrf_token: str = Form(""),
    nasta: str = Form("/"),
) -> Response:
    """Kontrollerar uppgifterna och sätter sessionskakan (HttpOnly, SameSite=Lax, Secure
    bakom TLS)."""
    inst: Installningar = request.app.state.installningar
    nasta = saker_nasta(nasta)

    def nytt_formular(fel: str, status: int) -> Response:
        token = ny_token()
        svar = sida(request, "inloggning.html", status=status, fel=fel, inloggning_token=token,
                    nasta=nasta, anvandarnamn=anvandarnamn)  # fmt: skip
        _satt_fore_kaka(request, svar, token)
        return svar

    if not token_stammer(request.cookies.get(FORE_INLOGGNING_KAKA), csrf_token):
        return nytt_formular("Formuläret har gått ut. Försök igen.", 403)
    anv, fel, status = forsok_logga_in(db, anvandarnamn, losenord, adress(request), inst)
    if anv is None:
        return nytt_formular(fel or FEL_UPPGIFTER, status)
    token, _ = logga_in(db, anv, dt.timedelta(hours=inst.sessionstid_timmar))
    logga(db, anv.anvandarnamn, "inloggning", kommunkod=anv.kommunkod)
    db.commit()
    svar = RedirectResponse(nasta, status_code=303)
    svar.set_cookie(SESSIONSKAKA, token, httponly=True, samesite="lax", secure=inst.saker_kaka,
                    max_age=inst.sessionstid_timmar * 3600, path="/")  # fmt: skip
    svar.delete_cookie(FORE_INLOGGNING_KAKA)
    return svar


@router.post("/logga-ut")
def logga_ut_sida(request: Request, db: Db, inl: Inloggning) -> Response:
    """Tar bort sessionen i databasen och kakan."""
    logga_ut(db, request.cookies.get(SESSIONSKAKA))
    logga(db, inl.anvandare.anvandarnamn, "utloggning", kommunkod=inl.anvandare.kommunkod)
    db.commit()
    svar = RedirectResponse("/logga-in", status_code=303)
    svar.delete_cookie(SESSIONSKAKA, path="/")
    return svar


@router.get("/", response_class=HTMLResponse)
def start(request: Request, inl: Inloggning) -> Response:
    """Startsidan efter roll."""
    return sida(request, "start.html", inl)

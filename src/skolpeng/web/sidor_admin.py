"""Administration: användarna (bara administratören) och granskningsloggen.

Rutter:

- ``GET /anvandare`` – användarna och formuläret för en ny användare (administratören);
- ``POST /anvandare`` (fälten ``anvandarnamn``, ``namn``, ``losenord``, ``roll``,
  ``kommunkod``, ``skolenheter`` (kommaseparerade koder), ``huvudman_id``, ``csrf_token``) –
  skapar användaren med ``lagring.anvandare.skapa_anvandare``; alla problem visas på svenska
  och ingenting sparas när något är fel;
- ``POST /anvandare/{id}/inaktivera`` – användaren kan inte längre logga in (sessionerna
  slutar gälla; raden finns kvar för loggens skull); ``POST /anvandare/{id}/aktivera``
  återställer den;
- ``POST /anvandare/{id}/losenord`` (fältet ``losenord``) – administratören sätter ett nytt
  lösenord; användarens sessioner slutar gälla;
- ``GET /logg`` – granskningsloggen, nyast först (administratören: allt; handläggare:
  kommunens rader).

Varje ändring loggas i samma transaktion.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from skolpeng.api import (
    ROLLER,
    Anvandare,
    IndataFel,
    Inloggning,
    byt_losenord,
    las_logg,
    logga,
    skapa_anvandare,
)
from skolpeng.web.behorighet import ar_admin
from skolpeng.web.beroenden import Administrator, Db, Handlaggare, Inloggad, neka_om
from skolpeng.web.mallar import sida

router = APIRouter()

Falt = Annotated[str, Form(max_length=400)]


def _anvandarsida(
    request: Request, inl: Inloggad, db: Session, status: int = 200, **innehall: object
) -> Response:
    """Användarlistan med formuläret (med ``problem`` och ifyllda ``varden`` vid fel)."""
    alla = list(db.scalars(select(Anvandare).order_by(Anvandare.anvandarnamn)))
    return sida(request, "anvandare.html", inl, status=status, alla=alla, roller=ROLLER,
                **{"problem": [], "varden": {}, "losenordsfel": [], **innehall})  # fmt: skip


@router.get("/anvandare", response_class=HTMLResponse)
def anvandarlista(request: Request, inl: Administrator, db: Db) -> Response:
    """Alla användare och formuläret för en ny."""
    return _anvandarsida(request, inl, db)


@router.post("/anvandare")
def ny_anvandare(
    request: Request,
    inl: Administrator,
    db: Db,
    anvandarnamn: Falt = "",
    namn: Falt = "",
    losenord: Falt = "",
    roll: Falt = "",
    kommunkod: Falt = "",
    skolenheter: Falt = "",
    huvudman_id: Falt = "",
) -> Response:
    """Skapar användaren och loggar det; vid fel visas alla problem (status 400)."""
    varden = {"anvandarnamn": anvandarnamn, "namn": namn, "roll": roll,
              "kommunkod": kommunkod, "skolenheter": skolenheter, "huvudman_id": huvudman_id}  # fmt: skip
    enheter = [e.strip() for e in skolenheter.replace(";", ",").split(",") if e.strip()]
    try:
        ny = skapa_anvandare(db, anvandarnamn.strip(), namn.strip(), losenord, roll,
                             kommunkod.strip() or None, enheter,
                             huvudman_id.strip() or None)  # fmt: skip
    except IndataFel as fel:
        db.rollback()
        problem = [str(p) for p in fel.problem]
        return _anvandarsida(request, inl, db, 400, problem=problem, varden=varden)
    logga(db, inl.anvandare.anvandarnamn, "skapade användare", f"användare {ny.anvandarnamn}",
          f"roll {ny.roll}", ny.kommunkod)  # fmt: skip
    db.commit()
    return RedirectResponse("/anvandare", status_code=303)


@router.post("/anvandare/{anvandare_id}/inaktivera")
def inaktivera(anvandare_id: int, inl: Administrator, db: Db) -> Response:
    """Inaktiverar användaren (inte sig själv) och loggar det."""
    anv = db.get(Anvandare, anvandare_id)
    neka_om(anv is None)
    assert anv is not None
    if anv.id == inl.anvandare.id:
        raise HTTPException(400, "Du kan inte inaktivera ditt eget konto.")
    anv.aktiv = False
    db.execute(delete(Inloggning).where(Inloggning.anvandare_id == anv.id))
    logga(db, inl.anvandare.anvandarnamn, "inaktiverade användare",
          f"användare {anv.anvandarnamn}", "", anv.kommunkod)  # fmt: skip
    db.commit()
    return RedirectResponse("/anvandare", status_code=303)


@router.post("/anvandare/{anvandare_id}/aktivera")
def aktivera(anvandare_id: int, inl: Administrator, db: Db) -> Response:
    """Återaktiverar en inaktiverad användare och loggar det."""
    anv = db.get(Anvandare, anvandare_id)
    neka_om(anv is None)
    assert anv is not None
    anv.aktiv = True
    logga(db, inl.anvandare.anvandarnamn, "återaktiverade användare",
          f"användare {anv.anvandarnamn}", "", anv.kommunkod)  # fmt: skip
    db.commit()
    return RedirectResponse("/anvandare", status_code=303)


@router.post("/anvandare/{anvandare_id}/losenord")
def nytt_losenord(
    request: Request, anvandare_id: int, inl: Administrator, db: Db, losenord: Falt = ""
) -> Response:
    """Sätter ett nytt lösenord (användarens sessioner slutar gälla) och loggar det."""
    anv = db.get(Anvandare, anvandare_id)
    neka_om(anv is None)
    assert anv is not None
    try:
        byt_losenord(db, anv, losenord)
    except IndataFel as fel:
        db.rollback()
        problem = [f"{anv.anvandarnamn}: {p}" for p in fel.problem]
        return _anvandarsida(request, inl, db, 400, losenordsfel=problem)
    logga(db, inl.anvandare.anvandarnamn, "satte nytt lösenord",
          f"användare {anv.anvandarnamn}", "", anv.kommunkod)  # fmt: skip
    db.commit()
    return RedirectResponse("/anvandare", status_code=303)


@router.get("/logg", response_class=HTMLResponse)
def logg(request: Request, inl: Handlaggare, db: Db) -> Response:
    """Granskningsloggen, nyast först (handläggare ser bara sin kommuns rader)."""
    anv = inl.anvandare
    rader = las_logg(db, None if ar_admin(anv) else anv.kommunkod)
    return sida(request, "logg.html", inl, rader=rader)

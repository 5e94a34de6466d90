"""Begränsningen av misslyckade inloggningsförsök: ökande väntetider i stället för en spärr
som en angripare kan utlösa för någon annan.

In: databasen, användarnamnet, klientens adress och reglerna (``Begransning``). Ut:
``vantetid`` ger hur många sekunder som återstår innan ett nytt försök prövas (0 = pröva nu).

Tre räknare inom fönstret, var och en med sina fria försök och sedan en väntetid som
fördubblas för varje nytt misslyckat försök (``bas_s`` · 2^(n − fria), högst ``tak_s``):

- per användarnamn *och* adress: den som gissar på ett konto från en adress saktas ned
  först, medan kontots ägare från en annan adress inte märker något;
- per adress (alla konton): en adress som prövar många konton saktas ned, utan att andra
  användare från andra adresser påverkas;
- per användarnamn (alla adresser): gissningar från många adresser saktar ned kontot, men
  bara upp till ``tak_konto_s`` sekunder, så att ägaren aldrig stängs ute.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from skolpeng.lagring.tabeller import Inloggningsforsok, nu


@dataclass(frozen=True)
class Begransning:
    """Reglerna för misslyckade försök inom ``fonster`` (se modulens beskrivning)."""

    max_forsok: int = 5  # fria försök per användarnamn och adress
    fria_per_adress: int = 20
    fria_per_konto: int = 50
    bas_s: float = 1.0
    tak_s: float = 15 * 60.0
    tak_konto_s: float = 30.0
    fonster: dt.timedelta = dt.timedelta(minutes=15)


def notera_misslyckat(db: Session, anvandarnamn: str, adress: str) -> Inloggningsforsok:
    """Sparar ett försök (utan commit); ett lyckat försök tas bort igen vid inloggningen."""
    forsok = Inloggningsforsok(anvandarnamn=anvandarnamn[:100], adress=adress[:64], tid=nu())
    db.add(forsok)
    return forsok


def _vanta(tider: list[dt.datetime], fria: int, bas: float, tak: float, nu_: dt.datetime) -> float:
    """Sekunder kvar efter ``len(tider)`` tidigare försök (stigande tider)."""
    if len(tider) < fria:
        return 0.0
    vantan = min(bas * 2.0 ** (len(tider) - fria), tak)
    return max((tider[-1] + dt.timedelta(seconds=vantan) - nu_).total_seconds(), 0.0)


def vantetid(db: Session, forsok: Inloggningsforsok, regel: Begransning) -> float:
    """Sekunder som återstår innan försöket får prövas (0 = pröva lösenordet nu). Räknar de
    *tidigare* sparade försöken inom fönstret (lägre id): försöket självt är redan sparat
    innan det räknas, så av samtidiga försök prövas högst ``max_forsok`` utan väntan; ett
    försök som fick vänta tas bort (``glom_forsok``) och räknas inte."""
    nu_ = nu()
    rader = db.execute(
        select(Inloggningsforsok.anvandarnamn, Inloggningsforsok.adress, Inloggningsforsok.tid)
        .where(Inloggningsforsok.id < forsok.id, Inloggningsforsok.tid >= nu_ - regel.fonster)
        .where(
            (Inloggningsforsok.anvandarnamn == forsok.anvandarnamn)
            | (Inloggningsforsok.adress == forsok.adress)
        )  # fmt: skip
        .order_by(Inloggningsforsok.tid)
    ).all()
    par = [t for n, a, t in rader if n == forsok.anvandarnamn and a == forsok.adress]
    adress = [t for _, a, t in rader if a == forsok.adress]
    konto = [t for n, _, t in rader if n == forsok.anvandarnamn]
    return max(
        _vanta(par, regel.max_forsok, regel.bas_s, regel.tak_s, nu_),
        _vanta(adress, regel.fria_per_adress, regel.bas_s, regel.tak_s, nu_),
        _vanta(konto, regel.fria_per_konto, regel.bas_s, regel.tak_konto_s, nu_),
    )


def glom_forsok(db: Session, forsok: Inloggningsforsok) -> None:
    """Tar bort ett försök som inte prövades (det fick vänta), så att väntan inte förlängs
    av att någon fortsätter att försöka (utan commit)."""
    db.execute(delete(Inloggningsforsok).where(Inloggningsforsok.id == forsok.id))

"""Rektorernas redovisning av hur de riktade medlen använts och handläggarens uppföljning
. Behörigheten prövas för varje objekt; den som inte får se det får 404.

Adresser:

- ``GET /anvandning`` – rektorn: sina skolenheter per år med redovisningens status;
  handläggaren: kommunens år med beslut;
- ``GET /anvandning/{kommun}/{ar}/{kod}`` – enhetens redovisning: de riktade medlen ur årets
  beslut, formuläret (rektorn för enheten) eller den inskickade versionen, versionerna och
  handläggarens återlämning; ``POST`` samma adress (rektorn; ``handling`` = ``spara`` eller
  ``skicka``), ``POST …/aterlamna`` (handläggaren, ``kommentar``);
- ``GET /anvandning/{kommun}/{ar}`` – handläggarens översikt: vilka som redovisat, per
  kategori (tabell och diagram ``…/diagram.svg``), per enhet med index, riktade medel per
  elev och resultat; Excel i ``…/anvandning.xlsx``;
- ``GET``/``POST /anvandning/{kommun}/kategorier`` – kommunens kategorilista.

Varje steg skrivs i granskningsloggen i samma transaktion.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from skolpeng.api import (
    HUVUDMAN,
    PERSONNUMMER_FEL,
    STATUSTEXT,
    VERKSAMHET_TEXT,
    Anvandare,
    Beslut,
    Kategori,
    ar_med_beslut,
    innehaller_personnummer,
    kontrollera_redovisning,
    logga,
    nu,
    over_riktat,
    oversikt,
    riktat_underlag,
    svenskt_tal_text,
)
from skolpeng.api import anvandning_diagram_svg as diagram_svg
from skolpeng.api import lagring_anvandning as la
from skolpeng.api import skriv_anvandning_excel as skriv_excel
from skolpeng.web.anvandning_vy import MAX_KATEGORIER, falt_for_avvikelse, las_formular
from skolpeng.web.behorighet import ar_admin, far_hantera_kommun, far_se_enhet
from skolpeng.web.beroenden import Db, Inloggning, neka_om
from skolpeng.web.mallar import sida

router = APIRouter()


def _kontrollera_adress(kommunkod: str, ar: int, kod: str | None = None) -> None:
    neka_om(not (len(kommunkod) == 4 and kommunkod.isdigit()) or not 1900 <= ar <= 2200)
    neka_om(kod is not None and not (len(kod) == 8 and kod.isdigit()))


def _far_redovisa(anv: Anvandare, kommunkod: str, kod: str) -> bool:
    """Bara rektorn för enheten fyller i och skickar in redovisningen."""
    return anv.roll == "rektor" and anv.kommunkod == kommunkod and kod in anv.skolenheter


@router.get("/anvandning", response_class=HTMLResponse)
def start(request: Request, inl: Inloggning, db: Db) -> Response:
    """Rektorns enheter per år, eller handläggarens år (administratören: alla kommuner)."""
    anv = inl.anvandare
    rektor: list[dict[str, Any]] = []
    kommuner: list[tuple[str, list[int]]] = []
    if anv.roll == "rektor" and anv.kommunkod:
        for ar in ar_med_beslut(db, anv.kommunkod):
            u = riktat_underlag(db, anv.kommunkod, ar)
            for kod in sorted(anv.skolenheter):
                enhet = u.enhet(kod)
                if enhet is None:
                    continue
                r = la.aktuell(db, anv.kommunkod, kod, ar)
                rektor.append({"ar": ar, "kod": kod, "namn": enhet["namn"],
                               "riktat_kr": u.for_enhet(kod)[0],
                               "status": STATUSTEXT[r.status] if r else STATUSTEXT["ej_paborjad"]})  # fmt: skip
    elif anv.roll == "handlaggare" and anv.kommunkod:
        kommuner = [(anv.kommunkod, ar_med_beslut(db, anv.kommunkod))]
    elif ar_admin(anv):
        koder = sorted(db.scalars(select(Beslut.kommunkod).distinct()))
        kommuner = [(k, ar_med_beslut(db, k)) for k in koder]
    return sida(request, "anvandning_start.html", inl, rektor=rektor, kommuner=kommuner)


def _enhetssida(request: Request, inl: Any, db: Session, kommunkod: str, ar: int, kod: str,
                *, status: int = 200, varden: dict[str, str] | None = None,
                fel: dict[str, str] | None = None) -> Response:  # fmt: skip
    u = riktat_underlag(db, kommunkod, ar)
    enhet = u.enhet(kod)
    neka_om(enhet is None)
    riktat_kr, potter = u.for_enhet(kod)
    kategorier = la.kategorier_for(db, kommunkod)
    versioner = la.versioner(db, kommunkod, kod, ar)
    aktuell = versioner[0] if versioner else None
    redigerbar = _far_redovisa(inl.anvandare, kommunkod, kod) and (
        aktuell is None or aktuell.status != "inskickad"
    )
    if varden is None:
        varden = {}
        if aktuell is not None:
            pos = {k.namn: i for i, k in enumerate(kategorier)}
            for rad in aktuell.rader:
                if rad.kategori in pos:
                    i = pos[rad.kategori]
                    varden[f"belopp-{i}"] = svenskt_tal_text(rad.belopp_kr)
                    varden[f"arsarbetare-{i}"] = svenskt_tal_text(rad.arsarbetare)
                    varden[f"text-{i}"] = rad.text
            varden["forklaring"] = aktuell.forklaring
    return sida(request, "anvandning_enhet.html", inl, status=status, kommunkod=kommunkod,
                ar=ar, kod=kod, enhet=enhet, riktat_kr=riktat_kr, potter=potter,
                kategorier=kategorier, versioner=versioner, aktuell=aktuell,
                redigerbar=redigerbar, varden=varden, fel=fel or {}, STATUSTEXT=STATUSTEXT,
                HUVUDMAN=HUVUDMAN, VERKSAMHET_TEXT=VERKSAMHET_TEXT,
                far_aterlamna=far_hantera_kommun(inl.anvandare, kommunkod))  # fmt: skip


@router.get("/anvandning/{kommunkod}/kategorier", response_class=HTMLResponse)
def kategorisida(request: Request, kommunkod: str, inl: Inloggning, db: Db) -> Response:
    """Kommunens kategorilista (handläggaren och administratören)."""
    neka_om(not far_hantera_kommun(inl.anvandare, kommunkod))
    return sida(request, "anvandning_kategorier.html", inl, kommunkod=kommunkod,
                kategorier=la.kategorier_for(db, kommunkod), fel=[])  # fmt: skip


@router.post("/anvandning/{kommunkod}/kategorier")
async def spara_kategorier(request: Request, kommunkod: str, inl: Inloggning, db: Db) -> Response:
    """Listan ur formuläret: en kategori per rad i ``namn-<i>`` och ``forvantad-<i>``; tomma
    namn tas bort, en ny kategori i ``namn-ny``."""
    neka_om(not far_hantera_kommun(inl.anvandare, kommunkod))
    form = await request.form()
    lista: list[Kategori] = []
    fel: list[str] = []
    for i in range(la_max := MAX_KATEGORIER):
        namn = str(form.get(f"namn-{i}", "")).strip()
        if namn and innehaller_personnummer(namn):
            fel.append(f"kategori {i + 1}: {PERSONNUMMER_FEL}")
        elif namn:
            lista.append(Kategori(namn[:200], form.get(f"forvantad-{i}") == "1"))
    ny = str(form.get("namn-ny", "")).strip()
    if ny:
        lista.append(Kategori(ny[:200], form.get("forvantad-ny") == "1"))
    namn = [k.namn for k in lista]
    if not lista:
        fel.append("listan måste ha minst en kategori")
    if len(set(namn)) != len(namn):
        fel.append("två kategorier har samma namn")
    if len(lista) > la_max:
        fel.append(f"högst {la_max} kategorier")
    if fel:
        return sida(request, "anvandning_kategorier.html", inl, status=400, kommunkod=kommunkod,
                    kategorier=lista or la.kategorier_for(db, kommunkod), fel=fel)  # fmt: skip
    la.spara_kategorier(db, kommunkod, lista, inl.anvandare.anvandarnamn)
    db.commit()
    return RedirectResponse(f"/anvandning/{kommunkod}/kategorier?sparat=1", status_code=303)


@router.get("/anvandning/{kommunkod}/{ar}", response_class=HTMLResponse)
def oversiktssida(request: Request, kommunkod: str, ar: int, inl: Inloggning, db: Db) -> Response:
    """Handläggarens översikt för kommunen och året."""
    _kontrollera_adress(kommunkod, ar)
    neka_om(not far_hantera_kommun(inl.anvandare, kommunkod))
    o = oversikt(db, kommunkod, ar)
    _, alt = diagram_svg(o.sammanstallning)
    return sida(request, "anvandning_oversikt.html", inl, kommunkod=kommunkod, ar=ar, o=o,
                enheter=o.enheter.to_dicts(), kategorirader=o.sammanstallning.per_kategori.to_dicts(),
                utanfor=o.enheter.filter(o.enheter["mest_utanfor"]).to_dicts(), alt=alt,
                STATUSTEXT=STATUSTEXT, HUVUDMAN=HUVUDMAN)  # fmt: skip


@router.get("/anvandning/{kommunkod}/{ar}/diagram.svg")
def diagrambild(kommunkod: str, ar: int, inl: Inloggning, db: Db) -> Response:
    """Diagrammet per kategori (samma behörighet som översikten)."""
    _kontrollera_adress(kommunkod, ar)
    neka_om(not far_hantera_kommun(inl.anvandare, kommunkod))
    svg, _ = diagram_svg(oversikt(db, kommunkod, ar).sammanstallning)
    return Response(svg, media_type="image/svg+xml")


@router.get("/anvandning/{kommunkod}/{ar}/anvandning.xlsx")
def excel(kommunkod: str, ar: int, inl: Inloggning, db: Db) -> Response:
    """Översikten som Excelbok (loggas)."""
    _kontrollera_adress(kommunkod, ar)
    neka_om(not far_hantera_kommun(inl.anvandare, kommunkod))
    o = oversikt(db, kommunkod, ar)
    with tempfile.TemporaryDirectory(prefix="skolpeng-xlsx-") as tmp:
        mal = Path(tmp) / "anvandning.xlsx"
        skriv_excel(mal, o.sammanstallning, o.enheter,
                    f"Användningen av de riktade medlen {ar}, kommun {kommunkod}", nu())  # fmt: skip
        data = mal.read_bytes()
    logga(db, inl.anvandare.anvandarnamn, "laddade ned användningen av riktade medel",
          f"kommun {kommunkod} {ar}", "Excel", kommunkod)  # fmt: skip
    db.commit()
    namn = f"riktade-medel-anvandning-{kommunkod}-{ar}.xlsx"
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{namn}"'})  # fmt: skip


@router.get("/anvandning/{kommunkod}/{ar}/{kod}", response_class=HTMLResponse)
def enhetssida(
    request: Request, kommunkod: str, ar: int, kod: str, inl: Inloggning, db: Db
) -> Response:
    """Enhetens redovisning för året (rektorn för enheten, kommunens handläggare)."""
    _kontrollera_adress(kommunkod, ar, kod)
    neka_om(not far_se_enhet(inl.anvandare, kommunkod, kod))
    return _enhetssida(request, inl, db, kommunkod, ar, kod)


@router.post("/anvandning/{kommunkod}/{ar}/{kod}")
async def spara(
    request: Request, kommunkod: str, ar: int, kod: str, inl: Inloggning, db: Db
) -> Response:
    """Rektorn sparar utkastet (``handling=spara``) eller skickar in (``handling=skicka``)."""
    _kontrollera_adress(kommunkod, ar, kod)
    neka_om(not _far_redovisa(inl.anvandare, kommunkod, kod))
    u = riktat_underlag(db, kommunkod, ar)
    neka_om(u.enhet(kod) is None)
    riktat_kr, potter = u.for_enhet(kod)
    kategorier = la.kategorier_for(db, kommunkod)
    form = await request.form()
    skicka = form.get("handling") == "skicka"
    rader, forklaring, varden, fel = las_formular(form, kategorier)
    for a in kontrollera_redovisning(rader, [k.namn for k in kategorier], riktat_kr, forklaring,
                                     skicka):  # fmt: skip
        fel.setdefault(falt_for_avvikelse(a.falt, rader, kategorier), a.meddelande)
    aktuell = la.aktuell(db, kommunkod, kod, ar)
    if aktuell is not None and aktuell.status == "inskickad":
        fel["handling"] = "redovisningen är redan inskickad och kan inte ändras"
    if fel:
        return _enhetssida(request, inl, db, kommunkod, ar, kod, status=400, varden=varden,
                           fel=fel)  # fmt: skip
    namn = inl.anvandare.anvandarnamn
    r = la.spara_utkast(db, kommunkod=kommunkod, kod=kod, ar=ar, rader=rader,
                        forklaring=forklaring, riktat_kr=riktat_kr, underlag=potter,
                        anvandare=namn)  # fmt: skip
    if skicka:
        la.skicka_in(db, r, namn)
    db.commit()
    nytt = "inskickad" if skicka else ("sparat-over" if over_riktat(rader, riktat_kr) else "sparat")
    return RedirectResponse(f"/anvandning/{kommunkod}/{ar}/{kod}?{nytt}=1", status_code=303)


@router.post("/anvandning/{kommunkod}/{ar}/{kod}/aterlamna")
async def aterlamna(
    request: Request, kommunkod: str, ar: int, kod: str, inl: Inloggning, db: Db
) -> Response:
    """Handläggaren lämnar tillbaka den inskickade versionen med en kommentar."""
    _kontrollera_adress(kommunkod, ar, kod)
    neka_om(not far_hantera_kommun(inl.anvandare, kommunkod))
    form = await request.form()
    kommentar = str(form.get("kommentar", "")).strip()[:2000]
    r = la.aktuell(db, kommunkod, kod, ar)
    neka_om(r is None)
    assert r is not None
    fel = {}
    if not kommentar:
        fel["kommentar"] = "skriv en kommentar till rektorn"
    elif innehaller_personnummer(kommentar):
        fel["kommentar"] = PERSONNUMMER_FEL
    elif r.status != "inskickad":
        fel["kommentar"] = "bara en inskickad redovisning kan lämnas tillbaka"
    if fel:
        return _enhetssida(request, inl, db, kommunkod, ar, kod, status=400, fel=fel)
    la.aterlamna(db, r, kommentar, inl.anvandare.anvandarnamn)
    db.commit()
    return RedirectResponse(f"/anvandning/{kommunkod}/{ar}/{kod}?aterlamnad=1", status_code=303)

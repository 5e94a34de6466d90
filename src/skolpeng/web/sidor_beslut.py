"""Beslut: fastställa årets fördelning, visa beslutet, ladda ned dess filer och besluten om
bidrag (PDF), och rektorernas och huvudmännens sida "Mina dokument".

Rutter (behörigheten prövas för varje objekt; den som inte får se ett objekt får 404):

- ``GET /beslut`` – besluten användaren får se (handläggare: kommunens, administratör: alla);
- ``GET /beslut/ny?scenario_id=`` eller ``?modell_id=`` – bekräftelsesidan;
- ``POST /beslut`` (fälten ``scenario_id`` eller ``modell_id``, ``namn``, ``csrf_token``) –
  fryser beslutet (``web.beslut_frysning.frys_beslut``) och skickar till ``/beslut/{id}``;
- ``GET /beslut/{id}`` – beslutet med hashkontroll, filer, enheter och bidrag;
- ``GET /beslut/{id}/filer/{filnamn}`` – en lagrad fil (namnet slås upp bland de lagrade);
- ``GET /beslut/{id}/bidrag/{huvudman_id}.pdf`` – beslutet om bidrag som PDF;
- ``GET /mina`` – rektorns redovisningar respektive huvudmannens beslut om bidrag.

Frysningar och nedladdningar loggas i granskningsloggen.
"""

from __future__ import annotations

import mimetypes
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from skolpeng.api import (
    Beslut,
    Beslutsfil,
    IndataFel,
    Modell,
    Problem,
    Scenario,
    logga,
    svensk_sortering,
)
from skolpeng.api import lagrade_beslut as lb
from skolpeng.web.behoriga_objekt import synliga_dataset
from skolpeng.web.behorighet import ar_admin, far_hantera_kommun, far_se_bidragsbeslut
from skolpeng.web.beroenden import Db, Handlaggare, Inloggad, Inloggning, neka_om
from skolpeng.web.mallar import sida

router = APIRouter()


def _hamta_beslut(db: Session, beslut_id: int) -> Beslut:
    """Beslutet eller 404."""
    b = db.get(Beslut, beslut_id)
    neka_om(b is None)
    assert b is not None
    return b


def _kalla(
    db: Session, inl: Inloggad, scenario_id: int | None, modell_id: int | None
) -> tuple[Modell, Scenario | None]:
    """Modellen (och scenariot) som ska fastställas; 404 om användaren inte får hantera
    modellens kommun eller objektet inte finns."""
    scenario = db.get(Scenario, scenario_id) if scenario_id is not None else None
    modell = scenario.modell if scenario is not None else (
        db.get(Modell, modell_id) if modell_id is not None else None
    )  # fmt: skip
    neka_om(modell is None or (scenario_id is not None and scenario is None))
    assert modell is not None
    neka_om(not far_hantera_kommun(inl.anvandare, modell.kommunkod))
    return modell, scenario


def _kontrollera_kommun(text: str, modell: Modell) -> None:
    """Modellfilens kommunkod måste vara modellens kommun (annars kunde en handläggare
    fastställa ett beslut för en annan kommun genom att ändra texten)."""
    from skolpeng.web.korning import las_webbmodell

    m = las_webbmodell(text)
    if m.kommunkod != modell.kommunkod:
        raise IndataFel([Problem("modell.yaml", f"kommunkod {m.kommunkod} i modellfilen stämmer "
                                 f"inte med modellens kommun {modell.kommunkod}")])  # fmt: skip


@router.get("/beslut", response_class=HTMLResponse)
def beslutslista(request: Request, inl: Handlaggare, db: Db) -> Response:
    """Besluten användaren får se, nyast först."""
    anv = inl.anvandare
    besluten = lb.beslut_for(db, None if ar_admin(anv) else anv.kommunkod)
    return sida(request, "beslut_lista.html", inl, besluten=besluten)


@router.get("/beslut/ny", response_class=HTMLResponse)
def nytt_beslut(
    request: Request, inl: Handlaggare, db: Db,
    scenario_id: int | None = None, modell_id: int | None = None,
) -> Response:  # fmt: skip
    """Bekräftelsesidan: vad som fastställs (modell, scenario, dataset, kommun, år)."""
    modell, scenario = _kalla(db, inl, scenario_id, modell_id)
    from skolpeng.web.korning import las_webbmodell

    text = scenario.text if scenario is not None else modell.text
    m = las_webbmodell(text)
    tidigare = lb.senaste_beslut(db, m.kommunkod, m.ar, m.verksamhet)
    from skolpeng.web.forberakning import forbered_beslut

    forbered_beslut(request.app.state, text, modell.id)
    forslag = f"{scenario.namn if scenario else modell.namn} – beslut {m.ar}"
    return sida(request, "beslut_ny.html", inl, modell=modell, scenario=scenario, m=m,
                tidigare=tidigare, forslag=forslag)  # fmt: skip


@router.post("/beslut")
def frys(
    request: Request,
    inl: Handlaggare,
    db: Db,
    namn: Annotated[str, Form(max_length=200)] = "",
    scenario_id: Annotated[int | None, Form()] = None,
    modell_id: Annotated[int | None, Form()] = None,
) -> Response:
    """Fastställer modellen eller scenariot som beslut (en transaktion) -> ``/beslut/{id}``."""
    from skolpeng.web.beslut_frysning import frys_beslut

    modell, scenario = _kalla(db, inl, scenario_id, modell_id)
    text = scenario.text if scenario is not None else modell.text
    _kontrollera_kommun(text, modell)
    namn = namn.strip() or (scenario.namn if scenario else modell.namn)
    b = frys_beslut(db, request.app.state, text, modell.dataset, namn,
                    inl.anvandare.anvandarnamn, modell_id=modell.id,
                    scenario_id=scenario.id if scenario else None)  # fmt: skip
    return RedirectResponse(f"/beslut/{b.id}", status_code=303)


@router.get("/beslut/{beslut_id}", response_class=HTMLResponse)
def visa_beslut(request: Request, beslut_id: int, inl: Handlaggare, db: Db) -> Response:
    """Beslutet: uppgifter, hashkontroll, filer, belopp per enhet och bidrag per huvudman."""
    b = _hamta_beslut(db, beslut_id)
    neka_om(not far_hantera_kommun(inl.anvandare, b.kommunkod))
    return beslutssida(request, db, inl, b)


def beslutssida(
    request: Request, db: Session, inl: Inloggad, b: Beslut, problem: list[str] | None = None,
    status: int = 200,
) -> Response:  # fmt: skip
    """Beslutets sida (med ``problem`` från återkallelsen, om några)."""
    import json

    manifest = json.loads(b.manifest) if b.manifest else {}
    manifest = manifest if isinstance(manifest, dict) else {}
    modell = manifest.get("modell")
    return sida(request, "beslut.html", inl, status=status, b=b, hash_ok=lb.kontrollera_hash(b),
                modellnamn=modell.get("namn", "") if isinstance(modell, dict) else "",
                dataset=manifest.get("dataset") or {}, enheter=lb.enhetssummor(b),
                huvudman=lb.bidrag_per_huvudman(b), problem=problem or [],
                far_aterkalla=ar_admin(inl.anvandare) and b.status == lb.GALLANDE,
                dataset_lista=synliga_dataset(db, inl.anvandare))  # fmt: skip


@router.get("/beslut/{beslut_id}/filer/{filnamn:path}")
def ladda_ned_fil(beslut_id: int, filnamn: str, inl: Handlaggare, db: Db) -> Response:
    """En av beslutets lagrade filer (bara handläggare i kommunen och administratören)."""
    b = _hamta_beslut(db, beslut_id)
    neka_om(not far_hantera_kommun(inl.anvandare, b.kommunkod))
    fil = lb.hitta_fil(b, filnamn)
    neka_om(fil is None)
    assert fil is not None
    logga(db, inl.anvandare.anvandarnamn, "laddade ned beslutsfil", f"beslut {b.id}",
          fil.filnamn, b.kommunkod)  # fmt: skip
    db.commit()
    typ = mimetypes.guess_type(fil.filnamn)[0] or "application/octet-stream"
    if typ.startswith("text/") or typ == "application/json":
        typ += "; charset=utf-8"
    kort = fil.filnamn.rsplit("/", 1)[-1]
    return Response(fil.innehall, media_type=typ,
                    headers={"Content-Disposition": f'attachment; filename="{kort}"'})  # fmt: skip


@router.get("/beslut/{beslut_id}/bidrag/{huvudman_id}.pdf")
def bidragsbeslut_pdf(beslut_id: int, huvudman_id: str, inl: Inloggning, db: Db) -> Response:
    """Beslutet om bidrag till huvudmannen som PDF (kommunens handläggare, administratören och
    huvudmannen själv; andra får 404). Varje nedladdning loggas."""
    b = db.get(Beslut, beslut_id)
    neka_om(b is None or not far_se_bidragsbeslut(inl.anvandare, b.kommunkod, huvudman_id))
    assert b is not None
    from skolpeng.web.pdfminne import minnesvard_bidrags_pdf

    pdf = minnesvard_bidrags_pdf(
        b.innehall_sha256, huvudman_id, lambda: lagrat_bidragsbeslut_pdf(b, huvudman_id)
    )
    neka_om(pdf is None)
    assert pdf is not None
    logga(db, inl.anvandare.anvandarnamn, "laddade ned beslut om bidrag", f"beslut {b.id}",
          f"huvudman {huvudman_id}", b.kommunkod)  # fmt: skip
    db.commit()
    namn = f"beslut-om-bidrag-{b.ar}-{lb.bidragsbeslutets_filnamn(huvudman_id)[7:-5]}.pdf"
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{namn}"'})  # fmt: skip


def _rektorns(db: Session, inl: Inloggad) -> list[dict[str, object]]:
    """Per beslut i rektorns kommun: rektorns enheter som har en redovisning i beslutet."""
    anv = inl.anvandare
    besluten = lb.beslut_for(db, anv.kommunkod) if anv.kommunkod else []
    ut = []
    for b in besluten:
        namn = {f"redovisning/{k}.html": k for k in anv.skolenheter}
        finns = db.scalars(select(Beslutsfil.filnamn).where(
            Beslutsfil.beslut_id == b.id, Beslutsfil.filnamn.in_(list(namn))))  # fmt: skip
        koder = [namn[f] for f in finns]
        if koder:
            skolnamn = lb.enhetsnamn(b)
            enheter = svensk_sortering(
                [{"kod": k, "namn": skolnamn.get(k, "")} for k in koder], lambda e: e["namn"]
            )
            ut.append({"beslut": b, "enheter": enheter})
    return ut


def _huvudmannens(db: Session, inl: Inloggad) -> list[Beslut]:
    """Besluten (i alla kommuner) som har ett beslut om bidrag till användarens huvudman."""
    hid = inl.anvandare.huvudman_id
    if not hid:
        return []
    fraga = (
        select(Beslut)
        .join(Beslutsfil, Beslutsfil.beslut_id == Beslut.id)
        .where(Beslutsfil.filnamn == lb.bidragsbeslutets_filnamn(hid))
        .order_by(Beslut.id.desc())
    )
    return list(db.scalars(fraga))


@router.get("/mina", response_class=HTMLResponse)
def mina(request: Request, inl: Inloggning, db: Db) -> Response:
    """Rektorns redovisningar och huvudmannens beslut om bidrag (andra roller: hänvisning)."""
    roll = inl.anvandare.roll
    rektor = _rektorns(db, inl) if roll == "rektor" else []
    huvudman = _huvudmannens(db, inl) if roll == "huvudman" else []
    return sida(request, "mina.html", inl, rektor=rektor, huvudmannens=huvudman,
                huvudman_id=inl.anvandare.huvudman_id)  # fmt: skip


def lagrat_bidragsbeslut_pdf(beslut: Beslut, huvudman_id: str) -> bytes | None:
    """Beslutet om bidrag till huvudmannen som PDF, skapad ur den lagrade HTML-filen
    (``rapporter.pdf.html_till_pdf``); None när beslutet inte har någon sådan fil."""
    from skolpeng.api import html_till_pdf

    fil = lb.hitta_fil(beslut, lb.bidragsbeslutets_filnamn(huvudman_id))
    if fil is None:
        return None
    with tempfile.TemporaryDirectory(prefix="skolpeng-pdf-") as tmp:
        return html_till_pdf(fil.innehall.decode("utf-8"), Path(tmp) / "beslut.pdf").read_bytes()

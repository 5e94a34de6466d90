"""Dataset i webben: listan, uppladdningen (zip eller enstaka filer), versionssidan och
nedladdning av en lagrad fil.

In: formuläret (namn, beskrivning, kommun, filer) och lagrade datasetversioner. Ut: sidor;
en ny version sparas bara när hela uppladdningen är giltig (``web.uppladdning`` kontrollerar
filtyper, namn, zip-bomber och elevdata; ``lagring.dataset.spara_dataset`` hela docs/regler/dataformat.md),
annars visas alla problem på formuläret (400) och ingenting sparas.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from skolpeng.api import Anvandare, Datasetfil, IndataFel, Problem, logga
from skolpeng.api import lagrade_dataset as lagrad
from skolpeng.web.behoriga_objekt import hamta_dataset, synliga_dataset
from skolpeng.web.behorighet import ar_admin, far_hantera_kommun, far_se_dataset
from skolpeng.web.beroenden import Db, Handlaggare, Inloggad, neka_om
from skolpeng.web.installningar import Installningar
from skolpeng.web.korning import underlag_for
from skolpeng.web.mallar import sida
from skolpeng.web.uppladdning import Granser, tolka_uppladdning

router = APIRouter()

NAMNMONSTER = re.compile(r"^[A-Za-z0-9ÅÄÖåäö_-]{1,60}$")
MAX_BESKRIVNING = 2000
MAX_FILER = 30
MAX_FALT = 20
FORMULARET = "(formuläret)"
MEDIATYP = {
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def granser(inst: Installningar) -> Granser:
    """Uppladdningens gränser ur appens inställningar."""
    return Granser(inst.max_uppackat_bytes, inst.max_komprimeringsgrad, inst.max_filer_i_zip)


def formularproblem(
    anv: Anvandare, namn: str, beskrivning: str, kommunval: str
) -> tuple[str | None, list[Problem]]:
    """Formulärets fält -> (datasetets kommunkod, problem). Handläggarens dataset får alltid
    handläggarens kommun; administratören väljer en kommunkod eller tomt (gemensamt)."""
    problem = []
    if not NAMNMONSTER.match(namn):
        problem.append(Problem(FORMULARET, "namnet ska vara 1–60 tecken: bokstäver, siffror, "
                                           "bindestreck och understreck"))  # fmt: skip
    if len(beskrivning) > MAX_BESKRIVNING:
        problem.append(Problem(FORMULARET, f"beskrivningen får vara högst {MAX_BESKRIVNING} "
                                           "tecken"))  # fmt: skip
    if not ar_admin(anv):
        return anv.kommunkod, problem
    if kommunval and not re.fullmatch(r"\d{4}", kommunval):
        problem.append(Problem(FORMULARET, "kommunkoden ska vara fyra siffror (eller tom för "
                                           "ett gemensamt dataset)"))  # fmt: skip
    return (kommunval or None), problem


def namnproblem(db: Session, anv: Anvandare, namn: str, kommunkod: str | None) -> list[Problem]:
    """Namnen är unika per kommun (``kommunkod`` None = de gemensamma, som alla ser): en ny
    version av ett befintligt namn kräver att användaren får hantera kommunen, och ett
    kommunens dataset får inte heta som ett gemensamt. En annan kommuns namn prövas aldrig,
    och avslöjas därför inte."""
    if kommunkod is not None and lagrad.versioner(db, namn, None):
        return [Problem(FORMULARET, f"namnet {namn!r} används redan av ett gemensamt dataset; "
                                    "välj ett annat namn")]  # fmt: skip
    if far_hantera_kommun(anv, kommunkod) or not lagrad.versioner(db, namn, kommunkod):
        return []
    return [Problem(FORMULARET, f"du får inte lägga till versioner av datasetet {namn!r}")]


def formularsida(
    request: Request, inl: Inloggad, status: int = 200, problem: list[Problem] | None = None,
    **falt: Any,
) -> Response:  # fmt: skip
    """Uppladdningsformuläret, med problemen (om några) och de ifyllda fälten."""
    inst: Installningar = request.app.state.installningar
    return sida(request, "dataset_ny.html", inl, status=status,
                problem=[str(p) for p in problem or []],
                max_mb=inst.max_uppladdning_bytes // 2**20,
                max_uppackat_mb=inst.max_uppackat_bytes // 2**20,
                max_filer_i_zip=inst.max_filer_i_zip,
                falt={"namn": "", "beskrivning": "", "kommunkod": "", **falt})  # fmt: skip


@router.get("/dataset", response_class=HTMLResponse)
def lista(request: Request, db: Db, inl: Handlaggare) -> Response:
    """Alla datasetversioner som användaren får se."""
    return sida(request, "dataset_lista.html", inl, dataset=synliga_dataset(db, inl.anvandare),
                antal_filer=lagrad.antal_filer(db))  # fmt: skip


@router.get("/dataset/ny", response_class=HTMLResponse)
def ny(request: Request, inl: Handlaggare) -> Response:
    """Formuläret för en ny uppladdning."""
    return formularsida(request, inl)


@router.post("/dataset", response_class=HTMLResponse)
async def ladda_upp(request: Request, db: Db, inl: Handlaggare) -> Response:
    """Tar emot formuläret: sparar en ny version och skickar till dess sida (303), eller
    visar formuläret med alla problem (400) utan att något sparas."""
    anv = inl.anvandare
    form = await request.form(max_files=MAX_FILER, max_fields=MAX_FALT)
    falt = {k: str(form.get(k) or "").strip() for k in ("namn", "beskrivning", "kommunkod")}
    kommunkod, problem = formularproblem(anv, falt["namn"], falt["beskrivning"], falt["kommunkod"])
    filer = [f for f in form.getlist("filer") if isinstance(f, UploadFile)]
    if len(filer) > MAX_FILER:
        problem.append(Problem(FORMULARET, f"högst {MAX_FILER} filer åt gången"))
    uppladdade = [(f.filename or "", await f.read()) for f in filer[:MAX_FILER]]
    inst: Installningar = request.app.state.installningar
    innehall: dict[str, bytes] = {}
    try:
        innehall = await run_in_threadpool(tolka_uppladdning, uppladdade, granser(inst))
    except IndataFel as e:
        problem += e.problem
    if not problem:
        problem = namnproblem(db, anv, falt["namn"], kommunkod)
    if not problem:
        try:
            ds = await run_in_threadpool(lagrad.spara_dataset, db, falt["namn"], innehall,
                                         anv.anvandarnamn, kommunkod, falt["beskrivning"])  # fmt: skip
            logga(db, anv.anvandarnamn, "laddade upp dataset", f"{ds.namn} v{ds.version}",
                  f"sha256 {ds.sha256}; filer: {', '.join(sorted(innehall))}", kommunkod)  # fmt: skip
            db.commit()
            return RedirectResponse(f"/dataset/{ds.id}", status_code=303)
        except IndataFel as e:
            db.rollback()
            problem = e.problem
        except IntegrityError:
            db.rollback()
            problem = [Problem(FORMULARET, "någon annan sparade samtidigt en version med samma "
                                           "namn; försök igen")]  # fmt: skip
    return formularsida(request, inl, 400, problem, **falt)


@router.get("/dataset/{dataset_id}", response_class=HTMLResponse)
def version(request: Request, db: Db, inl: Handlaggare, dataset_id: int) -> Response:
    """En version: filerna (SHA-256, storlek, rader), antal skolenheter och kommuner,
    inläsningens noteringar och länkar till föregående och nästa version."""
    ds = hamta_dataset(db, inl.anvandare, dataset_id)
    underlag = underlag_for(request.app.state, ds)
    rader = {}
    for namn, _sha, _storlek in lagrad.filuppgifter(db, ds.id):
        ram = underlag.tabell(namn.rsplit(".", 1)[0])
        rader[namn] = None if ram is None else ram.height
    alla = [v for v in lagrad.versioner(db, ds.namn, ds.kommunkod)
            if far_se_dataset(inl.anvandare, v.kommunkod)]  # fmt: skip
    plats = [v.id for v in alla].index(ds.id)
    return sida(request, "dataset_version.html", inl, ds=ds,
                filer=lagrad.filuppgifter(db, ds.id), rader=rader,
                antal_skolenheter=underlag.skolenheter.height,
                antal_kommuner=underlag.kommuner.height,
                antal_kommuner_med_enheter=underlag.skolenheter["kommunkod"].n_unique(),
                anteckningar=underlag.anteckningar,
                foregaende=alla[plats - 1] if plats > 0 else None,
                nasta=alla[plats + 1] if plats + 1 < len(alla) else None)  # fmt: skip


@router.get("/dataset/{dataset_id}/filer/{filnamn}")
def ladda_ned(db: Db, inl: Handlaggare, dataset_id: int, filnamn: str) -> Response:
    """En lagrad fil ur versionen (namnet slås upp i databasen; ingen sökväg byggs)."""
    ds = hamta_dataset(db, inl.anvandare, dataset_id)
    fil = db.scalar(
        select(Datasetfil).where(Datasetfil.dataset_id == ds.id, Datasetfil.filnamn == filnamn)
    )
    neka_om(fil is None)
    assert fil is not None
    logga(db, inl.anvandare.anvandarnamn, "laddade ned datasetfil",
          f"{ds.namn} v{ds.version}/{fil.filnamn}", kommunkod=ds.kommunkod)  # fmt: skip
    db.commit()
    andelse = fil.filnamn[fil.filnamn.rfind(".") :]
    return Response(
        fil.innehall,
        media_type=MEDIATYP.get(andelse, "application/octet-stream"),
        headers={"content-disposition": f'attachment; filename="{fil.filnamn}"'},
    )

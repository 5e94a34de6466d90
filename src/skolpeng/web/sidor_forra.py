"""Importera förra årets fördelning: utdatakatalogen från ``skolpeng fordela`` (som zip-fil)
sparas som ett beslut, så att årets scenarier och beslut jämförs med den (stabilitetsregler
och förändringens uppdelning, vattenfallet i redovisningen per skolenhet).

Rutter (handläggare och administratör; handläggaren bara för sin egen kommun):

- ``GET /beslut/importera`` – formuläret (zip-fil och datasetversion);
- ``POST /beslut/importera`` (fälten ``fil``, ``dataset_id``, ``csrf_token``) – packar upp
  bara filerna som ``fordelning.stabilitetsregler.forra_aret.las_forra_aret`` läser (plus ``manifest.json`` och
  ``bidrag.csv``) med ``web.uppladdning.packa_upp_urval``, läser dem som förra året i en
  tillfällig katalog och sparar dem som ett beslut (``lagring.beslut.spara_beslut``)
  för modellens kommun, år och verksamhet; skickar till ``/beslut/{id}`` (303). Fel: alla
  problem på formuläret (400), 403 för en annan kommuns fördelning; ingenting sparas.

Det sparade beslutet hittas sedan av ``lagring.beslut.forra_arets`` för nästa år.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from skolpeng.api import (
    EXTRA_KOLUMNER,
    KANDA_FILER,
    KOLUMNER,
    MANIFESTFIL,
    MODELLFIL,
    VERKSAMHET_TEXT,
    Beslut,
    Dataset,
    ForraAret,
    IndataFel,
    Problem,
    antal_csv_kolumner,
    csv_personnummer,
    kolumnproblem,
    las_forra_aret,
    logga,
    manifestproblem,
    nu,
    spara_beslut,
)
from skolpeng.web.behoriga_objekt import synliga_dataset
from skolpeng.web.behorighet import far_hantera_kommun, far_se_dataset
from skolpeng.web.beroenden import Db, Handlaggare, Inloggad
from skolpeng.web.installningar import Installningar
from skolpeng.web.korning import las_webbmodell
from skolpeng.web.mallar import sida
from skolpeng.web.sidor_dataset import granser
from skolpeng.web.uppladdning import (
    andelse,
    basnamn,
    csv_rubriker,
    csv_text,
    packa_upp_urval,
)

router = APIRouter()

FORMULARET = "(formuläret)"
#: Filerna som sparas: det ``las_forra_aret`` läser ur en katalog plus manifest och bidrag.
SPARADE_FILER: frozenset[str] = KANDA_FILER
MAX_NAMN = 120


def las_som_forra_aret(filer: dict[str, bytes]) -> ForraAret:
    """Filerna (namn ur ``SPARADE_FILER``) skrivna i en tillfällig katalog och lästa som förra
    årets utdatakatalog. ``IndataFel`` med alla problem (saknade filer, fel kolumner ...)."""
    with tempfile.TemporaryDirectory(prefix="skolpeng-import-") as tmp:
        for namn, data in filer.items():
            if namn in SPARADE_FILER:  # fasta namn: inget från användaren når filsystemet
                (Path(tmp) / namn).write_bytes(data)
        return las_forra_aret(Path(tmp))


def importfilproblem(namn: str, data: bytes) -> list[Problem]:
    """En fil i importen mot det strikta schemat för ``skolpeng fordela``s utdata
    (``fordelning.utdataschema``): CSV-filerna text med bara kommandots kolumner och inga
    personnummer, manifestet enligt sitt schema, modellfilen som webbens modeller och utan
    personnummer."""
    if namn == MANIFESTFIL:
        return manifestproblem(data)
    if namn == MODELLFIL:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return [Problem(MODELLFIL, "filen är inte text (UTF-8)")]
        try:
            las_webbmodell(
                text, MODELLFIL, visat=MODELLFIL
            )  # prövar också personnummer i modellens värden
        except IndataFel as e:
            return e.problem
        return []
    text = csv_text(data)
    if text is None:
        return [Problem(namn, "fel filtyp: en CSV-fil ska vara text (UTF-8 eller Windows-1252)")]
    bredd, hogst = antal_csv_kolumner(text), len(KOLUMNER[namn]) + EXTRA_KOLUMNER
    if bredd > hogst:
        return [Problem(namn, f"rubrikraden har {bredd} kolumner; filen har högst {hogst}", 1)]
    return kolumnproblem(namn, csv_rubriker(text)) or csv_personnummer(namn, text)


def tolka_import(filnamn: str, data: bytes, inst: Installningar) -> tuple[dict[str, bytes], Any]:
    """Zip-filen -> (de sparade filerna, förra årets modell). ``IndataFel`` med alla problem:
    zip-kontrollerna, elevdata i CSV-filerna, modellfilen och läsningen som förra året."""
    if andelse(filnamn) != ".zip":
        raise IndataFel([Problem(filnamn or "(namnlös fil)", "fel filtyp: välj en zip-fil")])
    g = granser(inst)
    filer = packa_upp_urval(filnamn, data, g, SPARADE_FILER)
    problem = [p for n, d in sorted(filer.items()) for p in importfilproblem(n, d)]
    if problem:
        raise IndataFel(problem)
    forra = las_som_forra_aret(filer)
    assert forra.modell is not None
    return filer, forra.modell


def formularsida(
    request: Request, db: Session, inl: Inloggad, status: int = 200,
    problem: list[Problem] | None = None, dataset_id: str = "",
) -> Response:  # fmt: skip
    """Formuläret med de synliga datasetversionerna och problemen (om några)."""
    inst: Installningar = request.app.state.installningar
    return sida(request, "beslut_importera.html", inl, status=status,
                problem=[str(p) for p in problem or []], dataset=synliga_dataset(db, inl.anvandare),
                valt_dataset=dataset_id, max_mb=inst.max_uppladdning_bytes // 2**20)  # fmt: skip


def _valt_dataset(db: Session, inl: Inloggad, varde: str) -> Dataset | None:
    """Datasetversionen i formuläret om den finns och användaren får se den."""
    ds = db.get(Dataset, int(varde)) if varde.isdigit() else None
    return ds if ds is not None and far_se_dataset(inl.anvandare, ds.kommunkod) else None


def spara_import(
    db: Session, inl: Inloggad, filer: dict[str, bytes], modell: Any, ds: Dataset, filnamn: str
) -> Beslut:
    """Sparar filerna som beslut för modellens kommun, år och verksamhet och loggar
    importen (flush, ingen commit)."""
    anv = inl.anvandare.anvandarnamn
    namn = f"Importerat: {basnamn(filnamn)}"[:MAX_NAMN]
    beslut = spara_beslut(db, filer, kommunkod=modell.kommunkod, ar=modell.ar,
                          verksamhet=modell.verksamhet, namn=namn,
                          modelltext=filer[MODELLFIL].decode("utf-8"), dataset_id=ds.id,
                          anvandare=anv, tid=nu().replace(microsecond=0))  # fmt: skip
    logga(db, anv, "importerade förra årets fördelning",
          f"beslut {beslut.id} ({modell.kommunkod} {modell.ar} "
          f"{VERKSAMHET_TEXT.get(modell.verksamhet, modell.verksamhet)})",
          f"{namn}; jämförs med dataset {ds.namn} v{ds.version}; filer: {', '.join(sorted(filer))}",
          modell.kommunkod)  # fmt: skip
    return beslut


@router.get("/beslut/importera", response_class=HTMLResponse)
def importera_formular(request: Request, db: Db, inl: Handlaggare) -> Response:
    """Formuläret för att importera förra årets fördelning."""
    return formularsida(request, db, inl)


@router.post("/beslut/importera", response_class=HTMLResponse)
async def importera(request: Request, db: Db, inl: Handlaggare) -> Response:
    """Tar emot zip-filen: sparar beslutet och skickar till dess sida (303), eller visar alla
    problem (400) utan att något sparas; 403 för en annan kommuns fördelning."""
    form = await request.form(max_files=2, max_fields=10)
    dataset_id = str(form.get("dataset_id") or "").strip()
    fil = form.get("fil")
    problem: list[Problem] = []
    ds = _valt_dataset(db, inl, dataset_id)
    if ds is None:
        problem.append(Problem(FORMULARET, "välj en datasetversion"))
    if not isinstance(fil, UploadFile) or not (fil.filename or "").strip():
        problem.append(Problem(FORMULARET, "ingen fil vald"))
        return formularsida(request, db, inl, 400, problem, dataset_id)
    filnamn, data = basnamn(fil.filename or ""), await fil.read()
    inst: Installningar = request.app.state.installningar
    try:
        filer, modell = await run_in_threadpool(tolka_import, filnamn, data, inst)
    except IndataFel as e:
        return formularsida(request, db, inl, 400, problem + e.problem, dataset_id)
    if not far_hantera_kommun(inl.anvandare, modell.kommunkod):
        raise HTTPException(403, f"Fördelningen gäller kommun {modell.kommunkod}; du får bara "
                                 "importera fördelningar för din egen kommun.")  # fmt: skip
    if problem or ds is None:
        return formularsida(request, db, inl, 400, problem, dataset_id)
    try:
        beslut = spara_import(db, inl, filer, modell, ds, filnamn)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return RedirectResponse(f"/beslut/{beslut.id}", status_code=303)

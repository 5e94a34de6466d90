"""Nästa år med förra årets beslut: från ett fastställt beslut skapas en modell för året efter
(samma modelltext med året ökat med ett) på den datasetversion handläggaren väljer (saknar den index för det nya året används beslutets index, och det står
i modelltexten och loggen). Den nya
modellens körningar, scenarier och redovisningar räknar då med beslutet som förra året
(``lagring.beslut.forra_arets``): förändringen, stabilitetsreglerna och vattenfallet.

Adress: ``POST /beslut/{id}/nasta-ar`` (fälten ``dataset_id``, ``csrf_token``) – kommunens
handläggare och administratören; andra får 404. Ut: ``/modeller/{ny}``. Modellen kontrolleras
med en körning innan den sparas; skapandet står i granskningsloggen.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from skolpeng.api import Beslut, Dataset, IndataFel, Modell, logga
from skolpeng.web.behorighet import far_hantera_kommun, far_se_dataset
from skolpeng.web.beroenden import Db, Handlaggare, neka_om
from skolpeng.web.korning import kor_text, las_webbmodell
from skolpeng.web.modellformular import las_yaml, skriv_yaml

router = APIRouter()


def nasta_ars_text(modelltext: str, ar: int, indexar: int | None = None) -> str:
    """Beslutets modelltext med året ``ar`` (och med ``indexar`` indexets år ``index.ar``)."""
    d = las_yaml(modelltext)
    d["ar"] = ar
    if indexar is not None and isinstance(d.get("index"), dict):
        d["index"]["ar"] = indexar
    return skriv_yaml(d)


def _kor_nasta(request: Request, db: Session, b: Beslut, m: Modell) -> tuple[str, str]:
    """Texten för nästa år som går att köra och en notering. Saknar datasetet index för
    nästa år används beslutets index (året står då i modelltexten, ``index.ar``, och i
    noteringen); andra fel visas som vanligt."""
    text = nasta_ars_text(b.modelltext, b.ar + 1)
    try:
        kor_text(request, db, text, m)
        return text, ""
    except IndataFel as fel:
        gammalt = las_webbmodell(b.modelltext)
        indexar = (gammalt.index.ar if gammalt.index else None) or b.ar
        reserv = nasta_ars_text(b.modelltext, b.ar + 1, indexar)
        try:
            kor_text(request, db, reserv, m)
        except IndataFel:
            raise fel from None
        return reserv, f"; datasetet saknar index för {b.ar + 1}, indexet för {indexar} används"


@router.post("/beslut/{beslut_id:int}/nasta-ar")
def nasta_ar(
    request: Request,
    beslut_id: int,
    inl: Handlaggare,
    db: Db,
    dataset_id: Annotated[int, Form()],
) -> Response:
    """Ny modell för året efter beslutets, på den valda datasetversionen."""
    b = db.get(Beslut, beslut_id)
    neka_om(b is None or not far_hantera_kommun(inl.anvandare, b.kommunkod))
    assert b is not None
    ds = db.get(Dataset, dataset_id)
    neka_om(ds is None or not far_se_dataset(inl.anvandare, ds.kommunkod))
    assert ds is not None
    m = Modell(
        namn=f"{b.namn} – {b.ar + 1}",
        kommunkod=b.kommunkod,
        text="",
        version=1,
        dataset_id=ds.id,
        andrad_av=inl.anvandare.anvandarnamn,
    )
    m.dataset = ds
    text, notering = _kor_nasta(request, db, b, m)
    m.text = text
    m.namn = f"{las_webbmodell(text).namn} ({b.ar + 1})"
    db.add(m)
    db.flush()
    logga(
        db,
        inl.anvandare.anvandarnamn,
        "skapade modell",
        f"modell {m.id}",
        f"för {b.ar + 1} ur beslut {b.id}, dataset {ds.namn} v{ds.version}{notering}",
        m.kommunkod,
    )
    db.commit()
    return RedirectResponse(f"/modeller/{m.id}", status_code=303)

"""Redovisningen per skolenhet i webben (docs/regler/fordelning-och-bidrag.md#redovisning; docs/webb.md): ur ett scenario och ur ett
fastställt beslut, med vattenfall från förra året, jämförelsen med normen och enhetens historik.

Adresser:

- ``GET /scenarier/{scenario_id}/enheter/{skolenhetskod}`` – kommunens handläggare och
  administratören (``far_hantera_kommun``);
- ``GET /beslut/{beslut_id}/enheter/{skolenhetskod}`` och ``….pdf`` – dessutom rektorn för
  enheten i beslutets kommun (``far_se_enhet``); alla andra får 404.

Varifrån redovisningen kommer (In -> Ut):

- Scenario: modelltexten + modellens datasetversion + förra årets senaste beslut
  (``lagring.beslut.forra_arets``) -> ``web.korning.kor_modell`` -> ``fordelning.redovisning_och_forandring.redovisning``.
- Beslut: beräkningen görs om ur beslutets modelltext, dess datasetversion och det beslut för
  året före som fanns när beslutet fastställdes (senaste löpnumret med lägre id), eftersom
  redovisningens struktur (potter, nycklar, förändringens delar, normjämförelse) inte kan
  läsas tillbaka ur de lagrade HTML-filerna. Beräkningen är deterministisk; som kontroll
  jämförs enhetens belopp med det lagrade ``fordelning.csv`` (``belopp_kr_avrundat``), och
  avviker det visas det fastställda beloppet med en varning. PDF:en görs däremot ur den
  lagrade ``redovisning/<kod>.html`` – exakt det dokument som fastställdes.
- Historiken läses ur varje beslut i kommunens lagrade ``fordelning.csv`` och
  ``underlag_elever.csv`` (ingen omräkning).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from skolpeng.api import (
    KOSTNADSSLAG_TEXT,
    NYCKEL_TEXT,
    VERKSAMHET_TEXT,
    Beslut,
    Fordelningskorning,
    elevtal,
    stadietext,
)
from skolpeng.web.behorighet import far_se_enhet
from skolpeng.web.beroenden import Db, Inloggning, neka_om
from skolpeng.web.diagrambilder import forandringens_steg
from skolpeng.web.diagrambilder import router as diagramrouter
from skolpeng.web.enhetens_kalla import (
    Kalla,
    _belopp_per_enhet,
    _beslutsfil,
    _elever_per_enhet,
    beslutet,
    beslutets_kalla,
    enhetens_redovisning,
    scenariots_kalla,
)
from skolpeng.web.mallar import sida

router = APIRouter()

SAKNAS_FORRA = "Förra årets beslut saknas; förändringen kan inte visas."


@dataclass(frozen=True)
class Historikrad:
    """Enhetens belopp i ett fastställt beslut."""

    beslut_id: int
    ar: int
    namn: str
    verksamhet: str
    belopp_kr: int
    elever: float | None
    kr_per_elev: float | None


def historik(db: Session, anv: Any, kommunkod: str, kod: str) -> list[Historikrad]:
    """Enhetens belopp och kr per elev i varje fastställt beslut i kommunen som användaren får
    se (nyast först), ur de lagrade filerna."""
    if not far_se_enhet(anv, kommunkod, kod):
        return []
    beslut = db.scalars(
        select(Beslut).where(Beslut.kommunkod == kommunkod)
        .order_by(Beslut.ar.desc(), Beslut.lopnummer.desc(), Beslut.id.desc())
    ).all()  # fmt: skip
    rader = []
    for b in beslut:
        fil = _beslutsfil(db, b.id, "fordelning.csv")
        belopp = _belopp_per_enhet(fil).get(kod) if fil is not None else None
        if belopp is None:
            continue
        elever = _elever_per_enhet(_beslutsfil(db, b.id, "underlag_elever.csv")).get(kod)
        per_elev = belopp / elever if elever else None
        rader.append(Historikrad(b.id, b.ar, b.namn, b.verksamhet, belopp, elever, per_elev))
    return rader


def normrader(korning: Fordelningskorning, kod: str) -> list[dict[str, Any]]:
    """Enhetens rader i jämförelsen med normen (``korning.normjamforelse``), per stadium och
    för alla stadier."""
    if korning.normjamforelse is None:
        return []
    df = korning.normjamforelse.filter(
        (pl.col("niva") == "skolenhet") & (pl.col("skolenhetskod") == kod)
    )
    return list(df.iter_rows(named=True))


def _enhetssida(request: Request, inl: Any, db: Session, kalla: Kalla, kod: str) -> HTMLResponse:
    red = enhetens_redovisning(kalla.korning, kod)
    neka_om(red is None)
    assert red is not None
    fastst = (kalla.faststallda_belopp or {}).get(kod) if kalla.beslut is not None else None
    return sida(
        request,
        "enhet.html",
        inl,
        red=red,
        kalla=kalla,
        steg=forandringens_steg(red),
        saknas_forra=SAKNAS_FORRA,
        forra_finns=kalla.korning.forra is not None,
        normrader=normrader(kalla.korning, kod),
        historik=historik(db, inl.anvandare, kalla.kommunkod, kod),
        avviker=fastst is not None and fastst != red.belopp_kr_avrundat,
        faststallt=fastst,
        bild_url=f"{kalla.bas_url}/enheter/{kod}/vattenfall.svg",
        pdf_url=f"{kalla.bas_url}/enheter/{kod}.pdf" if kalla.beslut is not None else None,
        stadietext=stadietext,
        elevtal=elevtal,
        NYCKEL_TEXT=NYCKEL_TEXT,
        KOSTNADSSLAG_TEXT=KOSTNADSSLAG_TEXT,
        VERKSAMHET_TEXT=VERKSAMHET_TEXT,
    )


@router.get("/scenarier/{scenario_id}/enheter/{kod}", response_class=HTMLResponse)
def scenariots_enhet(
    request: Request, scenario_id: int, kod: str, inl: Inloggning, db: Db
) -> HTMLResponse:
    """Enhetens redovisning i scenariot (kommunens handläggare och administratören)."""
    kalla = scenariots_kalla(request, db, inl.anvandare, scenario_id)
    return _enhetssida(request, inl, db, kalla, kod)


@router.get("/beslut/{beslut_id}/enheter/{kod}.pdf")
def beslutets_enhet_pdf(beslut_id: int, kod: str, inl: Inloggning, db: Db) -> Response:
    """Den fastställda redovisningen som PDF, gjord ur beslutets lagrade HTML-fil
    (``redovisning/<kod>.html``). 503 med svensk förklaring när WeasyPrint saknas."""
    from skolpeng.api import html_till_pdf, logga, pdf_saknas

    b = beslutet(db, inl.anvandare, beslut_id, kod)
    html = _beslutsfil(db, b.id, f"redovisning/{kod}.html")
    neka_om(html is None)
    assert html is not None
    saknas = pdf_saknas()
    if saknas is not None:
        return Response(f"{saknas}. Redovisningen finns som webbsida.", status_code=503,
                        media_type="text/plain; charset=utf-8")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="skolpeng-pdf-") as tmp:
        mal = Path(tmp) / "redovisning.pdf"
        html_till_pdf(html.decode("utf-8"), mal)
        data = mal.read_bytes()
    logga(db, inl.anvandare.anvandarnamn, "laddade ned redovisning", f"beslut {b.id}",
          f"skolenhet {kod}", b.kommunkod)  # fmt: skip
    db.commit()
    return Response(
        data,
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="redovisning-{b.ar}-{kod}.pdf"'},
    )


@router.get("/beslut/{beslut_id}/enheter/{kod}", response_class=HTMLResponse)
def beslutets_enhet(
    request: Request, beslut_id: int, kod: str, inl: Inloggning, db: Db
) -> HTMLResponse:
    """Enhetens redovisning i ett fastställt beslut (handläggare, administratör och rektorn
    för enheten)."""
    b = beslutet(db, inl.anvandare, beslut_id, kod)
    return _enhetssida(request, inl, db, beslutets_kalla(request, db, b), kod)


router.include_router(diagramrouter)

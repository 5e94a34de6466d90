"""Redovisningen per skolenhet i webben (issue 5 punkt 4): ur ett scenario och ur ett
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

import hashlib
import io
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from skolpeng.fordelning.korning import Fordelningskorning
from skolpeng.fordelning.redovisning_och_forandring.redovisning import (
    Enhetsredovisning,
    redovisning,
)
from skolpeng.lagring.beslut import forra_ur_beslut
from skolpeng.lagring.tabeller import Beslut, Beslutsfil, Dataset
from skolpeng.minne import Minne
from skolpeng.rapporter.redovisning.html import (
    KOSTNADSSLAG_TEXT,
    NYCKEL_TEXT,
    VERKSAMHET_TEXT,
    elevtal,
    stadietext,
)
from skolpeng.web.behoriga_objekt import hamta_scenario
from skolpeng.web.behorighet import far_se_enhet
from skolpeng.web.beroenden import Db, Inloggning, neka_om
from skolpeng.web.diagrambilder import forandringens_steg
from skolpeng.web.diagrambilder import router as diagramrouter
from skolpeng.web.korning import kor_modell, las_webbmodell
from skolpeng.web.mallar import sida

router = APIRouter()

KOD = re.compile(r"^\d{8}$")
SAKNAS_FORRA = "Förra årets beslut saknas; förändringen kan inte visas."


_KORNINGAR = Minne(8)


@dataclass(frozen=True)
class Kalla:
    """Varifrån redovisningen kommer: körningen, kommunen, rubriken och beslutet (None för
    ett scenario) med beslutets belopp per enhet ur ``fordelning.csv``."""

    korning: Fordelningskorning
    kommunkod: str
    beskrivning: str
    bas_url: str
    beslut: Beslut | None = None
    faststallda_belopp: dict[str, int] | None = None


def _kor(tillstand: Any, nyckel: tuple[Any, ...], text: str, ds: Dataset, forra: Any) -> Any:
    """Körningen för modelltexten på datasetet med förra året (ur minnet om den finns)."""
    return _KORNINGAR.hamta(
        nyckel, lambda: kor_modell(tillstand, las_webbmodell(text), ds, forra())
    )


def scenariots_kalla(request: Request, db: Session, anv: Any, scenario_id: int) -> Kalla:
    """Scenariot -> körningen (404 om scenariot saknas eller användaren inte får hantera
    kommunen). Förra året = kommunens senaste beslut för året före modellens år."""
    sc = hamta_scenario(db, anv, scenario_id)
    modell = las_webbmodell(sc.text)
    forra_beslut = _forra_beslut(db, sc.modell.kommunkod, modell.ar, modell.verksamhet, None)
    nyckel = ("scenario", hashlib.sha256(sc.text.encode()).hexdigest(), sc.modell.dataset_id,
              forra_beslut.id if forra_beslut else None)  # fmt: skip
    korning = _kor(request.app.state, nyckel, sc.text, sc.modell.dataset,
                   lambda: forra_ur_beslut(forra_beslut) if forra_beslut else None)  # fmt: skip
    return Kalla(korning, sc.modell.kommunkod, f"Scenario ”{sc.namn}” (modell ”{sc.modell.namn}”)",
                 f"/scenarier/{sc.id}")  # fmt: skip


def _forra_beslut(
    db: Session, kommunkod: str, ar: int, verksamhet: str, fore_id: int | None
) -> Beslut | None:
    """Kommunens senaste beslut för året före ``ar`` (med ``fore_id``: bara beslut som
    fastställdes före det beslutet, dvs. med lägre id)."""
    fraga = select(Beslut).where(
        Beslut.kommunkod == kommunkod, Beslut.ar == ar - 1, Beslut.verksamhet == verksamhet
    )
    if fore_id is not None:
        fraga = fraga.where(Beslut.id < fore_id)
    return db.scalar(fraga.order_by(Beslut.lopnummer.desc(), Beslut.id.desc()).limit(1))


def beslutet(db: Session, anv: Any, beslut_id: int, kod: str) -> Beslut:
    """Beslutet när användaren får se enheten i det (annars 404)."""
    b = db.get(Beslut, beslut_id)
    neka_om(b is None or not KOD.match(kod) or not far_se_enhet(anv, b.kommunkod, kod))
    assert b is not None
    return b


def beslutets_kalla(request: Request, db: Session, b: Beslut) -> Kalla:
    """Beslutet -> körningen omgjord ur modelltexten, datasetet och förra årets beslut (se
    modulens beskrivning) och de fastställda beloppen ur beslutets ``fordelning.csv``."""
    modell = las_webbmodell(b.modelltext)
    forra_beslut = _forra_beslut(db, b.kommunkod, modell.ar, modell.verksamhet, b.id)
    ds = db.get(Dataset, b.dataset_id)
    assert ds is not None
    nyckel = ("beslut", b.id, forra_beslut.id if forra_beslut else None)
    korning = _kor(request.app.state, nyckel, b.modelltext, ds,
                   lambda: forra_ur_beslut(forra_beslut) if forra_beslut else None)  # fmt: skip
    fil = _beslutsfil(db, b.id, "fordelning.csv")
    belopp = _belopp_per_enhet(fil) if fil is not None else None
    return Kalla(korning, b.kommunkod, f"Fastställt beslut ”{b.namn}” ({b.ar}, löpnummer "
                 f"{b.lopnummer})", f"/beslut/{b.id}", b, belopp)  # fmt: skip


def _beslutsfil(db: Session, beslut_id: int, filnamn: str) -> bytes | None:
    """En lagrad fil i beslutet utan att läsa in de övriga."""
    return db.scalar(
        select(Beslutsfil.innehall).where(
            Beslutsfil.beslut_id == beslut_id, Beslutsfil.filnamn == filnamn
        )
    )


def _belopp_per_enhet(fordelning_csv: bytes) -> dict[str, int]:
    """Skolenhetskod -> Σ ``belopp_kr_avrundat`` i en lagrad ``fordelning.csv``."""
    df = pl.read_csv(io.BytesIO(fordelning_csv), infer_schema=False)
    summor = df.group_by("skolenhetskod").agg(
        pl.col("belopp_kr_avrundat").cast(pl.Float64).sum().round(0).cast(pl.Int64)
    )
    return dict(summor.iter_rows())


def _elever_per_enhet(elever_csv: bytes | None) -> dict[str, float]:
    """Skolenhetskod -> Σ ``antal`` i en lagrad ``underlag_elever.csv``."""
    if elever_csv is None:
        return {}
    df = pl.read_csv(io.BytesIO(elever_csv), infer_schema=False)
    return dict(
        df.group_by("skolenhetskod").agg(pl.col("antal").cast(pl.Float64).sum()).iter_rows()
    )


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


def enhetens_redovisning(korning: Fordelningskorning, kod: str) -> Enhetsredovisning | None:
    """Enhetens redovisning ur körningen (``fordelning.redovisning_och_forandring.redovisning``), None om enheten saknas."""
    enheter = korning.fordelning.enheter.filter(pl.col("skolenhetskod") == kod)
    if enheter.height == 0:
        return None
    forandring = korning.forandring.enheter if korning.forandring is not None else None
    fordelning = korning.fordelning
    alla = redovisning(replace(fordelning, enheter=enheter), forandring)
    return alla[0] if alla else None


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
    from skolpeng.lagring.logg import logga
    from skolpeng.rapporter.pdf import html_till_pdf, pdf_saknas

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

"""Varifrån en skolenhets redovisning kommer: ett scenario eller ett fastställt beslut, med körningen
(ur webbens minne) och beslutets fastställda belopp. Delas av enhetens sidor (``sidor_enhet``)
och diagrammen (``diagrambilder``).

In: databassessionen, användaren, scenariots eller beslutets id och skolenhetskoden. Ut:
``Kalla`` (404 när användaren inte får se enheten) och enhetens ``Enhetsredovisning``.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, replace
from typing import Any

import polars as pl
from fastapi import Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from skolpeng.api import (
    Beslut,
    Beslutsfil,
    Dataset,
    Enhetsredovisning,
    Fordelningskorning,
    Minne,
    avrundat_per_enhet,
    elever_per_enhet,
    forra_ur_beslut,
    redovisning,
)
from skolpeng.web.behoriga_objekt import hamta_scenario
from skolpeng.web.behorighet import far_se_enhet
from skolpeng.web.beroenden import neka_om
from skolpeng.web.korning import kor_modell, las_webbmodell

KOD = re.compile(r"^\d{8}$")


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
    return dict(avrundat_per_enhet(df).iter_rows())


def _elever_per_enhet(elever_csv: bytes | None) -> dict[str, float]:
    """Skolenhetskod -> Σ ``antal`` i en lagrad ``underlag_elever.csv``."""
    if elever_csv is None:
        return {}
    df = pl.read_csv(io.BytesIO(elever_csv), infer_schema=False)
    return dict(elever_per_enhet(df).iter_rows())


def enhetens_redovisning(korning: Fordelningskorning, kod: str) -> Enhetsredovisning | None:
    """Enhetens redovisning ur körningen (``fordelning.redovisning_och_forandring.redovisning``), None om enheten saknas."""
    enheter = korning.fordelning.enheter.filter(pl.col("skolenhetskod") == kod)
    if enheter.height == 0:
        return None
    forandring = korning.forandring.enheter if korning.forandring is not None else None
    fordelning = korning.fordelning
    alla = redovisning(replace(fordelning, enheter=enheter), forandring)
    return alla[0] if alla else None

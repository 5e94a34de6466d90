"""Diagram som bilder för webbsidorna (CSP: inga inbäddade skript eller stilar; sidorna visar
``<img src=… alt=…>`` och samma tal som tabell).

Adresser (samma behörighet som sidan diagrammet hör till):

- ``GET /scenarier/{scenario_id}/enheter/{kod}/vattenfall.svg`` och
  ``GET /beslut/{beslut_id}/enheter/{kod}/vattenfall.svg`` – förändringen från förra året
  (``rapporter.redovisning.vattenfall``: förra året → elever → index → parametrar
  (→ stabilitet) → i år, i hela kronor);
- ``GET /norm/simulering/diagram/{namn}.png?dataset=&ar=&variant=`` – simuleringens diagram
  (``rapporter.simulering.diagram``, samma som ``skolpeng simulera`` skriver).

In: objektets id och enhetens kod. Ut: bilden (SVG/PNG) eller 404. Routrarna tas med i
``sidor_enhet.router`` (appen tar med den).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from skolpeng.api import (
    DEL_TEXT,
    Enhetsredovisning,
    Minne,
    per_elev,
    publicerat_belopp,
    vattenfall,
    vattenfall_svg,
    vattenfall_text,
)
from skolpeng.web.beroenden import Db, Handlaggare, Inloggning, neka_om
from skolpeng.web.enhetens_kalla import (
    beslutet,
    beslutets_kalla,
    enhetens_redovisning,
    scenariots_kalla,
)

router = APIRouter()


_SIMULERINGSBILDER = Minne(16)
_CACHE = {"cache-control": "private, max-age=300"}


@dataclass(frozen=True)
class Steg:
    """En rad i vattenfallets tabell: etikett, belopp och belopp per elev (hela kronor)."""

    etikett: str
    belopp: int
    per_elev: int | None
    ar_del: bool


@dataclass(frozen=True)
class Forandringssteg:
    """Vattenfallets steg som tabell, textalternativet och summan av delarna."""

    rader: tuple[Steg, ...]
    alt: str
    andring: int
    delsumma: int


def forandringens_steg(red: Enhetsredovisning) -> Forandringssteg | None:
    """Enhetens förändring i hela kronor (``redovisning_vattenfall.vattenfall``) som tabellrader:
    förra året, varje del, förändringen och i år; None utan förändring."""
    f = red.forandring
    if f is None:
        return None
    v = vattenfall(f, publicerat_belopp(red))
    pe = per_elev(f)
    per = dict(pe.delar) if pe else {}
    rader = [Steg("Förra året", v.forra, pe.forra if pe else None, False)]
    rader += [Steg(f"Varav {DEL_TEXT[k]}", d, per.get(k), True) for k, d in v.delar]
    rader += [
        Steg("Förändring", v.andring, pe.andring if pe else None, False),
        Steg("I år", v.iar, pe.iar if pe else None, False),
    ]
    return Forandringssteg(tuple(rader), vattenfall_text(v), v.andring, sum(d for _, d in v.delar))


def _svg(red: Enhetsredovisning | None) -> Response:
    neka_om(red is None or red.forandring is None)
    assert red is not None and red.forandring is not None
    svg = vattenfall_svg(vattenfall(red.forandring, publicerat_belopp(red)))
    return Response(svg, media_type="image/svg+xml", headers=_CACHE)


@router.get("/scenarier/{scenario_id}/enheter/{kod}/vattenfall.svg")
def scenariots_vattenfall(
    request: Request, scenario_id: int, kod: str, inl: Inloggning, db: Db
) -> Response:
    """Vattenfallet för enheten i scenariot (som SVG)."""
    kalla = scenariots_kalla(request, db, inl.anvandare, scenario_id)
    return _svg(enhetens_redovisning(kalla.korning, kod))


@router.get("/beslut/{beslut_id}/enheter/{kod}/vattenfall.svg")
def beslutets_vattenfall(
    request: Request, beslut_id: int, kod: str, inl: Inloggning, db: Db
) -> Response:
    """Vattenfallet för enheten i beslutet (som SVG)."""
    b = beslutet(db, inl.anvandare, beslut_id, kod)
    return _svg(enhetens_redovisning(beslutets_kalla(request, db, b).korning, kod))


def simuleringsbild(dataset_id: int, ar: int, variant: str, namn: str, sim: Any) -> bytes | None:
    """Simuleringens diagram ``namn`` som PNG, ritat en gång per (datasetversion, år,
    variant, namn); None när diagrammet inte finns. Används av sidan och förvärmningen."""

    def rita() -> bytes | None:
        from skolpeng.api import diagram_png, simuleringsdiagram

        diagram = {d.namn: d for d in simuleringsdiagram(sim)}
        d = diagram.get(namn)
        return None if d is None else diagram_png(d.diagram, scale=1.5)

    return _SIMULERINGSBILDER.hamta((dataset_id, ar, variant, namn), rita)  # type: ignore[no-any-return]


@router.get("/norm/simulering/diagram/{namn}.png")
def simuleringsdiagram_bild(
    request: Request,
    namn: str,
    inl: Handlaggare,
    db: Db,
    dataset: int | None = None,
    ar: int = 2026,
    variant: str = "vagledande",
) -> Response:
    """Ett av simuleringens diagram som PNG (``spridning``, ``forandring_mot_utgangslage``,
    ``forandring_mot_index``, ``ar_till_full_effekt``)."""

    from skolpeng.web.sidor_norm import VARIANTER, simulering_for, valt_dataset

    # samma gränser som sidorna (sidor_norm._val): annars växer normens minne med varje värde
    neka_om(variant not in VARIANTER or not 2000 <= ar <= 2100)
    ds = valt_dataset(db, inl.anvandare, dataset)
    neka_om(ds is None)
    assert ds is not None
    sim, _problem = simulering_for(request.app.state, ds, ar, variant)
    neka_om(sim is None)
    png = simuleringsbild(ds.id, ar, variant, namn, sim)
    neka_om(png is None)
    return Response(png, media_type="image/png", headers=_CACHE)

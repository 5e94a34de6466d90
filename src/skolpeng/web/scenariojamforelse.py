"""Jämförelsen av upp till fyra scenarier sida vid sida: tabellerna och diagrammet.

In: scenariernas namn och körningar (``Fordelningskorning``). Ut: ``Jamforelse`` med raderna
som mallen ``scenario_jamfor.html`` visar, och diagrammet (SVG) över kr per elev per enhet.
Alla mått räknas i biblioteket (``skolpeng.fordelning.redovisning_och_forandring.scenariojamforelse``); här sätts de
bara ihop till tabeller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import polars as pl
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import select

from skolpeng.api import (
    Modell,
    Sammanfattning,
    Scenario,
    andring_per_enhet,
    enheter_sida_vid_sida,
    normavstand_per_enhet,
    per_huvudman,
)
from skolpeng.api import sammanfatta_scenariojamforelse as sammanfatta
from skolpeng.web.behorighet import ar_admin
from skolpeng.web.beroenden import Db, Handlaggare, Inloggad
from skolpeng.web.korning import kor_text
from skolpeng.web.mallar import sida

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from skolpeng.api import Fordelningskorning

router = APIRouter()
Idn = Annotated[list[int], Query(alias="id")]

#: Högst så många scenarier jämförs samtidigt.
MAX_SCENARIER = 4


@dataclass(frozen=True)
class Jamforelse:
    """Tabellerna i jämförelsen. ``enheter``: en rad per enhet med ``skolenhetskod, namn,
    huvudmannatyp, elever`` och per scenario i ``belopp_kr_i, kr_per_elev_i, skillnad_kr_i,
    skillnad_per_elev_i``; ``huvudman``: ``huvudman_id, huvudman_namn, huvudmannatyp`` och
    ``belopp_kr_i``; ``norm``: per enhet ``skolenhetskod, namn`` och ``skillnad_kr_i`` (per
    elev) samt ``skillnad_totalt_kr_i`` (None när något scenario saknar normjämförelsen)."""

    namn: list[str]
    sammanfattningar: list[Sammanfattning]
    enheter: list[dict[str, Any]]
    huvudman: list[dict[str, Any]]
    norm: list[dict[str, Any]] | None
    #: per scenario: årets belopp mot förra årets per skolenhet (``andring_per_enhet``)
    andring: tuple[pl.DataFrame, ...] = ()


def _huvudman_sida_vid_sida(korningar: list[Fordelningskorning]) -> pl.DataFrame:
    tabell: pl.DataFrame | None = None
    for i, k in enumerate(korningar):
        h = per_huvudman(k.fordelning).select(
            "huvudman_id",
            "huvudman_namn",
            "huvudmannatyp",
            pl.col("belopp_kr").alias(f"belopp_kr_{i}"),
        )
        if tabell is None:
            tabell = h
        else:
            tabell = tabell.join(h.drop("huvudman_namn", "huvudmannatyp"), on="huvudman_id",
                                 how="full", coalesce=True)  # fmt: skip
    assert tabell is not None
    return tabell.sort("belopp_kr_0", descending=True, nulls_last=True)


def _norm_sida_vid_sida(korningar: list[Fordelningskorning]) -> pl.DataFrame | None:
    tabell: pl.DataFrame | None = None
    for i, k in enumerate(korningar):
        n = normavstand_per_enhet(k.normjamforelse)
        if n is None:
            return None
        n = n.select("skolenhetskod", "namn", pl.col("skillnad_kr").alias(f"skillnad_kr_{i}"),
                     pl.col("skillnad_totalt_kr").alias(f"skillnad_totalt_kr_{i}"))  # fmt: skip
        tabell = n if tabell is None else tabell.join(n.drop("namn"), on="skolenhetskod",
                                                      how="full", coalesce=True)  # fmt: skip
    return tabell


def jamfor(
    namn: list[str], korningar: list[Fordelningskorning], beslutade: list[Any] | None = None
) -> Jamforelse:
    """Scenariernas namn och körningar (samma ordning; det första är jämförelsens bas) och
    per scenario förra årets beslutade belopp (``web.forra_belopp``; None = ur körningen)."""
    enheter = enheter_sida_vid_sida([k.fordelning.enheter for k in korningar])
    norm = _norm_sida_vid_sida(korningar)
    return Jamforelse(
        namn=namn,
        sammanfattningar=[sammanfatta(k) for k in korningar],
        enheter=enheter.to_dicts(),
        huvudman=_huvudman_sida_vid_sida(korningar).to_dicts(),
        norm=None if norm is None else norm.to_dicts(),
        andring=tuple(
            andring_per_enhet(k.fordelning, k.forra, b)
            for k, b in zip(korningar, beslutade or [None] * len(korningar), strict=True)
        ),
    )


def diagram_svg(j: Jamforelse) -> str:
    """Kr per elev per enhet (enheter med elever, ordnade efter det första scenariot) i varje
    scenario: punkter med färg och form per scenario. Ut: SVG-text."""
    import altair as alt

    from skolpeng.api import diagram_svg as till_svg

    rader = [r for r in j.enheter if (r.get("elever") or 0) > 0]
    rader.sort(key=lambda r: r.get("kr_per_elev_0") or 0)
    data = [
        {"ordning": nr, "enhet": r.get("namn") or r["skolenhetskod"], "scenario": s,
         "kr_per_elev": r.get(f"kr_per_elev_{i}")}
        for nr, r in enumerate(rader, 1)
        for i, s in enumerate(j.namn)
    ]  # fmt: skip
    diagram = (
        alt.Chart(alt.Data(values=data))
        .mark_point(filled=True, size=30, opacity=0.8)
        .encode(
            x=alt.X(
                "ordning:Q", title="Skolenheter ordnade efter kr per elev i det första scenariot"
            ),
            y=alt.Y(
                "kr_per_elev:Q",
                title="Kr per elev",
                scale=alt.Scale(zero=False),
                axis=alt.Axis(format=",.0f"),
            ),
            # en förklaring (färg och form i samma), under diagrammet, utan avkortade namn
            color=alt.Color(
                "scenario:N",
                title="Scenario",
                sort=j.namn,
                legend=alt.Legend(
                    orient="bottom", direction="vertical", labelLimit=0, symbolType="circle"
                ),
            ),
            shape=alt.Shape("scenario:N", sort=j.namn, legend=None),
            tooltip=["enhet:N", "scenario:N", alt.Tooltip("kr_per_elev:Q", format=",.0f")],
        )
        .properties(width=720, height=360, title="Kr per elev per skolenhet i scenarierna")
    )
    return till_svg(diagram)


def _anvandarens_scenarier(db: Session, inl: Inloggad) -> list[Scenario]:
    fraga = select(Scenario).join(Modell).order_by(Modell.namn, Scenario.namn)
    if not ar_admin(inl.anvandare):
        fraga = fraga.where(Modell.kommunkod == inl.anvandare.kommunkod)
    return list(db.scalars(fraga))


def _korda(request: Request, db: Session, inl: Inloggad, idn: list[int]) -> Jamforelse:
    """Scenarierna (behörighet per scenario, 404 annars) körda och jämförda."""
    from skolpeng.web.behoriga_objekt import hamta_scenario

    scenarier = [hamta_scenario(db, inl.anvandare, i) for i in idn]
    korningar = [kor_text(request, db, s.text, s.modell, med_bidrag=False)[1] for s in scenarier]
    from skolpeng.web.forra_belopp import beslutade_belopp

    beslutade = [beslutade_belopp(db, k) for k in korningar]
    return jamfor([s.namn for s in scenarier], korningar, beslutade)


@router.get("/scenarier/jamfor")
def jamfor_sida(request: Request, inl: Handlaggare, db: Db, idn: Idn = []) -> Response:  # noqa: B006
    """Utan id: väljaren. Med 1–4 id: jämförelsen. Fler än fyra: meddelande och väljaren."""
    idn = list(dict.fromkeys(idn))
    meddelande = None
    if len(idn) > MAX_SCENARIER:
        meddelande = (f"Du valde {len(idn)} scenarier; högst {MAX_SCENARIER} kan jämföras "
                      "samtidigt. Välj färre.")  # fmt: skip
    j = _korda(request, db, inl, idn) if idn and meddelande is None else None
    t_andring = t_andring_huvudman = None
    if j is not None:
        from skolpeng.web.tabeller import jamforelsens_andring, jamforelsens_andring_huvudman

        t_andring = jamforelsens_andring(j.namn, list(j.andring))
        t_andring_huvudman = jamforelsens_andring_huvudman(j.namn, list(j.andring))
    return sida(request, "scenario_jamfor.html", inl, status=400 if meddelande else 200,
                scenarier=_anvandarens_scenarier(db, inl), valda=idn, j=j,
                meddelande=meddelande, max_scenarier=MAX_SCENARIER, t_andring=t_andring,
                t_andring_huvudman=t_andring_huvudman,
                fraga="&".join(f"id={i}" for i in idn))  # fmt: skip


@router.get("/scenarier/jamfor/diagram.svg")
def jamfor_diagram(request: Request, inl: Handlaggare, db: Db, idn: Idn = []) -> Response:  # noqa: B006
    """Diagrammet över kr per elev per enhet i scenarierna (SVG)."""
    idn = list(dict.fromkeys(idn))
    if not 1 <= len(idn) <= MAX_SCENARIER:
        return Response(
            "Välj 1–4 scenarier.", status_code=400, media_type="text/plain; charset=utf-8"
        )
    from skolpeng.web.korningsminne import minnesvart_diagram

    j = _korda(request, db, inl, idn)
    svg = minnesvart_diagram(request.app.state, [j.namn, j.enheter], lambda: diagram_svg(j))
    return Response(svg, media_type="image/svg+xml")

"""Diagrammet över vinnare och förlorare: de skolenheter som ökar och minskar mest i kronor mot
förra året, i ett scenario eller i varje jämfört scenario (Vega-Lite via altair, SVG ritad på
servern som de andra diagrammen).

Adresser (kommunens handläggare och administratören; andra får 404):

- ``GET /scenarier/{id}/vinnare-och-forlorare.svg`` – det sparade scenariot;
- ``GET /scenarier/jamfor/vinnare-och-forlorare.svg?id=…`` – ett deldiagram per scenario.

In: ``andring_per_enhet`` per scenario. Ut: SVG. Utan förra årets belopp: ett diagram med en
text om att förra året saknas.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import Response

from skolpeng.api import andring_per_enhet
from skolpeng.web.behoriga_objekt import hamta_scenario
from skolpeng.web.beroenden import Db, Handlaggare, neka_om
from skolpeng.web.korning import kor_text
from skolpeng.web.scenariojamforelse import MAX_SCENARIER, Idn, _korda

router = APIRouter()

#: Så många enheter med störst ökning och störst minskning visas per scenario.
ANTAL = 10
SVG_TYP = "image/svg+xml"


def storst_andring(df: pl.DataFrame, antal: int = ANTAL) -> pl.DataFrame:
    """De ``antal`` enheter som ökar mest och de ``antal`` som minskar mest (i kronor), utan
    enheter där förra årets belopp saknas: ``namn, andring_kr``."""
    kanda = df.filter(pl.col("andring_kr").is_not_null())
    upp = kanda.filter(pl.col("andring_kr") > 0).sort("andring_kr", descending=True).head(antal)
    ned = kanda.filter(pl.col("andring_kr") < 0).sort("andring_kr").head(antal)
    return pl.concat([upp, ned]).select("namn", "skolenhetskod", "andring_kr")


def diagram_svg(ramar: list[pl.DataFrame], namn: list[str]) -> str:
    """Ett liggande stapeldiagram per scenario (ökning blå, minskning orange). Ut: SVG."""
    import altair as alt

    from skolpeng.api import diagram_svg as till_svg

    data: list[dict[str, Any]] = []
    for df, n in zip(ramar, namn, strict=True):
        for r in storst_andring(df).iter_rows(named=True):
            data.append(
                {
                    "scenario": n,
                    "enhet": f"{r['namn']} ({r['skolenhetskod']})",
                    "andring_kr": r["andring_kr"],
                    "riktning": "Ökning" if r["andring_kr"] > 0 else "Minskning",
                }
            )
    if not data:
        text = alt.Chart(
            alt.Data(values=[{"t": "Förra årets belopp saknas; ingen förändring att visa."}])
        )
        return till_svg(text.mark_text(size=14).encode(text="t:N").properties(width=500, height=60))
    bas = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X("andring_kr:Q", title="Förändring mot förra året (kr)"),
            y=alt.Y("enhet:N", title=None, sort="-x"),
            color=alt.Color(
                "riktning:N",
                title="Riktning",
                scale=alt.Scale(domain=["Ökning", "Minskning"], range=["#00508a", "#b35900"]),
            ),
            tooltip=["scenario:N", "enhet:N", "andring_kr:Q"],
        )
        .properties(width=420, height=alt.Step(16))
    )
    diagram = bas.facet(row=alt.Row("scenario:N", title=None, sort=namn)).resolve_scale(
        y="independent"
    )
    return till_svg(diagram.properties(title="Störst ökning och minskning mot förra året"))


@router.get("/scenarier/{scenario_id:int}/vinnare-och-forlorare.svg")
def scenariots_diagram(request: Request, scenario_id: int, inl: Handlaggare, db: Db) -> Response:
    """Diagrammet för det sparade scenariot."""
    s = hamta_scenario(db, inl.anvandare, scenario_id)
    _, korning = kor_text(request, db, s.text, s.modell, med_bidrag=False)
    from skolpeng.web.forra_belopp import beslutade_belopp

    df = andring_per_enhet(korning.fordelning, korning.forra, beslutade_belopp(db, korning))
    svg = diagram_svg([df], [s.namn])
    return Response(svg, media_type=SVG_TYP)


@router.get("/scenarier/jamfor/vinnare-och-forlorare.svg")
def jamforelsens_diagram(request: Request, inl: Handlaggare, db: Db, idn: Idn = []) -> Response:  # noqa: B006
    """Diagrammet för de jämförda scenarierna (ett deldiagram per scenario)."""
    idn = list(dict.fromkeys(idn))
    neka_om(not 1 <= len(idn) <= MAX_SCENARIER)
    j = _korda(request, db, inl, idn)
    return Response(diagram_svg(list(j.andring), j.namn), media_type=SVG_TYP)

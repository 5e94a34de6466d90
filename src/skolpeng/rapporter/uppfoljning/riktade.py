"""Rapporten för alla riktade medel per enhet (docs/regler/uppfoljning.md#riktade-medel; KPMG 2020 avsnitt 3.4.2 och 3.6.1).

In: ``RiktadeMedel``. Ut: en JSON-bar sammanfattning, diagrammen (``uppfoljning_diagram``) och
en svensk HTML-sida med diagrammen inbäddade som SVG med textbeskrivning. Ingen regellogik.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from skolpeng.rapporter.diagram import Diagram, diagramfigur
from skolpeng.rapporter.html import html_sida, ramtabell, rubrik, stycke
from skolpeng.rapporter.uppfoljning.diagram import UTFALLSNAMN, ladagram, linjediagram
from skolpeng.talformat import heltal, procent
from skolpeng.uppfoljning.riktade_medel import RiktadeMedel


def riktade_medel_sammanfattning(r: RiktadeMedel) -> dict[str, Any]:
    """JSON-bar sammanfattning: summorna och spridningen per år."""
    return {"per_ar": r.per_ar.to_dicts(), "antal_enheter_och_ar": r.per_enhet.height}


def riktade_medel_diagramlista(r: RiktadeMedel) -> list[Diagram]:
    """Lådagram över riktade medel per elev per år och, om resultat finns, det första
    utfallet mot riktade medel per elev (senaste året) med linje och R²."""
    ut = [
        ladagram(
            r.per_enhet,
            "riktat_kr_per_elev",
            "Riktade medel, kr per elev",
            "riktat_spridning",
            "Riktade medel per elev",
        )
    ]
    utfall = [u for u in UTFALLSNAMN if u in r.per_enhet.columns]
    if utfall:
        ar = int(r.per_enhet["ar"].max())
        u = utfall[0]
        d = r.per_enhet.filter(pl.col("ar") == ar).drop_nulls(u)
        if d.height >= 3:
            ut.append(
                linjediagram(
                    d,
                    "riktat_kr_per_elev",
                    u,
                    "Riktade medel, kr per elev",
                    UTFALLSNAMN[u],
                    f"riktat_{u}",
                    f"{UTFALLSNAMN[u]} mot riktade medel per elev {ar}",
                )
            )
    return ut


def riktade_medel_html(r: RiktadeMedel, diagram: list[Diagram], namn: dict[str, str]) -> str:
    """HTML-rapporten för alla riktade medel per enhet (KPMG 2020 avsnitt 3.6.1)."""
    ar = int(r.per_enhet["ar"].max())
    senast = (
        r.per_enhet.filter(pl.col("ar") == ar)
        .with_columns(namn=pl.col("skolenhetskod").replace_strict(namn, default=""))
        .sort("riktat_kr_per_elev", descending=True)
    )
    kolumner = {
        "skolenhetskod": "Skolenhet",
        "namn": "Namn",
        "elever": "Elever",
        "intakt_kr_per_elev": "Intäkt (kr/elev)",
        "riktat_kr_per_elev": "Riktat (kr/elev)",
        "riktat_kr": "Riktat (kr)",
        "riktad_andel": "Riktad andel",
    }
    # bara utfall med något värde (en kolumn med bara – gör tabellen bredare än sidan)
    kolumner |= {
        u: UTFALLSNAMN[u]
        for u in UTFALLSNAMN
        if u in senast.columns and senast[u].drop_nulls().len() > 0
    }
    fmt = {k: heltal for k in ("elever", "intakt_kr_per_elev", "riktat_kr_per_elev", "riktat_kr")}
    fmt |= {"riktad_andel": procent, "andel_alla_amnen": procent, "andel_behoriga": procent}
    delar = [
        stycke(
            "KPMG (2020, avsnitt 3.6.1) rekommenderar en samlad årlig analys av samtliga riktade "
            "medel till skolorna – kommunala tillägg och statsbidrag – bredvid resultaten. Här "
            "summeras alla potter markerade som riktade per enhet och år, i kronor, per elev och "
            "som andel av enhetens intäkt."
        ),
        ramtabell(
            r.per_ar,
            {
                "ar": "År",
                "antal_enheter": "Enheter",
                "riktat_kr": "Riktat (kr)",
                "riktad_andel": "Riktad andel",
                "min_riktat_kr_per_elev": "Minst (kr/elev)",
                "enhet_min": "Enhet",
                "max_riktat_kr_per_elev": "Störst (kr/elev)",
                "enhet_max": "Enhet",
            },
            "Riktade medel per år",
            {
                "riktat_kr": heltal,
                "riktad_andel": procent,
                "min_riktat_kr_per_elev": heltal,
                "max_riktat_kr_per_elev": heltal,
            },
        ),
        ramtabell(
            senast,
            kolumner,
            f"Riktade medel per enhet {ar} (störst per elev först)",
            fmt,
            textkolumner=(1,),
        ),
        rubrik("Diagram"),
        *(diagramfigur(d) for d in diagram),
    ]
    return html_sida("Alla riktade medel per enhet", delar)

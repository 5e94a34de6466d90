"""Rapporter för finansieringsanalyserna: träffsäkerhet och volatilitet (docs/regler/uppfoljning.md; SKL 2014
steg 7, KPMG 2020 avsnitt 3.4.2). Riktade medel: ``uppfoljning_rapport_riktade``.

In: analysernas resultat (``Traffsakerhet``, ``Volatilitet``) och
analysinställningarna. Ut: för varje analys en JSON-bar sammanfattning, diagrammen
(``uppfoljning_diagram``) och en svensk HTML-sida med diagrammen inbäddade som SVG, vart och
ett med textbeskrivning. Ingen regellogik.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from skolpeng.rapporter.diagram import Diagram, diagramfigur
from skolpeng.rapporter.html import cell, html_sida, ramtabell, rubrik, stycke
from skolpeng.rapporter.uppfoljning.diagram import (
    FAKTORNAMN,
    UTFALLSNAMN,
    forandringsdiagram,
    ladagram,
    linjediagram,
    utfall_mot_index,
    vattenfall,
)
from skolpeng.talformat import decimal, heltal, procent
from skolpeng.uppfoljning.indata import Analysinstallningar
from skolpeng.uppfoljning.traffsakerhet import OVER, UNDER, Traffsakerhet
from skolpeng.uppfoljning.volatilitet import Volatilitet


def _utan_nollkolumn(kolumner: dict[str, str], ram: pl.DataFrame, kol: str) -> dict[str, str]:
    """Kolumnerna utan ``kol`` när den saknas eller bara har nollor (t.ex. stabiliteten när
    uppdelningen inte har någon)."""
    if kol in ram.columns and ram.height and bool((ram[kol].fill_null(0.0) != 0).any()):
        return kolumner
    return {k: v for k, v in kolumner.items() if k != kol}


DRIVKRAFTNAMN = {
    "elever": "elever (antal och stadiemix)",
    "index": "index",
    "parametrar": "modellens parametrar",
    "stabilitet": "stabilitetsregler",
}


# --- Träffsäkerhet -----------------------------------------------------------------------


def traffsakerhet_sammanfattning(t: Traffsakerhet) -> dict[str, Any]:
    """JSON-bar sammanfattning: förklaringsgrad per utfall och år, de flaggade enheterna per
    år och graden av omfördelning."""
    flaggade = (
        t.kompensation.filter(pl.col("bedomning") != "")
        if t.kompensation.height
        else t.kompensation
    )
    return {
        "forklaringsgrad": t.forklaringsgrad.to_dicts(),
        "flaggade": flaggade.select(
            "utfall", "ar", "skolenhetskod", "bedomning", "styrka"
        ).to_dicts()
        if flaggade.height
        else [],
        "omfordelning": t.omfordelning.to_dicts(),
    }


def traffsakerhet_diagramlista(t: Traffsakerhet, enhetsbelopp: pl.DataFrame) -> list[Diagram]:
    """Utfallet mot indexet (senaste året, flaggade enheter markerade), totalen per elev mot
    indexet, och lådagrammet över totalen per elev per år."""
    ut = []
    k = t.kompensation
    if k.height:
        ar = int(k["ar"].max())
        senast = k.filter(pl.col("ar") == ar).with_columns(
            pl.when(pl.col("bedomning") == "")
            .then(pl.lit("övriga"))
            .otherwise(pl.col("bedomning"))
            .alias("grupp")
        )
        for u in senast["utfall"].unique(maintain_order=True).to_list():
            ut.append(utfall_mot_index(senast.filter(pl.col("utfall") == u), u, ar, "grupp"))
        d = senast.filter(pl.col("utfall") == senast["utfall"][0])
        ut.append(
            linjediagram(
                d,
                "index",
                "total_kr_per_elev",
                "Index",
                "Kronor per elev",
                "finansiering_index",
                f"Total per elev mot index {ar}",
                "grupp",
                "elever",
            )
        )
    ut.append(
        ladagram(
            enhetsbelopp,
            "total_kr_per_elev",
            "Kronor per elev",
            "spridning",
            "Spridningen av totalen per elev",
        )
    )
    return ut


def _resultattext(utfall: str, varde: float | None, skillnad: bool = False) -> str:
    """Ett resultat (eller en avvikelse) i utfallets enhet: meritvärde med en decimal, en
    andel i procent och en avvikelse i en andel i procentenheter (p.e.)."""
    if varde is None:
        return cell(None)
    if not utfall.startswith("andel"):
        return decimal(varde, 1)
    return f"{decimal(100 * varde, 1)}\u00a0p.e." if skillnad else procent(varde)


def traffsakerhet_html(t: Traffsakerhet, inst: Analysinstallningar, diagram: list[Diagram]) -> str:
    """HTML-rapporten för modellens träffsäkerhet (SKL 2014 steg 7)."""
    q = inst.trosklar.kompensation_kvantil
    delar = [
        stycke(
            "Hur väl förklarar indexet skillnaderna i resultat mellan enheterna? R² kommer från "
            "en elevviktad regression av utfallet på indexet, rangkorrelationen (Spearman) från "
            "enheterna ovägda."
        ),
        ramtabell(
            t.forklaringsgrad,
            {
                "utfall": "Utfall",
                "ar": "År",
                "antal_enheter": "Enheter",
                "r2": "R²",
                "rangkorrelation": "Rangkorrelation",
                "lutning": "Lutning",
            },
            "Förklaringsgrad per utfall och år",
            {
                "r2": lambda v: decimal(v, 3),
                "rangkorrelation": lambda v: decimal(v, 3),
                "lutning": lambda v: decimal(v, 3),
                "utfall": lambda v: UTFALLSNAMN.get(v, v),
            },
        ),
        rubrik("Möjligen under- och överkompenserade enheter"),
        stycke(
            f"En enhet är {UNDER} när både resultatet och finansieringen per elev ligger i den "
            f"lägsta {procent(q, 0)}-delen av avvikelserna från vad indexet ger, och {OVER} när "
            f"båda ligger i den högsta. Det är en fingervisning för samtal med rektor, inte en "
            "slutsats (SKL 2014, steg 7)."
        ),
    ]
    if t.kompensation.height:
        flagg = t.kompensation.filter(pl.col("bedomning") != "").sort(
            "ar", "styrka", descending=[True, True]
        )
        # Resultatet i utfallets enhet: andelar i procent, avvikelser i procentenheter.
        flagg = flagg.with_columns(
            pl.Series(
                "faktiskt_text",
                [
                    _resultattext(u, v)
                    for u, v in zip(flagg["utfall"], flagg["faktiskt"], strict=True)
                ],
                dtype=pl.String,
            ),
            pl.Series(
                "avvikelse_text",
                [
                    _resultattext(u, v, skillnad=True)
                    for u, v in zip(flagg["utfall"], flagg["resultatavvikelse"], strict=True)
                ],
                dtype=pl.String,
            ),
        )
        delar.append(
            ramtabell(
                flagg,
                {
                    "skolenhetskod": "Skolenhet",
                    "ar": "År",
                    "utfall": "Utfall",
                    "bedomning": "Bedömning",
                    "index": "Index",
                    "faktiskt_text": "Resultat",
                    "avvikelse_text": "Avvikelse, resultat",
                    "finansieringsavvikelse": "Avvikelse, kr per elev",
                    "styrka": "Styrka",
                },
                "Flaggade enheter (senaste året först, starkast först; andelar i procent, "
                "avvikelser för andelar i procentenheter)",
                {
                    "index": lambda v: decimal(v, 2),
                    "finansieringsavvikelse": lambda v: decimal(v, 0),
                    "styrka": lambda v: decimal(v, 1),
                    "utfall": lambda v: UTFALLSNAMN.get(v, v),
                },
                textkolumner=(2, 3),
            )
        )
    if t.grupper is not None and t.grupper.height:
        senast = t.grupper.filter(pl.col("ar") == t.grupper["ar"].max())
        delar.append(
            ramtabell(
                senast,
                {
                    "utfall": "Utfall",
                    "bedomning": "Bedömning",
                    "faktor": "Elevgrupp",
                    "antal_flaggade": "Enheter",
                    "andel_flaggade": "Andel i flaggade",
                    "andel_alla": "Andel i alla",
                    "kvot": "Kvot",
                },
                "Elevgruppernas andel i de flaggade enheterna jämfört med alla (senaste året; kvot > 1 = överrepresenterad)",
                {
                    "andel_flaggade": lambda v: procent(v),
                    "andel_alla": lambda v: procent(v),
                    "kvot": lambda v: decimal(v, 2),
                    "faktor": lambda v: FAKTORNAMN.get(v, v),
                    "utfall": lambda v: UTFALLSNAMN.get(v, v),
                },
                textkolumner=(1, 2),
            )
        )
    delar += [
        rubrik("Graden av omfördelning"),
        stycke(
            "Socioekonomisk andel = de socioekonomiska potternas andel av budgeten. Omfördelad "
            "andel = den del av budgeten som potterna flyttar till andra enheter än om samma "
            "pengar hade fördelats lika per elev. Spridningen gäller totalen per elev över "
            "enheterna (ovägd)."
        ),
        # Två tabeller i stället för en med tio kolumner, så att båda ryms på en A4-sida.
        ramtabell(
            t.omfordelning,
            {
                "ar": "År",
                "antal_enheter": "Enheter",
                "socioekonomisk_andel": "Socioekonomisk andel",
                "omfordelad_andel": "Omfördelad andel",
            },
            "Omfördelning per år",
            {"socioekonomisk_andel": procent, "omfordelad_andel": procent},
        ),
        ramtabell(
            t.omfordelning,
            {
                "ar": "År",
                "min": "Min",
                "q1": "Kvartil 1",
                "median": "Median",
                "q3": "Kvartil 3",
                "max": "Max",
                "cv": "Variationskoefficient",
            },
            "Spridningen av totalen per elev (kr)",
            {
                "cv": lambda v: decimal(v, 3),
                **{k: (lambda v: decimal(v, 0)) for k in ("min", "q1", "median", "q3", "max")},
            },
        ),
        rubrik("Diagram"),
        *(diagramfigur(d) for d in diagram),
    ]
    return html_sida("Modellens träffsäkerhet", delar)


# --- Volatilitet ---------------------------------------------------------------------------


def volatilitet_sammanfattning(v: Volatilitet, inst: Analysinstallningar) -> dict[str, Any]:
    """JSON-bar sammanfattning: trösklar, antal förändringar, de flaggade enheterna."""
    return {
        "troskel_andel": inst.trosklar.volatilitet_andel,
        "troskel_kr": inst.trosklar.volatilitet_kr,
        "antal_forandringar": v.forandringar.height,
        "antal_over_troskel": v.flaggade.height,
        "flaggade": v.flaggade.to_dicts(),
    }


def volatilitet_diagramlista(
    v: Volatilitet, inst: Analysinstallningar, namn: dict[str, str], antal_vattenfall: int = 3
) -> list[Diagram]:
    """Förändringarna per enhet och år med tröskeln, och vattenfall för de (högst
    ``antal_vattenfall``) enheter och år med störst förändring över tröskeln (eller störst
    förändring alls om ingen är över)."""
    ut = [forandringsdiagram(v.forandringar, inst.trosklar.volatilitet_andel)]
    kandidater = v.flaggade if v.flaggade.height else v.forandringar
    storst = kandidater.sort(pl.col("andring_andel").abs(), descending=True).head(antal_vattenfall)
    for kod, ar in storst.select("skolenhetskod", "ar").iter_rows():
        ut.append(vattenfall(v.potter, kod, ar, namn.get(kod, "")))
    return ut


def volatilitet_html(
    v: Volatilitet, inst: Analysinstallningar, diagram: list[Diagram], namn: dict[str, str]
) -> str:
    """HTML-rapporten för volatiliteten (KPMG 2020 avsnitt 3.4.2)."""
    t = inst.trosklar
    grans = f"{procent(t.volatilitet_andel)}" + (
        f" eller {heltal(t.volatilitet_kr)} kr per elev" if t.volatilitet_kr else ""
    )
    flagg = v.flaggade.with_columns(
        namn=pl.col("skolenhetskod").replace_strict(namn, default="")
    ).sort(pl.col("andring_andel").abs(), descending=True)
    kolumner = {
        "skolenhetskod": "Skolenhet",
        "namn": "Namn",
        "ar": "År",
        "total_kr_per_elev_fore": "Före (kr/elev)",
        "total_kr_per_elev": "Efter (kr/elev)",
        "andring_kr": "Förändring (kr)",
        "andring_andel": "Förändring",
    }
    # Uppdelningen i en egen tabell så att ingen tabell blir bredare än en A4-sida.
    uppdelning = {
        "skolenhetskod": "Skolenhet",
        "ar": "År",
        "elever_kr": "Elever",
        "index_kr": "Index",
        "parametrar_kr": "Parametrar",
        "stabilitet_kr": "Stabilitet",
        "drivkraft": "Störst",
    }
    fmt = {
        k: heltal
        for k in (
            "total_kr_per_elev_fore",
            "total_kr_per_elev",
            "andring_kr",
            "elever_kr",
            "index_kr",
            "parametrar_kr",
            "stabilitet_kr",
        )
    }
    fmt |= {
        "andring_andel": procent,
        "drivkraft": lambda d: DRIVKRAFTNAMN.get(d, "–") if d else "–",
    }
    delar = [
        stycke(
            "KPMG (2020, avsnitt 3.4.2) fann att resursfördelningsmodellen kan ge stora "
            "svängningar mellan åren. Här jämförs varje enhets total per elev, och varje pott, "
            f"med föregående år; enheter som ändras med mer än {grans} flaggas. När en "
            "uppdelning av förändringen ges (elever, index, parametrar, stabilitet) visas den "
            "största delen."
        ),
        stycke(
            f"{v.flaggade.height} av {v.forandringar.height} förändringar ligger över tröskeln."
        ),
        ramtabell(
            flagg, kolumner, "Enheter och år över tröskeln (störst först)", fmt, textkolumner=(1,)
        ),
        ramtabell(
            flagg,
            _utan_nollkolumn(uppdelning, flagg, "stabilitet_kr"),
            "Förändringen uppdelad på elever, index, parametrar och stabilitet (kr per elev, "
            "samma ordning)",
            fmt,
        )
        if "drivkraft" in flagg.columns
        else "",
        rubrik("Diagram"),
        *(diagramfigur(d) for d in diagram),
    ]
    return html_sida("Volatilitet i resurstilldelningen", delar)

"""Fördelningens delar i kommunens uppföljningsrapport: graden av omfördelning, volatiliteten
med drivkrafterna och alla riktade medel per enhet bredvid resultaten (KPMG 2020).

In: ``Ekonomi`` (``uppfoljning.kommunuppfoljning``), analysinställningarna och enheternas namn.
Ut: rapportdelar (rubrik, HTML, diagram) och nyckeltalen för sammanfattningen. Ingen
regellogik.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from skolpeng.rapporter.diagram import Diagram, diagramfigur
from skolpeng.rapporter.html import ramtabell, stycke
from skolpeng.rapporter.uppfoljning.diagram import UTFALLSNAMN, linjediagram
from skolpeng.rapporter.uppfoljning.ekonomi import volatilitet_diagramlista
from skolpeng.rapporter.uppfoljning.rapportdel import Rapportdel
from skolpeng.talformat import decimal, heltal, procent
from skolpeng.uppfoljning.indata import Analysinstallningar
from skolpeng.uppfoljning.kommunuppfoljning import Ekonomi

DRIVKRAFTSNAMN = {
    "elever": "elevantal och elevsammansättning",
    "index": "index",
    "parametrar": "modellens parametrar (ram, andelar, vikter)",
    "stabilitet": "stabilitetsregler",
}


def ekonomisammanfattning(e: Ekonomi) -> dict[str, Any]:
    """Nyckeltal: per budgetår socioekonomisk andel, omfördelad andel, spridningen (CV),
    antal förändringar över tröskeln och de riktade medlen per elev (min–max); och svenska
    punkter för rapportens sammanfattning."""
    o = e.omfordelning.sort("ar")
    punkter = [
        f"Fördelningen {a}: de socioekonomiska potterna är {procent(s)} av budgeten och flyttar "
        f"{procent(f)} av den jämfört med lika belopp per elev; totalen per elev varierar "
        f"mellan {heltal(mn)} och {heltal(mx)} kr (variationskoefficient {decimal(cv, 3)})."
        for a, s, f, mn, mx, cv in o.select(
            "ar", "socioekonomisk_andel", "omfordelad_andel", "min", "max", "cv"
        ).iter_rows()
    ]
    v = e.volatilitet.forandringar
    if v.height:
        punkter.append(
            f"Volatilitet: {heltal(e.volatilitet.flaggade.height)} av {heltal(v.height)} "
            "förändringar från ett år till nästa är över tröskeln."
        )
    r = e.riktade.per_ar
    punkter += [
        f"Riktade medel {a}: {procent(andel)} av intäkterna, från {heltal(mn)} till "
        f"{heltal(mx)} kr per elev."
        for a, andel, mn, mx in r.select(
            "ar", "riktad_andel", "min_riktat_kr_per_elev", "max_riktat_kr_per_elev"
        ).iter_rows()
    ]
    return {
        "omfordelning": o.to_dicts(),
        "forandringar_over_troskeln": e.volatilitet.flaggade.height,
        "forandringar": v.height,
        "riktade_per_ar": r.to_dicts(),
        "punkter": punkter,
    }


def _namn(ram: pl.DataFrame, namn: dict[str, str]) -> pl.DataFrame:
    return ram.with_columns(
        namn=pl.col("skolenhetskod").replace_strict(namn, default=pl.col("skolenhetskod"))
    )


def omfordelningsdel(e: Ekonomi) -> str:
    """Tabellen över graden av omfördelning per budgetår."""
    return stycke(
        "SKL 2014 steg 7, ”rätt grad av omfördelning?”: hur stor del av budgeten som fördelas "
        "efter socioekonomi, hur mycket av den som hamnar hos andra enheter än om den fördelats "
        "lika per elev, och spridningen av totalen per elev."
    ) + ramtabell(
        e.omfordelning,
        {
            "ar": "År",
            "antal_enheter": "Enheter",
            "budget_kr": "Budget, kr",
            "socioekonomisk_andel": "Socioekonomisk andel",
            "omfordelad_andel": "Omfördelad andel",
            "min": "Lägst, kr/elev",
            "median": "Median, kr/elev",
            "max": "Högst, kr/elev",
            "cv": "Variationskoefficient",
        },
        "Graden av omfördelning per budgetår",
        {
            "ar": str,
            "budget_kr": heltal,
            "socioekonomisk_andel": procent,
            "omfordelad_andel": procent,
            "min": heltal,
            "median": heltal,
            "max": heltal,
            "cv": lambda v: decimal(v, 3),
        },
    )


def volatilitetsdel(
    e: Ekonomi, inst: Analysinstallningar, namn: dict[str, str]
) -> tuple[str, list[Diagram]]:
    """Förändringarna per enhet över tröskeln med drivkraften, och diagrammen."""
    v = e.volatilitet
    if v.forandringar.height == 0:
        return (
            stycke(
                "Volatiliteten kräver fördelningar för minst två på varandra följande år "
                "(ange --fordelning för varje år).",
                "not",
            ),
            [],
        )
    diagram = volatilitet_diagramlista(v, inst, namn, antal_vattenfall=2)
    storst = _namn(v.forandringar, namn).sort(pl.col("andring_andel").abs(), descending=True)
    kol = {
        "namn": "Skolenhet",
        "ar": "År",
        "total_kr_per_elev_fore": "Förra året, kr/elev",
        "total_kr_per_elev": "I år, kr/elev",
        "andring_andel": "Förändring",
    }
    fmt: dict = {
        "ar": str,
        "total_kr_per_elev_fore": heltal,
        "total_kr_per_elev": heltal,
        "andring_andel": procent,
    }
    if "drivkraft" in storst.columns:
        kol["drivkraft"] = "Största drivkraft"
        fmt["drivkraft"] = lambda x: DRIVKRAFTSNAMN.get(x, x or "–")
    html = (
        stycke(
            f"KPMG 2020 (avsnitt 3.4.2): stora förändringar från ett år till nästa försvårar "
            f"skolornas planering. Tröskeln är {procent(inst.trosklar.volatilitet_andel)} av "
            "totalen per elev; drivkraften är den största delen i uppdelningen av förändringen "
            "på elever, index, parametrar och stabilitetsregler."
        )
        + ramtabell(
            storst,
            kol,
            f"De största förändringarna per elev ({heltal(v.flaggade.height)} över tröskeln)",
            fmt,
            max_rader=15,
            textkolumner=(len(kol) - 1,) if "drivkraft" in kol else (),
        )
        + "".join(diagramfigur(d) for d in diagram)
    )
    return html, diagram


def _siffror(utfall: str) -> int:
    return 3 if utfall.startswith("andel") else 2 if utfall.startswith("np6") else 1


KORTNAMN = {"meritvarde": "Meritvärde", "np6_matematik": "Prov åk 6, ma", "np6_engelska":
            "Prov åk 6, en", "np6_svenska": "Prov åk 6, sv", "andel_alla_amnen": "Alla ämnen"}  # fmt: skip


def riktadedel(e: Ekonomi, namn: dict[str, str]) -> tuple[str, list[Diagram]]:
    """Alla riktade medel per enhet bredvid de senaste resultaten och avvikelserna över åren
    (meritvärdet och provet i årskurs 6, så att enheter utan årskurs 9 också har ett)."""
    t = _namn(e.riktat_mot_resultat, namn)
    ar = int(t["ar"].max())
    senast = t.filter(pl.col("ar") == ar)
    kolumner = {
        "namn": "Skolenhet",
        "elever": "Elever",
        "riktat_kr_per_elev": "Riktat, kr/elev",
        "riktad_andel": "Andel av intäkten",
    }
    fmt: dict = {"elever": heltal, "riktat_kr_per_elev": heltal, "riktad_andel": procent}
    for u in e.visade_utfall:
        s = _siffror(u)
        kort = KORTNAMN.get(u, UTFALLSNAMN.get(u, u))
        kolumner |= {u: kort, f"{u}_avvikelse": f"{kort}: avvikelse"}
        fmt |= {u: (lambda v, s=s: decimal(v, s)), f"{u}_avvikelse": (lambda v, s=s: decimal(v, s))}
    med = senast.filter(pl.any_horizontal(pl.col(e.visade_utfall).is_not_null())).height
    tackning = stycke(
        f"{heltal(med)} av {heltal(senast.height)} enheter i fördelningen {ar} har resultat i "
        "resultatserien (den täcker inte alla skolenheter; enheter utan resultat visas med –).",
        "not",
    )
    diagram = []
    for u in e.visade_utfall:
        d = senast.drop_nulls(u)
        if d.height >= 3:
            diagram.append(
                linjediagram(
                    d,
                    "riktat_kr_per_elev",
                    u,
                    "Riktade medel, kr per elev",
                    UTFALLSNAMN[u],
                    f"kommun_riktat_{u}",
                    f"{UTFALLSNAMN[u]} (senaste läsåret) mot riktade medel {ar}",
                )
            )
    html = (
        stycke(
            "KPMG 2020: nämnden bör beakta de samlade effekterna av samtliga kommunala och "
            "statliga riktade medel. Tabellen visar per enhet alla riktade medel i fördelningen "
            "(socioekonomiska tillägg, målgruppstillägg och bidrag utanför lika villkor) bredvid "
            "enhetens senaste resultat och dess genomsnittliga avvikelse från förväntat över "
            "åren (alla kolumner, också läsåret och bedömningen, finns i "
            "riktade_medel_enheter.csv). Fördelningsåret är senare än resultatåren: tabellen "
            "beskriver vilka enheter pengarna går till, inte vad de har lett till."
        )
        + (
            stycke(
                f"{heltal(e.sma_enheter)} enheter med färre än {e.liten_enhet_grans} elever "
                "redovisas inte enhet för enhet.",
                "not",
            )
            if e.sma_enheter
            else ""
        )
        + tackning
        + ramtabell(
            senast,
            kolumner,
            f"Riktade medel {ar} per enhet (sorterade efter kr per elev) och resultaten",
            fmt,
            max_rader=200,
        )
        + "".join(diagramfigur(x) for x in diagram)
    )
    return html, diagram


def ekonomidelar(e: Ekonomi, inst: Analysinstallningar, namn: dict[str, str]) -> list[Rapportdel]:
    """De tre delarna: omfördelning, volatilitet och riktade medel."""
    vol, vd = volatilitetsdel(e, inst, namn)
    rik, rd = riktadedel(e, namn)
    return [
        Rapportdel("Graden av omfördelning", omfordelningsdel(e)),
        Rapportdel("Volatilitet och dess drivkrafter", vol, tuple(vd)),
        Rapportdel("Alla riktade medel per enhet och resultaten", rik, tuple(rd)),
    ]

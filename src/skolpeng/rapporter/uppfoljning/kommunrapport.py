"""Kommunens årliga uppföljningsrapport (``skolpeng uppfoljning rapport --kommun KOD``): ett
dokument på svenska som en tjänsteperson kan lägga fram för nämnden.

In: ``Kommunuppfoljning`` (``uppfoljning.kommunuppfoljning``), analysinställningarna, enheternas
namn och valfritt **extra delar** (``Rapportdel``). Ut: ``Kommunrapport`` med HTML (diagrammen
inbäddade som SVG med textbeskrivning), diagrammen och en JSON-bar sammanfattning. Ingen
regellogik; inga elevuppgifter och inga bakgrundsandelar per enhet (docs/regler/index.md#sma-enheter).

**Kroken för fler delar:** ``extra_delar`` är en lista av ``Rapportdel``
(``rapporter.uppfoljning_rapportdel``), t.ex. rektorernas redovisning av hur de riktade medlen
använts; se den modulen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from skolpeng.rapporter.diagram import Diagram, diagramfigur
from skolpeng.rapporter.html import html_sida, lista, ramtabell, rubrik, stycke
from skolpeng.rapporter.uppfoljning.diagram import UTFALLSNAMN, gapdiagram
from skolpeng.rapporter.uppfoljning.kommunrapport_ekonomi import (
    ekonomidelar,
    ekonomisammanfattning,
)
from skolpeng.rapporter.uppfoljning.rapport import gap_slutsats
from skolpeng.rapporter.uppfoljning.rapportdel import Rapportdel
from skolpeng.rapporter.uppfoljning.serie_diagram import residualdiagram, siffror
from skolpeng.rapporter.uppfoljning.serie_rapport import BEGRANSNINGAR, RIKSNAMN, gap_for_omrade
from skolpeng.talformat import decimal, heltal
from skolpeng.uppfoljning.bestandighet import OVER, UNDER
from skolpeng.uppfoljning.indata import Analysinstallningar
from skolpeng.uppfoljning.kommunuppfoljning import Kommunuppfoljning
from skolpeng.uppfoljning.resultatserie import MINSTA_AR_KOMMUN, RIKET


@dataclass(frozen=True)
class Kommunrapport:
    """Den färdiga rapporten: HTML, alla diagram och sammanfattningen."""

    html: str
    diagram: list[Diagram]
    sammanfattning: dict[str, Any] = field(default_factory=dict)


def _lasar(k: Kommunuppfoljning) -> dict[int, str]:
    return dict(k.serie.resultat.select("ar", "lasar").unique().iter_rows())


def gapdel(k: Kommunuppfoljning, inst: Analysinstallningar) -> Rapportdel:
    """Resultatgapet över tid i kommunen (om den har tillräckligt många enheter) och i hela
    underlaget, per utfall."""
    delar = [
        stycke(
            "Behovet mäts med andelen elever vars föräldrar saknar eftergymnasial utbildning "
            "(behovsindex, medel 100 i hela underlaget). Varje år delas kommunens enheter i fyra "
            "lika stora grupper efter behov; gapet är det elevviktade medelresultatet i gruppen "
            "med minst behov minus det i gruppen med störst behov (jfr Stockholms stad 2022: "
            "gapet minskade för att skolorna med ogynnsamma förutsättningar förbättrades). "
            f"Gapet redovisas för kommunen när den har minst {k.serie.gap.minsta_antal_enheter} "
            f"enheter med resultat ett år, i minst {MINSTA_AR_KOMMUN} år."
        )
    ]
    diagram = []
    lasar = _lasar(k)
    for u in k.serie.utfall:
        namn = UTFALLSNAMN.get(u, u)
        delar.append(rubrik(namn, 3))
        riket = gap_for_omrade(k.serie, RIKET)
        if k.redovisas.get(u):
            g = gap_for_omrade(k.serie, k.kommunkod)
            med_lasar = g.per_ar.with_columns(
                pl.col("ar").replace_strict(lasar, default=pl.col("ar").cast(pl.String))
            )
            d = gapdiagram(med_lasar, u, k.serie.gap.bedomning(k.kommunkod, u))
            d = Diagram(f"kommun_gap_{u}", f"{d.rubrik}: {k.kommunnamn}", d.beskrivning, d.diagram)
            diagram.append(d)
            s = siffror(u)
            delar += [
                lista(
                    [
                        f"{k.kommunnamn}: {gap_slutsats(g, u)}",
                        f"{RIKSNAMN}: {gap_slutsats(riket, u)}",
                    ]
                ),
                ramtabell(
                    g.per_ar.filter(pl.col("utfall") == u),
                    {
                        "ar": "Läsår",
                        "antal_enheter": "Enheter",
                        "medel_lagt_index": "Minst behov",
                        "medel_hogt_index": "Störst behov",
                        "gap": "Gap",
                        "lutning": "Lutning per indexenhet",
                    },
                    f"{namn} i {k.kommunnamn}: kvartilen med minst och störst behov och gapet",
                    {"ar": lambda v: lasar.get(v, str(v))}
                    | {
                        c: (lambda v, s=s: decimal(v, s))
                        for c in ("medel_lagt_index", "medel_hogt_index", "gap")
                    }
                    | {"lutning": lambda v, s=s: decimal(v, s + 2)},
                ),
                diagramfigur(d),
            ]
        else:
            n = k.serie.gap.kommuner.filter(
                (pl.col("kommunkod") == k.kommunkod) & (pl.col("utfall") == u)
            )
            antal = ", ".join(
                f"{lasar.get(a, a)}: {heltal(x)}" for a, x in n.select("ar", "antal_enheter").rows()
            )
            delar += [
                stycke(
                    f"{k.kommunnamn} har för få enheter med {namn.lower()} i underlaget för att "
                    f"gapet ska kunna följas ({antal or 'inga'}). Som jämförelse hela underlaget:",
                    "not",
                ),
                lista([f"{RIKSNAMN}: {gap_slutsats(riket, u)}"]),
            ]
    return Rapportdel("Resultatgapet över tid", "".join(delar), tuple(diagram))


def _bred_residualtabell(k: Kommunuppfoljning, u: str, namn: dict[str, str]) -> pl.DataFrame:
    e = k.enheter_forvantat.filter(pl.col("utfall") == u)
    bred = e.pivot(on="lasar", index="skolenhetskod", values="residual", sort_columns=True)
    b = k.bestandighet.filter(pl.col("utfall") == u).select(
        "skolenhetskod", "medel_residual", "ki_lag", "ki_hog", "bedomning"
    )
    return (
        bred.join(b, on="skolenhetskod", how="left")
        .with_columns(
            namn=pl.col("skolenhetskod").replace_strict(namn, default=pl.col("skolenhetskod"))
        )
        .sort("medel_residual", descending=True, nulls_last=True)
    )


def forvantatdel(
    k: Kommunuppfoljning, inst: Analysinstallningar, namn: dict[str, str]
) -> Rapportdel:
    """Förväntat mot faktiskt per enhet och läsår, med avvikelsens beständighet."""
    delar = [
        stycke(
            "Varje läsår jämförs enhetens resultat med vad elevernas bakgrund ger i hela "
            "underlaget (en elevviktad regression av SALSA-typ på föräldrarnas utbildning och "
            "utländsk bakgrund). Tabellerna visar avvikelsen faktiskt − förväntat per läsår, "
            "medelavvikelsen med "
            f"{decimal(100 * inst.intervallniva, 0)} % intervall och om enheten ligger på samma "
            f"sida varje år (”{OVER}” / ”{UNDER}”). Avvikelser är en indikation, inte en "
            "rangordning (SKL 2014, steg 6): de kan bero på skolans arbete men också på det "
            f"modellen inte fångar. Enheter med färre än {decimal(inst.minsta_antal_elever, 0)} "
            "elever eller utan publicerat resultat ingår inte.",
        )
    ]
    diagram = []
    for u in k.serie.utfall:
        t = _bred_residualtabell(k, u, namn)
        if t.height == 0:
            continue
        s = siffror(u)
        lasar = [c for c in t.columns if "/" in c]
        fmt = {c: (lambda v, s=s: decimal(v, s)) for c in (*lasar, "medel_residual")}
        fmt["ki_lag"] = fmt["ki_hog"] = lambda v, s=s: decimal(v, s)
        n = {b: int((t["bedomning"] == b).sum()) for b in (OVER, UNDER)}
        d = residualdiagram(k.bestandighet, u, namn, inst.intervallniva, k.kommunnamn)
        diagram.append(d)
        delar += [
            rubrik(UTFALLSNAMN.get(u, u), 3),
            stycke(f"{heltal(t.height)} enheter; {n[OVER]} ligger {OVER} och {n[UNDER]} {UNDER}."),
            ramtabell(
                t,
                {"namn": "Skolenhet", **{c: c for c in lasar}}
                | {
                    "medel_residual": "Medel",
                    "ki_lag": "Intervall, lägst",
                    "ki_hog": "Intervall, högst",
                    "bedomning": "Bedömning",
                },
                f"Avvikelse från förväntat {UTFALLSNAMN.get(u, u).lower()} per läsår",
                fmt,
                max_rader=200,
                textkolumner=(len(lasar) + 4,),
            ),
            diagramfigur(d),
        ]
    return Rapportdel("Förväntat mot faktiskt per enhet över åren", "".join(delar), tuple(diagram))


def traffsakerhetsdel(k: Kommunuppfoljning) -> Rapportdel:
    """Hur väl behovsindexet förklarar resultaten i kommunen och i hela underlaget per år."""
    lasar = _lasar(k)
    f = k.forklaringsgrad.with_columns(omrade=pl.lit(k.kommunnamn))
    r = k.serie.forklaringsgrad.with_columns(omrade=pl.lit(RIKSNAMN))
    ram = pl.concat([f, r], how="diagonal_relaxed") if f.height else r
    delar = [
        stycke(
            "SKL 2014 steg 7: fördelas resurserna efter hur behoven varierar? Här: hur stor del "
            "av skillnaderna i resultat mellan enheterna som behovsindexet förklarar (R² i en "
            "elevviktad regression) och rangkorrelationen (Spearman) mellan index och resultat; "
            "en negativ korrelation betyder att enheter med större behov har lägre resultat."
        ),
        ramtabell(
            ram.sort("omrade", "utfall", "ar"),
            {
                "omrade": "Område",
                "utfall": "Utfall",
                "ar": "Läsår",
                "antal_enheter": "Enheter",
                "r2": "R²",
                "rangkorrelation": "Rangkorrelation",
            },
            "Behovsindexets förklaringsgrad per läsår",
            {
                "utfall": lambda v: UTFALLSNAMN.get(v, v),
                "ar": lambda v: lasar.get(v, str(v)),
                "r2": lambda v: decimal(v, 2),
                "rangkorrelation": lambda v: decimal(v, 2),
            },
            max_rader=100,
            textkolumner=(1,),
        ),
    ]
    return Rapportdel("Indexets träffsäkerhet", "".join(delar))


def underlagsdel(k: Kommunuppfoljning) -> Rapportdel:
    """Om underlaget, begränsningarna och dataskyddet."""
    return Rapportdel(
        "Om underlaget",
        stycke(
            "Resultaten är Skolverkets publicerade uppgifter per skolenhet (Utbildningsguiden: "
            "meritvärde, andel som nått kunskapskraven i alla ämnen och behörighet i årskurs 9 "
            "läsåren 2020/21–2024/25; nationella prov i årskurs 6 läsåren 2021/22–2024/25). "
            "Prickade värden saknas och räknas aldrig som noll."
        )
        + lista(
            [
                *BEGRANSNINGAR,
                "Rapporten innehåller inga uppgifter om enskilda elever och inga bakgrundsandelar "
                f"per skolenhet. Enheter med färre än {k.liten_enhet_grans} elever redovisas inte "
                "enhet för enhet.",
            ]
        ),
    )


def sammanfattning(k: Kommunuppfoljning, namn: dict[str, str]) -> dict[str, Any]:
    """JSON-bar sammanfattning: gap och trend per utfall, antal enheter per bedömning och,
    med fördelningen, dess nyckeltal."""
    gap = {}
    for u in k.serie.utfall:
        omrade = k.kommunkod if k.redovisas.get(u) else None
        if omrade is None:
            gap[u] = {"redovisas": False}
            continue
        d = k.serie.gap.per_ar.filter((pl.col("omrade") == omrade) & (pl.col("utfall") == u))
        t = k.serie.gap.trender.filter(
            (pl.col("omrade") == omrade) & (pl.col("utfall") == u) & (pl.col("matt") == "gap")
        )
        gap[u] = {
            "redovisas": True,
            "per_ar": d.select("ar", "antal_enheter", "gap", "lutning").to_dicts(),
            "trend": t.to_dicts()[0],
            "slutsats": gap_slutsats(gap_for_omrade(k.serie, omrade), u),
        }
    best = k.bestandighet.group_by("utfall", "bedomning").len().sort("utfall", "bedomning")
    return {
        "kommunkod": k.kommunkod,
        "kommunnamn": k.kommunnamn,
        "skolenheter_i_serien": len(k.koder),
        "gap": gap,
        "bestandighet": best.to_dicts(),
        "forklaringsgrad": k.forklaringsgrad.to_dicts(),
        "fordelning": ekonomisammanfattning(k.ekonomi) if k.ekonomi else None,
    }


def _sammanfattningsdel(k: Kommunuppfoljning) -> str:
    punkter = []
    for u in k.serie.utfall:
        namn = UTFALLSNAMN.get(u, u)
        if k.redovisas.get(u):
            punkter.append(gap_slutsats(gap_for_omrade(k.serie, k.kommunkod), u))
        else:
            punkter.append(f"{namn}: för få enheter i kommunen för att följa gapet.")
    b = k.bestandighet.filter(pl.col("utfall") == k.serie.utfall[0])
    punkter.append(
        f"{UTFALLSNAMN.get(k.serie.utfall[0])}: {int((b['bedomning'] == OVER).sum())} av "
        f"{b.height} enheter ligger {OVER}, {int((b['bedomning'] == UNDER).sum())} {UNDER}."
    )
    if k.ekonomi is not None:
        punkter += ekonomisammanfattning(k.ekonomi)["punkter"]
    return rubrik("Sammanfattning") + lista(punkter)


def kommunrapport(
    k: Kommunuppfoljning,
    inst: Analysinstallningar,
    namn: dict[str, str],
    extra_delar: Sequence[Rapportdel] = (),
) -> Kommunrapport:
    """Hela rapporten: sammanfattning, resultatgap, förväntat mot faktiskt, träffsäkerhet,
    fördelningens delar (om de finns), ``extra_delar`` och underlaget."""
    delar: list[Rapportdel] = [
        gapdel(k, inst),
        forvantatdel(k, inst, namn),
        traffsakerhetsdel(k),
    ]
    if k.ekonomi is not None:
        delar += ekonomidelar(k.ekonomi, inst, namn)
    delar += list(extra_delar)
    delar.append(underlagsdel(k))
    forsta = min((a for a in k.serie.resultat["lasar"].unique().to_list()), default="")
    sista = max((a for a in k.serie.resultat["lasar"].unique().to_list()), default="")
    html = html_sida(
        f"Uppföljning av resursfördelningen – {k.kommunnamn}",
        [
            stycke(
                f"Årlig uppföljning för {k.kommunnamn} (kommunkod {k.kommunkod}), läsåren "
                f"{forsta}–{sista}: vad resultaten blev i förhållande till elevernas behov och "
                "hur resurserna fördelades (SKL 2014 steg 6–7; KPMG 2020: en samlad årlig "
                "redovisning av de ekonomiska och resultatmässiga effekterna av alla riktade "
                "medel)."
            ),
            _sammanfattningsdel(k),
            *(rubrik(f"{i}. {d.rubrik}") + d.html for i, d in enumerate(delar, start=1)),
        ],
    )
    diagram = [d for del_ in delar for d in del_.diagram]
    return Kommunrapport(html, diagram, sammanfattning(k, namn))


__all__ = ["Kommunrapport", "Rapportdel", "kommunrapport"]

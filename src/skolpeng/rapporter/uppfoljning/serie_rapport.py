"""Rapporten för resultatgapet på en verklig resultatserie (``uppfoljning resultatgap`` utan
``--index``): riket och kommunerna, förväntat mot faktiskt varje år och avvikelsernas
beständighet.

In: ``Serieanalys`` (``uppfoljning.serieanalys``), analysinställningarna och enheternas namn.
Ut: en JSON-bar sammanfattning, diagrammen och en svensk HTML-sida. Ingen regellogik.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from skolpeng.rapporter.diagram import Diagram, diagramfigur
from skolpeng.rapporter.html import html_sida, lista, ramtabell, rubrik, stycke, tabell
from skolpeng.rapporter.uppfoljning.diagram import UTFALLSNAMN, forvantat_diagram
from skolpeng.rapporter.uppfoljning.rapport import MATTNAMN, gap_slutsats
from skolpeng.rapporter.uppfoljning.serie_diagram import omradesgapdiagram, siffror
from skolpeng.talformat import decimal, heltal
from skolpeng.uppfoljning.bestandighet import OVER, UNDER
from skolpeng.uppfoljning.indata import Analysinstallningar
from skolpeng.uppfoljning.resultatgap import Resultatgap
from skolpeng.uppfoljning.resultatserie import MINSTA_AR_KOMMUN, RIKET
from skolpeng.uppfoljning.serieanalys import Serieanalys

RIKSNAMN = "Hela underlaget (riket)"


def omradesnamn(enheter: pl.DataFrame | None) -> dict[str, str]:
    """Område -> namn: ``riket`` och kommunkod -> kommunnamn (om ``enheter`` har det)."""
    namn = {RIKET: RIKSNAMN}
    if enheter is not None and "kommunnamn" in enheter.columns:
        namn |= dict(
            enheter.select("kommunkod", "kommunnamn").drop_nulls().unique("kommunkod").iter_rows()
        )
    return namn


def gap_for_omrade(s: Serieanalys, omrade: str) -> Resultatgap:
    """Ett områdes del av gapet som ``Resultatgap`` (för ``gap_slutsats`` och diagrammen)."""
    g = s.gap
    return Resultatgap(
        per_ar=g.per_ar.filter(pl.col("omrade") == omrade).drop("omrade"),
        trender=g.trender.filter(pl.col("omrade") == omrade).drop("omrade"),
    )


def slutsatser(s: Serieanalys, namn: dict[str, str]) -> dict[str, dict[str, str]]:
    """Område -> utfall -> en svensk mening om gapets trend (``gap_slutsats``)."""
    ut: dict[str, dict[str, str]] = {}
    for o in s.gap.omraden():
        g = gap_for_omrade(s, o)
        ut[namn.get(o, o)] = {
            u: gap_slutsats(g, u) for u in g.per_ar["utfall"].unique(maintain_order=True).to_list()
        }
    return ut


def kommuntext(s: Serieanalys, namn: dict[str, str]) -> list[str]:
    """Per utfall: vilka kommuner som redovisas och minimikravet."""
    ut = []
    for u in s.utfall:
        koder = s.gap.redovisade_kommuner(u)
        lista_ = ", ".join(f"{namn.get(k, k)} ({k})" for k in koder) or "ingen"
        ut.append(f"{UTFALLSNAMN.get(u, u)}: {lista_}.")
    return ut


def regressioner(s: Serieanalys) -> pl.DataFrame:
    """Förväntat mot faktiskt: utfall, läsår, R², antal enheter, över/under intervallet."""
    rader = []
    for u, f in s.forvantat.items():
        for r in f.regressioner:
            e = f.enheter.filter(pl.col("lasar") == r.lasar)
            rader.append(
                {
                    "utfall": u,
                    "lasar": r.lasar,
                    "r2": r.r2,
                    "antal_enheter": r.antal_enheter,
                    "over": int((e["avvikelse"] == "över").sum()),
                    "under": int((e["avvikelse"] == "under").sum()),
                }
            )
    return pl.DataFrame(rader)


def bestandighetstal(s: Serieanalys) -> pl.DataFrame:
    """Per utfall: antal enheter per bedömning av beständigheten."""
    return pl.concat(
        b.per_enhet.group_by("utfall", "bedomning").len().rename({"len": "antal"})
        for b in s.bestandighet.values()
    ).sort("utfall", "bedomning")


def serie_sammanfattning(
    s: Serieanalys, inst: Analysinstallningar, namn: dict[str, str]
) -> dict[str, Any]:
    """JSON-bar sammanfattning av alla delar."""
    return {
        "utfall": list(s.utfall),
        "behovsindex": "andelen elever vars föräldrar saknar eftergymnasial utbildning, "
        "elevviktat medel 100",
        "minsta_antal_enheter_kommun": s.gap.minsta_antal_enheter,
        "minsta_antal_ar_kommun": MINSTA_AR_KOMMUN,
        "redovisade_kommuner": {u: s.gap.redovisade_kommuner(u) for u in s.utfall},
        "per_ar": s.gap.per_ar.to_dicts(),
        "trender": s.gap.trender.to_dicts(),
        "slutsats": slutsatser(s, namn),
        "forvantat": regressioner(s).to_dicts(),
        "bestandighet": bestandighetstal(s).to_dicts(),
        "samband_mellan_ar": pl.concat(b.samband for b in s.bestandighet.values()).to_dicts(),
        "minsta_antal_elever": inst.minsta_antal_elever,
    }


def serie_diagramlista(s: Serieanalys, namn: dict[str, str], niva: float) -> list[Diagram]:
    """Per utfall: gapet per område över tid och faktiskt mot förväntat senaste läsåret."""
    lasar = dict(s.resultat.select("ar", "lasar").unique().iter_rows())
    per_ar = s.gap.per_ar.with_columns(
        pl.col("ar").replace_strict(lasar, default=pl.col("ar").cast(pl.String))
    )
    ut = []
    for u in s.utfall:
        ut.append(omradesgapdiagram(per_ar, u, namn))
        f = s.forvantat[u]
        r = f.regression(u)
        ut.append(forvantat_diagram(f.enheter, u, r.lasar, r.r2, niva))
    return ut


BEGRANSNINGAR = [
    "Bakgrunden (föräldrarnas utbildning, utländsk bakgrund) och elevantalen är mätta läsåret "
    "2025/26 och används för alla år. En förändring av gapet kan därför inte skiljas från en "
    "förändring i elevsammansättningen, och en enhet vars elever har förändrats får fel "
    "förväntat värde de tidiga åren – det gör också avvikelserna mer beständiga än de är.",
    "Underlaget är de skolenheter som Skolverkets API råkade lämna först (inte ett urval som är "
    "utformat för att vara representativt): många i Stockholm, få i andra kommuner. "
    "”Riket” betyder här alla enheter i underlaget.",
    "Värden som Skolverket prickat (för få elever, uppgift saknas, nästan alla behöriga) saknas "
    "och tas inte med; de skolor med allra bäst behörighet saknas därför i behörighetsmåtten.",
    "Gapet mäter samband mellan skolor, inte effekter: att gapet minskar visar inte att "
    "ersättningen gjort det (Stockholm 2022 kompletterade därför med intervjuer).",
]


def _formatera(utfall_kolumn: str = "utfall") -> dict:
    return {utfall_kolumn: lambda v: UTFALLSNAMN.get(v, v)}


def serie_html(
    s: Serieanalys, inst: Analysinstallningar, namn: dict[str, str], diagram: list[Diagram]
) -> str:
    """HTML-rapporten för resultatgapet på den verkliga serien."""
    sl = slutsatser(s, namn)
    lasar = dict(s.resultat.select("ar", "lasar").unique().iter_rows())
    per_ar = s.gap.per_ar.with_columns(
        omrade=pl.col("omrade").replace_strict(namn, default=pl.col("omrade")),
        ar=pl.col("ar").replace_strict(lasar, default=pl.col("ar").cast(pl.String)),
    )
    trender = s.gap.trender.filter(pl.col("matt").is_in(["gap", "medel_hogt_index"])).with_columns(
        omrade=pl.col("omrade").replace_strict(namn, default=pl.col("omrade"))
    )
    tre = {
        k: (lambda v: decimal(v, 3))
        for k in (
            "gap",
            "lutning",
            "medel_lagt_index",
            "medel_hogt_index",
            "r2",
            "per_ar",
            "ki_lag",
            "ki_hog",
        )
    }
    b = bestandighetstal(s)
    delar = [
        stycke(
            "Behovet mäts med ett behovsindex ur bakgrunden: andelen elever vars föräldrar saknar "
            "eftergymnasial utbildning, skalat så att det elevviktade medelvärdet är 100 (högt = "
            "större behov). Varje år delas enheterna i fyra lika stora grupper efter indexet, i "
            "hela underlaget och inom varje kommun. Gapet är det elevviktade medelresultatet i "
            "gruppen med minst behov minus det i gruppen med störst behov; lutningen kommer från "
            "en elevviktad regression av resultatet på indexet. Trenden är en linje över åren "
            f"och bedöms med ett {decimal(100 * (1 - inst.trosklar.trend_signifikans), 0)} % "
            "konfidensintervall."
        ),
        stycke(
            f"En kommun redovisas när den har minst {s.gap.minsta_antal_enheter} enheter med "
            f"utfall och minst {decimal(inst.minsta_antal_elever, 0)} elever ett år, i minst "
            f"{MINSTA_AR_KOMMUN} år; år med färre enheter tas inte med i kommunens trend. "
            "Kommunerna som redovisas:"
        ),
        lista(kommuntext(s, namn)),
        rubrik("Slutsatser"),
        *(rubrik(o, 3) + lista(list(t.values())) for o, t in sl.items()),
        rubrik("Vad underlaget inte kan visa"),
        lista(BEGRANSNINGAR),
        rubrik("Gapet per år"),
        ramtabell(
            per_ar,
            {
                "omrade": "Område",
                "utfall": "Utfall",
                "ar": "Läsår",
                "antal_enheter": "Enheter",
                "medel_lagt_index": "Minst behov",
                "medel_hogt_index": "Störst behov",
                "gap": "Gap",
                "lutning": "Lutning per indexenhet",
            },
            "Elevviktat medel i kvartilen med minst och störst behov, gapet och lutningen",
            _formatera() | tre,
            max_rader=200,
            textkolumner=(1,),
        ),
        ramtabell(
            trender,
            {
                "omrade": "Område",
                "utfall": "Utfall",
                "matt": "Mått",
                "per_ar": "Trend per år",
                "ki_lag": "KI, lägst",
                "ki_hog": "KI, högst",
                "antal_ar": "År",
                "bedomning": "Bedömning",
            },
            "Trender över åren: gapet och medelresultatet i kvartilen med störst behov",
            _formatera() | {"matt": lambda v: MATTNAMN.get(v, v)} | tre,
            max_rader=200,
            textkolumner=(1, 2, 7),
        ),
        rubrik("Förväntat mot faktiskt varje år"),
        stycke(
            "Per läsår och utfall en elevviktad regression av enheternas resultat på bakgrunden "
            "(SALSA-typ, alla enheter i underlaget). En enhet utanför sitt prediktionsintervall "
            "avviker mer än slumpen brukar ge – en indikation, inte en rangordning (SKL 2014)."
        ),
        ramtabell(
            regressioner(s),
            {
                "utfall": "Utfall",
                "lasar": "Läsår",
                "r2": "R²",
                "antal_enheter": "Enheter",
                "over": "Över intervallet",
                "under": "Under intervallet",
            },
            "Förklaringsgrad och antal enheter utanför intervallet per läsår",
            _formatera() | {"r2": lambda v: decimal(v, 3)},
            max_rader=60,
        ),
        rubrik("Avvikelsernas beständighet"),
        stycke(
            f"En enhet ligger ”{OVER}” (”{UNDER}”) när residualen har samma tecken alla år och "
            "intervallet för medelavvikelsen (ur enhetens egna år) inte innehåller noll. "
            "Korrelationen mellan två på varandra följande års residualer visar hur mycket av "
            "avvikelsen som består. Med samma bakgrund alla år blir avvikelserna mer beständiga "
            "än med årets bakgrund."
        ),
        tabell(
            ["Utfall", "Bedömning", "Enheter"],
            [[UTFALLSNAMN.get(u, u), bd, heltal(n)] for u, bd, n in b.iter_rows()],
            "Enheter per bedömning av beständigheten",
            textkolumner=(1,),
        ),
        ramtabell(
            pl.concat(x.samband for x in s.bestandighet.values()),
            {
                "utfall": "Utfall",
                "fran_lasar": "Från",
                "till_lasar": "Till",
                "antal_enheter": "Enheter",
                "korrelation": "Korrelation",
                "ki_lag": "KI, lägst",
                "ki_hog": "KI, högst",
            },
            "Korrelationen mellan residualerna två på varandra följande läsår",
            _formatera() | tre | {"korrelation": lambda v: decimal(v, 3)},
        ),
        rubrik("Diagram"),
        *(diagramfigur(d) for d in diagram),
    ]
    return html_sida("Resultatgapet över tid – Skolverkets resultat per skolenhet", delar)


def gapmening(s: Serieanalys, omrade: str, utfall: str) -> str:
    """Kort mening: gapet första och sista året och trendens bedömning."""
    d = s.gap.per_ar.filter((pl.col("omrade") == omrade) & (pl.col("utfall") == utfall)).sort("ar")
    if d.height == 0:
        return ""
    k = siffror(utfall)
    return (
        f"gapet {d['ar'][0]} {decimal(d['gap'][0], k)}, {d['ar'][-1]} {decimal(d['gap'][-1], k)}; "
        f"{s.gap.bedomning(omrade, utfall)}"
    )

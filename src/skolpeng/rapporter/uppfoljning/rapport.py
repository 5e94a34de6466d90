"""Rapporter för resultatanalyserna: förväntat mot faktiskt och resultatgapet (docs/regler/uppfoljning.md#forvantat, docs/regler/uppfoljning.md#resultatgap).

In: analysernas resultat (``Forvantat``, ``Resultatgap``) och analysinställningarna. Ut: för
varje analys en JSON-bar sammanfattning, diagrammen (``uppfoljning_diagram``) och en svensk
HTML-sida med diagrammen inbäddade som SVG, vart och ett med textbeskrivning. Träffsäkerhet,
volatilitet och riktade medel finns i ``uppfoljning_rapport_ekonomi``. Ingen regellogik.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from skolpeng.rapporter.diagram import Diagram, diagramfigur
from skolpeng.rapporter.html import html_sida, lista, ramtabell, rubrik, stycke, tabell
from skolpeng.rapporter.uppfoljning.diagram import (
    FAKTORNAMN,
    UTFALLSNAMN,
    forvantat_diagram,
    gapdiagram,
    linjediagram,
    utfall_mot_index,
)
from skolpeng.talformat import decimal
from skolpeng.uppfoljning.forvantat import Forvantat
from skolpeng.uppfoljning.indata import Analysinstallningar
from skolpeng.uppfoljning.resultatgap import Resultatgap

TERMNAMN = {"const": "Intercept", **FAKTORNAMN, "index": "Index"}


def _utfallsformat(utfall: str) -> int:
    return 3 if utfall.startswith("andel") else 2 if utfall.startswith("np6") else 1


# --- Förväntat mot faktiskt -------------------------------------------------------------


def forvantat_sammanfattning(f: Forvantat, inst: Analysinstallningar) -> dict[str, Any]:
    """JSON-bar sammanfattning: per utfall och läsår koefficienter med standardfel, R², antal
    enheter och elever, antal över/under intervallet; uteslutna per skäl."""
    regressioner = []
    for r in f.regressioner:
        e = f.enheter.filter((pl.col("utfall") == r.utfall) & (pl.col("lasar") == r.lasar))
        regressioner.append(
            {
                "utfall": r.utfall,
                "lasar": r.lasar,
                "r2": r.r2,
                "r2_justerad": r.r2_justerad,
                "antal_enheter": r.antal_enheter,
                "antal_elever": r.antal_elever,
                "residual_sd_per_elev": r.residual_sd,
                "koefficienter": {
                    t: {"koefficient": k, "standardfel": s}
                    for t, k, s in r.koefficienter.select(
                        "term", "koefficient", "standardfel"
                    ).iter_rows()
                },
                "antal_over_intervallet": int((e["avvikelse"] == "över").sum()),
                "antal_under_intervallet": int((e["avvikelse"] == "under").sum()),
            }
        )
    ute = f.uteslutna.group_by("utfall", "orsak").len().sort("utfall", "orsak")
    return {
        "faktorer": list(f.faktorer),
        "minsta_antal_elever": inst.minsta_antal_elever,
        "intervallniva": inst.intervallniva,
        "regressioner": regressioner,
        "uteslutna": [{"utfall": u, "orsak": o, "antal": n} for u, o, n in ute.iter_rows()],
    }


def forvantat_diagramlista(f: Forvantat, inst: Analysinstallningar) -> list[Diagram]:
    """För varje utfall (senaste läsåret): faktiskt mot förväntat med intervall, och utfallet
    mot den första faktorn med regressionslinje och R²."""
    ut = []
    for u in dict.fromkeys(r.utfall for r in f.regressioner):
        r = f.regression(u)
        ut.append(forvantat_diagram(f.enheter, u, r.lasar, r.r2, inst.intervallniva))
        d = f.enheter.filter((pl.col("utfall") == u) & (pl.col("lasar") == r.lasar))
        x = f.faktorer[0]
        namn = UTFALLSNAMN.get(u, u)
        ut.append(
            linjediagram(
                d,
                x,
                "faktiskt",
                FAKTORNAMN.get(x, x),
                namn,
                f"samband_{u}",
                f"{namn} {r.lasar} mot {FAKTORNAMN.get(x, x).lower()}",
                farg=None,
                vikt="antal_elever",
            )
        )
    return ut


def _koefficientdel(f: Forvantat) -> str:
    delar = []
    for r in f.regressioner:
        s = _utfallsformat(r.utfall)
        rader = [
            [
                TERMNAMN.get(t, t),
                decimal(k, s + 1),
                decimal(se, s + 1),
                decimal(p, 4) if p >= 1e-4 else "< 0,0001",
                f"{decimal(lo, s + 1)} – {decimal(hi, s + 1)}",
            ]
            for t, k, se, p, lo, hi in r.koefficienter.select(
                "term", "koefficient", "standardfel", "p", "ki_lag", "ki_hog"
            ).iter_rows()
        ]
        delar.append(
            tabell(
                [
                    "Term",
                    "Koefficient",
                    "Standardfel",
                    "p",
                    f"{decimal(100 * r.intervallniva, 0)} % KI",
                ],
                rader,
                f"{UTFALLSNAMN.get(r.utfall, r.utfall)} {r.lasar}: R² = {decimal(r.r2, 3)} "
                f"(justerat {decimal(r.r2_justerad, 3)}), {r.antal_enheter} enheter, "
                f"{decimal(r.antal_elever, 0)} elever",
            )
        )
    return "".join(delar)


def forvantat_html(
    f: Forvantat,
    inst: Analysinstallningar,
    diagram: list[Diagram],
    noteringar: list[str],
    namn: dict[str, str] | None = None,
) -> str:
    """HTML-rapporten för förväntat mot faktiskt (SKL 2014 steg 6)."""
    namn = namn or {}
    faktorer = ", ".join(FAKTORNAMN.get(x, x).lower() for x in f.faktorer)
    delar = [
        stycke(
            "Per läsår skattas en elevviktad linjär regression (WLS, vikt = antalet elever i "
            f"årskursen) av varje enhets utfall på bakgrunden: {faktorer}. Enhetens förväntade "
            "värde är vad bakgrunden ger; residualen är faktiskt minus förväntat, med ett "
            f"{decimal(100 * inst.intervallniva, 0)} % prediktionsintervall. Enheter med färre än "
            f"{decimal(inst.minsta_antal_elever, 0)} elever eller utan bakgrund utesluts och listas."
        ),
        stycke(
            "Avvikelser från förväntat resultat är en indikation, inte en rangordning: de kan "
            "bero på skolans arbete men också på det modellen inte fångar (SKL 2014, steg 6).",
            "not",
        ),
    ]
    delar += [stycke(n, "not") for n in noteringar]
    delar += [rubrik("Koefficienter"), _koefficientdel(f), rubrik("Diagram")]
    delar += [diagramfigur(d) for d in diagram]
    for r in f.regressioner:
        e = (
            f.enheter.filter(
                (pl.col("utfall") == r.utfall)
                & (pl.col("lasar") == r.lasar)
                & (pl.col("avvikelse") != "inom")
            )
            .with_columns(namn=pl.col("skolenhetskod").replace_strict(namn, default=""))
            .sort("residual")
        )
        s = _utfallsformat(r.utfall)
        fmt = {
            k: (lambda v, s=s: decimal(v, s))
            for k in ("faktiskt", "forvantat", "residual", "pi_lag", "pi_hog")
        }
        delar += [
            rubrik(
                f"Utanför intervallet: {UTFALLSNAMN.get(r.utfall, r.utfall).lower()} {r.lasar}", 3
            ),
            ramtabell(
                e,
                {
                    "skolenhetskod": "Skolenhet",
                    "namn": "Namn",
                    "faktiskt": "Faktiskt",
                    "forvantat": "Förväntat",
                    "residual": "Residual",
                    "pi_lag": "Intervall, lägst",
                    "pi_hog": "Intervall, högst",
                },
                f"{e.height} enheter ligger utanför prediktionsintervallet (sorterade efter residual)",
                fmt,
                max_rader=30,
            ),
        ]
    ute = f.uteslutna.group_by("utfall", "orsak").len().sort("utfall", "orsak")
    delar += [
        rubrik("Uteslutna enheter"),
        tabell(
            ["Utfall", "Skäl", "Antal enheter"],
            [[UTFALLSNAMN.get(u, u), o, str(n)] for u, o, n in ute.iter_rows()],
            "Uteslutna enheter per skäl (varje enhet finns i forvantat_uteslutna.csv)",
        ),
    ]
    return html_sida("Förväntat mot faktiskt resultat (SALSA-typ)", delar)


# --- Resultatgap ---------------------------------------------------------------------------

GAPTEXT = {
    "minskar": "minskar",
    "ökar": "ökar",
    "oförändrat": "är oförändrat (ingen säker trend)",
    "för få år": "kan inte bedömas (färre än tre år)",
}


def gap_slutsats(g: Resultatgap, utfall: str) -> str:
    """En svensk mening om gapets trend och om det beror på att enheterna med högt index
    förbättras (jfr Stockholm 2022)."""
    namn = UTFALLSNAMN.get(utfall, utfall).lower()
    gap, hogt, lagt = (
        g.bedomning(utfall, m) for m in ("gap", "medel_hogt_index", "medel_lagt_index")
    )
    t = g.trender.filter((pl.col("utfall") == utfall) & (pl.col("matt") == "gap")).row(
        0, named=True
    )
    s = _utfallsformat(utfall)
    text = f"Gapet i {namn} mellan enheterna med lägst och högst index {GAPTEXT[gap]}"
    if t["per_ar"] is not None:
        text += f" ({decimal(t['per_ar'], s)} per år, intervall {decimal(t['ki_lag'], s)} – {decimal(t['ki_hog'], s)})"
    text += f". Enheterna med högst index: {hogt}; med lägst index: {lagt}."
    if gap == "minskar" and hogt == "förbättras":
        text += " Gapet minskar för att enheterna med högt index förbättras."
    elif gap == "minskar" and lagt == "försämras":
        text += " Gapet minskar för att enheterna med lågt index försämras."
    return text


def resultatgap_sammanfattning(g: Resultatgap) -> dict[str, Any]:
    """JSON-bar sammanfattning: gapet per år, trenderna och slutsatsen per utfall."""
    utfall = g.per_ar["utfall"].unique(maintain_order=True).to_list()
    return {
        "per_ar": g.per_ar.to_dicts(),
        "trender": g.trender.to_dicts(),
        "slutsats": {u: gap_slutsats(g, u) for u in utfall},
    }


def resultatgap_diagramlista(g: Resultatgap, underlag: dict[str, pl.DataFrame]) -> list[Diagram]:
    """Per utfall: gapet över tid och (senaste året) utfallet mot indexet med linje och R²."""
    ut = []
    for u in g.per_ar["utfall"].unique(maintain_order=True).to_list():
        ut.append(gapdiagram(g.per_ar, u, g.bedomning(u)))
        d = underlag[u]
        ar = int(d["ar"].max())
        ut.append(utfall_mot_index(d.filter(pl.col("ar") == ar), u, ar))
    return ut


def resultatgap_html(g: Resultatgap, inst: Analysinstallningar, diagram: list[Diagram]) -> str:
    """HTML-rapporten för resultatgapet över tid (Stockholm 2022)."""
    delar = [
        stycke(
            "Varje år delas enheterna i fyra lika stora grupper efter index (kvartil 1 = lägst "
            "index, minst behov; kvartil 4 = högst). Gapet är det elevviktade medelresultatet i "
            "kvartil 1 minus det i kvartil 4; lutningen kommer från en elevviktad regression av "
            "resultatet på indexet. Trenden är en linje över åren; den bedöms som minskande "
            f"eller ökande när dess {decimal(100 * (1 - inst.trosklar.trend_signifikans), 0)} % "
            "konfidensintervall inte innehåller noll."
        ),
        lista(
            [gap_slutsats(g, u) for u in g.per_ar["utfall"].unique(maintain_order=True).to_list()]
        ),
        ramtabell(
            g.per_ar,
            {
                "utfall": "Utfall",
                "ar": "År",
                "antal_enheter": "Enheter",
                "medel_lagt_index": "Kvartil 1",
                "medel_hogt_index": "Kvartil 4",
                "gap": "Gap",
                "lutning": "Lutning",
                "r2": "R²",
            },
            "Resultat per indexkvartil och år",
            {
                "utfall": lambda v: UTFALLSNAMN.get(v, v),
                **{
                    k: (lambda v: decimal(v, 3))
                    for k in ("medel_lagt_index", "medel_hogt_index", "gap", "lutning", "r2")
                },
            },
        ),
        ramtabell(
            g.trender,
            {
                "utfall": "Utfall",
                "matt": "Mått",
                "per_ar": "Trend per år",
                "standardfel": "Standardfel",
                "ki_lag": "KI, lägst",
                "ki_hog": "KI, högst",
                "antal_ar": "Antal år",
                "bedomning": "Bedömning",
            },
            "Trender över åren",
            {
                "utfall": lambda v: UTFALLSNAMN.get(v, v),
                "matt": lambda v: MATTNAMN.get(v, v),
                **{
                    k: (lambda v: decimal(v, 3))
                    for k in ("per_ar", "standardfel", "ki_lag", "ki_hog")
                },
            },
            textkolumner=(1, 7),
        ),
        rubrik("Diagram"),
        *(diagramfigur(d) for d in diagram),
    ]
    return html_sida("Resultatgapet över tid", delar)


MATTNAMN = {
    "gap": "Gap (kvartil 1 − 4)",
    "gap_per_indexenhet": "Gap per indexenhet (−lutning)",
    "medel_hogt_index": "Medel, högst index",
    "medel_lagt_index": "Medel, lägst index",
}


__all__ = [
    "forvantat_diagramlista",
    "forvantat_html",
    "forvantat_sammanfattning",
    "gap_slutsats",
    "resultatgap_diagramlista",
    "resultatgap_html",
    "resultatgap_sammanfattning",
]

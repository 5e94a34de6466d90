"""Modellrapport på svenska för det socioekonomiska indexet (docs/regler/index.md; SKL 2014 steg 2–3 och 5).

In: en ``Skattning`` och valfritt indexet per skolenhet och en ``Jamforelse``. Ut: en fristående
HTML-sida (ingen JavaScript, inga externa resurser) med modellens uppbyggnad, underlaget,
anpassningsmåtten, sammanslagna nivåer, koefficienttabellen och kalibreringsdiagrammet
(inbäddad SVG med textalternativ och tabell). Rapporten innehåller bara aggregat: inga
elevrader och inga andelar per skolenhet (SKL steg 5). Ingen regellogik.
"""

from __future__ import annotations

from html import escape

import altair as alt
import polars as pl

from skolpeng.index.jamforelse import Jamforelse
from skolpeng.index.skattning import KONSTANT, Skattning
from skolpeng.rapporter.diagram import diagram_svg
from skolpeng.rapporter.html import figur, html_sida, tabell
from skolpeng.talformat import decimal, heltal, kr, procent


def _p_varde(p: float) -> str:
    return "< 0,001" if p < 0.001 else decimal(p, 3)


def kalibreringsdiagram(kalibrering: pl.DataFrame) -> alt.LayerChart:
    """Kalibreringen per decil -> diagram: observerad mot skattad andel, med diagonalen
    (perfekt kalibrering) som referenslinje."""
    data = kalibrering.select(
        pl.col("decil"),
        (pl.col("forvantad_andel") * 100).alias("skattad"),
        (pl.col("observerad_andel") * 100).alias("observerad"),
    ).to_dicts()
    hogst = max(max(d["skattad"], d["observerad"]) for d in data) * 1.05
    diagonal = (
        alt.Chart(alt.Data(values=[{"x": 0, "y": 0}, {"x": hogst, "y": hogst}]))
        .mark_line(color="#888", strokeDash=[4, 4])
        .encode(x="x:Q", y="y:Q")
    )
    punkter = (
        alt.Chart(alt.Data(values=data))
        .mark_line(point=True, color="#1f4e79")
        .encode(
            x=alt.X("skattad:Q", title="Skattad andel med utfallet (%)"),
            y=alt.Y("observerad:Q", title="Observerad andel med utfallet (%)"),
            tooltip=["decil:O", "skattad:Q", "observerad:Q"],
        )
    )
    return (diagonal + punkter).properties(
        width=420, height=360, title="Kalibrering per decil av skattad sannolikhet"
    )


def _modellavsnitt(s: Skattning) -> str:
    m = s.modell
    faktorer = "".join(
        f"<li>{escape(f.beskrivning)} (<code>{escape(f.namn)}</code>): "
        f"{escape(', '.join(f.nivaer))}; referens {escape(f.referens)}</li>"
        for f in m.faktorer
    )
    kohort = (
        f"ja (fixa effekter; referens {escape(s.kohorter[0])}, årets elever skattas med "
        f"kohorten {escape(str(s.prediktionskohort))})"
        if m.kohorteffekter
        else "nej"
    )
    bas = "riket" if m.indexbas == "riket" else "kommunen"
    return (
        f"<h2>Modellen</h2><p><strong>{escape(m.namn)}</strong>. Källa: {escape(m.kalla)}</p>"
        f"<p>Utfall: {escape(m.utfall_beskrivning)} (<code>{escape(m.utfall)}</code>).</p>"
        f"<p>Bakgrundsfaktorer:</p><ul>{faktorer}</ul>"
        f"<p>Kohorteffekter: {kohort}. En faktornivå med färre än {heltal(m.minsta_cell)} elever "
        f"slås ihop med en granne. Index = 100 × enhetens genomsnittliga skattade "
        f"sannolikhet för utfallet / {bas}s elevviktade sannolikhet; en enhet med färre än {heltal(m.liten_enhet_grans)} elever "
        "flaggas som liten.</p>"
    )


def _anpassning(s: Skattning) -> str:
    rader = [
        ["Antal elever", heltal(s.antal_elever)],
        [
            "Elever med utfallet",
            f"{heltal(s.antal_utfall)} ({procent(s.antal_utfall / s.antal_elever)})",
        ],
        ["Kohorter", ", ".join(s.kohorter) or "–"],
        ["Log-likelihood", decimal(s.loglikelihood, 1)],
        ["Log-likelihood, nollmodell", decimal(s.loglikelihood_null, 1)],
        ["Pseudo-R² (McFadden)", decimal(s.pseudo_r2, 4)],
        ["AUC", decimal(s.auc, 4)],
        [
            "Hosmer–Lemeshow χ² (8 fg)",
            f"{decimal(s.hosmer_lemeshow, 1)} (p {_p_varde(s.hosmer_lemeshow_p)})",
        ],
        ["Skattningen konvergerade", "ja" if s.konvergerade else "NEJ – tolka med försiktighet"],
    ]
    return "<h2>Underlag och anpassning</h2>" + tabell(["Mått", "Värde"], rader, "Anpassningsmått")


def _sammanslagningar(s: Skattning) -> str:
    df = s.indelning.sammanslagningar
    text = "<h2>Sammanslagna nivåer</h2>"
    if s.indelning.utgangna:
        text += (
            f"<p>Faktorer utan variation som utgått: {escape(', '.join(s.indelning.utgangna))}.</p>"
        )
    if df.height == 0:
        return text + "<p>Inga nivåer behövde slås ihop.</p>"
    rader = [
        [r["faktor"], r["ny_niva"], r["antal_per_niva"], heltal(r["antal_elever"])]
        for r in df.iter_rows(named=True)
    ]
    return text + tabell(
        ["Faktor", "Sammanslagen nivå", "Elever per ursprunglig nivå", "Elever totalt"],
        rader,
        "Nivåer som hade för få elever och slogs ihop med en granne",
        textkolumner=(1, 2),
    )


def _koefficienter(s: Skattning) -> str:
    rader = []
    for r in s.koefficienter.iter_rows(named=True):
        namn = "Konstant (referensnivåerna)" if r["parameter"] == KONSTANT else r["parameter"]
        rader.append(
            [
                namn,
                heltal(r["antal_elever"]),
                decimal(r["koefficient"], 3),
                decimal(r["standardfel"], 3),
                decimal(r["oddskvot"], 2),
                f"{decimal(r['oddskvot_lag'], 2)}–{decimal(r['oddskvot_hog'], 2)}",
                _p_varde(r["p_varde"]),
            ]
        )
    return "<h2>Koefficienter</h2>" + tabell(
        ["Parameter", "Elever", "Koefficient", "Standardfel", "Oddskvot", "95 % KI", "p-värde"],
        rader,
        "Logistisk regression: koefficienter (logit), standardfel och oddskvoter mot referensnivån",
    )


def _kalibrering(s: Skattning) -> str:
    kal = s.kalibrering
    storsta = float((kal["observerad_andel"] - kal["forvantad_andel"]).abs().max() or 0.0)
    beskrivning = (
        f"Diagrammet visar för tio lika stora grupper av elever, ordnade efter skattad sannolikhet, "
        f"den skattade andelen (vågrätt) mot den observerade andelen (lodrätt). Punkter på den "
        f"streckade diagonalen betyder perfekt kalibrering. Den skattade andelen går från "
        f"{procent(kal['forvantad_andel'][0])} i första decilen till "
        f"{procent(kal['forvantad_andel'][-1])} i den tionde; den största avvikelsen mellan "
        f"skattad och observerad andel är {decimal(100 * storsta, 2)} procentenheter."
    )
    svg = diagram_svg(kalibreringsdiagram(kal))
    rader = [
        [
            str(r["decil"]),
            heltal(r["antal"]),
            procent(r["forvantad_andel"], 2),
            procent(r["observerad_andel"], 2),
        ]
        for r in kal.iter_rows(named=True)
    ]
    return (
        "<h2>Kalibrering</h2>"
        + figur(svg, beskrivning)
        + tabell(
            ["Decil", "Elever", "Skattad andel", "Observerad andel"], rader, "Kalibrering per decil"
        )
    )


def _indexavsnitt(index: pl.DataFrame) -> str:
    v = index["index"]
    rader = [
        ["Skolenheter", heltal(index.height)],
        ["Elever", heltal(int(index["elever"].sum()))],
        ["Små enheter (flaggade)", heltal(int(index["liten_enhet"].sum()))],
        ["Lägsta index", decimal(v.min(), 1)],
        ["Undre kvartil", decimal(v.quantile(0.25), 1)],
        ["Median", decimal(v.median(), 1)],
        ["Övre kvartil", decimal(v.quantile(0.75), 1)],
        ["Högsta index", decimal(v.max(), 1)],
    ]
    return (
        "<h2>Index för behov av stöd och stimulans</h2><p>Indexet per skolenhet finns i "
        "<code>index.csv</code>. Små enheter har index men publiceras aldrig tillsammans med "
        "bakgrundsstatistik (SKL steg 5).</p>"
        + tabell(["Mått", "Värde"], rader, "Fördelning av index")
    )


def _jamforelseavsnitt(j: Jamforelse, antal: int = 10) -> str:
    rader = [
        [
            r["skolenhetskod"],
            decimal(r["index_a"], 1),
            decimal(r["index_b"], 1),
            heltal(r["kr_per_elev_a"]),
            heltal(r["kr_per_elev_b"]),
            heltal(r["skillnad_kr"]),
        ]
        for r in j.storst_forflyttning(antal).iter_rows(named=True)
    ]
    text = (
        f"<h2>Jämförelse: index enligt {escape(j.namn_a)} och enligt {escape(j.namn_b)}</h2>"
        f"<p>Korrelation mellan indexen {decimal(j.korrelation, 3)} (Spearman {decimal(j.rangkorrelation, 3)}). "
        f"En pott på {kr(j.pott_kr)} fördelad efter elever × index ger som mest "
        f"{heltal(j.storsta_skillnad_kr)} kr per elev i skillnad mellan metoderna. SKL råder att "
        "välja den enklare modellen om de två ger snarlika behov.</p>"
    )
    if j.saknas_i_a or j.saknas_i_b:
        text += f"<p>{len(j.saknas_i_a) + len(j.saknas_i_b)} enheter finns bara med den ena metoden och ingår inte.</p>"
    return text + tabell(
        [
            "Skolenhet",
            f"Index enligt {j.namn_a}",
            f"Index enligt {j.namn_b}",
            f"Kr/elev enligt {j.namn_a}",
            f"Kr/elev enligt {j.namn_b}",
            "Skillnad kr/elev",
        ],
        rader,
        f"De {len(rader)} enheter som flyttas mest",
    )


def index_rapport_html(
    skattning: Skattning, index: pl.DataFrame | None = None, jamforelse: Jamforelse | None = None
) -> str:
    """Skattning (+ index per enhet, + jämförelse) -> en fristående HTML-sida på svenska."""
    delar = [
        _modellavsnitt(skattning),
        _anpassning(skattning),
        _sammanslagningar(skattning),
        _koefficienter(skattning),
        _kalibrering(skattning),
    ]
    if index is not None:
        delar.append(_indexavsnitt(index))
    if jamforelse is not None:
        delar.append(_jamforelseavsnitt(jamforelse))
    inledning = (
        "<p>Rapporten bygger på elevdata som lästs och släppts; den innehåller bara aggregat.</p>"
    )
    return html_sida("Modellrapport: socioekonomiskt index", [inledning, *delar])

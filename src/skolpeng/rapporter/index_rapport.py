"""Modellrapport på svenska för det socioekonomiska indexet (INDEX.md; SKL 2014 steg 2–3 och 5).

In: en ``Skattning`` och valfritt indexet per skolenhet och en ``Jamforelse``. Ut: en fristående
HTML-sida (ingen JavaScript, inga externa resurser) med modellens uppbyggnad, underlaget,
anpassningsmåtten, sammanslagna nivåer, koefficienttabellen och kalibreringsdiagrammet
(inbäddad SVG med textalternativ och tabell). Rapporten innehåller bara aggregat: inga
elevrader och inga andelar per skolenhet (SKL steg 5). Ingen regellogik.
"""

from __future__ import annotations

import math
from html import escape

import altair as alt
import polars as pl

from skolpeng.index.jamforelse import Jamforelse
from skolpeng.index.skattning import KONSTANT, Skattning
from skolpeng.rapporter.diagram import diagram_svg

_STIL = """
body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.5}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.3rem .6rem}
td.tal{text-align:right;font-variant-numeric:tabular-nums}th{background:#eee;text-align:left}
caption{text-align:left;font-weight:600;padding:.3rem 0}
figure{margin:2rem 0}figcaption{font-size:.95rem;max-width:50rem}
"""


def tal(x: float | None, decimaler: int = 0) -> str:
    """Ett tal på svenska: decimalkomma och hårt mellanslag som tusentalsavgränsare."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{decimaler}f}".replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "\u2212")


def procent(x: float | None, decimaler: int = 1) -> str:
    """En andel 0–1 som procent med decimalkomma."""
    return "–" if x is None else f"{tal(100 * x, decimaler)}\u00a0%"


def _p_varde(p: float) -> str:
    return "< 0,001" if p < 0.001 else tal(p, 3)


def _tabell(rubriker: list[str], rader: list[list[str]], bildtext: str) -> str:
    """En tabell med bildtext; kolumner utom den första högerställs som tal."""
    huvud = "".join(f'<th scope="col">{escape(r)}</th>' for r in rubriker)
    kropp = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{escape(c)}</th>' if i == 0 else f'<td class="tal">{escape(c)}</td>'
            for i, c in enumerate(rad)
        )
        + "</tr>"
        for rad in rader
    )
    return (
        f"<table><caption>{escape(bildtext)}</caption><thead><tr>{huvud}</tr></thead>"
        f"<tbody>{kropp}</tbody></table>"
    )


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
        width=420, height=360, title="Kalibrering per decil av skattad risk"
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
        f"<p>Kohorteffekter: {kohort}. En faktornivå med färre än {tal(m.minsta_cell)} elever "
        f"slås ihop med en granne. Index = 100 × enhetens genomsnittliga skattade risk / "
        f"{bas}s elevviktade risk; en enhet med färre än {tal(m.liten_enhet_grans)} elever "
        "flaggas som liten.</p>"
    )


def _anpassning(s: Skattning) -> str:
    rader = [
        ["Antal elever", tal(s.antal_elever)],
        [
            "Elever med utfallet",
            f"{tal(s.antal_utfall)} ({procent(s.antal_utfall / s.antal_elever)})",
        ],
        ["Kohorter", ", ".join(s.kohorter) or "–"],
        ["Log-likelihood", tal(s.loglikelihood, 1)],
        ["Log-likelihood, nollmodell", tal(s.loglikelihood_null, 1)],
        ["Pseudo-R² (McFadden)", tal(s.pseudo_r2, 4)],
        ["AUC", tal(s.auc, 4)],
        [
            "Hosmer–Lemeshow χ² (8 fg)",
            f"{tal(s.hosmer_lemeshow, 1)} (p {_p_varde(s.hosmer_lemeshow_p)})",
        ],
        ["Skattningen konvergerade", "ja" if s.konvergerade else "NEJ – tolka med försiktighet"],
    ]
    return "<h2>Underlag och anpassning</h2>" + _tabell(["Mått", "Värde"], rader, "Anpassningsmått")


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
        [r["faktor"], r["ny_niva"], r["antal_per_niva"], tal(r["antal_elever"])]
        for r in df.iter_rows(named=True)
    ]
    return text + _tabell(
        ["Faktor", "Sammanslagen nivå", "Elever per ursprunglig nivå", "Elever totalt"],
        rader,
        "Nivåer som hade för få elever och slogs ihop med en granne",
    )


def _koefficienter(s: Skattning) -> str:
    rader = []
    for r in s.koefficienter.iter_rows(named=True):
        namn = "Konstant (referensnivåerna)" if r["parameter"] == KONSTANT else r["parameter"]
        rader.append(
            [
                namn,
                tal(r["antal_elever"]),
                tal(r["koefficient"], 3),
                tal(r["standardfel"], 3),
                tal(r["oddskvot"], 2),
                f"{tal(r['oddskvot_lag'], 2)}–{tal(r['oddskvot_hog'], 2)}",
                _p_varde(r["p_varde"]),
            ]
        )
    return "<h2>Koefficienter</h2>" + _tabell(
        ["Parameter", "Elever", "Koefficient", "Standardfel", "Oddskvot", "95 % KI", "p-värde"],
        rader,
        "Logistisk regression: koefficienter (logit), standardfel och oddskvoter mot referensnivån",
    )


def _kalibrering(s: Skattning) -> str:
    kal = s.kalibrering
    storsta = float((kal["observerad_andel"] - kal["forvantad_andel"]).abs().max() or 0.0)
    beskrivning = (
        f"Diagrammet visar för tio lika stora grupper av elever, ordnade efter skattad risk, "
        f"den skattade andelen (vågrätt) mot den observerade andelen (lodrätt). Punkter på den "
        f"streckade diagonalen betyder perfekt kalibrering. Den skattade andelen går från "
        f"{procent(kal['forvantad_andel'][0])} i första decilen till "
        f"{procent(kal['forvantad_andel'][-1])} i den tionde; den största avvikelsen mellan "
        f"skattad och observerad andel är {tal(100 * storsta, 2)} procentenheter."
    )
    svg = diagram_svg(kalibreringsdiagram(kal))
    rader = [
        [
            str(r["decil"]),
            tal(r["antal"]),
            procent(r["forvantad_andel"], 2),
            procent(r["observerad_andel"], 2),
        ]
        for r in kal.iter_rows(named=True)
    ]
    return (
        "<h2>Kalibrering</h2>"
        f'<figure role="img" aria-label="{escape(beskrivning)}">{svg}'
        f"<figcaption>{escape(beskrivning)}</figcaption></figure>"
        + _tabell(
            ["Decil", "Elever", "Skattad andel", "Observerad andel"], rader, "Kalibrering per decil"
        )
    )


def _indexavsnitt(index: pl.DataFrame) -> str:
    v = index["index"]
    rader = [
        ["Skolenheter", tal(index.height)],
        ["Elever", tal(int(index["elever"].sum()))],
        ["Små enheter (flaggade)", tal(int(index["liten_enhet"].sum()))],
        ["Lägsta index", tal(v.min(), 1)],
        ["Undre kvartil", tal(v.quantile(0.25), 1)],
        ["Median", tal(v.median(), 1)],
        ["Övre kvartil", tal(v.quantile(0.75), 1)],
        ["Högsta index", tal(v.max(), 1)],
    ]
    return (
        "<h2>Index för behov av stöd och stimulans</h2><p>Indexet per skolenhet finns i "
        "<code>index.csv</code>. Små enheter har index men publiceras aldrig tillsammans med "
        "bakgrundsstatistik (SKL steg 5).</p>"
        + _tabell(["Mått", "Värde"], rader, "Fördelning av index")
    )


def _jamforelseavsnitt(j: Jamforelse, antal: int = 10) -> str:
    rader = [
        [
            r["skolenhetskod"],
            tal(r["index_a"], 1),
            tal(r["index_b"], 1),
            tal(r["kr_per_elev_a"]),
            tal(r["kr_per_elev_b"]),
            tal(r["skillnad_kr"]),
        ]
        for r in j.storst_forflyttning(antal).iter_rows(named=True)
    ]
    text = (
        f"<h2>Jämförelse: {escape(j.namn_a)} och {escape(j.namn_b)}</h2>"
        f"<p>Korrelation mellan indexen {tal(j.korrelation, 3)} (Spearman {tal(j.rangkorrelation, 3)}). "
        f"En pott på {tal(j.pott_kr)} kr fördelad efter elever × index ger som mest "
        f"{tal(j.storsta_skillnad_kr)} kr per elev i skillnad mellan metoderna. SKL råder att "
        "välja den enklare modellen om de två ger snarlika behov.</p>"
    )
    if j.saknas_i_a or j.saknas_i_b:
        text += f"<p>{len(j.saknas_i_a) + len(j.saknas_i_b)} enheter finns bara med den ena metoden och ingår inte.</p>"
    return text + _tabell(
        [
            "Skolenhet",
            f"Index {j.namn_a}",
            f"Index {j.namn_b}",
            f"Kr/elev {j.namn_a}",
            f"Kr/elev {j.namn_b}",
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
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
        "<title>Modellrapport: socioekonomiskt index</title>"
        f"<style>{_STIL}</style></head><body><main>"
        "<h1>Modellrapport: socioekonomiskt index</h1>"
        "<p>Rapporten bygger på elevdata som lästs och släppts; den innehåller bara aggregat.</p>"
        + "".join(delar)
        + "</main></body></html>"
    )

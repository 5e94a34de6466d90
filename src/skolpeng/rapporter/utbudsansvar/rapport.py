"""Rapport för utbudsansvarsanalysen: diagram, HTML på svenska, CSV och JSON.

In: en ``Utbudsanalys`` (uppfoljning.utbudsansvar_analys). Ut: altair-diagram med
textbeskrivning, en fristående HTML-sida med diagrammen inbäddade som SVG, och filerna
``utbudsansvar.csv``, ``utbudsansvar.json``, ``utbudsansvar.html``, ``kapacitet.png`` och
``utbudsansvar.pdf`` (om WeasyPrint finns) i en katalog. Ingen regel räknas här.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

import altair as alt
import polars as pl

from skolpeng.csvskrivning import skriv_csv
from skolpeng.rapporter.diagram import diagram_svg, spara_diagram
from skolpeng.rapporter.html import figur, html_sida, lista, rubrik, tabell
from skolpeng.rapporter.pdf import pdf_notering, skriv_pdf
from skolpeng.rapporter.utbudsansvar.text import trendjamforelse_text, trendnamn

# ``antal``, ``procent`` och ``trendnamn`` (ovan) importeras härifrån av cli/utbudsansvar.py.
from skolpeng.talformat import decimal, procent
from skolpeng.talformat import heltal as antal
from skolpeng.uppfoljning.utbudsansvar_analys import Utbudsanalys

SERIENAMN = {
    "antal_elever": "Antal elever",
    "trend": "Långsiktig trend",
    "referenskapacitet": "Referenskapacitet",
    "anpassad_kapacitet": "Anpassad kapacitet",
}
ANPASSNINGSTEXT = {
    "parameter": "antagande (SOU 2025:72 avsnitt 10.3.3)",
    "kostnadsvikter": "härledd ur kostnadsvikter och anpassningsbarheter (fotnot 19)",
}


# Vega-uttryck för axeletiketter i svensk form: mellanslag som tusentalsavgränsare och
# decimalkomma med procenttecken efter ett mellanslag.
ANTAL_ETIKETT = "replace(format(datum.value, ',.0f'), regexp(',', 'g'), '\u00a0')"
PROCENT_ETIKETT = "replace(format(datum.value * 100, '.0f'), '.', ',') + '\u00a0%'"


KAPACITET_PNG = "kapacitet.png"


def utdatatabell(analys: Utbudsanalys) -> pl.DataFrame:
    """Tabellen per år som skrivs till ``utbudsansvar.csv``."""
    return analys.resultat.per_ar


def _arsaxel(analys: Utbudsanalys) -> alt.X:
    """x-axeln: åren utan utfyllnad till jämna tiotal."""
    ar = analys.resultat.per_ar["ar"]
    return alt.X(
        "ar:Q",
        title="År (läsårets början)",
        axis=alt.Axis(format="d", tickMinStep=1),
        scale=alt.Scale(domain=[int(ar.min()) - 0.5, int(ar.max()) + 0.5], nice=False),  # type: ignore[arg-type]
    )


def kapacitetsdiagram(analys: Utbudsanalys) -> alt.LayerChart:
    """Linjediagram: antal elever, trend, referenskapacitet och anpassad kapacitet per år,
    topparna markerade."""
    per_ar = analys.resultat.per_ar
    lang = per_ar.select(["ar", *SERIENAMN]).unpivot(
        index="ar", variable_name="serie", value_name="antal"
    )
    lang = lang.with_columns(pl.col("serie").replace_strict(SERIENAMN))
    ordning = list(SERIENAMN.values())
    bas = alt.Chart(lang.to_pandas())
    linjer = bas.mark_line(strokeWidth=2).encode(
        x=_arsaxel(analys),
        y=alt.Y(
            "antal:Q",
            title="Antal elever / platser",
            scale=alt.Scale(zero=False),
            axis=alt.Axis(labelExpr=ANTAL_ETIKETT),
        ),
        color=alt.Color(
            "serie:N",
            title=None,
            sort=ordning,
            scale=alt.Scale(domain=ordning, range=["#1f4e79", "#7f7f7f", "#c0504d", "#2e8b57"]),
            legend=alt.Legend(orient="bottom"),
        ),
        strokeDash=alt.StrokeDash(
            "serie:N",
            sort=ordning,
            scale=alt.Scale(domain=ordning, range=[[1, 0], [4, 3], [1, 0], [6, 2]]),
            legend=None,
        ),
    )
    toppar = per_ar.filter(pl.col("ar_topp")).select("ar", "antal_elever").to_pandas()
    punkter = (
        alt.Chart(toppar)
        .mark_point(shape="triangle-down", size=140, filled=True, color="#000000", yOffset=-12)
        .encode(x="ar:Q", y="antal_elever:Q", tooltip=["ar:Q", "antal_elever:Q"])
    )
    return (linjer + punkter).properties(
        title=alt.TitleParams(
            "Elever, trend och kapacitet",
            subtitle=f"{analys.serie}. Trianglarna markerar topparna.",
        ),
        width=640,
        height=320,
    )


def kapacitet_beskrivning(analys: Utbudsanalys) -> str:
    """Textalternativ till kapacitetsdiagrammet."""
    r = analys.resultat
    p = r.per_ar
    topp = ", ".join(str(a) for a in p.filter(pl.col("ar_topp"))["ar"].to_list())
    return (
        f"Linjediagram över {p.height} år ({p['ar'].min()}–{p['ar'].max()}): antal elever "
        f"mellan {antal(p['antal_elever'].min())} och {antal(p['antal_elever'].max())}, "  # type: ignore[arg-type]
        f"den långsiktiga trenden, referenskapaciteten (trenden plus "
        f"{procent(r.topp_avvikelse_andel)}, medelavvikelsen vid topparna {topp}) och den "
        f"anpassade kapaciteten. Trianglarna ovanför kurvan markerar topparna."
    )


def overkapacitetsdiagram(analys: Utbudsanalys) -> alt.LayerChart:
    """Stapeldiagram: demografiskt betingad överkapacitet per år med medelvärdet som linje."""
    r = analys.resultat
    data = r.per_ar.select("ar", (pl.col("overkapacitet_andel")).alias("andel")).to_pandas()
    staplar = (
        alt.Chart(data)
        .mark_bar(color="#1f4e79")
        .encode(
            x=_arsaxel(analys),
            y=alt.Y("andel:Q", title="Överkapacitet", axis=alt.Axis(labelExpr=PROCENT_ETIKETT)),
            tooltip=["ar:Q", alt.Tooltip("andel:Q", format=".1%")],
        )
    )
    medel = (
        alt.Chart(pl.DataFrame({"medel": [r.medel_overkapacitet_andel]}).to_pandas())
        .mark_rule(color="#c0504d", strokeDash=[6, 3], strokeWidth=2)
        .encode(y="medel:Q")
    )
    return (staplar + medel).properties(
        title="Demografiskt betingad överkapacitet per år", width=640, height=220
    )


def overkapacitet_beskrivning(analys: Utbudsanalys) -> str:
    """Textalternativ till överkapacitetsdiagrammet."""
    r = analys.resultat
    return (
        f"Stapeldiagram: överkapaciteten per år varierar mellan {procent(r.min_overkapacitet_andel)} "
        f"och {procent(r.max_overkapacitet_andel)}; den streckade linjen är medelvärdet "
        f"{procent(r.medel_overkapacitet_andel)}."
    )


def _sammanfattning(analys: Utbudsanalys) -> list[list[str]]:
    r = analys.resultat
    inst = r.installningar
    j = analys.jamforelse
    toppar = ", ".join(str(a) for a in r.per_ar.filter(pl.col("ar_topp"))["ar"].to_list())
    trend = trendnamn(inst.trendmetod, inst.hp_lambda)
    rader = [
        ["Serie", analys.serie],
        ["Trend", trend],
        ["Toppar" + (" (reserv: ingen inre topp)" if r.toppar_reserv else ""), toppar],
        ["Medelavvikelse från trenden vid topparna", procent(r.topp_avvikelse_andel, 2)],
        [
            "Anpassningsgrad a",
            f"{decimal(inst.anpassningsgrad, 3)} – {ANPASSNINGSTEXT[inst.anpassningskalla]}",
        ],
        ["Demografiskt betingad överkapacitet, medel", procent(r.medel_overkapacitet_andel, 2)],
        [
            "… lägsta och högsta år",
            f"{procent(r.min_overkapacitet_andel)} och {procent(r.max_overkapacitet_andel)}",
        ],
        ["Löpande beredskap", procent(inst.beredskap_andel)],
        ["Total överkapacitet D", procent(r.total_overkapacitet_andel, 2)],
        [
            f"Avdrag D·A/(B + D·A), B = {decimal(analys.avdrag.B_kommunal, 0)}, "
            f"C = {decimal(analys.avdrag.C_enskild, 0)}",
            procent(analys.avdrag.avdrag_andel, 2),
        ],
    ]
    if analys.faktiska_andelar:
        f = analys.faktiska_andelar
        rader.append(
            [
                f"Avdrag med seriens andelar {f.ar} (kommunal {antal(f.kommunal_elever)}, "
                f"övriga {antal(f.ovriga_elever)})",
                procent(f.avdrag_andel, 2),
            ]
        )
    rader.append(
        [
            "Jämförelse SOU 2025:72: demografisk / total överkapacitet / avdrag",
            f"{procent(j['sou_demografisk_overkapacitet_andel'])} / "
            f"{procent(j['sou_total_overkapacitet_andel'])} / {procent(j['sou_avdrag_andel'], 2)}",
        ]
    )
    if "forslagets_avdragssats_andel" in j:
        rader.append(
            ["Förslagets avdragssats från 2029", procent(j["forslagets_avdragssats_andel"])]
        )
    alt_ = analys.alternativ_trend
    if alt_ is not None:
        rader.append(
            [
                f"Känslighet: med {trendnamn(alt_.trendmetod, inst.hp_lambda)} i stället"
                " – demografisk / total överkapacitet / avdrag",
                f"{procent(alt_.resultat.medel_overkapacitet_andel, 2)} / "
                f"{procent(alt_.resultat.total_overkapacitet_andel, 2)} / "
                f"{procent(alt_.avdrag_andel, 2)}",
            ]
        )
    return rader


def _tabell_10_3(analys: Utbudsanalys) -> list[list[str]]:
    a = analys.avdrag
    return [
        ["A. Antal folkbokförda elever", decimal(a.A_folkbokforda, 0), ""],
        ["B. Elever i kommunal skola", decimal(a.B_kommunal, 0), ""],
        ["C. Elever i fristående skola", decimal(a.C_enskild, 0), ""],
        ["D. Nödvändig överkapacitet", procent(a.D_overkapacitet_andel, 2), ""],
        ["E. Totalt antal utbildningsplatser", decimal(a.E_utbildningsplatser, 2), "A × (1 + D)"],
        ["F. Kostnad per plats", antal(a.F_kostnad_per_plats_kr), ""],
        ["G. Total kostnad för skolsystemet", antal(a.G_total_kostnad_kr), "E × F"],
        ["H. Total kostnad för den kommunala skolan", antal(a.H_kommunal_kostnad_kr), "H1 + H2"],
        ["H1. varav faktiskt elevantal", antal(a.H1_faktiskt_elevantal_kr), "B × F"],
        ["H2. varav överkapacitet", antal(a.H2_overkapacitet_kr), "(E − A) × F"],
        ["I. Kostnad per elev i den kommunala skolan", antal(a.I_kostnad_per_elev_kr), "H / B"],
        ["J. Grundbelopp utan hänsyn till ansvar", antal(a.J_grundbelopp_utan_hansyn_kr), "H / B"],
        ["K. Grundbelopp med hänsyn till ansvar", antal(a.K_grundbelopp_med_hansyn_kr), "H1 / B"],
        ["Avdrag", procent(a.avdrag_andel, 2), "(J − K) / J = D·A / (B + D·A)"],
    ]


def kort_serie_text(analys: Utbudsanalys) -> str:
    """Varning när serien är kortare än en demografisk cykel, annars tom text."""
    if not analys.kort_serie:
        return ""
    return (
        f"Serien omfattar {analys.resultat.per_ar.height} år, kortare än en demografisk cykel "
        f"(i genomsnitt drygt {analys.cykellangd_ar:.0f} år mellan topparna enligt SOU 2025:72). "
        "Trend, toppar och överkapacitet speglar då inte variationen över en hel cykel och ska "
        "inte jämföras med utredningens "
        f"{procent(analys.jamforelse['sou_demografisk_overkapacitet_andel'])} för riket."
    )


def utbudsansvar_html(analys: Utbudsanalys) -> str:
    """Hela rapporten som en fristående HTML-sida på svenska (diagram som inbäddad SVG med
    textalternativ, tabeller med rubrikceller)."""
    r = analys.resultat
    alt_ = analys.alternativ_trend
    alt_overkap = (
        alt_.resultat.per_ar["overkapacitet_andel"].to_list()
        if alt_ is not None
        else [None] * r.per_ar.height
    )
    per_ar = [
        [
            str(rad["ar"]),
            antal(rad["antal_elever"]),
            antal(rad["trend"]),
            procent(rad["avvikelse_andel"], 2),
            "topp" if rad["ar_topp"] else "",
            antal(rad["referenskapacitet"]),
            antal(rad["anpassad_kapacitet"]),
            procent(rad["overkapacitet_andel"], 2),
            *([] if alt_ is None else [procent(alt_overkap[i], 2)]),
        ]
        for i, rad in enumerate(r.per_ar.iter_rows(named=True))
    ]
    alt_rubrik = (
        []
        if alt_ is None
        else [f"Överkapacitet, känslighet: {trendnamn(alt_.trendmetod, r.installningar.hp_lambda)}"]
    )
    metod = (
        "Beräkningen följer SOU 2025:72 avsnitt 10.3: en långsiktig trend skattas på det "
        "logaritmerade elevantalet; topparna är året med störst avvikelse från trenden i varje "
        "period över trenden (en per demografisk cykel, inte seriens första eller sista år); "
        "referenskapaciteten är trenden gånger ett plus medelavvikelsen vid topparna, där "
        "varje topp väger lika; den anpassade kapaciteten är det faktiska elevantalet plus "
        "(1 − a) gånger skillnaden mot referenskapaciteten; överkapaciteten är den anpassade "
        "kapacitetens överskott i procent av det faktiska elevantalet. Den totala "
        "överkapaciteten lägger till den löpande beredskapen. Avdraget är (J − K)/J = "
        "D·A/(B + D·A) enligt tabell 10.3 (tabellens etikett (J − K)/K skulle ge "
        f"{procent(analys.avdrag.avdrag_enligt_tabellens_formel_andel, 2)} – en felskrivning)."
    )
    lambda_not = trendjamforelse_text(analys)
    delar = [
        f"<p>{html.escape(analys.serie)}. Analysen är till för att förstå och pröva "
        "avdragets storlek, inte för att en kommun ska räkna fram ett eget avdrag.</p>",
        f'<p role="note"><strong>{html.escape(kort_serie_text(analys))}</strong></p>'
        if analys.kort_serie
        else "",
        rubrik("Sammanfattning"),
        tabell(
            ["Mått", "Värde"],
            _sammanfattning(analys),
            "Sammanfattning av analysen",
            textkolumner=(1,),
        ),
        rubrik("Elever, trend och kapacitet"),
        figur(
            diagram_svg(kapacitetsdiagram(analys)),
            kapacitet_beskrivning(analys),
            png=KAPACITET_PNG,
        ),
        rubrik("Överkapacitet per år"),
        figur(diagram_svg(overkapacitetsdiagram(analys)), overkapacitet_beskrivning(analys)),
        rubrik("Från överkapacitet till avdrag (tabell 10.3)"),
        tabell(
            ["Rad", "Värde", "Beräkning"],
            _tabell_10_3(analys),
            "Schematisk beräkning av avdraget med den beräknade totala överkapaciteten",
            textkolumner=(2,),
        ),
        rubrik("Metod"),
        f"<p>{html.escape(metod)}</p>",
        f"<p>{html.escape(lambda_not)}</p>" if lambda_not else "",
        rubrik("Per år"),
        tabell(
            [
                "År",
                "Elever",
                "Trend",
                "Avvikelse",
                "Topp",
                "Referenskapacitet",
                "Anpassad kapacitet",
                "Överkapacitet",
                *alt_rubrik,
            ],
            per_ar,
            "Elever, trend, kapacitet och överkapacitet per år",
            textkolumner=(4,),
        ),
        rubrik("Källor"),
        lista([f"{k}: {v}" for k, v in sorted(analys.kallor.items())]),
    ]
    return html_sida(
        "Utbudsansvaret – demografiskt betingad överkapacitet",
        delar,
        rubrik="Utbudsansvaret – demografiskt betingad överkapacitet och avdrag",
    )


def skriv_utbudsansvar(
    analys: Utbudsanalys, katalog: Path, utskrift: Callable[[str], None] = print
) -> list[Path]:
    """Skriver CSV, JSON, HTML, PNG och PDF i katalog (som anroparen gör atomisk). Kan PDF
    inte skapas skrivs förklaringen med ``utskrift`` och resten skrivs ändå.
    Ut: de skrivna filerna."""
    katalog = Path(katalog)
    filer = [
        katalog / "utbudsansvar.csv",
        katalog / "utbudsansvar.json",
        katalog / "utbudsansvar.html",
        katalog / KAPACITET_PNG,
    ]
    skriv_csv(utdatatabell(analys), filer[0])
    filer[1].write_text(
        json.dumps(analys.som_json(), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    text = utbudsansvar_html(analys)
    filer[2].write_text(text, encoding="utf-8")
    spara_diagram(kapacitetsdiagram(analys), filer[3], kapacitet_beskrivning(analys))
    saknas = skriv_pdf(text, katalog / "utbudsansvar.pdf", png_bredvid=True)
    if saknas:
        utskrift(pdf_notering(saknas))
    else:
        filer.append(katalog / "utbudsansvar.pdf")
    return filer

"""HTML-rapport på svenska för simuleringen av normen mot i dag.

In: ett ``Simuleringsresultat`` och dess diagram (``simulering_diagram``). Ut: en fristående
HTML-sida (ingen JavaScript, inga externa resurser) med sammanfattning per huvudmannatyp,
jämförelse med utredningens simulering, spridning, regressioner, år till full effekt och
diagrammen inbäddade som SVG, vart och ett med en textbeskrivning. Ingen regellogik.
"""

from __future__ import annotations

from html import escape
from typing import Any

from skolpeng.rapporter.diagram import Diagram, diagramfigur
from skolpeng.rapporter.html import html_sida, tabell
from skolpeng.rapporter.simulering.diagram import (
    decimal,
    heltal,
    mnkr,
    procent,
    simuleringsdiagram,
)
from skolpeng.uppfoljning.simulering import Simuleringsresultat

VARIANTNAMN = {
    "vagledande": "den vägledande normen för förskoleklass och grundskola (100 %)",
    "bindande": "den bindande normen för förskoleklass och grundskola (95 %)",
    "fritidshem": "normen för fritidshem (95 %)",
}
# Utredningens egna resultat för kommunala huvudmän 2022, för jämförelse i rapporten.
UTREDNINGENS_RESULTAT = {
    "vagledande": ("190 kommuner, 5 miljarder kronor, 4,9 %", "SOU 2025:72, avsnitt 9.2.3"),
    "bindande": ("109 kommuner, 2 miljarder kronor, 1,9 %", "SOU 2025:72, avsnitt 6.3.1"),
    "fritidshem": ("90 kommuner, 813 miljoner kronor, 6 %", "SOU 2025:72, avsnitt 7.3.1"),
}
_ALLA_TYPER = (("kommunal", "Kommunala huvudmän"), ("enskild", "Enskilda huvudmän"))


def _typer(per_typ: dict[str, Any]) -> list[tuple[str, str]]:
    """De huvudmannatyper som har några huvudmän i kostnadsuppgifterna (minst kommunala)."""
    return [
        (t, n)
        for t, n in _ALLA_TYPER
        if t == "kommunal" or per_typ[t]["antal_huvudman"] + per_typ[t]["antal_uteslutna"] > 0
    ]


def _sammanfattningstabell(per_typ: dict[str, Any], tak: float) -> str:
    def rad(namn: str, f: Any) -> list[str]:
        return [namn, *(f(per_typ[t]) for t, _ in _typer(per_typ))]

    rader = [
        rad("Huvudmän i simuleringen", lambda p: heltal(p["antal_huvudman"])),
        rad("Uteslutna", lambda p: heltal(p["antal_uteslutna"])),
        rad("Elever", lambda p: heltal(p["elever"])),
        rad("Under normen (behöver tillskott)", lambda p: heltal(p["antal_under_normen"])),
        rad("Andel under normen", lambda p: procent(p["andel_under_normen"])),
        rad("Tillskott för att nå normen", lambda p: mnkr(p["summa_tillskott_kr"])),
        rad(
            "Tillskott, andel av jämförbar kostnad",
            lambda p: procent(p["tillskott_andel_av_jamforbar_kostnad"]),
        ),
        rad(
            "Tillskott per elev, lägst–högst (kr)",
            lambda p: (
                "–"
                if p["tillskott_per_elev_min"] is None
                else f"{heltal(p['tillskott_per_elev_min'])}–{heltal(p['tillskott_per_elev_max'])}"
            ),
        ),
        rad(
            f"Tillskott minst {heltal(tak)} kr per elev",
            lambda p: heltal(p["antal_tillskott_minst_tak"]),
        ),
        rad(
            f"Förändring minst {heltal(tak)} kr per elev (upp eller ned)",
            lambda p: heltal(p["antal_forandring_minst_tak"]),
        ),
        rad("Över normen, summa", lambda p: mnkr(p["summa_over_normen_kr"])),
        rad("Netto (normen minus i dag)", lambda p: mnkr(p["netto_kr"])),
        rad(
            "Netto, andel av jämförbar kostnad",
            lambda p: procent(p["netto_andel_av_jamforbar_kostnad"]),
        ),
        rad("Jämförbar kostnad i dag, summa", lambda p: mnkr(p["summa_jamforbar_kostnad_kr"])),
        rad("Med normen, summa", lambda p: mnkr(p["summa_norm_kr"])),
    ]
    return tabell(
        ["", *(n for _, n in _typer(per_typ))], rader, "Normen mot i dag per huvudmannatyp"
    )


def _spridningstabell(per_typ: dict[str, Any]) -> str:
    matt = [
        ("Antal", "antal"),
        ("Lägst", "min"),
        ("Undre kvartil", "q1"),
        ("Median", "median"),
        ("Övre kvartil", "q3"),
        ("Högst", "max"),
        ("Medelvärde", "medel"),
        ("Kvartilavstånd", "kvartilavstand"),
    ]
    rubriker = ["Kronor per elev"]
    kolumner = []
    for t, namn in _typer(per_typ):
        for lage, lnamn in (("idag", "i dag"), ("med_normen", "med normen")):
            rubriker.append(f"{namn}, {lnamn}")
            kolumner.append(per_typ[t]["spridning"][lage])
    rader = [[m, *(heltal(k[nyckel]) for k in kolumner)] for m, nyckel in matt]
    rader.append(["Variationskoefficient", *(decimal(k["cv"], 3) for k in kolumner)])
    return tabell(rubriker, rader, "Spridning i dag och med normen (en punkt per huvudman)")


def _regressionstabell(per_typ: dict[str, Any]) -> str:
    fall = [
        ("mot_utgangslage_rang", "Förändring mot rangordning av utgångsläget (figur 6.2: 0,786)"),
        ("mot_utgangslage_kr", "Förändring mot utgångsläget i kronor"),
        ("mot_socioekonomiskt_index", "Förändring mot socioekonomiskt index (figur 6.3: 0,014)"),
    ]
    rader = []
    for nyckel, namn in fall:
        rad = [namn]
        for t, _ in _typer(per_typ):
            linje = per_typ[t]["regression"][nyckel]
            rad.append(f"R² = {decimal(linje['r2'], 3)} (n = {linje['antal']})")
        rader.append(rad)
    return tabell(
        ["Samband", *(n for _, n in _typer(per_typ))],
        rader,
        "Förklaringsgrad (R²), enkel linjär regression",
    )


def _artabell(per_typ: dict[str, Any]) -> str:
    fordelningar = [per_typ[t]["ar_till_full_effekt"]["fordelning"] for t, _ in _typer(per_typ)]
    langst = max((len(f) for f in fordelningar), default=0)
    rader = [
        [f"{ar} år", *(heltal(f.get(str(ar), 0)) for f in fordelningar)] for ar in range(langst)
    ]
    return tabell(
        ["År till full effekt", *(n for _, n in _typer(per_typ))],
        rader,
        "Antal huvudmän per antal år",
    )


def _storsta(per_typ: dict[str, Any]) -> str:
    rader = [
        [
            f"{p['huvudman_namn'] or p['huvudman_id']} ({p['huvudman_id']})",
            heltal(p["tillskott_per_elev"]),
            procent(p["andel_av_jamforbar_kostnad"]),
        ]
        for p in per_typ["kommunal"]["storsta_tillskott"]
    ]
    if not rader:
        return "<p>Ingen kommunal huvudman ligger under normen.</p>"
    return tabell(
        ["Kommunal huvudman", "Tillskott per elev (kr)", "Andel av jämförbar kostnad"],
        rader,
        "De kommunala huvudmän som behöver störst tillskott per elev",
    )


def _prisniva(s: dict[str, Any]) -> str:
    """En mening om jämförelseåret och uppräkningen till normårets prisnivå."""
    av = s["avrakningar"]
    if av["jamforelsear"] == s["normar"]:
        return f"Kostnaderna avser normåret {s['normar']} och räknas inte upp."
    return (
        f"Kostnader för normåret saknas; kostnaderna för {av['jamforelsear']} har räknats upp "
        f"till {s['normar']} års prisnivå med normens uppräkningsfaktor "
        f"{decimal(av['upprakning'], 4)}."
    )


def simuleringsrapport_html(
    resultat: Simuleringsresultat, diagram: list[Diagram] | None = None
) -> str:
    """Rapporten som en fristående HTML-sida.

    In: simuleringsresultatet och (valfritt) redan byggda diagram. Ut: HTML-text på svenska.
    """
    s = resultat.sammanfattning
    per_typ = s["per_typ"]
    diagram = diagram if diagram is not None else simuleringsdiagram(resultat)
    variant = VARIANTNAMN.get(s["variant"], s["variant"])
    av = s["avrakningar"]
    kallans, kalla = UTREDNINGENS_RESULTAT.get(s["variant"], ("–", ""))
    k = per_typ["kommunal"]
    uteslutna = "".join(
        f"<li>{escape(orsak)}: {n}</li>" for orsak, n in sorted(s["uteslutna"].items())
    )
    titel = f"Normen mot i dag – {variant}, normår {s['normar']}"
    delar = [
        "<p>Normen per elev för varje huvudman (elevviktad över stadierna) jämförs med "
        "huvudmannens jämförbara kostnad per elev i dag (kommunala huvudmän) eller intäkt per "
        f"elev (enskilda huvudmän) år {s['jamforelsear']}. Normen är beräknad för år "
        f"{s['normar']} med kostnader från {s['kostnadsar_norm']} och {escape(str(s['elevar']))}."
        " En positiv skillnad betyder att normen ligger över i dag, alltså att en kommun "
        "behöver skjuta till resurser för att nå normen.</p>",
        "<h2>Jämförbar kostnad</h2>",
        "<p>Den redovisade kostnaden görs jämförbar med samma avräkningar som normen gör från "
        "nettokostnaden: för kommunala huvudmän dras schablonerna för tilläggsbelopp och lovskola "
        f"({procent(av['tillaggsbelopp_schablon_andel'])}) och hemkommunsansvar "
        f"({procent(av['hemkommunsansvar_schablon_andel'])}) samt modersmål "
        f"({procent(av['modersmal_andel'], 2)}) av; för enskilda huvudmän dras modersmål av "
        f"från intäkten. {_prisniva(s)} Faktorn på den redovisade kostnaden blir "
        f"{decimal(av['kommunal_faktor'], 4)} för kommunala och "
        f"{decimal(av['enskild_faktor'], 4)} för enskilda huvudmän.</p>",
        f"<p>{escape(s['regel_for_avvikande'])}</p>",
        f"<ul>{uteslutna}</ul>" if uteslutna else "<p>Ingen huvudman har uteslutits.</p>",
        "<h2>Sammanfattning</h2>",
        f"<p><strong>{k['antal_under_normen']} av {k['antal_huvudman']} kommunala huvudmän</strong> "
        f"ligger under normen. För att nå den behöver de tillsammans skjuta till "
        f"<strong>{mnkr(k['summa_tillskott_kr'])}</strong>, "
        f"{procent(k['tillskott_andel_av_jamforbar_kostnad'])} av den jämförbara kostnaden. "
        f"Utredningens simulering för 2022 gav {escape(kallans)} ({escape(kalla)}).</p>",
        _sammanfattningstabell(per_typ, s["tak_per_elev_och_ar"]),
        _storsta(per_typ),
        "<h2>Spridning i dag och med normen</h2>",
        _spridningstabell(per_typ),
        "<h2>Förändringen mot utgångsläget och mot socioekonomiskt index</h2>",
        _regressionstabell(per_typ),
        "<h2>År till full effekt</h2>",
        f"<p>Med ett tak på {heltal(s['tak_per_elev_och_ar'])} kr per elev och år för hur mycket "
        "ersättningen får ändras tar det för varje huvudman ⌈|skillnad per elev| / tak⌉ år att "
        "nå normen (jfr SOU 2025:72, avsnitt 8.1.2: upp till tio år med 5 000 kr).</p>",
        _artabell(per_typ),
        "<h2>Diagram</h2>",
        *(diagramfigur(d) for d in diagram),
        "<p>Uppgifter per huvudman finns i <code>simulering_huvudman.csv</code> och "
        "sammanfattningen i <code>simulering.json</code>.</p>",
    ]
    return html_sida(titel, delar)

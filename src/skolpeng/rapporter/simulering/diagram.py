"""Diagram för simuleringen av normen mot i dag (SOU 2025:72 figur 6.2, 6.3 och 8.1).

In: ett ``Simuleringsresultat``. Ut: altair-diagram med svenska etiketter och belopp i kronor
per elev, var och ett med en textbeskrivning (alternativtext) som sammanfattar vad det visar.
Ingen regellogik: allt som visas är redan beräknat i simuleringen.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import altair as alt
import polars as pl

from skolpeng import talformat
from skolpeng.rapporter.diagram import Diagram
from skolpeng.uppfoljning.simulering import Simuleringsresultat, ingaende

# Vega-uttryck: heltal med mellanslag som tusentalsavgränsare och riktigt minustecken.
_KR_ETIKETT = "replace(format(datum.value, ',.0f'), /,/g, ' ')"
_PROCENT_ETIKETT = "format(datum.value * 100, '.0f') + ' %'"
_TYPNAMN = {"kommunal": "kommunala huvudmän", "enskild": "enskilda huvudmän"}
_TYPORDNING = ["Kommunala huvudmän", "Enskilda huvudmän"]
_BREDD, _HOJD = 560, 340


# Simuleringens texter (rapport, diagrambeskrivningar, skärm) har vanligt mellanslag som
# tusentalsavgränsare och före enheten.
heltal = partial(talformat.heltal, mellanrum=talformat.MELLANSLAG)
decimal = partial(talformat.decimal, mellanrum=talformat.MELLANSLAG)
procent = partial(talformat.procent, mellanrum=talformat.MELLANSLAG)
mnkr = partial(talformat.mnkr, mellanrum=talformat.MELLANSLAG)


def figurtyp(resultat: Simuleringsresultat) -> str:
    """Huvudmannatypen som figurerna visar: kommunala (som källans figurer) om det finns några."""
    return "kommunal" if ingaende(resultat, "kommunal").height else "enskild"


def _ar(resultat: Simuleringsresultat) -> str:
    return f"normår {resultat.sammanfattning['normar']}"


def spridningsdiagram(resultat: Simuleringsresultat) -> Diagram:
    """Lådagram över kostnad per elev i dag och med normen (jfr figur 8.1), med medelvärdet
    markerat med ett kryss och extremvärden som punkter (1,5 kvartilavstånd)."""
    typ = figurtyp(resultat)
    df = ingaende(resultat, typ)
    lang = pl.concat(
        [
            df.select(
                pl.lit("I dag").alias("lage"),
                pl.col("jamforbar_kostnad_per_elev").alias("kr_per_elev"),
            ),
            df.select(
                pl.lit("Med normen").alias("lage"), pl.col("norm_per_elev").alias("kr_per_elev")
            ),
        ]
    )
    y = alt.Y(
        "kr_per_elev:Q",
        title="Kronor per elev",
        scale=alt.Scale(zero=False),
        axis=alt.Axis(labelExpr=_KR_ETIKETT),
    )
    x = alt.X("lage:N", title=None, sort=["I dag", "Med normen"], axis=alt.Axis(labelAngle=0))
    bas = alt.Chart(lang)
    lador = bas.mark_boxplot(extent=1.5, size=70).encode(x=x, y=y, color=alt.value("#4c78a8"))
    medel = bas.mark_point(shape="cross", size=120, color="#d62728", filled=True).encode(
        x=x, y=alt.Y("mean(kr_per_elev):Q")
    )
    rubrik = f"Spridning i kostnad per elev i dag och med normen – {_TYPNAMN[typ]}, {_ar(resultat)}"
    diagram = (lador + medel).properties(
        width=_BREDD,
        height=_HOJD,
        title=alt.Title(
            rubrik,
            subtitle="Lådan rymmer mittersta hälften, strecket är medianen och krysset medelvärdet.",
        ),
    )
    sp = resultat.sammanfattning["per_typ"][typ]["spridning"]
    i, m = sp["idag"], sp["med_normen"]
    beskrivning = (
        f"Lådagram för {i['antal']} {_TYPNAMN[typ]}. I dag: median {heltal(i['median'])} kr per "
        f"elev, kvartiler {heltal(i['q1'])}–{heltal(i['q3'])} kr, lägst {heltal(i['min'])} och högst "
        f"{heltal(i['max'])} kr. Med normen: median {heltal(m['median'])} kr, kvartiler "
        f"{heltal(m['q1'])}–{heltal(m['q3'])} kr, lägst {heltal(m['min'])} och högst {heltal(m['max'])} kr. "
        f"Kvartilavståndet är {heltal(i['kvartilavstand'])} kr i dag och "
        f"{heltal(m['kvartilavstand'])} kr med normen."
    )
    return Diagram("spridning", rubrik, beskrivning, diagram)


def _spridningsdiagram_med_linje(
    df: pl.DataFrame,
    x_kolumn: str,
    x_titel: str,
    x_axel: alt.Axis,
    linje: dict[str, Any],
) -> alt.TopLevelMixin:
    """Punkter (förändring per elev mot x), nollinje, regressionslinje och R² i hörnet."""
    data = df.select(
        "huvudman_id",
        "huvudman_namn",
        pl.col(x_kolumn).alias("x"),
        pl.col("skillnad_per_elev").alias("y"),
    ).drop_nulls(["x", "y"])
    y = alt.Y(
        "y:Q",
        title="Förändring (kr per elev)",
        axis=alt.Axis(labelExpr=_KR_ETIKETT),
        scale=alt.Scale(padding=12),
    )
    punkter = (
        alt.Chart(data)
        .mark_circle(size=40, opacity=0.7, color="#4c78a8")
        .encode(
            x=alt.X("x:Q", title=x_titel, axis=x_axel, scale=alt.Scale(zero=False, padding=12)),
            y=y,
            tooltip=["huvudman_namn:N", "x:Q", "y:Q"],
        )
    )
    noll = alt.Chart(pl.DataFrame({"y": [0.0]})).mark_rule(color="#888").encode(y="y:Q")
    lager: list[alt.TopLevelMixin] = [noll, punkter]
    if linje["r2"] is not None and data.height:
        x0, x1 = float(data["x"].min()), float(data["x"].max())
        ands = pl.DataFrame(
            {
                "x": [x0, x1],
                "y": [linje["intercept"] + linje["lutning"] * x for x in (x0, x1)],
            }
        )
        lager.append(
            alt.Chart(ands).mark_line(color="#d62728", strokeWidth=2).encode(x="x:Q", y="y:Q")
        )
        text = f"R² = {decimal(linje['r2'], 3)}"
        lager.append(
            alt.Chart(pl.DataFrame({"t": [text]}))
            .mark_text(align="right", baseline="top", fontSize=14, fontWeight="bold", dx=-4, dy=4)
            .encode(text="t:N", x=alt.value(_BREDD), y=alt.value(0))
        )
    return alt.layer(*lager).properties(width=_BREDD, height=_HOJD)


def forandring_mot_utgangslage(resultat: Simuleringsresultat) -> Diagram:
    """Förändringen per elev mot rangordningen av utgångsläget (jfr figur 6.2)."""
    typ = figurtyp(resultat)
    reg = resultat.sammanfattning["per_typ"][typ]["regression"]
    linje = reg["mot_utgangslage_rang"]
    chart = _spridningsdiagram_med_linje(
        ingaende(resultat, typ),
        "utgangslage_rang",
        "Rangordning av resursmässigt utgångsläge (0 % lägst, 100 % högst kostnad per elev)",
        alt.Axis(labelExpr=_PROCENT_ETIKETT, values=[0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        linje,
    )
    rubrik = f"Förändring mot resursmässigt utgångsläge – {_TYPNAMN[typ]}, {_ar(resultat)}"
    chart = chart.properties(
        title=alt.Title(rubrik, subtitle="Positiva värden: tillskott i förhållande till i dag.")
    )
    beskrivning = (
        f"Punktdiagram för {linje['antal']} {_TYPNAMN[typ]}: förändringen per elev (norm minus "
        "jämförbar kostnad i dag) mot rangordningen av dagens kostnad per elev. Linjen är en "
        f"minsta-kvadrat-linje med lutning {heltal(linje['lutning'])} kr per elev från lägst till "
        f"högst; R² = {decimal(linje['r2'], 3)} (utredningen fann 0,786 för 2022). Mot nivån i "
        f"kronor är R² = {decimal(reg['mot_utgangslage_kr']['r2'], 3)}."
    )
    return Diagram("forandring_mot_utgangslage", rubrik, beskrivning, chart)


def forandring_mot_index(resultat: Simuleringsresultat) -> Diagram:
    """Förändringen per elev mot huvudmannens socioekonomiska index (jfr figur 6.3)."""
    typ = figurtyp(resultat)
    linje = resultat.sammanfattning["per_typ"][typ]["regression"]["mot_socioekonomiskt_index"]
    chart = _spridningsdiagram_med_linje(
        ingaende(resultat, typ),
        "socioekonomiskt_index",
        "Socioekonomiskt index (elevviktat, riksgenomsnitt 100)",
        alt.Axis(format=".0f"),
        linje,
    )
    rubrik = f"Förändring mot socioekonomiskt index – {_TYPNAMN[typ]}, {_ar(resultat)}"
    chart = chart.properties(
        title=alt.Title(rubrik, subtitle="Positiva värden: tillskott i förhållande till i dag.")
    )
    beskrivning = (
        f"Punktdiagram för {linje['antal']} {_TYPNAMN[typ]}: förändringen per elev mot "
        "huvudmannens elevviktade socioekonomiska index. Linjen är en minsta-kvadrat-linje "
        f"med lutning {heltal(linje['lutning'])} kr per elev och indexenhet; "
        f"R² = {decimal(linje['r2'], 3)} (utredningen fann 0,014 för 2022)."
    )
    return Diagram("forandring_mot_index", rubrik, beskrivning, chart)


def ar_till_full_effekt_diagram(resultat: Simuleringsresultat) -> Diagram:
    """Stapeldiagram: antal huvudmän per antal år till full effekt under taket."""
    s = resultat.sammanfattning
    tak = s["tak_per_elev_och_ar"]
    rader = [
        {"ar": int(ar), "antal": n, "typ": _TYPNAMN[typ].capitalize()}
        for typ in ("kommunal", "enskild")
        for ar, n in s["per_typ"][typ]["ar_till_full_effekt"]["fordelning"].items()
    ]
    data = pl.DataFrame(rader, schema={"ar": pl.Int64, "antal": pl.Int64, "typ": pl.String})
    rubrik = f"År till full effekt med tak {heltal(tak)} kr per elev och år"
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("ar:O", title="Antal år till full effekt", axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("typ:N", sort=_TYPORDNING),
            y=alt.Y("antal:Q", title="Antal huvudmän", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "typ:N",
                title="Huvudmannatyp",
                scale=alt.Scale(domain=_TYPORDNING, range=["#4c78a8", "#f58518"]),
                legend=alt.Legend(orient="top-right"),
            ),
            tooltip=["typ:N", "ar:O", "antal:Q"],
        )
        .properties(
            width=_BREDD,
            height=_HOJD,
            title=alt.Title(
                rubrik,
                subtitle="Antal år = skillnaden mellan normen och i dag per elev delad med taket, "
                "avrundat uppåt.",
            ),
        )
    )
    delar = []
    for typ in ("kommunal", "enskild"):
        a = s["per_typ"][typ]["ar_till_full_effekt"]
        if s["per_typ"][typ]["antal_huvudman"]:
            delar.append(
                f"{_TYPNAMN[typ]}: högst {a['max']} år, median {decimal(a['median'], 1)} år"
            )
    lista = "; ".join(delar) or "inga huvudmän ingår"
    beskrivning = (
        f"Stapeldiagram över hur många år det tar för varje huvudman att nå normen när "
        f"ersättningen per elev får ändras med högst {heltal(tak)} kr per år. "
        f"{lista[0].upper()}{lista[1:]}."
    )
    return Diagram("ar_till_full_effekt", rubrik, beskrivning, chart)


def simuleringsdiagram(resultat: Simuleringsresultat) -> list[Diagram]:
    """Alla fyra diagrammen i rapportens ordning."""
    return [
        spridningsdiagram(resultat),
        forandring_mot_utgangslage(resultat),
        forandring_mot_index(resultat),
        ar_till_full_effekt_diagram(resultat),
    ]

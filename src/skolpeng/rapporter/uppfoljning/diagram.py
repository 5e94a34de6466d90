"""Diagram för uppföljningens analyser (docs/regler/uppfoljning.md#diagram).

In: tabeller som analyserna redan har beräknat (``skolpeng.uppfoljning``). Ut: altair-diagram
med svenska etiketter, vart och ett med en textbeskrivning (alternativtext): förväntat mot
faktiskt med intervall, spridningsdiagram med regressionslinje och R², gapet över tid,
vattenfall per enhet och lådagram. Ingen regellogik.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import polars as pl

from skolpeng.fordelning.modellfil.schema import lasbart_namn
from skolpeng.rapporter.diagram import Diagram
from skolpeng.talformat import decimal, procent

# Vega-uttryck: svenska tal (mellanslag som tusentalsavgränsare, decimalkomma).
_SV = "replace(replace(replace(format(datum.value, '{f}'), /,/g, 'X'), /[.]/g, ','), /X/g, ' ')"
_BREDD, _HOJD = 560, 360
UTFALLSNAMN = {
    "meritvarde": "Meritvärde",
    "andel_alla_amnen": "Andel som nått kunskapskraven i alla ämnen",
    "andel_behoriga": "Andel behöriga till yrkesprogram",
    "andel_behoriga_es": "Andel behöriga till estetiska programmet",
    "andel_behoriga_saekhu": "Andel behöriga till samhälls-, ekonomi- och humanistiska programmen",
    "andel_behoriga_nate": "Andel behöriga till natur- och teknikprogrammen",
    "np6_engelska": "Nationellt prov i engelska, årskurs 6 (provbetyg)",
    "np6_matematik": "Nationellt prov i matematik, årskurs 6 (provbetyg)",
    "np6_svenska": "Nationellt prov i svenska, årskurs 6 (provbetyg)",
    "np6_svenska_som_andrasprak": "Nationellt prov i svenska som andraspråk, årskurs 6 (provbetyg)",
}
FAKTORNAMN = {
    "andel_eftergymnasial": "Andel elever med eftergymnasialt utbildade föräldrar",
    "andel_forgymnasial": "Andel elever med förgymnasialt utbildade föräldrar",
    "andel_utlandsk_bakgrund": "Andel elever med utländsk bakgrund",
    "andel_nyanlanda": "Andel nyanlända elever",
    "andel_pojkar": "Andel pojkar",
    "andel_ekonomiskt_bistand": "Andel elever i hushåll med ekonomiskt bistånd",
}


AVVIKELSEFARG = alt.Scale(domain=["under", "inom", "över"], range=["#b2182b", "#8c8c8c", "#2166ac"])

GRUPPFARG = alt.Scale(
    domain=["möjligen underkompenserad", "möjligen överkompenserad", "övriga"],
    range=["#b2182b", "#2166ac", "#9e9e9e"],
)


def _bojt(utfall: str, utrum: str, neutrum: str) -> str:
    """Adjektivet böjt efter utfallets genus: en andel (förväntad), ett meritvärde (förväntat)."""
    return utrum if utfall.startswith("andel") else neutrum


def _axel(format_: str) -> alt.Axis:
    """Axel med svenska tal; ``.0%`` ger procent med mellanslag före tecknet (20 %)."""
    if format_.endswith("%"):
        return alt.Axis(labelExpr="format(datum.value * 100, '.0f') + ' %'")
    return alt.Axis(labelExpr=_SV.format(f=format_))


def _format(kolumn: str, varden: pl.Series | None = None) -> str:
    """Axelformat: andelar i procent; tal med litet spann (t.ex. index) med decimaler."""
    if kolumn.startswith("andel"):
        return ".0%"
    if varden is not None and varden.len():
        spann = float(varden.max()) - float(varden.min())  # type: ignore[arg-type]
        if spann < 1:
            return ",.2f"
        if spann < 10:
            return ",.1f"
    return ",.0f"


def forvantat_diagram(
    enheter: pl.DataFrame, utfall: str, lasar: str, r2: float, niva: float = 0.95
) -> Diagram:
    """Faktiskt mot förväntat per enhet med prediktionsintervall (lodräta streck) och
    linjen faktiskt = förväntat; färgen visar om enheten ligger över, inom eller under."""
    df = enheter.filter((pl.col("utfall") == utfall) & (pl.col("lasar") == lasar))
    namn = UTFALLSNAMN.get(utfall, utfall)
    f = _format(utfall)
    lo = min(float(df["forvantat"].min()), float(df["faktiskt"].min()))
    hi = max(float(df["forvantat"].max()), float(df["faktiskt"].max()))
    bas = alt.Chart(df)
    farg = alt.Color(
        "avvikelse:N",
        scale=AVVIKELSEFARG,
        title="Mot intervallet",
        legend=alt.Legend(symbolOpacity=1, symbolType="circle"),
    )
    x = alt.X(
        "forvantat:Q",
        title=f"{_bojt(utfall, 'Förväntad', 'Förväntat')} {namn.lower()}",
        scale=alt.Scale(zero=False),
        axis=_axel(f),
    )
    y = alt.Y(
        "pi_lag:Q",
        title=f"{_bojt(utfall, 'Faktisk', 'Faktiskt')} {namn.lower()}",
        scale=alt.Scale(zero=False),
        axis=_axel(f),
    )
    # Många enheter: intervallen inom dämpas, de utanför syns tydligt.
    dampad = 0.12 if df.height > 200 else 0.35
    intervall = (
        bas.transform_filter(alt.datum.avvikelse == "inom")
        .mark_rule(opacity=dampad)
        .encode(x=x, y=y, y2="pi_hog:Q", color=farg)
    )
    utanfor = (
        bas.transform_filter(alt.datum.avvikelse != "inom")
        .mark_rule(opacity=0.6)
        .encode(x=x, y=y, y2="pi_hog:Q", color=farg)
    )
    punkter = bas.mark_circle(size=22, opacity=0.8).encode(
        x="forvantat:Q",
        y="faktiskt:Q",
        color=farg,
        tooltip=["skolenhetskod", "faktiskt", "forvantat", "pi_lag", "pi_hog"],
    )
    linje = (
        alt.Chart(pl.DataFrame({"x": [lo, hi], "y": [lo, hi]}))
        .mark_line(color="black", strokeDash=[5, 3])
        .encode(x="x:Q", y="y:Q")
    )
    n = {a: int((df["avvikelse"] == a).sum()) for a in ("över", "inom", "under")}
    rubrik = f"{namn} {lasar}: faktiskt mot förväntat (R² = {decimal(r2, 2)})"
    beskrivning = (
        f"Spridningsdiagram över {df.height} enheter: {_bojt(utfall, 'förväntad', 'förväntat')} "
        f"{namn.lower()} enligt "
        f"bakgrunden på den vågräta axeln, faktiskt på den lodräta, med {decimal(100 * niva, 0)} % "
        f"prediktionsintervall som lodräta streck och den streckade linjen faktiskt = "
        f"förväntat. {n['över']} enheter ligger över intervallet, {n['under']} under och "
        f"{n['inom']} inom. R² = {decimal(r2, 2)}. Avvikelserna är en indikation, inte en rangordning."
    )
    return Diagram(
        f"forvantat_{utfall}",
        rubrik,
        beskrivning,
        (intervall + utanfor + linje + punkter).properties(
            width=_BREDD, height=_HOJD, title=rubrik
        ),
    )


def linjediagram(
    df: pl.DataFrame,
    x: str,
    y: str,
    x_titel: str,
    y_titel: str,
    namn: str,
    rubrik: str,
    farg: str | None = None,
    vikt: str | None = None,
) -> Diagram:
    """Spridningsdiagram av y mot x med regressionslinjen (vägd med ``vikt`` om den ges) och
    R² i rubriken. ``farg`` är en kategorikolumn som markerar punkter (t.ex. bedömning)."""
    d = df.drop_nulls([x, y])
    xv, yv = d[x].to_numpy().astype(float), d[y].to_numpy().astype(float)
    w = d[vikt].to_numpy().astype(float) if vikt else np.ones_like(xv)
    X = np.column_stack([np.ones_like(xv), xv])
    b = np.linalg.lstsq(X * np.sqrt(w)[:, None], yv * np.sqrt(w), rcond=None)[0]
    ym = np.average(yv, weights=w)
    r2 = 1 - np.sum(w * (yv - X @ b) ** 2) / np.sum(w * (yv - ym) ** 2)
    lo, hi = float(xv.min()), float(xv.max())
    linje = (
        alt.Chart(pl.DataFrame({x: [lo, hi], y: [b[0] + b[1] * lo, b[0] + b[1] * hi]}))
        .mark_line(color="black")
        .encode(x=f"{x}:Q", y=f"{y}:Q")
    )
    kod = {"color": alt.Color(f"{farg}:N", title="", scale=GRUPPFARG)} if farg else {}
    punkter = (
        alt.Chart(d)
        .mark_circle(size=30, opacity=0.75)
        .encode(
            x=alt.X(
                f"{x}:Q", title=x_titel, scale=alt.Scale(zero=False), axis=_axel(_format(x, d[x]))
            ),
            y=alt.Y(
                f"{y}:Q", title=y_titel, scale=alt.Scale(zero=False), axis=_axel(_format(y, d[y]))
            ),
            **kod,
        )
    )
    rubrik = f"{rubrik} (R² = {decimal(float(r2), 2)})"
    beskrivning = (
        f"Spridningsdiagram över {d.height} enheter: {y_titel.lower()} mot {x_titel.lower()}, "
        f"med {'elevviktad ' if vikt else ''}regressionslinje: lutning {decimal(float(b[1]), 2)}, "
        f"R² = {decimal(float(r2), 2)}."
    )
    return Diagram(
        namn,
        rubrik,
        beskrivning,
        (punkter + linje).properties(width=_BREDD, height=_HOJD, title=rubrik),
    )


def utfall_mot_index(d: pl.DataFrame, utfall: str, ar: int, farg: str | None = None) -> Diagram:
    """Utfallet (kolumnen ``faktiskt``) mot indexet för året ``ar`` med elevviktad
    regressionslinje och R² (filnamn ``index_<utfall>``); ``farg`` markerar grupper."""
    namn = UTFALLSNAMN.get(utfall, utfall)
    return linjediagram(
        d,
        "index",
        "faktiskt",
        "Index",
        namn,
        f"index_{utfall}",
        f"{namn} mot index {ar}",
        farg,
        "antal_elever",
    )


def gapdiagram(per_ar: pl.DataFrame, utfall: str, bedomning: str) -> Diagram:
    """Gapet över tid: elevviktat medel i kvartilen med lägst och högst index per år
    (övre delen) och gapet mellan dem (nedre delen)."""
    df = per_ar.filter(pl.col("utfall") == utfall).sort("ar")
    namn = UTFALLSNAMN.get(utfall, utfall)
    f = _format(utfall)
    lang = pl.concat(
        [
            df.select(
                "ar",
                pl.lit("Lägst index (kvartil 1)").alias("grupp"),
                pl.col("medel_lagt_index").alias("v"),
            ),
            df.select(
                "ar",
                pl.lit("Högst index (kvartil 4)").alias("grupp"),
                pl.col("medel_hogt_index").alias("v"),
            ),
        ]
    )
    x = alt.X("ar:O", title="År", axis=alt.Axis(labelAngle=0))
    niva = (
        alt.Chart(lang)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("v:Q", title=namn, scale=alt.Scale(zero=False), axis=_axel(f)),
            color=alt.Color("grupp:N", title=""),
        )
        .properties(width=_BREDD, height=220, title=f"{namn} per indexkvartil")
    )
    gap = (
        alt.Chart(df)
        .mark_line(point=True, color="#444")
        .encode(
            x=x,
            y=alt.Y(
                "gap:Q",
                title="Gap (kvartil 1 − kvartil 4)",
                scale=alt.Scale(zero=False),
                axis=_axel(f),
            ),
        )
        .properties(width=_BREDD, height=160, title="Gapet")
    )
    forsta, sista = df.row(0, named=True), df.row(df.height - 1, named=True)
    siff = 3 if utfall.startswith("andel") else 2 if utfall.startswith("np6") else 1
    rubrik = f"Resultatgapet i {namn.lower()} över tid"
    beskrivning = (
        f"Linjediagram {forsta['ar']}–{sista['ar']}: medel i kvartilen med lägst index gick från "
        f"{decimal(forsta['medel_lagt_index'], siff)} till {decimal(sista['medel_lagt_index'], siff)}, i "
        f"kvartilen med högst index från {decimal(forsta['medel_hogt_index'], siff)} till "
        f"{decimal(sista['medel_hogt_index'], siff)}; gapet från {decimal(forsta['gap'], siff)} till "
        f"{decimal(sista['gap'], siff)}. Bedömning av trenden: gapet {bedomning}."
    )
    return Diagram(f"gap_{utfall}", rubrik, beskrivning, alt.vconcat(niva, gap))


def vattenfall(potter: pl.DataFrame, kod: str, ar: int, namn: str = "") -> Diagram:
    """Vattenfall för en enhet: från förra årets total per elev via varje potts
    förändring till årets total. Axeln börjar strax under den lägsta nivån (inte på noll) så
    att stegen syns; det står i textbeskrivningen."""
    df = potter.filter((pl.col("skolenhetskod") == kod) & (pl.col("ar") == ar)).sort("pott")
    fore, efter = float(df["kr_per_elev_fore"].sum()), float(df["kr_per_elev"].sum())
    rader = [
        {"steg": f"{ar - 1}", "start": 0.0, "slut": fore, "typ": "total", "text": decimal(fore, 0)}
    ]
    niva = fore
    for pott, d in df.select("pott", "andring_kr").iter_rows():
        tecken = "+" if d > 0 else ""
        rader.append(
            {
                "steg": lasbart_namn(pott),
                "start": niva,
                "slut": niva + d,
                "typ": "ökning" if d >= 0 else "minskning",
                "text": f"{tecken}{decimal(d, 0)}",
            }
        )
        niva += d
    rader.append(
        {"steg": f"{ar}", "start": 0.0, "slut": efter, "typ": "total", "text": decimal(efter, 0)}
    )
    data = pl.DataFrame(rader).with_columns(topp=pl.max_horizontal("start", "slut"))
    ordning = data["steg"].to_list()
    nivaer = [fore, efter, *data.filter(pl.col("typ") != "total")["slut"].to_list()]
    spann = max(nivaer) - min(nivaer)
    skala = alt.Scale(domain=[min(nivaer) - max(spann, 0.05 * fore), max(nivaer) + 0.3 * spann])
    x = alt.X("steg:N", sort=ordning, title="", axis=alt.Axis(labelAngle=-30, labelLimit=220))
    staplar = (
        alt.Chart(data)
        .mark_bar(clip=True)
        .encode(
            x=x,
            y=alt.Y("start:Q", title="Kronor per elev", scale=skala, axis=_axel(",.0f")),
            y2="slut:Q",
            color=alt.Color(
                "typ:N",
                scale=alt.Scale(
                    domain=["total", "ökning", "minskning"], range=["#4d4d4d", "#2166ac", "#b2182b"]
                ),
                title="",
            ),
        )
    )
    texter = alt.Chart(data).mark_text(dy=-8, fontSize=12).encode(x=x, y="topp:Q", text="text:N")
    delar = "; ".join(
        f"{lasbart_namn(p)} {decimal(d, 0)} kr"
        for p, d in df.select("pott", "andring_kr").iter_rows()
    )
    etikett = f"{namn} ({kod})" if namn else kod
    rubrik = f"Från {ar - 1} till {ar}: {etikett}"
    beskrivning = (
        f"Vattenfallsdiagram för {etikett}: totalen per elev {decimal(fore, 0)} kr {ar - 1} och "
        f"{decimal(efter, 0)} kr {ar} ({decimal(efter - fore, 0)} kr). Förändring per pott: {delar}. "
        "Den lodräta axeln börjar inte på noll."
    )
    return Diagram(
        f"vattenfall_{kod}_{ar}",
        rubrik,
        beskrivning,
        (staplar + texter).properties(width=_BREDD, height=_HOJD, title=rubrik),
    )


def ladagram(df: pl.DataFrame, kolumn: str, y_titel: str, namn: str, rubrik: str) -> Diagram:
    """Lådagram per år över ``kolumn`` (min–max, kvartiler, median) för enheterna."""
    d = df.select(pl.col("ar").cast(pl.String), kolumn)
    diagram = (
        alt.Chart(d)
        .mark_boxplot(extent="min-max", size=30)
        .encode(
            x=alt.X("ar:O", title="År", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{kolumn}:Q", title=y_titel, scale=alt.Scale(zero=False), axis=_axel(",.0f")),
        )
        .properties(width=_BREDD, height=_HOJD, title=rubrik)
    )
    s = df.group_by("ar").agg(lo=pl.col(kolumn).min(), hi=pl.col(kolumn).max()).sort("ar")
    delar = "; ".join(f"{a}: {decimal(lo, 0)}–{decimal(hi, 0)}" for a, lo, hi in s.iter_rows())
    return Diagram(
        namn,
        rubrik,
        f"Lådagram per år över enheternas {y_titel.lower()} (lådan = kvartilerna, strecket = "
        f"medianen, morrhåren = min och max). Min–max per år: {delar}.",
        diagram,
    )


def forandringsdiagram(forandringar: pl.DataFrame, troskel: float) -> Diagram:
    """Förändringen av totalen per elev (andel) per enhet och år, med tröskeln markerad och
    enheterna över tröskeln i rött."""
    # Deterministisk spridning i sidled (gyllene snittet), så att samma indata ger samma bild.
    df = forandringar.with_row_index("_i").with_columns(
        jitter=(pl.col("_i").cast(pl.Float64) * 0.6180339887) % 1.0,
        ar=pl.col("ar").cast(pl.String),
        lage=pl.when(pl.col("over_troskel"))
        .then(pl.lit("över tröskeln"))
        .otherwise(pl.lit("inom")),
    )
    punkter = (
        alt.Chart(df)
        .mark_circle(size=40, opacity=0.8)
        .encode(
            x=alt.X("ar:O", title="År", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("andring_andel:Q", title="Förändring av totalen per elev", axis=_axel(".0%")),
            color=alt.Color(
                "lage:N",
                scale=alt.Scale(domain=["inom", "över tröskeln"], range=["#8c8c8c", "#b2182b"]),
                title="",
            ),
            xOffset=alt.XOffset("jitter:Q"),
        )
    )
    linjer = (
        alt.Chart(pl.DataFrame({"t": [troskel, -troskel]}))
        .mark_rule(strokeDash=[4, 3], color="#b2182b")
        .encode(y="t:Q")
    )
    n = int(df["over_troskel"].sum())
    return Diagram(
        "forandringar",
        "Förändringen från föregående år per enhet",
        f"Punktdiagram per år över enheternas förändring av totalen per elev jämfört med "
        f"föregående år; de streckade linjerna är tröskeln ±{procent(troskel)}. {n} enheter "
        f"och år ligger utanför tröskeln (röda).",
        (punkter + linjer).properties(
            width=_BREDD, height=_HOJD, title="Förändring från föregående år"
        ),
    )

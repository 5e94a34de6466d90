"""Diagram för resultatserien: gapet per område över tid och enheternas avvikelser över åren.

In: tabeller som ``uppfoljning.resultatserie`` och ``uppfoljning.bestandighet`` har beräknat.
Ut: ``Diagram`` med svenska etiketter och en textbeskrivning (alternativtext). Ingen regellogik.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from skolpeng.rapporter.diagram import Diagram
from skolpeng.rapporter.uppfoljning.diagram import UTFALLSNAMN, _axel, _format
from skolpeng.talformat import decimal

_BREDD = 560


def siffror(utfall: str) -> int:
    """Decimaler för ett utfall: andelar 3, provbetyg 2, meritvärde 1."""
    return 3 if utfall.startswith("andel") else 2 if utfall.startswith("np6") else 1


def omradesgapdiagram(per_ar: pl.DataFrame, utfall: str, namn: dict[str, str]) -> Diagram:
    """Gapet (kvartil 1 − kvartil 4) per år, en linje per område (riket och kommunerna)."""
    df = (
        per_ar.filter(pl.col("utfall") == utfall)
        .with_columns(omradesnamn=pl.col("omrade").replace_strict(namn, default=pl.col("omrade")))
        .sort("omrade", "ar")
    )
    utnamn = UTFALLSNAMN.get(utfall, utfall)
    diagram = (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("ar:O", title="Läsår", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "gap:Q",
                title="Gap: kvartilen med minst behov − kvartilen med störst behov",
                scale=alt.Scale(zero=False),
                axis=_axel(_format(utfall)),
            ),
            color=alt.Color("omradesnamn:N", title="Område"),
        )
        .properties(width=_BREDD, height=300, title=f"Resultatgapet i {utnamn.lower()}")
    )
    s = siffror(utfall)
    delar = []
    for (o,), d in df.group_by("omradesnamn", maintain_order=True):
        d = d.sort("ar")
        delar.append(
            f"{o}: " + ", ".join(f"{a} {decimal(g, s)}" for a, g in d.select("ar", "gap").rows())
        )
    beskrivning = (
        f"Linjediagram över gapet i {utnamn.lower()} mellan enheterna med minst och störst behov "
        f"per år. " + "; ".join(delar) + "."
    )
    return Diagram(
        f"gap_omraden_{utfall}", f"Resultatgapet i {utnamn.lower()}", beskrivning, diagram
    )


def residualdiagram(
    per_enhet: pl.DataFrame, utfall: str, namn: dict[str, str], niva: float, omrade: str
) -> Diagram:
    """Varje enhets medelavvikelse från förväntat över åren med intervall, sorterat; färgen
    visar bedömningen (över/under varje år, varierar)."""
    df = (
        per_enhet.filter((pl.col("utfall") == utfall) & pl.col("ki_lag").is_not_null())
        .with_columns(
            enhet=pl.col("skolenhetskod").replace_strict(namn, default=pl.col("skolenhetskod"))
        )
        .sort("medel_residual")
    )
    utnamn = UTFALLSNAMN.get(utfall, utfall)
    ordning = df["enhet"].to_list()
    farg = alt.Color(
        "bedomning:N",
        title="Bedömning",
        scale=alt.Scale(
            domain=["över förväntat varje år", "varierar", "under förväntat varje år"],
            range=["#2166ac", "#9e9e9e", "#b2182b"],
        ),
    )
    y = alt.Y("enhet:N", sort=ordning, title=None, axis=alt.Axis(labelLimit=220))
    f = _format(utfall)
    x = alt.X(
        "ki_lag:Q",
        title=f"Genomsnittlig avvikelse från förväntat ({utnamn.lower()})",
        axis=_axel(f),
    )
    streck = alt.Chart(df).mark_rule().encode(y=y, x=x, x2="ki_hog:Q", color=farg)
    punkt = (
        alt.Chart(df).mark_point(filled=True, size=30).encode(y=y, x="medel_residual:Q", color=farg)
    )
    noll = alt.Chart(pl.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 3]).encode(x="x:Q")
    hojd = max(120, 11 * df.height)
    n = {
        b: int((df["bedomning"] == b).sum())
        for b in ("över förväntat varje år", "under förväntat varje år")
    }
    beskrivning = (
        f"Punkt- och intervalldiagram över {df.height} enheter i {omrade}: varje enhets "
        f"genomsnittliga avvikelse från förväntat {utnamn.lower()} över åren med "
        f"{decimal(100 * niva, 0)} % intervall. {n['över förväntat varje år']} enheter ligger "
        f"över förväntat varje år med ett intervall över noll, {n['under förväntat varje år']} "
        "under. En indikation, inte en rangordning."
    )
    return Diagram(
        f"avvikelser_{utfall}",
        f"Avvikelse från förväntat över åren: {utnamn.lower()}",
        beskrivning,
        (streck + punkt + noll).properties(width=420, height=hojd),
    )

"""Rapport för elasticitetsregressionen (SOU 2025:72 tabell 10.2): HTML på svenska och CSV.

In: resultatet av ``tabell_10_2`` (en rad per kostnadsslag och modell), etiketter och
utredningens värden för modell 3 att jämföra med. Ut: en fristående HTML-sida och filerna
``elasticitet.csv`` och ``elasticitet.html`` i en katalog. Ingen regel räknas här.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from skolpeng.csvskrivning import skriv_csv
from skolpeng.rapporter.html import html_sida, ramtabell
from skolpeng.talformat import decimal
from skolpeng.uppfoljning.utbudsansvar_panel import formatera_tabell_10_2

ETIKETTER = {
    "undervisning_elevhalsa_ovrigt_kr": "Undervisning, elevhälsa och övrigt",
    "lokaler_kr": "Lokaler",
    "larverktyg_maltider_kr": "Lärverktyg och skolmåltider",
}


def _html_tabell(tabell: pl.DataFrame, bildtext: str) -> str:
    """En texttabell (alla kolumner färdigformaterade) med kolumnnamnen som rubriker."""
    return ramtabell(tabell, {k: k for k in tabell.columns}, bildtext, max_rader=tabell.height)


def elasticitet_html(
    tabell: pl.DataFrame,
    panelnamn: str,
    sou_modell_3: Mapping[str, float] | None = None,
    etiketter: Mapping[str, str] | None = None,
) -> str:
    """HTML-sidan: tabellen i källans form och, per kostnadsslag, den skattade elasticiteten
    i den sista modellen bredvid utredningens modell 3."""
    etiketter = {**ETIKETTER, **(etiketter or {})}
    text = formatera_tabell_10_2(tabell, etiketter)
    jamfor = ""
    if sou_modell_3:
        sista = tabell.filter(pl.col("modell") == pl.col("modell").max().over("kostnad"))
        rader = [
            [
                etiketter.get(r["kostnad"], r["kostnad"]),
                f"{decimal(r['elasticitet'], 2)} ({decimal(r['standardfel'], 3)})",
                decimal(sou_modell_3[r["kostnad"]], 2) if r["kostnad"] in sou_modell_3 else "–",
            ]
            for r in sista.iter_rows(named=True)
        ]
        jamfor = _html_tabell(
            pl.DataFrame(
                rader,
                schema=["Kostnadsslag", "Skattad (standardfel)", "SOU 2025:72 modell 3"],
                orient="row",
            ),
            "Den mest kontrollerade modellen jämförd med utredningens modell 3",
        )
    utan_bidrag = not tabell["statsbidrag"].any()
    not_bidrag = (
        "<p>Panelen saknar statsbidrag; modell 3 är därför skattad utan statsbidrag och "
        "modell 2 utelämnas.</p>"
        if utan_bidrag
        else ""
    )
    metod = (
        "Logaritmerad kostnad per kostnadsslag regresseras på logaritmerat elevantal med "
        "kommunfixa effekter och kommunspecifika linjära trender (alla modeller), i modell 2 "
        "även logaritmerade statsbidrag och i modell 3 dessutom årsfixa effekter (pyfixest). "
        "Standardfelen är klustrade på kommun; förklaringsgraden är R² inom kommun. "
        "Signifikansnivåer: * p < 0,05, ** p < 0,01, *** p < 0,001. Utredningen skattade på "
        "24 år (2000–2023); en panel med få år ger osäkra skattningar när varje kommun har en "
        "egen trend."
    )
    delar = [
        f"<p>{html.escape(panelnamn)}.</p>",
        not_bidrag,
        _html_tabell(text, "Elasticitet per kostnadsslag och modell"),
        jamfor,
        "<h2>Metod</h2>",
        f"<p>{html.escape(metod)}</p>",
    ]
    return html_sida(
        "Kostnadernas elasticitet med avseende på elevantalet",
        delar,
        rubrik="Kostnadernas elasticitet med avseende på elevantalet (tabell 10.2)",
    )


def skriv_elasticitet(
    tabell: pl.DataFrame,
    katalog: Path,
    panelnamn: str,
    sou_modell_3: Mapping[str, float] | None = None,
) -> list[Path]:
    """Skriver ``elasticitet.csv`` och ``elasticitet.html`` i katalog. Ut: filerna."""
    katalog = Path(katalog)
    filer = [katalog / "elasticitet.csv", katalog / "elasticitet.html"]
    skriv_csv(tabell, filer[0])
    filer[1].write_text(elasticitet_html(tabell, panelnamn, sou_modell_3), encoding="utf-8")
    return filer

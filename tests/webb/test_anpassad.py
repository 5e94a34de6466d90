"""Anpassad grundskola i webben: en nivåindelad modell för Göteborg sparad som text,
körd i webben; modellsidan namnger verksamheten, resultatet säger att normen inte beräknas
(SOU 2025:72 avsnitt 5.1.5) och beloppen är bibliotekets (``berakna_fordelning``)."""

from __future__ import annotations

import html

import polars as pl
from fastapi import FastAPI

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.fordelning.korning import berakna_fordelning
from skolpeng.fordelning.modellfil.exempel import MODELLKATALOG
from skolpeng.fordelning.modellfil.schema import las_modell_text
from tests.webb.test_modeller import klient, skapa_gbg_modell

TEXT = (
    (MODELLKATALOG / "anpassad_gr_nivamodell.yaml")
    .read_text(encoding="utf-8")
    .replace('kommunkod: "1490"', 'kommunkod: "1480"')
    .replace("ram_kr: 60000000", "ram_kr: 400000000")
)


def test_nivamodell_i_webben(webbapp: FastAPI) -> None:
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, "gbg")
    svar = k.post_form(f"/modeller/{mid}/text", {"text": TEXT}, follow_redirects=False)
    assert svar.status_code == 303, svar.text
    sida = html.unescape(k.get(f"/modeller/{mid}").text)
    assert "anpassad grundskola" in sida
    resultat = html.unescape(k.get(f"/modeller/{mid}/resultat").text)
    assert "Normen beräknas inte för anpassad grundskola" in resultat
    korning = berakna_fordelning(las_modell_text(TEXT), las_underlag(hitta_underlag("sverige")))
    enhet = korning.fordelning.enheter.filter(pl.col("huvudmannatyp") == "kommunal").row(
        0, named=True
    )
    assert enhet["namn"] in resultat

"""Redovisningen och bidragsbeslutet visar modellens rubriker: HTML, Excel och
beslutet namnger potterna med ``rubrik`` (å/ä/ö), CSV-nycklarna står kvar i Excelns
nyckelkolumner; utan rubrik visas identifieraren läsbart."""

from __future__ import annotations

import dataclasses
import datetime as dt

import openpyxl
import polars as pl

from skolpeng.fordelning.lika_villkor.per_enhet import berakna_bidrag_per_enhet
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell
from skolpeng.fordelning.redovisning_och_forandring.redovisning import redovisning
from skolpeng.parametrar import load_parameters
from skolpeng.rapporter.beslut_om_bidrag.beslut import bidragsbeslut_html
from skolpeng.rapporter.redovisning.excel import skriv_redovisning_excel
from skolpeng.rapporter.redovisning.html import redovisning_html
from tests.fordelning import bidrag_hjalp as h
from tests.fordelning.redovisning_hjalp import MODELL, gor_fordelning
from tests.rapporter.test_redovisning_rapport import _text

RUBRIKER = {
    "grundbelopp": "Grundersättning",
    "socioekonomi": "Socioekonomiskt tillägg",
    "tillagg": "Tilläggsersättning",
    "lokaler": "Lokalkostnader",
    "statsbidrag": "Statsbidrag för lågstadiet",
}


def _med_rubriker():
    """Testkommunens fördelning med en rubrik på varje pott och på delpotten lag_utbildning."""
    potter = []
    for p in MODELL["potter"]:
        p = {**p, "rubrik": RUBRIKER[p["namn"]]}
        if "delpotter" in p:
            p["delpotter"] = [
                {**d, "rubrik": "föräldrar med låg utbildning"}
                if d["namn"] == "lag_utbildning"
                else d
                for d in p["delpotter"]
            ]
        potter.append(p)
    f = gor_fordelning()
    m = Fordelningsmodell.model_validate({**MODELL, "potter": potter})
    return dataclasses.replace(f, modell=m)


def test_redovisningen_visar_rubrikerna(tmp_path) -> None:
    reds = redovisning(_med_rubriker())
    text = _text(redovisning_html(reds[0]))
    for rubrik in RUBRIKER.values():
        assert rubrik in text, rubrik
    assert "Tilläggsersättning – föräldrar med låg utbildning" in text
    assert "Tilläggsersättning – nyanlända" in text  # delpott utan rubrik: läsbar identifierare
    assert "Grundbelopp" not in text and "lag utbildning" not in text
    f = _med_rubriker()
    utan_noter = dataclasses.replace(
        f,
        rader=f.rader.with_columns(
            tak_band=(pl.col("skolenhetskod") == "10000001") & (pl.col("pott") == "socioekonomi")
        ),
        anteckningar=(),
        underlag=dataclasses.replace(gor_fordelning().underlag, anteckningar=()),
    )
    tak = redovisning(utan_noter)[0].begransningar
    assert tak[0].startswith("Taket per elev i potten ”Socioekonomiskt tillägg” band"), tak

    bok = openpyxl.load_workbook(skriv_redovisning_excel(reds, tmp_path / "r.xlsx"))
    potter = list(bok["Potter"].iter_rows(values_only=True))
    i, j, k = (potter[0].index(x) for x in ("Pott", "Delpott", "Benämning"))
    rad = next(r for r in potter[1:] if r[j] == "lag_utbildning")
    assert rad[i] == "tillagg"  # nyckeln som i CSV-filerna
    assert rad[k] == "Tilläggsersättning – föräldrar med låg utbildning"
    rubriker = [c for ark in bok.worksheets[2:] for c in next(ark.iter_rows(values_only=True))]
    assert "Grundersättning (kr)" in rubriker and "grundbelopp (kr)" not in rubriker
    summor = [r[0] for r in bok["Summor per pott"].iter_rows(values_only=True)]
    assert set(RUBRIKER.values()) <= set(summor)
    bok.close()


def test_utan_rubrik_visas_identifieraren_lasbart() -> None:
    text = _text(redovisning_html(redovisning(gor_fordelning())[0]))
    assert "Grundbelopp" in text and "Tillägg – låg utbildning" in text
    assert "lag_utbildning" not in text


def test_beslutet_namnger_potterna_med_rubrik() -> None:
    """Potter som inte ges på samma grunder nämns med sin rubrik i beslutets grunder."""
    f = h.fordelning(2029)
    potter = [
        p.model_copy(update={"rubrik": "Evakueringslokaler"}) if p.namn == "evakuering" else p
        for p in f.modell.potter
    ]
    f = dataclasses.replace(f, modell=f.modell.model_copy(update={"potter": potter}))
    lage = load_parameters(dt.date(2029, 1, 1))
    html = bidragsbeslut_html(berakna_bidrag_per_enhet(f, lage), f, "5560000001", lage)
    assert "ingår inte: Evakueringslokaler, Statsbidrag" in html

"""Ett fastställt lokalkostnadsindex (tabellen ``lokalindex``) i normen.

SOU 2025:72, bilagan, Strukturtillägg: "Lokalindex kvarstår över tid och uppdateras i samband
med utvärdering av modellen och normen". När tabellen finns använder normen den som den är
(docs/regler/norm.md#steg-7 med LX_k ur tabellen) och säger det; utan den räknas indexet som förut.
"""

from __future__ import annotations

import copy
import dataclasses
from functools import cache

import polars as pl
import pytest

from skolpeng.data import validera_for_norm
from skolpeng.data.schema import Underlag
from skolpeng.fel import IndataFel
from skolpeng.norm import NormResultat, berakna_norm
from skolpeng.norm.lokalindex import lokalindextabell
from skolpeng.norm.resultat import ENHET_KOLUMNER
from tests.norm.hjalp import las_exempel, parametrar, tabell, underlag_fran_exempel

DATA = las_exempel("liten_nation.yaml")
NORMAR = DATA["normar"]
# Påhittade index, långt från de beräknade, så att det syns vilket som används.
GIVNA = {"0001": 120.0, "0002": 90.0, "0003": 95.5}


def _med_lokalindex(underlag: Underlag, index: dict[str, float], ar=(2019, 2021)) -> Underlag:
    rader = [
        {"kommunkod": k, "index": v, "forsta_ar": ar[0], "sista_ar": ar[1]}
        for k, v in index.items()
    ]
    return dataclasses.replace(underlag, lokalindex=tabell("lokalindex", rader))


@cache
def _berakna(variant: str = "vagledande", givet: bool = False) -> NormResultat:
    u = underlag_fran_exempel(DATA)
    if givet:
        u = _med_lokalindex(u, GIVNA)
    return berakna_norm(u, parametrar(), NORMAR, variant)


@pytest.mark.parametrize("variant", ["vagledande", "bindande", "fritidshem"])
def test_faststallt_index_anvands_som_det_ar(variant: str) -> None:
    r = _berakna(variant, givet=True)
    lx = dict(r.kommuner.select("kommunkod", "lokalkostnadsindex").iter_rows())
    assert lx == GIVNA
    # a_u = L_R·(LX − 100)/100, d_l = Σ n·a/Σ n, L_u = a_u − d_l (docs/regler/norm.md#steg-7), här i
    # normårets nivå: L_u·f.
    s, e = r.sammanfattning, r.enheter
    f, l_r = s["upprakningsfaktor"], s["lokalkostnad_per_elev_riket"]
    a = {k: l_r * (v - 100) / 100 for k, v in GIVNA.items()}
    n = e.group_by("kommunkod").agg(pl.col("elever").sum())
    d_l = sum(a[k] * m for k, m in n.iter_rows()) / float(n["elever"].sum())
    assert s["lokaljustering_avdrag"] == pytest.approx(d_l, rel=1e-12)
    for k, lu in e.select("kommunkod", "lokaljustering").iter_rows():
        assert lu == pytest.approx(f * (a[k] - d_l), rel=1e-12, abs=1e-9)
    assert s["lokalindex_faststallt"] is True
    assert s["lokalindex_ar"] == [2019, 2020, 2021]
    assert s["lokalindex_beskrivning"] == (
        "fastställt ur lokalindex.csv, beräknat på åren 2019, 2020, 2021"
    )


def test_utan_tabellen_beraknas_indexet_som_forut() -> None:
    r = _berakna()
    s = r.sammanfattning
    assert s["lokalindex_faststallt"] is False and s["lokalindex_ar"] == [2022, 2023, 2024]
    assert s["lokalindex_beskrivning"] == (
        "beräknat vid körningen ur lokalkostnadsunderlag.csv, åren 2022, 2023, 2024"
    )
    assert dict(r.kommuner.select("kommunkod", "lokalkostnadsindex").iter_rows()) != GIVNA


def test_tabellen_ur_lokalindextabell_ger_samma_norm_som_berakningen() -> None:
    """Det kommandot ``skolpeng lokalindex`` skriver ger, fastställt, exakt samma norm."""
    u = underlag_fran_exempel(DATA)
    t = lokalindextabell(u, NORMAR, 3, 0.6)
    assert t.columns == ["kommunkod", "index", "forsta_ar", "sista_ar"]
    assert set(t["forsta_ar"]) == {2022} and set(t["sista_ar"]) == {2024}
    faststallt = berakna_norm(dataclasses.replace(u, lokalindex=t), parametrar(), NORMAR)
    beraknat = _berakna()
    for kolumn in ENHET_KOLUMNER[5:]:
        skillnad = (faststallt.enheter[kolumn] - beraknat.enheter[kolumn]).abs().max()
        assert skillnad < 1e-9, kolumn


def test_faststallt_index_ligger_fast_nar_lokalkostnaderna_andras() -> None:
    """Nya lokalkostnader (ett år till i underlaget) ändrar det beräknade indexet men inte
    det fastställda."""
    data = copy.deepcopy(DATA)
    data["lokalkostnadsunderlag"] = [
        {**r, "ar": 2025, "lokalkostnad_per_elev": r["lokalkostnad_per_elev"] * (1.5 if i else 1)}
        for i, r in enumerate(x for x in DATA["lokalkostnadsunderlag"] if x["ar"] == 2024)
    ] + DATA["lokalkostnadsunderlag"]
    data["normar"] = 2025
    data["nationellt"] = data["nationellt"] + [{**data["nationellt"][-1], "ar": 2025}]
    data["rakenskapssammandrag"] = [
        {**r, "ar": 2023} for r in DATA["rakenskapssammandrag"] if r["ar"] == 2022
    ]
    data["modersmal"] = [{**r, "ar": 2023} for r in DATA["modersmal"] if r["ar"] == 2022]
    data["socioekonomiskt_index"] = [
        {**r, "ar": 2025} for r in DATA["socioekonomiskt_index"] if r["ar"] == 2024
    ]
    gammal, ny = underlag_fran_exempel(DATA), underlag_fran_exempel(data)
    fast = lokalindextabell(gammal, 2024, 3, 0.6)

    def lx(u: Underlag, normar: int) -> dict[str, float]:
        r = berakna_norm(u, parametrar(), normar)
        return dict(r.kommuner.select("kommunkod", "lokalkostnadsindex").iter_rows())

    assert lx(ny, 2025) != lx(gammal, 2024)  # omräknat på 2023–2025
    med_fast = lx(dataclasses.replace(ny, lokalindex=fast), 2025)
    assert med_fast == dict(fast.select("kommunkod", "index").iter_rows())


def test_kommun_som_saknas_i_faststallt_index_ar_ett_fel() -> None:
    u = _med_lokalindex(underlag_fran_exempel(DATA), {"0001": 120.0, "0002": 90.0})
    with pytest.raises(IndataFel) as fel:
        berakna_norm(u, parametrar(), NORMAR)
    assert [(p.fil, p.kolumn) for p in fel.value.problem] == [("lokalindex.csv", "kommunkod")]
    assert "kommunkod 0003" in fel.value.problem[0].meddelande
    problem = validera_for_norm(u, NORMAR, "vagledande", 3)
    assert [(p.fil, p.kolumn) for p in problem] == [("lokalindex.csv", "kommunkod")]
    assert "kommun 0003 saknas i det fastställda lokalkostnadsindexet" in problem[0].meddelande


def test_med_faststallt_index_behovs_inte_lokalkostnadsunderlagets_ar() -> None:
    u = underlag_fran_exempel(DATA)
    utan_lokal = dataclasses.replace(
        u, lokalkostnadsunderlag=u.lokalkostnadsunderlag.filter(pl.col("ar") == 2024)
    )
    assert validera_for_norm(utan_lokal, NORMAR, "vagledande", 3) != []
    with pytest.raises(IndataFel):
        berakna_norm(utan_lokal, parametrar(), NORMAR)
    med = _med_lokalindex(utan_lokal, GIVNA)
    assert validera_for_norm(med, NORMAR, "vagledande", 3) == []
    r = berakna_norm(med, parametrar(), NORMAR)
    assert dict(r.kommuner.select("kommunkod", "lokalkostnadsindex").iter_rows()) == GIVNA

"""Simuleringen av normen mot i dag (docs/regler/norm.md#simulering; SOU 2025:72 6.3, 7.3,
8.1, 9.2.3) på handbyggda normresultat där svaren är kända exakt."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

import numpy as np
import polars as pl
import pytest

from skolpeng.fel import IndataFel
from skolpeng.parametrar import Parameterlage, load_parameters
from skolpeng.uppfoljning.simulering import (
    kontrollera_kostnader,
    modersmal_andel,
    simulera_mot_idag,
)
from tests.uppfoljning.simulering_hjalp import kostnader, normresultat


@cache
def lage() -> Parameterlage:
    return load_parameters(dt.date(2024, 1, 1))


# Modersmålsandel 2 000 000 / 200 000 000 = 1 %; schablonerna för tilläggsbelopp 1,5 % och
# hemkommunsansvar 1 % (SOU 6.2.1): kommunal faktor 1 − 0,015 − 0,01 − 0,01 = 0,965, enskild
# 1 − 0,01 = 0,99. Kostnaderna nedan anges som jämförbar kostnad / faktor.
F_K, F_E = 0.965, 0.99
NORM = normresultat(
    [
        ("0114", "kommunal", "F", 10, 80_000, 70),
        ("0114", "kommunal", "7-9", 30, 120_000, 90),
        ("0115", "kommunal", "1-3", 100, 100_000, 90),
        ("0116", "kommunal", "1-3", 200, 100_000, 110),
        ("0117", "kommunal", "1-3", 50, 105_000, 120),
        ("0118", "kommunal", "1-3", 100, 100_000, 100),
        ("E1", "enskild", "1-3", 60, 95_000, 100),
        ("E2", "enskild", "4-6", 40, 98_000, 130),
        ("E4", "enskild", "1-3", 10, 90_000, 100),
    ]
)
KOSTNADER = kostnader(
    [
        ("0114", "kommunal", 97_500 / F_K, 40),  # norm 110 000 -> +12 500
        ("0115", "kommunal", 97_500 / F_K, 100),  # norm 100 000 -> +2 500
        ("0116", "kommunal", 107_250 / F_K, 200),  # norm 100 000 -> −7 250
        ("0117", "kommunal", 117_000 / F_K, 50),  # norm 105 000 -> −12 000
        ("0118", "kommunal", 78_000 / F_K, 100),  # norm 100 000 -> +22 000
        ("E1", "enskild", 99_000 / F_E, 60),  # norm 95 000 -> −4 000
        ("E2", "enskild", 89_100 / F_E, 40),  # norm 98 000 -> +8 900
        ("E3", "enskild", 95_000, 30),  # ingen norm -> utesluten
        ("SAM", "statlig", 200_000, 10),  # statlig deltar aldrig
    ]
)


def _rad(sim, hid: str) -> dict:
    return sim.huvudman.filter(pl.col("huvudman_id") == hid).row(0, named=True)


def test_modersmalsandel_ur_normens_sammanfattning() -> None:
    assert modersmal_andel(NORM) == pytest.approx(0.01)


def test_norm_per_elev_ar_elevviktad_over_stadier_och_jamforbar_kostnad() -> None:
    sim = simulera_mot_idag(NORM, KOSTNADER, lage())
    k1 = _rad(sim, "0114")
    # (10·80 000 + 30·120 000) / 40 = 110 000; index (10·70 + 30·90) / 40 = 85
    assert k1["norm_per_elev"] == pytest.approx(110_000.0)
    assert k1["elever_norm"] == 40.0
    assert k1["socioekonomiskt_index"] == pytest.approx(85.0)
    assert k1["jamforbar_kostnad_per_elev"] == pytest.approx(97_500.0)
    assert k1["skillnad_per_elev"] == pytest.approx(12_500.0)
    assert k1["skillnad_kr"] == pytest.approx(500_000.0)
    assert k1["tillskott_kr"] == pytest.approx(500_000.0)
    assert k1["under_normen"] is True
    e1 = _rad(sim, "E1")
    assert e1["jamforbar_kostnad_per_elev"] == pytest.approx(99_000.0)
    assert e1["skillnad_kr"] == pytest.approx(-240_000.0)
    assert e1["tillskott_kr"] == 0.0
    assert "SAM" not in sim.huvudman["huvudman_id"].to_list()
    av = sim.sammanfattning["avrakningar"]
    assert av["kommunal_faktor"] == pytest.approx(0.965)
    assert av["enskild_faktor"] == pytest.approx(0.99)
    assert (av["jamforelsear"], av["upprakning"]) == (2024, 1.0)
    assert k1["kostnad_per_elev"] == pytest.approx(101_036.2694, rel=1e-9)  # redovisat belopp


def test_antal_under_normen_tillskott_och_andel_for_kommuner() -> None:
    k = simulera_mot_idag(NORM, KOSTNADER, lage()).sammanfattning["per_typ"]["kommunal"]
    assert k["antal_huvudman"] == 5
    assert k["antal_under_normen"] == 3  # 0114, 0115, 0118
    tillskott = 12_500 * 40 + 2_500 * 100 + 22_000 * 100  # 2 950 000
    jamforbar = 97_500 * 40 + 97_500 * 100 + 107_250 * 200 + 117_000 * 50 + 78_000 * 100
    assert k["summa_tillskott_kr"] == pytest.approx(tillskott)
    assert k["summa_jamforbar_kostnad_kr"] == pytest.approx(jamforbar)  # 48 750 000
    assert k["tillskott_andel_av_jamforbar_kostnad"] == pytest.approx(tillskott / jamforbar)
    assert k["summa_over_normen_kr"] == pytest.approx(7_250 * 200 + 12_000 * 50)
    assert k["netto_kr"] == pytest.approx(tillskott - 7_250 * 200 - 12_000 * 50)
    assert (k["tillskott_per_elev_min"], k["tillskott_per_elev_max"]) == pytest.approx(
        (2_500.0, 22_000.0)
    )
    assert k["antal_tillskott_minst_tak"] == 2  # 12 500 och 22 000
    assert k["antal_forandring_minst_tak"] == 4  # även −7 250 och −12 000
    assert [t["huvudman_id"] for t in k["storsta_tillskott"]] == ["0118", "0114", "0115"]
    assert k["storsta_tillskott"][0]["andel_av_jamforbar_kostnad"] == pytest.approx(22 / 78)


def test_ar_till_full_effekt_och_fordelning() -> None:
    sim = simulera_mot_idag(NORM, KOSTNADER, lage())
    ar = dict(zip(sim.huvudman["huvudman_id"], sim.huvudman["ar_till_full_effekt"], strict=True))
    # ceil(|gap| / 5 000): 12 500 -> 3, 2 500 -> 1, 7 250 -> 2, 12 000 -> 3, 22 000 -> 5
    assert [ar[h] for h in ("0114", "0115", "0116", "0117", "0118")] == [3, 1, 2, 3, 5]
    a = sim.sammanfattning["per_typ"]["kommunal"]["ar_till_full_effekt"]
    assert a["fordelning"] == {"0": 0, "1": 1, "2": 1, "3": 2, "4": 0, "5": 1}
    assert a["max"] == 5 and a["median"] == 3.0
    # ett annat tak ger ceil(gap / tak)
    sim2 = simulera_mot_idag(NORM, KOSTNADER, lage(), tak_per_elev_och_ar=2_500.0)
    assert _rad(sim2, "0118")["ar_till_full_effekt"] == 9  # 22 000 / 2 500 = 8,8
    assert sim2.sammanfattning["tak_per_elev_och_ar"] == 2_500.0


def test_r2_mot_rang_och_index_stammer_med_oberoende_numpy() -> None:
    sim = simulera_mot_idag(NORM, KOSTNADER, lage())
    kommun = sim.huvudman.filter(pl.col("huvudmannatyp") == "kommunal").sort("huvudman_id")
    # jämförbar 97 500, 97 500, 107 250, 117 000, 78 000: rang med delad plats för 97 500
    assert kommun["utgangslage_rang"].to_list() == pytest.approx([0.375, 0.375, 0.75, 1.0, 0.0])
    gap = np.array([12_500.0, 2_500.0, -7_250.0, -12_000.0, 22_000.0])
    reg = sim.sammanfattning["per_typ"]["kommunal"]["regression"]
    for x, nyckel in (
        (np.array([0.375, 0.375, 0.75, 1.0, 0.0]), "mot_utgangslage_rang"),
        (np.array([85.0, 90.0, 110.0, 120.0, 100.0]), "mot_socioekonomiskt_index"),
        (np.array([97_500.0, 97_500.0, 107_250.0, 117_000.0, 78_000.0]), "mot_utgangslage_kr"),
    ):
        a = np.column_stack([np.ones(5), x])
        koef, ss_res, *_ = np.linalg.lstsq(a, gap, rcond=None)
        r2 = 1 - ss_res[0] / ((gap - gap.mean()) ** 2).sum()
        assert reg[nyckel]["r2"] == pytest.approx(r2), nyckel
        assert reg[nyckel]["lutning"] == pytest.approx(koef[1]), nyckel


def test_r2_ett_for_exakt_linjart_samband_med_index() -> None:
    """Förändringen 1 000 kr per indexenhet under 100: R² = 1 (jfr källans 0,014 i figur 6.3)."""
    index = [60.0, 80.0, 95.0, 110.0, 140.0]
    norm = normresultat(
        [(f"01{i:02d}", "kommunal", "1-3", 100, 100_000, sei) for i, sei in enumerate(index)]
    )
    kost = kostnader(
        [
            (f"01{i:02d}", "kommunal", (100_000 - 1_000 * (100 - sei)) / F_K, 100)
            for i, sei in enumerate(index)
        ]
    )
    reg = simulera_mot_idag(norm, kost, lage()).sammanfattning["per_typ"]["kommunal"]["regression"]
    assert reg["mot_socioekonomiskt_index"]["r2"] == pytest.approx(1.0, abs=1e-9)
    assert reg["mot_socioekonomiskt_index"]["lutning"] == pytest.approx(-1_000.0)
    assert reg["mot_utgangslage_kr"]["r2"] == pytest.approx(1.0, abs=1e-9)


def test_uteslutna_och_saknade() -> None:
    sim = simulera_mot_idag(NORM, KOSTNADER, lage())
    e3 = _rad(sim, "E3")
    assert e3["ingar"] is False and e3["utesluten_orsak"].startswith("saknar norm")
    assert e3["ar_till_full_effekt"] is None
    s = sim.sammanfattning
    assert s["antal_huvudman_med_norm_utan_kostnad"] == {"kommunal": 0, "enskild": 1}  # E4
    assert sum(s["uteslutna"].values()) == 1
    e = s["per_typ"]["enskild"]
    assert (e["antal_huvudman"], e["antal_uteslutna"], e["antal_under_normen"]) == (2, 1, 1)
    assert e["netto_kr"] == pytest.approx(-4_000 * 60 + 8_900 * 40)
    json.dumps(s, allow_nan=False)  # sammanfattningen är JSON-bar


def test_fritidshem_granser_10_100_och_65_900() -> None:
    """SOU 2025:72 7.3.1: kommuner med jämförbar kostnad under 10 100 och över 65 900 kr per
    elev ingick inte. Fritidshem: schablonerna dras av men inget modersmål (faktor 0,975)."""
    jamforbar = {"0101": 10_050, "0102": 10_150, "0103": 30_000, "0104": 65_850, "0105": 66_000}
    norm = normresultat(
        [(k, "kommunal", "1-3", 100, 35_000, 100) for k in jamforbar], variant="fritidshem"
    )
    kost = kostnader(
        [(k, "kommunal", v / 0.975, 100) for k, v in jamforbar.items()], verksamhet="fritidshem"
    )
    sim = simulera_mot_idag(norm, kost, lage())
    ingar = dict(zip(sim.huvudman["huvudman_id"], sim.huvudman["ingar"], strict=True))
    assert ingar == {"0101": False, "0102": True, "0103": True, "0104": True, "0105": False}
    orsak = _rad(sim, "0101")["utesluten_orsak"]
    assert "10 100" in orsak and "65 900" in orsak
    assert sim.sammanfattning["avrakningar"]["modersmal_andel"] == 0.0
    assert _rad(sim, "0103")["jamforbar_kostnad_per_elev"] == pytest.approx(30_000.0)
    alla = simulera_mot_idag(norm, kost, lage(), uteslut_avvikande=False)
    assert alla.huvudman["ingar"].all()


def test_kraftigt_avvikande_kvot_utesluts_med_tukeys_regel() -> None:
    """Kvoten jämförbar/norm utanför [Q1 − 3·IQR, Q3 + 3·IQR] bland huvudmän av samma typ."""
    kvoter = [0.95, 0.97, 0.99, 1.0, 1.01, 1.03, 1.05, 3.0, 0.2]
    norm = normresultat(
        [(f"02{i:02d}", "kommunal", "1-3", 100, 100_000, 100) for i in range(len(kvoter))]
    )
    kost = kostnader(
        [(f"02{i:02d}", "kommunal", 100_000 * q / F_K, 100) for i, q in enumerate(kvoter)]
    )
    sim = simulera_mot_idag(norm, kost, lage())
    uteslutna = sim.huvudman.filter(~pl.col("ingar"))["huvudman_id"].to_list()
    assert sorted(uteslutna) == ["0207", "0208"]  # kvot 3,0 och 0,2
    assert "avviker kraftigt" in _rad(sim, "0207")["utesluten_orsak"]
    # Q1 = 0,97 och Q3 = 1,03 bland alla nio: IQR 0,06, gränser 0,79 och 1,21
    assert "0,790–1,210" in _rad(sim, "0207")["utesluten_orsak"]
    assert sim.sammanfattning["per_typ"]["kommunal"]["antal_huvudman"] == 7
    alla = simulera_mot_idag(norm, kost, lage(), uteslut_avvikande=False)
    assert alla.huvudman["ingar"].all()


def test_spridning_i_dag_och_med_normen() -> None:
    sp = simulera_mot_idag(NORM, KOSTNADER, lage()).sammanfattning["per_typ"]["kommunal"][
        "spridning"
    ]
    idag = np.array([97_500.0, 97_500.0, 107_250.0, 117_000.0, 78_000.0])
    norm = np.array([110_000.0, 100_000.0, 100_000.0, 105_000.0, 100_000.0])
    for nyckel, v in (("idag", idag), ("med_normen", norm)):
        q1, med, q3 = np.quantile(v, [0.25, 0.5, 0.75])
        assert (sp[nyckel]["q1"], sp[nyckel]["median"], sp[nyckel]["q3"]) == pytest.approx(
            (q1, med, q3)
        )
        assert (sp[nyckel]["min"], sp[nyckel]["max"]) == (v.min(), v.max())
    assert sp["med_normen"]["kvartilavstand"] < sp["idag"]["kvartilavstand"]


def test_kostnadsaret_raknas_upp_med_normens_faktor_nar_normaret_saknas() -> None:
    """Finns inga kostnader för N används C = N − 2, uppräknat med normens faktor (1,1 här)."""
    fran_c = kostnader([("0114", "kommunal", 100_000, 40)], ar=2022)
    sim = simulera_mot_idag(NORM, fran_c, lage())
    av = sim.sammanfattning["avrakningar"]
    assert (av["jamforelsear"], av["upprakning"]) == (2022, 1.1)
    assert sim.sammanfattning["jamforelsear"] == 2022
    assert _rad(sim, "0114")["jamforbar_kostnad_per_elev"] == pytest.approx(100_000 * F_K * 1.1)
    # finns båda åren används normåret, utan uppräkning
    bada = pl.concat([fran_c, kostnader([("0114", "kommunal", 90_000, 40)], ar=2024)])
    assert _rad(simulera_mot_idag(NORM, bada, lage()), "0114")["kostnad_per_elev"] == 90_000
    vald = simulera_mot_idag(NORM, bada, lage(), jamforelsear=2022)
    assert _rad(vald, "0114")["kostnad_per_elev"] == 100_000
    with pytest.raises(IndataFel, match="2023"):
        simulera_mot_idag(NORM, bada, lage(), jamforelsear=2023)


def test_saknade_kostnader_for_aret_ar_indatafel() -> None:
    fel_ar = kostnader([("0114", "kommunal", 100_000, 40)], ar=2023)
    with pytest.raises(IndataFel) as fel:
        simulera_mot_idag(NORM, fel_ar, lage())
    text = fel.value.text()
    assert "år 2024 eller 2022" in text and "2023" in text and "kostnader_huvudman" in text
    assert kontrollera_kostnader(fel_ar, 2025, "vagledande", 2023) == []
    assert len(kontrollera_kostnader(fel_ar, 2024, "vagledande", 2022)) == 1
    assert len(kontrollera_kostnader(None, 2024, "vagledande", 2022)) == 1
    assert "saknas" in str(kontrollera_kostnader(None, 2024, "bindande", 2022)[0])
    assert len(kontrollera_kostnader(fel_ar.drop("elever"), 2025, "vagledande", 2023)) == 1
    assert kontrollera_kostnader(fel_ar, 2025, "okand", 2023)[0].fil == "--variant"
    fritids = kostnader([("0114", "kommunal", 30_000, 40)], ar=2024, verksamhet="fritidshem")
    assert len(kontrollera_kostnader(fritids, 2024, "vagledande", 2022)) == 1
    assert kontrollera_kostnader(fritids, 2024, "fritidshem", 2022) == []


def test_parametrarna_ur_kallan() -> None:
    """SOU 2025:72 8.1.2 (5 000 kr per elev och år) och 7.3.1 (10 100 och 65 900 kr)."""
    p = lage()
    assert p.tal("simulering.tak_forandring_per_elev_och_ar") == 5_000
    assert p.tal("simulering.fritidshem_jamforbar_kostnad_min") == 10_100
    assert p.tal("simulering.fritidshem_jamforbar_kostnad_max") == 65_900
    assert p.tal("simulering.avvikande_kvartilavstand_faktor") == 3
    # de avräkningar som görs är normens egna schabloner (SOU 6.2.1)
    assert p.tal("norm.avrakningar.tillaggsbelopp_schablon_andel") == 0.015
    assert p.tal("norm.avrakningar.hemkommunsansvar_schablon_andel") == 0.01

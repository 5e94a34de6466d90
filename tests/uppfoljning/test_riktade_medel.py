"""Alla riktade medel per enhet (KPMG 2020 avsnitt 3.4.2, 3.6.1 och 3.7): summorna är lika
med indata, källans belopp och andelar återges.
"""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.uppfoljning.riktade_medel import riktade_medel
from tests.uppfoljning.uppfoljning_hjalp import med_ar_slut, syntetisk


def test_summorna_ar_lika_med_indata() -> None:
    d = syntetisk()
    r = riktade_medel(d.belopp, med_ar_slut(d.resultat))
    kr = pl.col("kr_per_elev") * pl.col("elever")
    riktat_in = d.belopp.filter(pl.col("riktad") == 1).select(kr.sum()).item()
    allt_in = d.belopp.select(kr.sum()).item()
    assert r.per_enhet["riktat_kr"].sum() == pytest.approx(riktat_in, rel=1e-12)
    assert r.per_pott["kr"].sum() == pytest.approx(riktat_in, rel=1e-12)
    assert r.per_enhet["intakt_kr"].sum() == pytest.approx(allt_in, rel=1e-12)
    assert r.per_ar["riktat_kr"].sum() == pytest.approx(riktat_in, rel=1e-12)
    # Per enhet: potterna summerar till enhetens riktade medel, andelarna till den riktade andelen.
    p = r.per_pott.group_by("skolenhetskod", "ar").agg(
        pl.col("kr").sum().alias("kr"), pl.col("andel_av_intakt").sum().alias("andel")
    )
    j = r.per_enhet.join(p, on=["skolenhetskod", "ar"])
    assert ((j["kr"] - j["riktat_kr"]).abs() < 1e-6).all()
    assert ((j["andel"] - j["riktad_andel"]).abs() < 1e-12).all()
    # Resultaten står bredvid: samma meritvärde som i indata.
    m = r.per_enhet.join(med_ar_slut(d.resultat), on=["skolenhetskod", "ar"], suffix="_in")
    assert (m["meritvarde"] == m["meritvarde_in"]).all()


def test_kpmg_huddinge_2019() -> None:
    """KPMG 2020: avsnitt 3.4.2 – Annerstaskolan fick 2019 störst summa riktade medel per
    elev, 45 587 kr, Snättringeskolan minst, 1 378 kr; avsnitt 3.7 – Annerstaskolans budget
    "drygt 60 miljoner kronor. Av den utgjordes drygt 23 miljoner kronor av riktade medel",
    Visättraskolans "drygt 41 miljoner … drygt 9 miljoner". Elevantalen är satta så att
    beloppen per elev stämmer (Annersta 23 mnkr / 45 587 kr ≈ 504,5 elever). 45 587 kr är
    textens tal; tabellen i 3.8.1 ger 44 683 kr (se testet av tabellens summor nedan)."""
    annersta_elever = 23_000_000 / 45_587
    snattringe_elever = 600.0
    visattra_elever = 420.0
    belopp = pl.DataFrame(
        {
            "skolenhetskod": [
                "00000001",
                "00000001",
                "00000002",
                "00000002",
                "00000003",
                "00000003",
            ],
            "ar": [2019] * 6,
            "pott": ["grund", "riktat"] * 3,
            "kr_per_elev": [
                37_000_000 / annersta_elever,
                45_587.0,
                80_000.0,
                1_378.0,
                32_000_000 / visattra_elever,
                9_000_000 / visattra_elever,
            ],
            "elever": [annersta_elever] * 2 + [snattringe_elever] * 2 + [visattra_elever] * 2,
            "riktad": [0, 1] * 3,
            "socioekonomisk": [0, 1] * 3,
        }
    )
    r = riktade_medel(belopp)
    per = {
        k: v
        for k, *v in r.per_enhet.select(
            "skolenhetskod", "intakt_kr", "riktat_kr", "riktad_andel"
        ).iter_rows()
    }
    assert per["00000001"][0] == pytest.approx(60_000_000)
    assert per["00000001"][1] == pytest.approx(23_000_000)
    assert per["00000001"][2] == pytest.approx(23 / 60)  # 38 % av budgeten
    assert per["00000003"][2] == pytest.approx(9 / 41)  # 22 %
    ar = r.per_ar.row(0, named=True)
    assert (ar["enhet_max"], ar["max_riktat_kr_per_elev"]) == ("00000001", 45_587)
    assert (ar["enhet_min"], ar["min_riktat_kr_per_elev"]) == ("00000002", 1_378)


def test_kpmg_tabell_3_8_1_summor_ar_aritmetiken_inte_tryckfelen() -> None:
    """KPMG 2020 tabell i 3.8.1: projektets summor av de riktade medlen per elev (räknade med
    ``riktade_medel`` ur tabellens delar) är de aritmetiska – Annerstaskolan 27 495 + 6 594 =
    34 089 kommunala (tryckt 34 909) och 34 089 + 7 259 + 3 335 = 44 683 totalt (som tabellen;
    texten i 3.4.2 säger 45 587), Trångsundsskolan 3 588 + 1 367 + 1 673 + 853 = 7 481 totalt
    (tryckt 7 975; 4 954 + 2 526 = 7 480 med tabellens avrundade delsummor). Tryckfelen står
    i ``tests/exempel/fordelning/huddinge_kpmg_2020.yaml`` under ``tryckt_i_kallan``."""
    from tests.fordelning.exempelmodeller_hjalp import exempel

    kpmg = exempel("huddinge_kpmg_2020.yaml")
    skolor = kpmg["skolor_2019"]
    tryckt = kpmg["tryckt_i_kallan"]
    koder = {namn: f"{i + 1:08d}" for i, namn in enumerate(skolor)}
    potter = ("socioekonomiskt", "nyanlanda", "likvardig_skola", "lagstadiesatsning")
    rader = [
        {
            "skolenhetskod": koder[namn],
            "ar": 2019,
            "pott": pott,
            "kr_per_elev": float(delar[pott]),
            "elever": 1.0,
            "riktad": 1,
            "socioekonomisk": int(pott == "socioekonomiskt"),
        }
        for namn, delar in skolor.items()
        for pott in potter
    ]
    r = riktade_medel(pl.DataFrame(rader))
    per_pott = r.per_pott.with_columns(
        kommunal=pl.col("pott").is_in(["socioekonomiskt", "nyanlanda"])
    )
    for namn, kod in koder.items():
        d = skolor[namn]
        totalt = r.per_enhet.filter(pl.col("skolenhetskod") == kod)["riktat_kr_per_elev"].item()
        egen = per_pott.filter(pl.col("skolenhetskod") == kod)
        kommunalt = egen.filter(pl.col("kommunal"))["kr"].sum()
        statligt = egen.filter(~pl.col("kommunal"))["kr"].sum()
        assert kommunalt == d["socioekonomiskt"] + d["nyanlanda"]
        assert statligt == d["likvardig_skola"] + d["lagstadiesatsning"]
        assert totalt == kommunalt + statligt
        # statsbidragens summor är rätt tryckta i alla tre kolumnerna
        assert statligt == tryckt["riktade_statsbidrag_totalt"][namn]
    annersta = skolor["Annerstaskolan"]
    a_kommunalt = annersta["socioekonomiskt"] + annersta["nyanlanda"]
    assert a_kommunalt == 34_089 != tryckt["riktade_kommunala_totalt"]["Annerstaskolan"] == 34_909
    a_totalt = r.per_enhet.filter(pl.col("skolenhetskod") == koder["Annerstaskolan"])
    assert a_totalt["riktat_kr_per_elev"].item() == 44_683
    assert tryckt["riktade_medel_totalt"]["Annerstaskolan"] == 44_683  # tabellen följer summan
    assert tryckt["annersta_riktade_i_texten"] == 45_587 != 44_683  # texten gör det inte
    t_totalt = r.per_enhet.filter(pl.col("skolenhetskod") == koder["Trångsundsskolan"])
    assert t_totalt["riktat_kr_per_elev"].item() == 7_481
    t_tryckt = tryckt["riktade_kommunala_totalt"]["Trångsundsskolan"]
    assert t_tryckt + tryckt["riktade_statsbidrag_totalt"]["Trångsundsskolan"] == 7_480
    assert tryckt["riktade_medel_totalt"]["Trångsundsskolan"] == 7_975  # tryckfel: +495 kr
    assert tryckt["tryckfel"] == {
        "riktade_kommunala_totalt": ["Annerstaskolan"],
        "riktade_medel_totalt": ["Trångsundsskolan"],
        "annersta_text_mot_tabell": [45_587, 44_683],
    }
    # summor som inte är tryckfel stämmer på högst en krona (delarna är avrundade)
    v = skolor["Visättraskolan"]
    assert (
        abs(
            v["socioekonomiskt"]
            + v["nyanlanda"]
            - tryckt["riktade_kommunala_totalt"]["Visättraskolan"]
        )
        <= 1
    )
    assert tryckt["riktade_medel_totalt"]["Visättraskolan"] == 12_917 + 8_548

"""Bidraget per enskild skolenhet och stadium (docs/regler/fordelning-och-bidrag.md#bidrag,
steg 1–4; skolförordningen 14 kap. 4, 6 §§ och 7 a § i föreslagen lydelse; SOU 2025:72
avsnitt 3.1.2 och 10.5.1, övergångsbestämmelse 3).

Fördelningen är handgjord (``bidrag_hjalp``): beloppen per elev står i dess beskrivning."""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.fel import IndataFel
from skolpeng.fordelning.lika_villkor.per_enhet import (
    BIDRAG_KOLUMNER,
    DELAR,
    avrunda_bidrag,
    berakna_bidrag_per_enhet,
    lokalkostnad_per_elev,
)
from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.parametrar import Parameterlage, load_parameters
from tests.fordelning import bidrag_hjalp as h

GRUNDSKOLA_LOKAL = (600_000 + 1_500_000) / 90  # 23 333,33 kr (K1 åk 1–3 och K2 åk 4–6)


@functools.cache
def _lage(ar: int) -> Parameterlage:
    return load_parameters(dt.date(ar, 1, 1))


def _rad(bidrag: pl.DataFrame, kod: str, stadium: str) -> dict:
    rader = bidrag.filter((pl.col("skolenhetskod") == kod) & (pl.col("stadium") == stadium))
    assert rader.height == 1
    return rader.row(0, named=True)


def test_handraknad_huvudman_2029() -> None:
    """Friskolan Norr (E1), förskoleklass, kalenderår 2029 (avdrag 6 %), för hand:

    Steg 1: G0 = undervisning 50 000 (grundbelopp) + 4 000 (socioekonomi) + 2 000
    (nyanlända: 2 × 20 000 kr utan stadium, spridda på enhetens 20 elever) = 56 000;
    lärverktyg 3 000; elevhälsa 2 000; måltider 6 000; lokalkostnad = kommunens genomsnitt i
    förskoleklass 150 000 / 10 = 15 000 (inte enhetens egen lokalpott 30 000, inte
    statsbidraget 1 000 eller evakueringen) -> G0 = 82 000.
    Steg 2: administration 3 % = 2 460.
    Steg 3: avdrag 6 % × (82 000 + 2 460) = 5 067,60.
    Steg 4: moms 6 % × (84 460 − 5 067,60) = 4 763,544; bidrag 84 155,944 kr per elev;
    5 elever -> 420 779,72 kr."""
    b = berakna_bidrag_per_enhet(h.fordelning(2029), _lage(2029))
    r = _rad(b, "30000001", "F")
    assert r["huvudman_id"] == "5560000001" and r["elever"] == 5
    assert r["undervisning"] == pytest.approx(56_000)
    assert (r["larverktyg"], r["elevhalsa"], r["maltider"]) == (3_000, 2_000, 6_000)
    assert r["lokalkostnad"] == pytest.approx(15_000)
    assert r["administration"] == pytest.approx(2_460)
    assert r["avdrag_utbudsansvar"] == pytest.approx(5_067.60)
    assert r["moms"] == pytest.approx(4_763.544)
    assert r["bidrag"] == pytest.approx(84_155.944)
    assert r["bidrag_totalt_kr"] == pytest.approx(420_779.72)
    assert r["avdrag_andel"] == 0.06 and not r["avdrag_avstatt"]


def test_handraknat_grundskola_och_ordning() -> None:
    """E1 åk 1–3: G0 = 66 000 + 11 000 + 23 333,33 = 100 333,33; administration 3 010;
    avdrag 6 % × 103 343,33 = 6 200,60; moms 6 % × 97 142,73 = 5 828,564; bidrag
    102 971,297. E3 åk 7–9 (inga kommunala elever i 7–9): grundskolans genomsnitt gäller."""
    b = berakna_bidrag_per_enhet(h.fordelning(2029), _lage(2029))
    assert b.columns == list(BIDRAG_KOLUMNER)
    assert b.select("skolenhetskod", "stadium").rows() == [
        ("30000001", "F"),
        ("30000001", "1-3"),
        ("30000002", "4-6"),
        ("30000003", "7-9"),
    ]
    r = _rad(b, "30000001", "1-3")
    assert r["lokalkostnad"] == pytest.approx(GRUNDSKOLA_LOKAL)
    assert r["avdrag_utbudsansvar"] == pytest.approx(6_200.60)
    assert r["bidrag"] == pytest.approx(1.06 * 0.94 * 1.03 * (77_000 + GRUNDSKOLA_LOKAL))
    r3 = _rad(b, "30000003", "7-9")
    assert r3["undervisning"] == pytest.approx(78_000)
    assert r3["lokalkostnad"] == pytest.approx(GRUNDSKOLA_LOKAL)


@pytest.mark.parametrize(("ar", "sats"), [(2027, 0.0), (2028, 0.03), (2029, 0.06), (2030, 0.06)])
def test_avdraget_foljer_kalenderaret(ar: int, sats: float) -> None:
    """SOU 2025:72 10.5.4: inget avdrag före 2028, 3 % 2028, 6 % från 2029 – samma sats för alla."""
    b = berakna_bidrag_per_enhet(h.fordelning(ar), _lage(ar))
    g0_adm = 1.03 * b.select(*DELAR[:5]).sum_horizontal()
    assert b["avdrag_andel"].to_list() == [sats] * b.height
    np.testing.assert_allclose(b["avdrag_utbudsansvar"], sats * g0_adm, rtol=1e-12)


def test_avstatt_avdrag_ger_noll_for_alla() -> None:
    """Särskilda skäl: kommunen avstår helt, för alla huvudmän; aldrig en annan sats."""
    f = h.fordelning(2029, avsta_avdrag=True, avsta_skal="Ingen överkapacitet i kommunen.")
    b = berakna_bidrag_per_enhet(f, _lage(2029))
    assert b["avdrag_utbudsansvar"].to_list() == [0.0] * b.height
    assert b["avdrag_avstatt"].all() and b["avdrag_andel"].to_list() == [0.0] * b.height
    g0 = b.select(*DELAR[:5]).sum_horizontal()
    np.testing.assert_allclose(b["bidrag"], 1.06 * 1.03 * g0, rtol=1e-12)


def test_parameterlaget_ska_galla_1_januari() -> None:
    with pytest.raises(IndataFel, match="1 januari 2029"):
        berakna_bidrag_per_enhet(h.fordelning(2029), load_parameters(dt.date(2029, 7, 1)))


def test_potter_utan_samma_grunder_ingar_inte() -> None:
    """Statsbidraget (1 000 kr per elev, samma_grunder = false) når de enskilda enheterna i
    ``rader`` men ingår inte; görs det om till samma grunder ökar undervisningen med exakt
    1 000 kr per elev för varje rad. Evakueringen (lokalkostnader, false) påverkar inte
    genomsnittet."""
    f = h.fordelning(2029)
    fore = berakna_bidrag_per_enhet(f, _lage(2029))
    rader = f.rader.with_columns(
        samma_grunder=pl.when(pl.col("pott") == "statsbidrag")
        .then(True)
        .otherwise(pl.col("samma_grunder"))
    )
    efter = berakna_bidrag_per_enhet(
        Fordelning(f.modell, f.underlag, rader, f.potter, f.enheter), _lage(2029)
    )
    np.testing.assert_allclose(efter["undervisning"] - fore["undervisning"], 1_000.0)
    np.testing.assert_allclose(efter["lokalkostnad"], fore["lokalkostnad"])


def test_lokalkostnaden_ar_kommunens_genomsnitt() -> None:
    """Enheternas egna lokalpotter (30 000 kr per elev till de enskilda) ersätts av kommunens
    genomsnitt; modellens ``lokalkostnad_per_elev_kr`` går före beräkningen."""
    lok = lokalkostnad_per_elev(h.fordelning(2029))
    assert lok["skolform"].to_list() == ["forskoleklass", "grundskola"]
    assert lok["lokalkostnad_per_elev_kr"].to_list() == pytest.approx([15_000, GRUNDSKOLA_LOKAL])
    f = h.fordelning(2029, lokalkostnad_per_elev_kr=21_000)
    b = berakna_bidrag_per_enhet(f, _lage(2029))
    assert b["lokalkostnad"].to_list() == [21_000.0] * b.height
    assert "modellens uppgift" in b["lokalkostnad_grund"][0]


def test_faktisk_lokalkostnad_av_sarskilda_skal() -> None:
    """Skolförordningen 14 kap. 6 §: av särskilda skäl högst huvudmannens faktiska kostnad –
    bara för den enheten; felaktiga rader rapporteras alla på en gång."""
    f = h.fordelning(2029)
    faktiska = pl.DataFrame(
        {"skolenhetskod": ["30000003"], "kr_per_elev": [12_000.0], "skal": ["nybyggda lokaler"]}
    )
    b = berakna_bidrag_per_enhet(f, _lage(2029), faktiska_lokalkostnader=faktiska)
    assert b["lokalkostnad"].to_list() == pytest.approx(
        [15_000, GRUNDSKOLA_LOKAL, GRUNDSKOLA_LOKAL, 12_000]
    )
    assert b["lokalkostnad_grund"][3].endswith("nybyggda lokaler")
    assert _rad(b, "30000003", "7-9")["bidrag"] == pytest.approx(1.06 * 0.94 * 1.03 * 101_000)
    daliga = pl.DataFrame(
        {"skolenhetskod": ["10000001", "30000001"], "kr_per_elev": [1.0, -1.0], "skal": ["x", ""]}
    )
    with pytest.raises(IndataFel) as fel:
        berakna_bidrag_per_enhet(f, _lage(2029), faktiska_lokalkostnader=daliga)
    assert {(p.rad, p.kolumn) for p in fel.value.problem} == {
        (2, "skolenhetskod"),
        (3, "kr_per_elev"),
        (3, "skal"),
    }


def test_utan_lokalkostnadspott_ar_lokalkostnaden_noll_med_forklaring() -> None:
    f = h.fordelning(2029)
    rader = f.rader.filter(pl.col("kostnadsslag") != "lokalkostnader")
    modell = f.modell.model_copy(
        update={"potter": [p for p in f.modell.potter if p.kostnadsslag != "lokalkostnader"]}
    )
    b = berakna_bidrag_per_enhet(
        Fordelning(modell, f.underlag, rader, f.potter, f.enheter), _lage(2029)
    )
    assert b["lokalkostnad"].to_list() == [0.0] * b.height
    assert "ingen lokalkostnadspott" in b["lokalkostnad_grund"][0]


def test_villkorat_belopp_far_moms_men_inte_administration_eller_avdrag() -> None:
    """SOU 10.5.2 / 14 kap. 4 § p. 6 i föreslagen lydelse: moms 6 % även på villkorat belopp;
    det är inte grundbelopp, så ingen administration och inget avdrag."""
    f = h.fordelning(2029)
    villkorade = pl.DataFrame(
        {
            "skolenhetskod": ["30000003", "30000001"],
            "stadium": [None, "F"],
            "andamal": ["resursskola", "frukost"],
            "villkor": ["mottagande begränsat till elever i behov av särskilt stöd", "varje dag"],
            "kr_per_elev": [10_000.0, 500.0],
        },
        schema_overrides={"stadium": pl.String},
    )
    utan = berakna_bidrag_per_enhet(f, _lage(2029))
    med = berakna_bidrag_per_enhet(f, _lage(2029), villkorade)
    skillnad = (med["bidrag"] - utan["bidrag"]).to_list()
    assert skillnad == pytest.approx([1.06 * 500, 0, 0, 1.06 * 10_000])
    assert med["villkorat_belopp"].to_list() == [500.0, 0.0, 0.0, 10_000.0]
    np.testing.assert_allclose(med["administration"], utan["administration"])
    np.testing.assert_allclose(med["avdrag_utbudsansvar"], utan["avdrag_utbudsansvar"])


def test_avrundning_delarna_summerar_till_bidraget() -> None:
    b = berakna_bidrag_per_enhet(h.fordelning(2029), _lage(2029))
    a = avrunda_bidrag(b)
    summa = a.select(d for d in DELAR if d != "avdrag_utbudsansvar").sum_horizontal()
    assert (summa - a["avdrag_utbudsansvar"]).to_list() == a["bidrag"].to_list()
    assert a["bidrag"].to_list() == [84_156, 102_971, 102_971, 115_287]
    assert (a["bidrag_totalt_kr"] == (a["bidrag"] * a["elever"]).round().cast(pl.Int64)).all()
    for d in DELAR:
        assert (a[d] - b[d]).abs().max() < 1


@settings(max_examples=40, deadline=None)
@given(
    skala=st.lists(st.floats(0.0, 3.0), min_size=9, max_size=9),
    ar=st.integers(2026, 2032),
    avsta=st.booleans(),
)
def test_delarna_summerar_och_avdraget_har_daterad_sats(
    skala: list[float], ar: int, avsta: bool
) -> None:
    """För slumpade belopp per pott: delarna summerar till bidraget (steg 1–4), avdraget är
    den daterade satsen × (G0 + administration) eller 0 för alla, och avrundningen bevarar
    summan per rad."""
    f = h.fordelning(ar, avsta_avdrag=avsta)
    faktor = dict(zip([p for p, _, _ in h.POTTER], skala, strict=True))
    rader = f.rader.with_columns(
        belopp_kr=pl.col("belopp_kr") * pl.col("pott").replace_strict(faktor)
    )
    b = berakna_bidrag_per_enhet(
        Fordelning(f.modell, f.underlag, rader, f.potter, f.enheter), _lage(ar)
    )
    sats = 0.0 if avsta else _lage(ar).tal("bidrag.avdrag_utbudsansvar_andel")
    g0 = b.select(*DELAR[:5]).sum_horizontal().to_numpy()
    np.testing.assert_allclose(b["administration"], 0.03 * g0, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(b["avdrag_utbudsansvar"], sats * 1.03 * g0, rtol=1e-12, atol=1e-9)
    tecken = np.array([-1 if d == "avdrag_utbudsansvar" else 1 for d in DELAR])
    delar = b.select(*DELAR).to_numpy() * tecken
    np.testing.assert_allclose(delar.sum(axis=1), b["bidrag"], rtol=1e-12, atol=1e-9)
    a = avrunda_bidrag(b)
    assert ((a.select(*DELAR).to_numpy() * tecken).sum(axis=1) == a["bidrag"].to_numpy()).all()

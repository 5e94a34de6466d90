"""Tilläggsbelopp i bidraget till enskild huvudman (docs/regler/fordelning-och-bidrag.md#tillaggsbelopp; skolförordningen 14 kap.
4 § 6 i den lydelse som föreslås i SOU 2025:72: mervärdesskatt "sex procent av det totala
bidragsbeloppet (grundbelopp och i förekommande fall tilläggsbelopp …)"; ingen administration
och inget avdrag, som gäller grundbeloppet, 14 kap. 4 § 5 och 7 a §).

Fördelningen är den handgjorda i ``bidrag_hjalp`` (Friskolan Norr 30000001: 15 elever i åk
1–3; Skolan Syd 30000003: 20 elever i åk 7–9); beloppen nedan är räknade för hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.fel import IndataFel
from skolpeng.fordelning.lika_villkor.ny_elev import bidrag_for_ny_elev
from skolpeng.fordelning.lika_villkor.per_enhet import (
    DELAR,
    avrunda_bidrag,
    berakna_bidrag_per_enhet,
)
from skolpeng.fordelning.lika_villkor.tillaggsbelopp import (
    kontrollera_tillaggsbelopp,
    las_tillaggsbelopp,
)
from skolpeng.parametrar import load_parameters
from skolpeng.rapporter.beslut_om_bidrag.beslut import bidragsbeslut_html
from skolpeng.talformat import kr
from tests.fordelning import bidrag_hjalp as h

TILLAGG = pl.DataFrame(
    {
        "skolenhetskod": ["30000001", "30000001", "30000003"],
        "stadium": ["1-3", "1-3", "7-9"],
        "andamal": ["Särskilt stöd (elevassistent)", "Modersmålsundervisning", "Särskilt stöd"],
        "belopp_kr": [90_000.0, 30_000.0, 50_000.0],
    }
)


def _lage():
    return load_parameters(dt.date(2029, 1, 1))


def _bidrag(tillagg: pl.DataFrame | None):
    f = h.fordelning(2029)
    kontrollerad = None if tillagg is None else kontrollera_tillaggsbelopp(tillagg, f)
    return f, berakna_bidrag_per_enhet(f, _lage(), tillaggsbelopp=kontrollerad)


def _rad(b: pl.DataFrame, kod: str, stadium: str) -> dict:
    return b.filter((pl.col("skolenhetskod") == kod) & (pl.col("stadium") == stadium)).row(
        0, named=True
    )


def test_moms_och_totaler_for_hand() -> None:
    """Friskolan Norr åk 1–3: 90 000 + 30 000 = 120 000 kr per år på 15 elever = 8 000 kr per
    elev; moms 6 % = 480 kr per elev; bidraget per elev ökar med 8 480 kr och totalt med
    15 × 8 480 = 127 200 kr = 120 000 × 1,06. Skolan Syd åk 7–9: 50 000 / 20 = 2 500 kr per
    elev, moms 150 kr, totalt +53 000 kr. Administration och avdrag (6 % år 2029) ändras inte;
    inga andra rader ändras."""
    _, utan = _bidrag(None)
    _, med = _bidrag(TILLAGG)
    for kod, stadium, ar_kr, elever, per_elev, moms in (
        ("30000001", "1-3", 120_000.0, 15, 8_000.0, 480.0),
        ("30000003", "7-9", 50_000.0, 20, 2_500.0, 150.0),
    ):
        u, m = _rad(utan, kod, stadium), _rad(med, kod, stadium)
        assert m["elever"] == elever
        assert m["tillaggsbelopp_ar_kr"] == ar_kr
        assert m["tillaggsbelopp"] == pytest.approx(per_elev, rel=1e-12)
        assert m["moms_tillaggsbelopp"] == pytest.approx(moms, rel=1e-12)
        assert m["moms"] - u["moms"] == pytest.approx(moms, rel=1e-12)
        assert m["bidrag"] - u["bidrag"] == pytest.approx(per_elev + moms, rel=1e-12)
        assert m["bidrag_totalt_kr"] - u["bidrag_totalt_kr"] == pytest.approx(
            ar_kr * 1.06, rel=1e-12
        )
        # ingen administration och inget avdrag på tilläggsbeloppet
        assert m["administration"] == pytest.approx(u["administration"], rel=1e-12)
        assert m["avdrag_utbudsansvar"] == pytest.approx(u["avdrag_utbudsansvar"], rel=1e-12)
        assert u["avdrag_utbudsansvar"] > 0  # 2029: avdraget görs, men inte på tillägget
    assert _rad(med, "30000001", "1-3")["tillaggsbelopp_andamal"] == (
        "Särskilt stöd (elevassistent); Modersmålsundervisning"
    )
    ovriga = med.filter(pl.col("tillaggsbelopp_ar_kr") == 0)
    assert ovriga.height == med.height - 2
    assert (ovriga["tillaggsbelopp"] == 0).all()
    jfr = utan.join(ovriga, on=["skolenhetskod", "stadium"], suffix="_med")
    assert (jfr["bidrag"] == jfr["bidrag_med"]).all()
    # hela summan: Σ bidrag totalt ökar med (120 000 + 50 000) × 1,06
    assert med["bidrag_totalt_kr"].sum() - utan["bidrag_totalt_kr"].sum() == pytest.approx(
        170_000 * 1.06, rel=1e-12
    )


def test_avrundat_summerar_och_arsbeloppet_i_hela_kronor() -> None:
    _, med = _bidrag(TILLAGG)
    a = avrunda_bidrag(med)
    tecken = [-1 if d == "avdrag_utbudsansvar" else 1 for d in DELAR]
    summa = sum(a[d] * t for d, t in zip(DELAR, tecken, strict=True))
    assert (summa == a["bidrag"]).all()
    r = _rad(a, "30000001", "1-3")
    assert (r["tillaggsbelopp"], r["tillaggsbelopp_ar_kr"], r["moms_tillaggsbelopp"]) == (
        8_000,
        120_000,
        480,
    )


def test_ny_elev_far_inte_enhetens_tillaggsbelopp() -> None:
    """En elev som börjar i januari får årsbidraget utan tilläggsbeloppet och dess moms (ett
    tilläggsbelopp för eleven beslutas särskilt): 8 000 + 480 kr lägre än enhetens bidrag per
    elev, och delarna summerar till bidraget."""
    _, med = _bidrag(TILLAGG)
    ny = bidrag_for_ny_elev(med, "30000001", "1-3", 1).row(0, named=True)
    r = _rad(med, "30000001", "1-3")
    assert ny["tillaggsbelopp"] == 0
    assert ny["bidrag"] == pytest.approx(r["bidrag"] - 8_480, rel=1e-12)
    assert ny["moms"] == pytest.approx(r["moms"] - 480, rel=1e-12)
    tecken = {d: -1 if d == "avdrag_utbudsansvar" else 1 for d in DELAR}
    assert sum(ny[d] * tecken[d] for d in DELAR) == pytest.approx(ny["bidrag"], rel=1e-12)


def test_beslutet_visar_tillaggsbeloppet() -> None:
    """Beslutet till Friskolan Norr AB: raden Tilläggsbelopp i enhetens tabell (8 000 kr per
    elev), avsnittet med summan per år, ändamålen och momsen, beslutsmeningen och grunden med
    lagrummet. Skolan Syd AB:s beslut visar sitt eget belopp, inte Friskolan Norrs."""
    f, med = _bidrag(TILLAGG)
    text = bidragsbeslut_html(med, f, "5560000001", _lage())
    assert '<th scope="row">Tilläggsbelopp</th>' in text
    assert "<h2>Tilläggsbelopp</h2>" in text
    for belopp in (120_000, 8_000, 480):
        assert kr(belopp) in text
    assert "Särskilt stöd (elevassistent); Modersmålsundervisning" in text
    assert "lämna bidrag (grundbelopp och tilläggsbelopp)" in text
    assert "14 kap. 4 § 6" in text and "ingen administration och inget avdrag" in text
    syd = bidragsbeslut_html(med, f, "5560000002", _lage())
    assert kr(50_000) in syd and "Modersmålsundervisning" not in syd
    utan_text = bidragsbeslut_html(_bidrag(None)[1], f, "5560000001", _lage())
    assert "Tilläggsbelopp</th>" not in utan_text and "<h2>Tilläggsbelopp</h2>" not in utan_text


def test_kontrollen_rapporterar_alla_problem_med_rad_och_kolumn() -> None:
    f = h.fordelning(2029)
    dalig = pl.DataFrame(
        {
            "skolenhetskod": ["10000001", "99999999", "30000001", "30000001", "30000003"],
            "stadium": ["1-3", "1-3", "7-9", "1-3", "7-9"],
            "andamal": ["Stöd", "Stöd", "Stöd", "Elev 20150312-1234", ""],
            "belopp_kr": [1000.0, 1000.0, 1000.0, 1000.0, 0.0],
        }
    )
    with pytest.raises(IndataFel) as fel:
        kontrollera_tillaggsbelopp(dalig, f, "tillagg.csv")
    p = [(x.rad, x.kolumn, x.meddelande) for x in fel.value.problem]
    assert (2, "skolenhetskod") in [(r, k) for r, k, _ in p]  # kommunal enhet
    assert any(r == 2 and "inte en enskild huvudman" in m for r, _, m in p)
    assert any(r == 3 and "finns inte bland kommunens skolenheter" in m for r, _, m in p)
    assert any(r == 4 and k == "stadium" for r, k, _ in p)
    assert any(r == 5 and k == "andamal" and "personnummer" in m for r, k, m in p)
    assert any(r == 6 and k == "andamal" for r, k, _ in p)
    assert any(r == 6 and k == "belopp_kr" for r, k, _ in p)
    assert all(x.fil == "tillagg.csv" for x in fel.value.problem)


def test_filen_far_inte_ha_elevuppgifter(tmp_path) -> None:
    """En kolumn utöver kontraktet (t.ex. personnummer) är ett fel, inte en notering."""
    fil = tmp_path / "tillagg.csv"
    fil.write_text(
        "skolenhetskod,stadium,andamal,belopp_kr,personnummer\n"
        "30000001,1-3,Stöd,1000,20150312-1234\n",
        encoding="utf-8",
    )
    with pytest.raises(IndataFel) as fel:
        las_tillaggsbelopp(fil)
    (problem,) = fel.value.problem
    assert problem.fil == "tillagg.csv" and problem.rad == 1
    assert "personnummer" in problem.meddelande and "enskilda elever" in problem.meddelande
    fil.write_text(
        "skolenhetskod,stadium,andamal,belopp_kr\n30000001,1-3,Stöd,1000\n", encoding="utf-8"
    )
    assert las_tillaggsbelopp(fil)["belopp_kr"].to_list() == [1000.0]


@settings(max_examples=30, deadline=None)
@given(
    belopp=st.lists(st.floats(1.0, 5_000_000.0), min_size=1, max_size=6),
    ar=st.integers(2026, 2030),
)
def test_hela_summan_och_momsen_nar_bidraget(belopp: list[float], ar: int) -> None:
    """Egenskap: för slumpade tilläggsbelopp på de enskilda enheternas stadier ökar bidraget
    totalt med exakt 1,06 × summan (moms 6 %, ingen administration, inget avdrag), per enhet
    och stadium och över alla; delarna summerar till bidraget per elev."""
    f = h.fordelning(ar)
    lage = load_parameters(dt.date(ar, 1, 1))
    utan = berakna_bidrag_per_enhet(f, lage)
    platser = utan.select("skolenhetskod", "stadium").rows()
    tillagg = pl.DataFrame(
        {
            "skolenhetskod": [platser[i % len(platser)][0] for i in range(len(belopp))],
            "stadium": [platser[i % len(platser)][1] for i in range(len(belopp))],
            "andamal": [f"Ändamål {i}" for i in range(len(belopp))],
            "belopp_kr": belopp,
        }
    )
    med = berakna_bidrag_per_enhet(f, lage, tillaggsbelopp=kontrollera_tillaggsbelopp(tillagg, f))
    jfr = utan.join(med, on=["skolenhetskod", "stadium"], suffix="_med")
    okning = (jfr["bidrag_totalt_kr_med"] - jfr["bidrag_totalt_kr"]).to_numpy()
    np.testing.assert_allclose(
        okning, 1.06 * jfr["tillaggsbelopp_ar_kr_med"].to_numpy(), rtol=1e-9, atol=1e-6
    )
    assert float(okning.sum()) == pytest.approx(1.06 * sum(belopp), rel=1e-9)
    np.testing.assert_allclose(jfr["administration_med"], jfr["administration"], rtol=1e-12)
    np.testing.assert_allclose(jfr["avdrag_utbudsansvar_med"], jfr["avdrag_utbudsansvar"])
    tecken = np.array([-1 if d == "avdrag_utbudsansvar" else 1 for d in DELAR])
    np.testing.assert_allclose(
        (med.select(DELAR).to_numpy() * tecken).sum(axis=1), med["bidrag"], rtol=1e-12
    )


def test_tillagget_betalas_helt_nar_bidragen_raknas_pa_folkbokforda() -> None:
    """Med ``elever_hemkommun`` räknas bidragen på kommunens folkbokförda elever. Friskolan
    Norr åk 1–3 har 15 inskrivna, varav 10 folkbokförda i 0114 (januari): kommunens beslutade
    tilläggsbelopp 120 000 kr per år betalas ändå helt, 120 000 × 1,06 = 127 200 kr, dvs.
    12 000 kr + 720 kr moms per folkbokförd elev; grundbeloppets del följer de 10 eleverna."""
    from skolpeng.fordelning.utbetalning.folkbokforda import bidrag_for_folkbokforda

    _, utan = _bidrag(None)
    _, med = _bidrag(TILLAGG)
    hemkommun = pl.DataFrame(
        {
            "skolenhetskod": ["30000001", "30000001", "30000003"],
            "period": ["2029-01", "2029-01", "2029-01"],
            "verksamhet": ["fk_gr"] * 3,
            "arskurs": ["2", "3", "8"],
            "hemkommun": ["0114", "0180", "0114"],
            "antal": [10, 5, 20],
        }
    )
    fb_utan, _ = bidrag_for_folkbokforda(utan, hemkommun, "0114", "fk_gr", 2029)
    fb_med, _ = bidrag_for_folkbokforda(med, hemkommun, "0114", "fk_gr", 2029)
    u, m = _rad(fb_utan, "30000001", "1-3"), _rad(fb_med, "30000001", "1-3")
    assert m["elever"] == u["elever"] == 10
    assert m["tillaggsbelopp"] == pytest.approx(12_000.0, rel=1e-12)
    assert m["moms_tillaggsbelopp"] == pytest.approx(720.0, rel=1e-12)
    assert m["bidrag"] - u["bidrag"] == pytest.approx(12_720.0, rel=1e-12)
    assert m["moms"] - u["moms"] == pytest.approx(720.0, rel=1e-12)
    assert m["bidrag_totalt_kr"] - u["bidrag_totalt_kr"] == pytest.approx(127_200.0, rel=1e-12)
    # grundbeloppets del per elev är densamma som före: bara antalet elever ändras
    assert u["bidrag"] == pytest.approx(_rad(utan, "30000001", "1-3")["bidrag"], rel=1e-12)
    s = _rad(fb_med, "30000003", "7-9")  # alla 20 folkbokförda: oförändrat
    assert s["bidrag_totalt_kr"] - _rad(fb_utan, "30000003", "7-9")["bidrag_totalt_kr"] == (
        pytest.approx(53_000.0, rel=1e-12)
    )

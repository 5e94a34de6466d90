"""Stabilitetsregler (docs/regler/fordelning-och-bidrag.md#stabilitet; SKL 2014 steg 4 "infasning": ökningar direkt,
minskningar i steg): golven, finansieringen inom ramen och pottraden
``stabilitetsjustering``. Handräknade exempel och egenskapstester (hypothesis)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.fordelning.modellfil.schema import Stabilitet
from skolpeng.fordelning.stabilitetsregler.golv import (
    finansiera_golv,
    golv_per_elev,
    har_golvregler,
    tillampa_stabilitet,
)
from tests.fordelning.handgjord_fordelning import fordelning_fran_rader, kod, modell, underlag

A, B, C = kod(1), kod(2), kod(3)


def _tre_enheter(per_elev: dict[str, float]):
    """Tre enheter med 100 elever var (50 i åk 1, 50 i åk 5) och två potter; enhetens
    belopp per elev = ``per_elev`` (60 % i potten bas, 40 % i potten struktur)."""
    u = underlag({k: {"1": 50, "5": 50} for k in per_elev}, {k: 1.0 for k in per_elev})
    total = sum(100 * p for p in per_elev.values())
    m = modell(total, [{"namn": "bas", "andel": 0.6}, {"namn": "struktur", "andel": 0.4}])
    rader = []
    for k, p in per_elev.items():
        for stadium, andel_st in (("1-3", 0.4), ("4-6", 0.6)):
            rader.append((k, stadium, "bas", 100 * p * 0.6 * andel_st))
            rader.append((k, stadium, "struktur", 100 * p * 0.4 * andel_st))
    return fordelning_fran_rader(m, u, rader)


def _forra(per_elev: dict[str, float]) -> pl.DataFrame:
    return pl.DataFrame({"skolenhetskod": list(per_elev), "kr_per_elev": list(per_elev.values())})


def _per_elev(f) -> dict[str, float]:
    return dict(zip(f.enheter["skolenhetskod"], f.enheter["kr_per_elev"], strict=True))


def test_handraknat_exempel_med_tva_varv():
    """Högst 4 % minskning. A: förra året 50 000, enligt modellen 45 000 -> golv 48 000.
    B: 50 500 -> golv 48 480; modellen 49 000. C: 50 000 -> golv 48 000; modellen 60 000.
    Varv 1: A binder; λ = (15,4 − 4,8) / (4,9 + 6,0) = 0,97248 mnkr; B får 47 651 < 48 480 och
    binder i varv 2: λ = (15,4 − 4,8 − 4,848) / 6,0 = 0,958667; C = 60 000 · λ = 57 520."""
    f = _tre_enheter({A: 45_000, B: 49_000, C: 60_000})
    ut = tillampa_stabilitet(
        f, _forra({A: 50_000, B: 50_500, C: 50_000}), Stabilitet(max_minskning_andel=0.04)
    )
    pe = _per_elev(ut)
    assert pe[A] == pytest.approx(48_000, abs=1e-6)
    assert pe[B] == pytest.approx(48_480, abs=1e-6)
    assert pe[C] == pytest.approx(57_520, abs=1e-6)
    bunden = dict(zip(ut.enheter["skolenhetskod"], ut.enheter["golv_bundet"], strict=True))
    assert bunden == {A: True, B: True, C: False}
    # Potten stabilitetsjustering: +300 000 till A, −52 000 till B, −248 000 från C
    just = ut.rader.filter(pl.col("pott") == "stabilitetsjustering")
    per_enhet = dict(just.group_by("skolenhetskod").agg(pl.col("belopp_kr").sum()).iter_rows())
    assert per_enhet[A] == pytest.approx(300_000, abs=1e-6)
    assert per_enhet[B] == pytest.approx(-52_000, abs=1e-6)
    assert per_enhet[C] == pytest.approx(-248_000, abs=1e-6)
    assert int(just["belopp_kr_avrundat"].sum()) == 0
    # de ursprungliga potterna är orörda
    assert ut.rader.filter(pl.col("pott") != "stabilitetsjustering").equals(f.rader)
    pott = ut.potter.filter(pl.col("pott") == "stabilitetsjustering").row(0, named=True)
    assert pott["belopp_kr"] == 0.0 and abs(pott["fordelat_kr"]) < 1e-6
    text = " ".join(ut.anteckningar)
    assert "48 000 kr" in text and "2 golv binder" in text
    # C:s rader förklarar finansieringen: beloppet × 0,958667 (−4,13 %)
    c_text = just.filter(pl.col("skolenhetskod") == C)["forklaring"][0]
    assert "0,958667" in c_text


def test_infasning_skl_okning_direkt_minskning_i_tva_steg():
    """SKL steg 4 (infasning i två steg): A förlorar 5 000 kr per elev enligt modellen och
    får i år minska med hälften (golv 47 500); B ökar och behåller golvet 50 000 (ökningar
    direkt, men ingen minskning utan regel). λ = (15,2 − 4,75) / (5,2 + 5,5) mnkr."""
    f = _tre_enheter({A: 45_000, B: 52_000, C: 55_000})
    ut = tillampa_stabilitet(
        f, _forra({A: 50_000, B: 50_000, C: 50_000}), Stabilitet(infasning_ar=2)
    )
    pe = _per_elev(ut)
    lam = (15.2 - 4.75) / (5.2 + 5.5)
    assert pe[A] == pytest.approx(47_500, abs=1e-6)
    assert pe[B] == pytest.approx(52_000 * lam, abs=1e-6)
    assert pe[C] == pytest.approx(55_000 * lam, abs=1e-6)
    golv = dict(zip(ut.enheter["skolenhetskod"], ut.enheter["golv_kr_per_elev"], strict=True))
    assert golv == pytest.approx({A: 47_500, B: 50_000, C: 50_000})


def test_max_minskning_i_kronor_och_hogsta_golvet_galler():
    """Både kr- och andelsregel: golvet är det högsta (strängaste). Förra året 50 000:
    −1 000 kr ger 49 000, −4 % ger 48 000 -> 49 000."""
    f = _tre_enheter({A: 45_000, B: 55_000, C: 55_000})
    regler = Stabilitet(max_minskning_kr_per_elev=1_000, max_minskning_andel=0.04)
    ut = tillampa_stabilitet(f, _forra({A: 50_000, B: 50_000, C: 50_000}), regler)
    assert _per_elev(ut)[A] == pytest.approx(49_000, abs=1e-6)
    regel = golv_per_elev(
        f.enheter.select("skolenhetskod", "elever", "kr_per_elev"),
        _forra({A: 50_000}),
        regler,
    ).filter(pl.col("skolenhetskod") == A)
    assert regel["golv_regel"][0] == "högst 1 000 kr minskning per elev"


def test_utan_regler_oforandrad_och_ny_enhet_utan_golv():
    f = _tre_enheter({A: 45_000, B: 55_000, C: 55_000})
    assert tillampa_stabilitet(f, _forra({A: 50_000}), None) is f
    assert tillampa_stabilitet(f, _forra({A: 50_000}), Stabilitet(indexutjamning_ar=3)) is f
    assert not har_golvregler(Stabilitet())
    # A saknar förra årets belopp (ny enhet): inget golv, bara finansiering
    ut = tillampa_stabilitet(f, _forra({B: 60_000}), Stabilitet(max_minskning_andel=0.02))
    e = ut.enheter.sort("skolenhetskod")
    assert e["golv_kr_per_elev"][0] is None and not e["golv_bundet"][0]
    assert e["golv_kr_per_elev"][1] == pytest.approx(58_800)


def test_golv_som_inte_binder_lamnar_raderna():
    f = _tre_enheter({A: 45_000, B: 55_000, C: 55_000})
    ut = tillampa_stabilitet(
        f, _forra({A: 45_500, B: 50_000, C: 50_000}), Stabilitet(max_minskning_andel=0.05)
    )
    assert ut.rader.equals(f.rader)
    assert ut.enheter["belopp_kr"].to_list() == pytest.approx(f.enheter["belopp_kr"].to_list())
    assert "inget golv binder" in ut.anteckningar[-1]


def test_ramen_racker_inte_till_alla_golv():
    """Två enheter hade 550 och får enligt modellen 400 (ramen sänkt); reglerna tillåter
    bara 5,5 % minskning (golv 520 var, Σ 1 040 > ramen 1 000). Alla får golvet (eller
    beloppet om det är högre) minskat med samma andel: 1 000 / (520 + 520 + 200)."""
    a = np.array([400.0, 400.0, 200.0])
    g = np.array([520.0, 520.0, np.nan])
    fin = finansiera_golv(a, g)
    assert not fin.mojlig
    assert fin.belopp.sum() == pytest.approx(1000.0)
    assert fin.belopp == pytest.approx(np.array([520.0, 520.0, 200.0]) * 1000 / 1240)
    assert fin.bunden.tolist() == [True, True, False]
    # Går golven precis att hålla tas det som fattas från enheten utan golv
    fin = finansiera_golv(a, np.array([475.0, 475.0, np.nan]))
    assert fin.mojlig and fin.belopp == pytest.approx([475.0, 475.0, 50.0])
    assert fin.faktor == pytest.approx(0.25)


@st.composite
def _fall(draw):
    n = draw(st.integers(2, 7))
    elever = [draw(st.integers(0, 300)) for _ in range(n)]
    per_elev = [draw(st.floats(20_000, 120_000)) for _ in range(n)]
    forra = [draw(st.one_of(st.none(), st.floats(20_000, 120_000))) for _ in range(n)]
    regler = Stabilitet(
        max_minskning_kr_per_elev=draw(st.one_of(st.none(), st.floats(0, 10_000))),
        max_minskning_andel=draw(st.one_of(st.none(), st.floats(0, 0.3))),
        infasning_ar=draw(st.one_of(st.none(), st.integers(1, 4))),
    )
    return elever, per_elev, forra, regler


@settings(max_examples=50, deadline=None)
@given(_fall())
def test_egenskaper(fall):
    """Ramen bevaras, ingen enhet minskar mer än reglerna tillåter (när ramen räcker),
    obundna enheter skalas med samma faktor ≤ 1, varje ursprunglig pott är orörd och
    stabilitetspotten summerar till 0 kr avrundad."""
    elever, per_elev, forra, regler = fall
    koder = [kod(i) for i in range(len(elever))]
    u = underlag({k: {"2": n} for k, n in zip(koder, elever, strict=True)}, None)
    rader = [(k, "1-3", "bas", n * p) for k, n, p in zip(koder, elever, per_elev, strict=True)]
    m = modell(max(sum(r[3] for r in rader), 1.0), [{"namn": "bas", "andel": 1.0}], index=False)
    f = fordelning_fran_rader(m, u, rader)
    fr = pl.DataFrame(
        [(k, x) for k, x in zip(koder, forra, strict=True) if x is not None],
        schema={"skolenhetskod": pl.String, "kr_per_elev": pl.Float64},
        orient="row",
    )
    ut = tillampa_stabilitet(f, fr, regler)
    if not har_golvregler(regler):
        assert ut is f
        return
    total = f.rader["belopp_kr"].sum()
    assert ut.rader["belopp_kr"].sum() == pytest.approx(total, rel=1e-12, abs=1e-6)
    assert ut.enheter["belopp_kr"].sum() == pytest.approx(total, rel=1e-12, abs=1e-6)
    assert ut.rader.filter(pl.col("pott") == "bas").equals(f.rader)
    just = ut.rader.filter(pl.col("pott") == "stabilitetsjustering")
    assert int(just["belopp_kr_avrundat"].sum()) == 0
    e = ut.enheter
    mojlig = not any("räcker inte" in a for a in ut.anteckningar)
    lambdas = []
    for r in e.iter_rows(named=True):
        if not r["elever"]:
            continue
        fore, efter, f0 = r["kr_per_elev_fore_stabilitet"], r["kr_per_elev"], r["forra_kr_per_elev"]
        if f0 is not None and mojlig:
            tol = 1e-6 * f0
            if regler.max_minskning_kr_per_elev is not None:
                assert efter >= f0 - regler.max_minskning_kr_per_elev - tol
            if regler.max_minskning_andel is not None:
                assert efter >= f0 * (1 - regler.max_minskning_andel) - tol
            if regler.infasning_ar is not None:
                assert efter >= f0 - max(f0 - fore, 0) / regler.infasning_ar - tol
        if not r["golv_bundet"]:
            lambdas.append(efter / fore)
    if lambdas:
        assert max(lambdas) - min(lambdas) < 1e-9
        assert max(lambdas) <= 1 + 1e-12


def test_manga_bindande_golv_sammanfattas_i_anteckningarna():
    """25 enheter tappar 10 % och hålls uppe av golvet (högst 2 % minskning); en enhet ökar
    och finansierar. 20 golv beskrivs var för sig, resten i en rad; alla i kolumnen."""
    koder = [kod(i) for i in range(26)]
    u = underlag({k: {"3": 10} for k in koder}, None)
    per_elev = [90_000.0] * 25 + [400_000.0]
    rader = [(k, "1-3", "bas", 10 * p) for k, p in zip(koder, per_elev, strict=True)]
    m = modell(sum(r[3] for r in rader), [{"namn": "bas", "andel": 1.0}], index=False)
    f = fordelning_fran_rader(m, u, rader)
    ut = tillampa_stabilitet(
        f, _forra(dict.fromkeys(koder[:25], 100_000.0)), Stabilitet(max_minskning_andel=0.02)
    )
    assert int(ut.enheter["golv_bundet"].sum()) == 25
    enskilda = [a for a in ut.anteckningar if "hålls uppe av golvet" in a]
    assert len(enskilda) == 20
    assert any("ytterligare 5 enheter" in a for a in ut.anteckningar)
    assert "25 golv binder" in ut.anteckningar[-1]

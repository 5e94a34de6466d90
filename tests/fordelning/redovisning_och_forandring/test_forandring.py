"""Förändringens uppdelning på elever, index och parametrar (Shapley över tre faktorer;
docs/regler/fordelning-och-bidrag.md#redovisning). Här med en oberoende, förenklad beräkning
(``ersattare``) i stället för motorn; samma tester mot ``fordela`` finns i
``test_forandring_motor.py``."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.fordelning.redovisning_och_forandring.forandring import (
    DELAR,
    FORANDRING_KOLUMNER,
    dela_upp_forandring,
    shapley,
)
from skolpeng.fordelning.redovisning_och_forandring.forandring_avrundning import avrunda_forandring
from skolpeng.fordelning.stabilitetsregler.forra_aret import ForraAret
from skolpeng.fordelning.stabilitetsregler.golv import tillampa_stabilitet
from tests.fordelning.handgjord_fordelning import ersattare, kod, modell, underlag

A, B, C = kod(1), kod(2), kod(3)
POTTER = [{"namn": "bas", "andel": 0.5}, {"namn": "struktur", "andel": 0.5, "nyckel": "index"}]


def _forra(f) -> ForraAret:
    """Förra årets resultat ur en beräknad fördelning (som läsaren skulle ge det)."""
    e = f.enheter.select(
        "skolenhetskod",
        "elever",
        "belopp_kr",
        "kr_per_elev",
        pl.lit(0.0).alias("stabilitetsjustering_kr"),
    )
    return ForraAret(enheter=e, modell=f.modell, underlag=f.underlag)


def _rad(ut, k):
    return ut.enheter.filter(pl.col("skolenhetskod") == k).row(0, named=True)


def _summerar(ut):
    for suffix in ("_kr", "_kr_per_elev"):
        andring = "andring" + suffix
        for r in ut.enheter.iter_rows(named=True):
            if r[andring] is None:
                continue
            delar = sum(r[f"varav_{d}{suffix}"] for d in DELAR)
            assert delar == pytest.approx(r[andring], rel=1e-9, abs=1e-6)


def test_handraknat_exempel_tva_enheter():
    """Ram 1 000 -> 1 200; hälften per elev, hälften per elev × index. Elever A 10 -> 20,
    B 10 -> 10; index A 1 -> 2, B 1. A:s belopp v(S) (E = elever, I = index, P = parametrar):
    ∅ 500; E 666,67; I 583,33; P 600; EI 733,33; EP 800; IP 700; EIP 880. Shapley:
    φ_E = ⅓·166,67 + ⅙·150 + ⅙·200 + ⅓·180 = 1565/9; φ_I = ⅓·83,33 + ⅙·66,67 + ⅙·100 +
    ⅓·80 = 740/9; φ_P = ⅓·100 + ⅙·133,33 + ⅙·116,67 + ⅓·146,67 = 1115/9; summa 380."""
    forra = ersattare(modell(1000, POTTER), underlag({A: {"1": 10}, B: {"1": 10}}, {A: 1, B: 1}))
    nu = ersattare(modell(1200, POTTER), underlag({A: {"1": 20}, B: {"1": 10}}, {A: 2, B: 1}))
    ut = dela_upp_forandring(nu, _forra(forra), berakna=ersattare)
    a = _rad(ut, A)
    assert a["belopp_forra_kr"] == pytest.approx(500)
    assert a["belopp_kr"] == pytest.approx(880)
    assert a["varav_elever_kr"] == pytest.approx(float(Fraction(1565, 9)))
    assert a["varav_index_kr"] == pytest.approx(float(Fraction(740, 9)))
    assert a["varav_parametrar_kr"] == pytest.approx(float(Fraction(1115, 9)))
    assert a["varav_stabilitet_kr"] == 0.0
    # B: 500 -> 320; kommunens summa ändras bara av ramen: parametrar 200, övrigt 0
    tot = ut.totalt()
    assert tot["andring_kr"] == pytest.approx(200)
    assert tot["varav_parametrar_kr"] == pytest.approx(200)
    assert tot["varav_elever_kr"] == pytest.approx(0, abs=1e-9)
    assert tot["varav_index_kr"] == pytest.approx(0, abs=1e-9)
    # per elev: A 50 -> 44
    assert a["kr_per_elev_forra"] == pytest.approx(50)
    assert a["andring_kr_per_elev"] == pytest.approx(-6)
    _summerar(ut)
    assert ut.enheter.columns == list(FORANDRING_KOLUMNER)


def test_en_faktor_far_hela_andringen():
    """Ändras bara en faktor får den hela förändringen och de andra exakt 0."""
    u0 = underlag({A: {"1": 10, "7": 5}, B: {"4": 30}}, {A: 1.2, B: 0.8})
    m0 = modell(5000, POTTER)
    fall = {
        "elever": (m0, underlag({A: {"1": 12, "7": 2}, B: {"4": 31}}, {A: 1.2, B: 0.8})),
        "index": (m0, underlag({A: {"1": 10, "7": 5}, B: {"4": 30}}, {A: 1.5, B: 0.7})),
        "parametrar": (
            modell(5000, [{"namn": "bas", "andel": 0.3}, {**POTTER[1], "andel": 0.7}]),
            u0,
        ),
    }
    forra = _forra(ersattare(m0, u0))
    for faktor, (m, u) in fall.items():
        ut = dela_upp_forandring(ersattare(m, u), forra, berakna=ersattare)
        for r in ut.enheter.iter_rows(named=True):
            assert abs(r["andring_kr"]) > 1
            assert r[f"varav_{faktor}_kr"] == pytest.approx(r["andring_kr"], rel=1e-12)
            for annan in set(DELAR) - {faktor}:
                assert r[f"varav_{annan}_kr"] == 0.0
                assert r[f"varav_{annan}_kr_per_elev"] == 0.0


def test_shapley_symmetri_och_dummy():
    """Två faktorer som verkar likadant får lika delar; en faktor utan verkan får 0;
    delarna summerar till v(alla) − v(ingen) och medelvärdet över de 6 ordningarna
    räknat för hand stämmer."""

    def v(s):
        x = np.array([1.0, 2.0])
        return x * (1 + ("a" in s) + ("b" in s)) ** 2 + 0 * ("c" in s)

    phi = shapley(v, ("a", "b", "c"))
    assert phi["a"] == pytest.approx(phi["b"])
    assert phi["c"] == pytest.approx([0.0, 0.0])
    assert phi["a"] + phi["b"] + phi["c"] == pytest.approx(v({"a", "b", "c"}) - v(set()))
    # medel över ordningarna, oberoende av viktformeln
    for i in ("a", "b", "c"):
        bidrag = []
        for ordning in itertools.permutations("abc"):
            fore = frozenset(ordning[: ordning.index(i)])
            bidrag.append(v(fore | {i}) - v(fore))
        assert phi[i] == pytest.approx(np.mean(bidrag, axis=0))


def test_ny_och_nedlagd_enhet_raknas_till_elever():
    """Regel: en enhet som bara finns ena året har hela sin förändring under elever."""
    forra = ersattare(modell(1000, POTTER), underlag({A: {"1": 10}, B: {"1": 10}}, {A: 1, B: 1}))
    nu = ersattare(modell(1100, POTTER), underlag({A: {"1": 10}, C: {"2": 5}}, {A: 1, C: 1.4}))
    ut = dela_upp_forandring(nu, _forra(forra), berakna=ersattare)
    b, c = _rad(ut, B), _rad(ut, C)
    assert b["enhetens_status"] == "nedlagd" and c["enhetens_status"] == "ny"
    assert b["varav_elever_kr"] == pytest.approx(-500) and b["belopp_kr"] == 0
    assert c["varav_elever_kr"] == pytest.approx(c["belopp_kr"]) and c["belopp_kr"] > 0
    for r in (b, c):
        assert r["varav_index_kr"] == 0 and r["varav_parametrar_kr"] == 0
        assert r["andring_kr_per_elev"] is None
    assert _rad(ut, A)["enhetens_status"] == "kvar"
    assert any("nya enheter" in a for a in ut.anteckningar)
    assert ut.totalt()["andring_kr"] == pytest.approx(100)
    _summerar(ut)


def test_stabilitetsjusteringen_egen_del():
    """Med stabilitetsregler står ändringen av justeringen i varav_stabilitet_kr och delarna
    summerar fortfarande till förändringen."""
    from skolpeng.fordelning.modellfil.schema import Stabilitet

    u0 = underlag({A: {"1": 10}, B: {"1": 10}}, {A: 1, B: 1})
    forra = ersattare(modell(1000, POTTER), u0)
    nu = ersattare(modell(1000, POTTER), underlag({A: {"1": 10}, B: {"1": 10}}, {A: 0.4, B: 1.6}))
    nu = tillampa_stabilitet(nu, _forra(forra).per_elev(), Stabilitet(max_minskning_andel=0.1))
    ut = dela_upp_forandring(nu, _forra(forra), berakna=ersattare)
    a = _rad(ut, A)
    assert a["belopp_kr"] == pytest.approx(450)  # golvet 45 kr per elev
    assert a["varav_stabilitet_kr"] > 0
    assert ut.totalt()["varav_stabilitet_kr"] == pytest.approx(0, abs=1e-9)
    _summerar(ut)


def test_avrundad_forandring_summerar_i_hela_kronor():
    forra = ersattare(modell(1000, POTTER), underlag({A: {"1": 7}, B: {"1": 3}}, {A: 1, B: 1}))
    nu = ersattare(modell(1233, POTTER), underlag({A: {"1": 9}, B: {"1": 4}}, {A: 1.3, B: 0.9}))
    ut = avrunda_forandring(dela_upp_forandring(nu, _forra(forra), berakna=ersattare).enheter)
    for r in ut.iter_rows(named=True):
        for suffix in ("_kr", "_kr_per_elev"):
            delar = [r[f"varav_{d}{suffix}"] for d in DELAR]
            assert all(float(x).is_integer() for x in delar)
            assert sum(delar) == r["andring" + suffix]
        assert r["andring_kr"] == r["belopp_kr"] - r["belopp_forra_kr"]


def test_kraver_forra_arets_underlag():
    f = ersattare(modell(1000, POTTER), underlag({A: {"1": 7}}, {A: 1}))
    bara_belopp = ForraAret(enheter=_forra(f).enheter)
    with pytest.raises(ValueError, match="förra årets modell och underlag"):
        dela_upp_forandring(f, bara_belopp, berakna=ersattare)


@st.composite
def _ar(draw, koder):
    elever = {
        k: {
            ak: draw(st.integers(0, 40))
            for ak in draw(st.sets(st.sampled_from("F1479"), min_size=1))
        }
        for k in koder
    }
    for k in koder:  # minst en elev per enhet
        if sum(elever[k].values()) == 0:
            elever[k]["1"] = 1
    index = {k: draw(st.floats(0.5, 2.0)) for k in koder}
    vikt = draw(st.floats(1.0, 1.6))
    andel = draw(st.floats(0.1, 0.9))
    potter = [
        {"namn": "bas", "andel": andel, "vikter": {"per": "arskurs", "varden": {"9": vikt}}},
        {"namn": "struktur", "andel": 1 - andel, "nyckel": "index"},
    ]
    return modell(draw(st.floats(1e5, 1e7)), potter), underlag(elever, index)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_delarna_summerar_till_forandringen(data):
    """Slumpade små kommuner två år (med nya och nedlagda enheter): för varje enhet
    summerar delarna exakt (på flyttalsnoggrannhet) till förändringen, i kr och per elev,
    och kommunens summa av delarna = ramens förändring."""
    alla = [kod(i) for i in range(6)]
    gamla = data.draw(st.lists(st.sampled_from(alla), min_size=1, max_size=5, unique=True))
    nya = data.draw(st.lists(st.sampled_from(alla), min_size=1, max_size=5, unique=True))
    m0, u0 = data.draw(_ar(sorted(gamla)))
    m1, u1 = data.draw(_ar(sorted(nya)))
    ut = dela_upp_forandring(ersattare(m1, u1), _forra(ersattare(m0, u0)), berakna=ersattare)
    _summerar(ut)
    tot = ut.totalt()
    assert tot["andring_kr"] == pytest.approx(m1.ram_kr - m0.ram_kr, rel=1e-9, abs=1e-3)

"""Utbudsansvaret (docs/regler/utbudsansvar.md; SOU 2025:72 kapitel 10.3–10.4): avdraget i tabell 10.3,
anpassningsgraden ur kostnadsvikterna, trend, toppar, referenskapacitet och överkapacitet."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest
from statsmodels.tsa.filters.hp_filter import hpfilter

from skolpeng.parametrar import load_parameters
from skolpeng.uppfoljning.utbudsansvar import (
    PARAMETERPREFIX,
    Utbudsinstallningar,
    anpassningsgrad_fran_kostnadsvikter,
    avdrag_andel,
    avdragsberakning,
    demografisk_overkapacitet,
    hitta_toppar,
    hp_trend,
    installningar_fran_parametrar,
    langsiktig_trend,
    total_overkapacitet,
)

DATUM = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def p():
    return load_parameters(DATUM)


# --- Tabell 10.3 ---------------------------------------------------------------------


def test_tabell_10_3_rad_for_rad(p) -> None:
    """SOU 2025:72 tabell 10.3 (avsnitt 10.3.4): A = 100, B = 84, C = 16, D = 5,4 %,
    F = 100 000 kr. Tabellens siffror är avrundade ('Siffrorna har avrundats')."""
    d = p.tal(f"{PARAMETERPREFIX}.beredskap_andel") + p.tal(
        f"{PARAMETERPREFIX}.demografisk_overkapacitet_andel"
    )
    assert d == pytest.approx(0.054)  # 2 + 3,4 procentenheter (avsnitt 10.3.4)
    r = avdragsberakning(
        d,
        p.tal(f"{PARAMETERPREFIX}.kommunal_skola_elever"),
        p.tal(f"{PARAMETERPREFIX}.enskild_skola_elever"),
        p.tal(f"{PARAMETERPREFIX}.kostnad_per_plats_kr"),
    )
    assert r.A_folkbokforda == 100
    assert round(r.E_utbildningsplatser) == 105  # "105 A × (1 + D)"
    assert r.G_total_kostnad_kr == pytest.approx(10_540_000)
    assert r.H_kommunal_kostnad_kr == pytest.approx(8_940_000)
    assert r.H1_faktiskt_elevantal_kr == pytest.approx(8_400_000)
    assert r.H2_overkapacitet_kr == pytest.approx(540_000)
    assert round(r.I_kostnad_per_elev_kr, -1) == 106_430
    assert round(r.J_grundbelopp_utan_hansyn_kr, -1) == 106_430
    assert r.K_grundbelopp_med_hansyn_kr == pytest.approx(100_000)
    # "Avdrag … 6,0 %": (J − K)/J = 5,4/89,4 = 6,04 %
    assert r.avdrag_andel == pytest.approx(0.054 / 0.894)
    assert round(100 * r.avdrag_andel, 2) == 6.04
    assert round(100 * r.avdrag_andel, 1) == 6.0
    # tabellens etikett (J − K)/K ger 6,43 % – felskrivningen som docs/regler/utbudsansvar.md#tabell-10-3 noterar
    assert round(100 * r.avdrag_enligt_tabellens_formel_andel, 2) == 6.43


def test_avdrag_6_04_procent() -> None:
    """D = 5,4 %, B = 84, C = 16 -> D·A/(B + D·A) = 5,4/89,4 = 6,04 % (tabell 10.3)."""
    assert avdrag_andel(0.054, 84, 16) == pytest.approx(5.4 / 89.4, rel=1e-12)
    assert round(100 * avdrag_andel(0.054, 84, 16), 2) == 6.04


def test_avdrag_variant_genomsnittlig_kommun_7_6_procent(p) -> None:
    """SOU 2025:72 avsnitt 10.3.4: med den genomsnittliga kommunens 4,9 % i stället för rikets
    3,4 % blir överkapaciteten 6,9 % och avdraget 'skulle vara 7,6 procent'."""
    d = p.tal(f"{PARAMETERPREFIX}.beredskap_andel") + p.tal(
        f"{PARAMETERPREFIX}.demografisk_overkapacitet_genomsnittlig_kommun_andel"
    )
    assert d == pytest.approx(0.069)
    a = avdrag_andel(d, 84, 16)
    assert a == pytest.approx(6.9 / 90.9, rel=1e-12)
    assert round(100 * a, 1) == 7.6


def test_avdraget_oberoende_av_skala_och_foljer_andelen_enskilda() -> None:
    """Avdraget beror bara på andelarna: B, C och 100·B, 100·C ger samma; fler elever i
    fristående skola (större A/B) ger större avdrag; utan överkapacitet inget avdrag."""
    assert avdrag_andel(0.054, 8400, 1600) == pytest.approx(avdrag_andel(0.054, 84, 16))
    assert avdrag_andel(0.054, 70, 30) > avdrag_andel(0.054, 84, 16)
    assert avdrag_andel(0.0, 84, 16) == 0.0
    # utan fristående skolor är avdraget D/(1 + D)
    assert avdrag_andel(0.054, 100, 0) == pytest.approx(0.054 / 1.054)


# --- Anpassningsgraden -----------------------------------------------------------------


def test_anpassning_ur_kostnadsvikter_ger_0_398(p) -> None:
    """SOU 2025:72 fotnot 19 och avsnitt 10.3.3: 1,25 × (0,17 × 0,8 + 0,73 × 0,25) = 0,398
    ('cirka 40 procent av skillnaden … finns kvar')."""
    a = anpassningsgrad_fran_kostnadsvikter(
        p.mappning(f"{PARAMETERPREFIX}.kostnadsvikter"),
        p.mappning(f"{PARAMETERPREFIX}.anpassningsbarhet"),
        p.tal(f"{PARAMETERPREFIX}.stadiefaktor"),
    )
    kvar = 1.25 * (0.17 * (1 - 0.20) + 0.73 * (1 - 0.75))
    assert 1 - a == pytest.approx(kvar, rel=1e-12)
    assert round(1 - a, 3) == 0.398
    inst = installningar_fran_parametrar(p, anpassning="kostnadsvikter")
    assert inst.anpassningsgrad == pytest.approx(a)
    assert installningar_fran_parametrar(p).anpassningsgrad == 0.6  # antagandet, 10.3.3


def test_anpassning_kraver_samma_kostnadsposter() -> None:
    with pytest.raises(ValueError, match="samma kostnadsposter"):
        anpassningsgrad_fran_kostnadsvikter({"lokaler": 0.2}, {"maltider": 1.0}, 1.25)


# --- Trend -----------------------------------------------------------------------------


def test_hp_trend_som_statsmodels() -> None:
    """Vår Hodrick–Prescott-lösning mot statsmodels oberoende implementation."""
    rng = np.random.default_rng(3)
    x = np.cumsum(rng.normal(size=60)) + 0.3 * np.sin(np.arange(60) / 4)
    for lam in (6.25, 100.0, 1600.0):
        _cykel, trend = hpfilter(x, lamb=lam)
        np.testing.assert_allclose(hp_trend(x, lam), trend, rtol=1e-9, atol=1e-9)


def test_hp_trend_gransfall() -> None:
    """λ = 0 ger serien själv; en rät linje är sin egen trend för varje λ."""
    x = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0])
    np.testing.assert_allclose(hp_trend(x, 0.0), x)
    linje = 2.0 + 0.5 * np.arange(10)
    np.testing.assert_allclose(hp_trend(linje, 1e5), linje, atol=1e-8)
    with pytest.raises(ValueError):
        hp_trend(np.array([1.0, 2.0]), 100)


def test_linjar_trend_i_log_ar_exponentiell() -> None:
    """Linjär trend i log: en exakt exponentiell serie återges exakt."""
    y = 1000.0 * 1.02 ** np.arange(12)
    np.testing.assert_allclose(langsiktig_trend(y, "linjar", 100), y, rtol=1e-12)


# --- Toppar ----------------------------------------------------------------------------


def test_toppar_en_per_period_over_trenden_inte_i_kanten() -> None:
    """Perioder över trenden: [0] (kant), [2, 3] (topp 3), [5, 6] (största i kanten)."""
    d = np.array([0.05, -0.01, 0.02, 0.03, -0.02, 0.01, 0.04])
    toppar, reserv = hitta_toppar(d)
    assert toppar.tolist() == [False, False, False, True, False, False, False]
    assert not reserv


def test_toppar_reserv_nar_ingen_inre_topp_finns() -> None:
    d = np.array([-0.02, -0.01, -0.005, 0.01, 0.02])
    toppar, reserv = hitta_toppar(d)
    assert toppar.tolist() == [False, False, False, False, True]
    assert reserv


# --- Hela beräkningen på en handräknad serie ----------------------------------------

# Avvikelser e i log med Σe = 0 och Σ t·e = 0: den linjära trenden i log(elever) är då exakt
# log(1000) + t·log(1,01). Kontroll: Σe = 0,00 och Σ t·e = 0,06 − 0,04 − 0,12 + 0,12 − 0,10
# + 0,30 − 0,14 − 0,08 = 0,00.
E = [-0.03, 0.06, -0.02, -0.04, 0.03, -0.02, 0.05, -0.02, -0.01]


def _handserie() -> pl.DataFrame:
    t = np.arange(len(E))
    return pl.DataFrame({"ar": 2000 + t, "antal_elever": 1000.0 * 1.01**t * np.exp(E)})


def test_handraknad_serie_linjar_trend() -> None:
    inst = Utbudsinstallningar(
        trendmetod="linjar",
        hp_lambda=100.0,
        anpassningsgrad=0.6,
        anpassningskalla="parameter",
        beredskap_andel=0.02,
    )
    r = demografisk_overkapacitet(_handserie(), inst)
    t = np.arange(len(E))
    trend = 1000.0 * 1.01**t
    np.testing.assert_allclose(r.per_ar["trend"].to_numpy(), trend, rtol=1e-10)
    # topparna: de tre perioderna över trenden är år 1, 4 och 6 (var för sig)
    assert r.per_ar.filter(pl.col("ar_topp"))["ar"].to_list() == [2001, 2004, 2006]
    topp = (math.exp(0.06) + math.exp(0.03) + math.exp(0.05)) / 3 - 1
    assert r.topp_avvikelse_andel == pytest.approx(topp, rel=1e-9)
    referens = trend * (1 + topp)
    np.testing.assert_allclose(r.per_ar["referenskapacitet"].to_numpy(), referens, rtol=1e-9)
    elever = trend * np.exp(E)
    anpassad = elever + 0.4 * (referens - elever)
    np.testing.assert_allclose(r.per_ar["anpassad_kapacitet"].to_numpy(), anpassad, rtol=1e-9)
    # överkapaciteten = 0,4 × (referens/elever − 1) = 0,4 × ((1 + topp)·e^(−e) − 1)
    overkap = [0.4 * ((1 + topp) * math.exp(-e) - 1) for e in E]
    np.testing.assert_allclose(r.per_ar["overkapacitet_andel"].to_numpy(), overkap, rtol=1e-9)
    assert r.medel_overkapacitet_andel == pytest.approx(sum(overkap) / len(E), rel=1e-9)
    assert r.min_overkapacitet_andel == pytest.approx(min(overkap), rel=1e-9)
    assert r.max_overkapacitet_andel == pytest.approx(max(overkap), rel=1e-9)
    assert r.total_overkapacitet_andel == pytest.approx(0.02 + sum(overkap) / len(E))


def test_oberoende_av_nivan_och_proportionell_mot_1_minus_a(p) -> None:
    """Invarianter: att skala serien ändrar inte överkapaciteten; överkapaciteten är
    proportionell mot 1 − a; vid topparna är referensen i genomsnitt lika med elevantalet."""
    s = _handserie()
    inst = installningar_fran_parametrar(p)
    r1 = demografisk_overkapacitet(s, inst)
    r2 = demografisk_overkapacitet(s.with_columns(pl.col("antal_elever") * 37), inst)
    np.testing.assert_allclose(
        r1.per_ar["overkapacitet_andel"].to_numpy(), r2.per_ar["overkapacitet_andel"].to_numpy()
    )
    halv = Utbudsinstallningar(**{**inst.__dict__, "anpassningsgrad": 0.8})
    r3 = demografisk_overkapacitet(s, halv)
    assert r3.medel_overkapacitet_andel == pytest.approx(r1.medel_overkapacitet_andel / 2)
    topp = r1.per_ar.filter(pl.col("ar_topp"))
    relativ = topp["referenskapacitet"] / topp["trend"] - 1
    assert relativ.mean() == pytest.approx((topp["antal_elever"] / topp["trend"] - 1).mean())


def test_total_overkapacitet_ar_beredskap_plus_seriens_medel(p) -> None:
    """Total överkapacitet = löpande beredskap (2 %, avsnitt 10.3.2: "två procent av det
    totala antalet folkbokförda elever") + seriens demografiska medel, räknat här för hand på
    den handräknade serien; avdraget i tabell 10.3 räknas på den totalen (D·A/(B + D·A) med
    B = 84, C = 16). Kan falla om beredskapen inte läggs till, läggs till två gånger eller om
    avdraget räknas på den demografiska delen."""
    from skolpeng.uppfoljning.utbudsansvar_analys import utbudsanalys

    a = utbudsanalys(_handserie(), p, serienamn="handräknad", trendmetod="linjar")
    topp = (math.exp(0.06) + math.exp(0.03) + math.exp(0.05)) / 3 - 1
    demografisk = sum(0.4 * ((1 + topp) * math.exp(-e) - 1) for e in E) / len(E)
    assert a.resultat.medel_overkapacitet_andel == pytest.approx(demografisk, rel=1e-9)
    assert a.resultat.total_overkapacitet_andel == pytest.approx(0.02 + demografisk, rel=1e-9)
    d = 0.02 + demografisk
    assert a.avdrag.D_overkapacitet_andel == pytest.approx(d, rel=1e-9)
    assert a.avdrag.avdrag_andel == pytest.approx(d * 100 / (84 + d * 100), rel=1e-9)
    assert total_overkapacitet(0.02, demografisk) == pytest.approx(d, rel=1e-15)


# --- Standardtrenden på en lång serie med en 22-årsvåg ------------------------------


def _vagserie(amplitud: float = 0.05, period: float = 22.0, ar: int = 110) -> pl.DataFrame:
    """Elever = trend × (1 + en 22-årig våg): trend 1 000 000 · 1,003^t (växande),
    våg amplitud · sin(2πt / period). Drygt 20 år mellan topparna som i SOU 2025:72 (~3548)."""
    t = np.arange(ar, dtype=float)
    elever = 1_000_000.0 * 1.003**t * (1.0 + amplitud * np.sin(2 * np.pi * t / period))
    return pl.DataFrame({"ar": 1950 + np.arange(ar), "antal_elever": elever})


def _oberoende_overkapacitet(elever: np.ndarray, a: float) -> tuple[float, np.ndarray]:
    """docs/regler/utbudsansvar.md#trend med en log-linjär trend, oberoende av projektets kod: trenden
    ur en minstakvadratlösning (numpy.linalg.lstsq) på [1, t] mot log(elever); topparna är
    inre lokala maxima med positiv avvikelse (en per cykel i en ren sinusvåg); referensen =
    trend × (1 + medelavvikelsen vid topparna); anpassad = faktiskt + (1 − a)(referens −
    faktiskt); överkapacitet = (anpassad − faktiskt) / faktiskt med det faktiska elevantalet
    som nämnare. Ut: medelöverkapaciteten och topparnas index."""
    t = np.arange(elever.size, dtype=float)
    x = np.column_stack([np.ones_like(t), t])
    koef, *_ = np.linalg.lstsq(x, np.log(elever), rcond=None)
    trend = np.exp(x @ koef)
    d = elever / trend - 1.0
    inre = np.arange(1, d.size - 1)
    toppar = inre[(d[inre] > 0) & (d[inre] > d[inre - 1]) & (d[inre] >= d[inre + 1])]
    referens = trend * (1.0 + d[toppar].mean())
    anpassad = elever + (1.0 - a) * (referens - elever)
    return float(np.mean((anpassad - elever) / elever)), toppar


def test_standardtrenden_ar_log_linjar_pa_en_lang_vagserie(p) -> None:
    """docs/regler/utbudsansvar.md#beslut-trend: standardens överkapacitet på en lång serie
    trend × (1 + 22-årsvåg) är metodens värde med en log-linjär trend, räknat oberoende här.
    Hodrick–Prescott (λ = 100) ligger bredvid som känslighet och tar upp en stor del av vågen
    i trenden, så den ger en klart lägre överkapacitet."""
    from skolpeng.uppfoljning.utbudsansvar_analys import utbudsanalys

    serie = _vagserie()
    a = utbudsanalys(serie, p, serienamn="våg")  # standardvalet, ingen trendmetod angiven
    assert a.resultat.installningar.trendmetod == "linjar"
    forvantad, toppar = _oberoende_overkapacitet(serie["antal_elever"].to_numpy(), 0.6)
    assert a.resultat.medel_overkapacitet_andel == pytest.approx(forvantad, rel=1e-9)
    assert a.resultat.per_ar.filter(pl.col("ar_topp"))["ar"].to_list() == [
        1950 + int(i) for i in toppar
    ]
    assert len(toppar) == 5  # 110 år med 22 år mellan topparna
    # Storleksordningen: 0,4 × (≈ amplituden 5 % + vågens egen nivåskillnad), nära 2 %
    assert 0.015 < forvantad < 0.03
    assert a.alternativ_trend is not None and a.alternativ_trend.trendmetod == "hp"
    hp_medel = a.alternativ_trend.resultat.medel_overkapacitet_andel
    assert hp_medel < 0.75 * forvantad
    # CLI-standarden och parametern är samma val
    assert p.text(f"{PARAMETERPREFIX}.trendmetod") == "linjar"


def test_felaktig_serie_avvisas(p) -> None:
    inst = installningar_fran_parametrar(p)
    with pytest.raises(ValueError):
        demografisk_overkapacitet(
            pl.DataFrame({"ar": [2000, 2002, 2003], "antal_elever": [1.0] * 3}), inst
        )
    with pytest.raises(ValueError):
        demografisk_overkapacitet(
            pl.DataFrame({"ar": [2000, 2001, 2002], "antal_elever": [1.0, 0.0, 2.0]}), inst
        )

"""Förväntat mot faktiskt (SALSA-typ): WLS mot en oberoende numpy-beräkning, intervallens
täckning, urvalet, de planterade koefficienterna och körningen på verkliga data (regression).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import stats

from skolpeng.cli.uppfolj_korning import hitta_tabellfil, las_indata
from skolpeng.fel import IndataFel
from skolpeng.syntetisk.uppfoljning import SANN_MERIT
from skolpeng.uppfoljning.forvantat import forvantat_resultat, koefficienttabell
from tests.uppfoljning.uppfoljning_hjalp import syntetisk

FAKTORER = ["andel_eftergymnasial", "andel_utlandsk_bakgrund", "andel_nyanlanda"]


def _numpy_wls(y: np.ndarray, X: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Oberoende viktad minsta kvadrat: β = (X'WX)⁻¹X'Wy, SE ur σ² = Σw·e²/(n − k),
    R² = 1 − Σw·e² / Σw·(y − ȳ_w)²."""
    W = np.diag(w)
    XtWX = X.T @ W @ X
    beta = np.linalg.solve(XtWX, X.T @ W @ y)
    e = y - X @ beta
    n, k = X.shape
    s2 = float(w @ e**2) / (n - k)
    se = np.sqrt(np.diag(s2 * np.linalg.inv(XtWX)))
    ym = np.average(y, weights=w)
    r2 = 1 - float(w @ e**2) / float(w @ (y - ym) ** 2)
    return beta, se, r2


def test_wls_lika_med_oberoende_numpy_berakning() -> None:
    d = syntetisk(gap=3.0)
    f = forvantat_resultat(d.resultat, d.bakgrund, ["meritvarde", "andel_behoriga"], FAKTORER)
    assert len(f.regressioner) == 2 * 6
    for r in f.regressioner:
        e = f.enheter.filter((pl.col("utfall") == r.utfall) & (pl.col("lasar") == r.lasar))
        X = np.column_stack([np.ones(e.height), e.select(FAKTORER).to_numpy()])
        beta, se, r2 = _numpy_wls(e["faktiskt"].to_numpy(), X, e["antal_elever"].to_numpy())
        np.testing.assert_allclose(r.koefficienter["koefficient"].to_numpy(), beta, rtol=1e-9)
        np.testing.assert_allclose(r.koefficienter["standardfel"].to_numpy(), se, rtol=1e-9)
        assert r.r2 == pytest.approx(r2, rel=1e-9)
        np.testing.assert_allclose(e["forvantat"].to_numpy(), X @ beta, rtol=1e-9)
        np.testing.assert_allclose(
            e["residual"].to_numpy(), e["faktiskt"].to_numpy() - X @ beta, atol=1e-9
        )


def test_planterade_koefficienter_aterfinns() -> None:
    """Utan planterade avvikelser ligger de sanna koefficienterna inom 99 %-intervallen."""
    d = syntetisk(gap=0.0, underkompenserad=False, volatila=0)
    f = forvantat_resultat(d.resultat, d.bakgrund, ["meritvarde"], FAKTORER, niva=0.99)
    for r in f.regressioner:
        for term, sann in SANN_MERIT.items():
            rad = r.koefficienter.filter(pl.col("term") == term).row(0, named=True)
            assert rad["ki_lag"] <= sann <= rad["ki_hog"], (r.lasar, term)


def test_intervallen_tacker_sanningen_i_nominell_takt() -> None:
    """Data ur en känd modell (varians σ²/n): 95 %-prediktionsintervallen innehåller nya
    utfall och konfidensintervallen det sanna förväntade värdet i ungefär 95 % av fallen."""
    rng = np.random.default_rng(7)
    n_enh, rep, sigma = 120, 40, 40.0
    e = rng.uniform(0.2, 0.9, n_enh)
    b = rng.uniform(0.05, 0.8, n_enh)
    n = rng.integers(15, 150, n_enh).astype(float)
    mu = 150 + 120 * e - 10 * b
    bakgrund = pl.DataFrame(
        {
            "skolenhetskod": [f"{i:08d}" for i in range(n_enh)],
            "lasar": "2024/25",
            "andel_eftergymnasial": e,
            "andel_utlandsk_bakgrund": b,
        }
    )
    sma, stora = n <= np.quantile(n, 1 / 3), n >= np.quantile(n, 2 / 3)
    pi = {"alla": 0, "sma": 0, "stora": 0}
    ki_traff = 0
    for _ in range(rep):
        y = mu + rng.normal(0, sigma / np.sqrt(n))
        resultat = bakgrund.select("skolenhetskod", "lasar").with_columns(
            meritvarde=pl.Series(y), antal_elever=pl.Series(n)
        )
        f = forvantat_resultat(
            resultat, bakgrund, ["meritvarde"], ["andel_eftergymnasial", "andel_utlandsk_bakgrund"]
        )
        u = f.enheter.sort("skolenhetskod")
        ny = mu + rng.normal(0, sigma / np.sqrt(n))
        inne = (ny >= u["pi_lag"].to_numpy()) & (ny <= u["pi_hog"].to_numpy())
        pi["alla"] += int(inne.sum())
        pi["sma"] += int(inne[sma].sum())
        pi["stora"] += int(inne[stora].sum())
        ki_traff += int(((mu >= u["ki_lag"].to_numpy()) & (mu <= u["ki_hog"].to_numpy())).sum())
    # Binomialt: 95 % ± 4 standardfel plus en procentenhet (utfallen inom en upprepning delar
    # skattningen). Täckningen kontrolleras också för små och stora enheter var för sig: med
    # fel vikter (t.ex. ovägd OLS) blir intervallen för smala för små enheter och för breda
    # för stora, fast täckningen i genomsnitt kan se rätt ut.
    for del_, antal in (("alla", n_enh), ("sma", int(sma.sum())), ("stora", int(stora.sum()))):
        total = antal * rep
        marginal = 4 * np.sqrt(0.95 * 0.05 / total) + 0.01
        assert abs(pi[del_] / total - 0.95) < marginal, del_
    total = n_enh * rep
    assert abs(ki_traff / total - 0.95) < 4 * np.sqrt(0.95 * 0.05 / total) + 0.03


def test_urvalet_utesluter_och_listar() -> None:
    d = syntetisk()
    kod = d.sanning.sma_enheter[0]
    bakgrund = d.bakgrund.filter(pl.col("skolenhetskod") != "90000010").with_columns(
        andel_nyanlanda=pl.when(pl.col("skolenhetskod") == "90000011")
        .then(None)
        .otherwise(pl.col("andel_nyanlanda"))
    )
    resultat = d.resultat.with_columns(
        meritvarde=pl.when(pl.col("skolenhetskod") == "90000012")
        .then(None)
        .otherwise(pl.col("meritvarde"))
    )
    f = forvantat_resultat(resultat, bakgrund, ["meritvarde"], FAKTORER, minsta_antal=15)
    ute = dict(
        f.uteslutna.filter(pl.col("lasar") == "2023/24")
        .select("skolenhetskod", "orsak")
        .iter_rows()
    )
    assert ute[kod] == "färre elever än minsta antal (15)"
    assert ute["90000010"] == "bakgrund saknas för enheten"
    assert ute["90000011"] == "bakgrundsandel saknas: andel_nyanlanda"
    assert ute["90000012"] == "utfallet saknas (prickat eller ej redovisat)"
    assert len(ute) == len(d.sanning.sma_enheter) + 3
    med = set(f.enheter.filter(pl.col("lasar") == "2023/24")["skolenhetskod"])
    assert med.isdisjoint(ute) and len(med) + len(ute) == 60


def test_for_fa_enheter_ar_indatafel() -> None:
    d = syntetisk()
    liten = d.resultat.filter(
        pl.col("skolenhetskod").is_in(["90000020", "90000021", "90000022", "90000023"])
    )
    with pytest.raises(IndataFel) as fel:
        forvantat_resultat(liten, d.bakgrund, ["meritvarde"], FAKTORER)
    assert "räcker inte för en regression" in fel.value.text()


def test_p_varden_fran_t_fordelningen() -> None:
    d = syntetisk()
    f = forvantat_resultat(d.resultat, d.bakgrund, ["meritvarde"], FAKTORER)
    r = f.regression("meritvarde")
    k = koefficienttabell(f).filter(pl.col("lasar") == r.lasar)
    t = k["koefficient"].to_numpy() / k["standardfel"].to_numpy()
    p = 2 * stats.t.sf(np.abs(t), r.antal_enheter - len(FAKTORER) - 1)
    np.testing.assert_allclose(k["p"].to_numpy(), p, rtol=1e-6)


# Verkliga data: slutbetyg årskurs 9 2024/25 (Skolverket) mot bakgrundsandelar 2025/26.
# Härkomst: regression (fastlagt utfall av körningen när datasetet byggdes, scripts/bygg_resultat_ak9.py).
VERKLIGT = {
    "meritvarde": {
        "r2": 0.6333625981629046,
        "antal": 1505,
        "const": (124.32318952371426, 2.3724951300611052),
        "andel_eftergymnasial": (146.59423675931512, 2.9827161766262553),
        "andel_utlandsk_bakgrund": (28.17602660787977, 2.2733888056862686),
    },
    "andel_behoriga": {
        "r2": 0.4041860075934537,
        "antal": 1168,
        "const": (0.5832596424117558, 0.012749730771165335),
        "andel_eftergymnasial": (0.39161304596150054, 0.016577326434862007),
        "andel_utlandsk_bakgrund": (-0.02399299916692038, 0.011888458942796897),
    },
}


def test_verkliga_data_ger_fastlagda_koefficienter() -> None:
    """Härkomst: regression. Det medföljande datasetet resultat_ak9 (namnet tas emot som av
    ``skolpeng uppfoljning forvantat --resultat resultat_ak9``) ger de fastlagda talen."""
    fil, problem = hitta_tabellfil("resultat_ak9", "resultat", "--resultat")
    assert not problem and fil is not None and fil.name == "resultat.csv"
    ind = las_indata(
        {"resultat": ("resultat_ak9", "--resultat", True), "bakgrund": (None, "--bakgrund", False)},
        None,
        bredvid="resultat",
    )
    assert ind.installningar.faktorer == ["andel_eftergymnasial", "andel_utlandsk_bakgrund"]
    f = forvantat_resultat(
        ind.tabeller["resultat"],
        ind.tabeller["bakgrund"],
        list(VERKLIGT),
        ind.installningar.faktorer,
    )
    for utfall, v in VERKLIGT.items():
        r = f.regression(utfall, "2024/25")
        assert r.r2 == pytest.approx(v["r2"], rel=1e-9)
        assert r.antal_enheter == v["antal"]
        for term in ("const", "andel_eftergymnasial", "andel_utlandsk_bakgrund"):
            assert r.koefficient(term) == pytest.approx(v[term][0], rel=1e-9)
            assert r.standardfel(term) == pytest.approx(v[term][1], rel=1e-9)
    # Inga prickade värden har blivit noll: minsta meritvärde i analysen är verkligt (> 50).
    assert f.enheter.filter(pl.col("utfall") == "meritvarde")["faktiskt"].min() > 50


def test_intervall_for_andelar_ligger_inom_noll_och_ett() -> None:
    d = syntetisk()
    f = forvantat_resultat(d.resultat, d.bakgrund, ["andel_behoriga"], FAKTORER)
    e = f.enheter
    assert e["pi_lag"].min() >= 0 and e["pi_hog"].max() <= 1
    assert (e["pi_hog"] == 1).any()  # utan gränsen hade något intervall gått över 100 %
    assert ((e["faktiskt"] >= e["pi_lag"]) | (e["avvikelse"] == "under")).all()

"""Elasticiteten av kostnaden med avseende på elevantalet (SOU 2025:72 tabell 10.2): pyfixest
återfinner en känd elasticitet i en syntetisk panel och ger samma skattning som vanlig OLS
med dummyvariabler (statsmodels)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
import statsmodels.formula.api as smf
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.uppfoljning.utbudsansvar_panel import (
    MODELLER_TABELL_10_2,
    formatera_tabell_10_2,
    signifikansstjarnor,
    skatta_elasticitet,
    tabell_10_2,
)

runner = CliRunner()
SANN_ELASTICITET = {"undervisning": 0.73, "lokaler": 0.50}
SANT_STATSBIDRAG = 0.08


def syntetisk_panel(
    antal_kommuner: int = 40, antal_ar: int = 10, seed: int = 20250616
) -> pl.DataFrame:
    """Kommun × år med kända samband: ln kostnad = e·ln elever + 0,08·ln statsbidrag +
    kommunfix effekt + kommuntrend + årseffekt + brus. Elevantalet har egna kommuntrender och
    cykler så att elasticiteten är identifierad även med kommunspecifika trender; kostnadens
    kommuntrend hänger ihop med elevtrenden."""
    rng = np.random.default_rng(seed)
    k = np.repeat(np.arange(antal_kommuner), antal_ar)
    t = np.tile(np.arange(antal_ar), antal_kommuner)
    niva = rng.normal(8.0, 1.0, antal_kommuner)
    elevtrend = rng.normal(0.0, 0.01, antal_kommuner)
    fas = rng.uniform(0, 2 * np.pi, antal_kommuner)
    ln_elever = (
        niva[k] + elevtrend[k] * t + 0.08 * np.sin(t / 2.0 + fas[k]) + rng.normal(0, 0.03, k.size)
    )
    ln_bidrag = 2.0 + 0.5 * niva[k] + rng.normal(0, 0.15, k.size)
    kostnadsfix = rng.normal(0.0, 0.3, antal_kommuner)
    # kommuner med växande elevantal har lägre kostnadstrend: utan kommuntrender snedvrids
    # elasticiteten (se testet av den kontrollen)
    kostnadstrend = 0.02 - 2.0 * elevtrend + rng.normal(0.0, 0.003, antal_kommuner)
    arseffekt = rng.normal(0.0, 0.03, antal_ar)
    data: dict[str, object] = {
        "kommunkod": [f"{1000 + i:04d}" for i in k],
        "ar": 2000 + t,
        "antal_elever": np.exp(ln_elever),
        "statsbidrag": np.exp(ln_bidrag),
    }
    for namn, e in SANN_ELASTICITET.items():
        ln_kostnad = (
            3.0
            + e * ln_elever
            + SANT_STATSBIDRAG * ln_bidrag
            + kostnadsfix[k]
            + kostnadstrend[k] * t
            + arseffekt[t]
            + rng.normal(0, 0.02, k.size)
        )
        data[namn] = np.exp(ln_kostnad)
    return pl.DataFrame(data)


@pytest.fixture(scope="module")
def panel() -> pl.DataFrame:
    return syntetisk_panel()


def test_modell_3_aterfinner_kand_elasticitet(panel: pl.DataFrame) -> None:
    """Med kommuntrend, statsbidrag och årsfixa effekter (modell 3) ligger den sanna
    elasticiteten inom två klustrade standardfel."""
    for namn, sann in SANN_ELASTICITET.items():
        e = skatta_elasticitet(panel, namn, statsbidrag="statsbidrag", arsfixa=True, modell=3)
        assert abs(e.elasticitet - sann) <= 2 * e.standardfel, (namn, e)
        assert 0 < e.standardfel < 0.1
        assert e.antal_observationer == panel.height
        assert 0 < e.r2_inom <= 1


def _ols_med_dummies(panel: pl.DataFrame, kostnad: str, bidrag: bool, arsfixa: bool):
    df = panel.with_columns(
        np.log(pl.col(kostnad)).alias("ln_kostnad"),
        np.log(pl.col("antal_elever")).alias("ln_elever"),
        np.log(pl.col("statsbidrag")).alias("ln_statsbidrag"),
        (pl.col("ar") - pl.col("ar").min()).cast(pl.Float64).alias("t"),
    ).to_pandas()
    formel = "ln_kostnad ~ ln_elever + C(kommunkod) + C(kommunkod):t"
    if bidrag:
        formel += " + ln_statsbidrag"
    if arsfixa:
        formel += " + C(ar)"
    grupper = df["kommunkod"].astype("category").cat.codes
    return smf.ols(formel, data=df).fit(cov_type="cluster", cov_kwds={"groups": grupper})


@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.SingularMatrixWarning")
@pytest.mark.parametrize("modell", sorted(MODELLER_TABELL_10_2))
def test_samma_skattning_som_ols_med_dummies(panel: pl.DataFrame, modell: int) -> None:
    """pyfixest (fixa effekter avskalade) och statsmodels OLS med en dummy per kommun, en
    trend per kommun och en dummy per år ger samma elasticitet; standardfelet är detsamma som
    en oberoende klustrad sandwich räknad med numpy (relativt 1e-8, utan tolerans för
    frihetsgraderna: K räknas som fixest gör, se ``_klustrad_ols_numpy``)."""
    _trend, bidrag, arsfixa = MODELLER_TABELL_10_2[modell]
    e = skatta_elasticitet(
        panel,
        "lokaler",
        statsbidrag="statsbidrag" if bidrag else None,
        arsfixa=arsfixa,
        modell=modell,
    )
    ols = _ols_med_dummies(panel, "lokaler", bidrag, arsfixa)
    assert e.elasticitet == pytest.approx(ols.params["ln_elever"], rel=1e-7, abs=1e-9)
    # Standardfelet mot en oberoende klustrad sandwich (numpy, nedan) vid snäv tolerans.
    skattning, standardfel = _klustrad_ols_numpy(panel, "lokaler", bidrag, arsfixa)
    assert e.elasticitet == pytest.approx(skattning, rel=1e-9)
    assert e.standardfel == pytest.approx(standardfel, rel=1e-8)


def _klustrad_ols_numpy(
    panel: pl.DataFrame, kostnad: str, bidrag: bool, arsfixa: bool
) -> tuple[float, float]:
    """Elasticiteten och dess klustrade standardfel (CRV1 på kommun) räknade med numpy:
    designmatris med ln elever [, ln statsbidrag], en dummy och en trend per kommun [och en
    dummy per år utom det första]; kolumner som är kolinjära med de tidigare tas bort (med
    årsdummies faller en kolumn bort: summan av kommuntrenderna är t). Sandwich
    (X'X)⁻¹ Σ_g X_g'u_g u_g'X_g (X'X)⁻¹ gånger G/(G − 1) · (N − 1)/(N − K), där K räknar
    kommuneffekterna som en parameter eftersom de ligger inom klustren (fixest/pyfixest:
    K = rang − G + 1)."""
    df = panel.sort("kommunkod", "ar")
    y = np.log(df[kostnad].to_numpy())
    kommun = df["kommunkod"].to_numpy()
    ar = df["ar"].to_numpy()
    t = (ar - ar.min()).astype(float)
    kommuner, arslista = np.unique(kommun), np.unique(ar)
    dummy = (kommun[:, None] == kommuner[None, :]).astype(float)
    kolumner = [np.log(df["antal_elever"].to_numpy())]
    if bidrag:
        kolumner.append(np.log(df["statsbidrag"].to_numpy()))
    kolumner += [dummy, dummy * t[:, None]]
    if arsfixa:
        kolumner.append((ar[:, None] == arslista[None, 1:]).astype(float))
    x_alla = np.column_stack(kolumner)
    behall: list[int] = []
    for j in range(x_alla.shape[1]):
        if np.linalg.matrix_rank(x_alla[:, [*behall, j]]) == len(behall) + 1:
            behall.append(j)
    x = x_alla[:, behall]
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    u = y - x @ beta
    brod = np.linalg.inv(x.T @ x)
    kott = np.zeros((x.shape[1], x.shape[1]))
    for g in kommuner:
        s = x[kommun == g].T @ u[kommun == g]
        kott += np.outer(s, s)
    n, antal_g = y.size, kommuner.size
    k = x.shape[1] - antal_g + 1
    faktor = antal_g / (antal_g - 1) * (n - 1) / (n - k)
    return float(beta[0]), float(np.sqrt(faktor * (brod @ kott @ brod)[0, 0]))


def test_utan_kommuntrender_blir_skattningen_snedvriden(panel: pl.DataFrame) -> None:
    """Kontroll att testet kan falla: en modell utan kommuntrender fångar inte kostnadernas
    egna trender, och elasticiteten hamnar långt från det sanna värdet."""
    e = skatta_elasticitet(panel, "undervisning", kommuntrend=False)
    assert abs(e.elasticitet - SANN_ELASTICITET["undervisning"]) > 2 * e.standardfel


def test_tabell_10_2_form(panel: pl.DataFrame) -> None:
    """Tre modeller per kostnadsslag, kontrollvariablerna som i källan (Ja/Nej), och den
    formaterade tabellen med stjärnor och standardfel inom parentes."""
    tab = tabell_10_2(panel, ["undervisning"])
    assert tab["modell"].to_list() == [1, 2, 3]
    assert tab["statsbidrag"].to_list() == [False, True, True]
    assert tab["arsfixa"].to_list() == [False, False, True]
    assert tab["kommuntrend"].all()
    # utan statsbidrag i panelen: modell 1 och modell 3 utan statsbidrag
    utan = tabell_10_2(panel, ["lokaler"], statsbidrag=None)
    assert utan["modell"].to_list() == [1, 3]
    assert not utan["statsbidrag"].any() and utan["arsfixa"].to_list() == [False, True]
    text = formatera_tabell_10_2(tab, {"undervisning": "Undervisning, elevhälsa och övrigt"})
    kol = "Undervisning, elevhälsa och övrigt, modell 3"
    assert kol in text.columns
    rad = text[kol].to_list()
    modell3 = tab.filter((pl.col("kostnad") == "undervisning") & (pl.col("modell") == 3)).row(
        0, named=True
    )
    assert rad[0].startswith(f"{modell3['elasticitet']:.2f}".replace(".", ","))
    assert rad[0].endswith("***")
    assert rad[1].startswith("(") and rad[1].endswith(")")
    assert rad[2:5] == ["Ja", "Ja", "Ja"]
    assert text["Undervisning, elevhälsa och övrigt, modell 1"].to_list()[2:5] == [
        "Ja",
        "Nej",
        "Nej",
    ]


def test_signifikansstjarnor_som_kallan() -> None:
    """Tabell 10.2, anm.: * p<0,05, ** p<0,01, *** p<0,001."""
    assert signifikansstjarnor(0.0009) == "***"
    assert signifikansstjarnor(0.005) == "**"
    assert signifikansstjarnor(0.04) == "*"
    assert signifikansstjarnor(0.2) == ""


def test_rader_som_inte_kan_logaritmeras_tas_bort(panel: pl.DataFrame) -> None:
    trasig = panel.with_columns(
        pl.when(pl.int_range(pl.len()) < 3).then(0.0).otherwise(pl.col("lokaler")).alias("lokaler")
    )
    e = skatta_elasticitet(trasig, "lokaler")
    assert e.antal_observationer == panel.height - 3
    with pytest.raises(ValueError, match="saknar kolumnerna"):
        skatta_elasticitet(panel, "finns_inte")


# --- Kostnadspanelen och kommandot ``skolpeng utbudsansvar elasticitet`` ---------------


def test_medfoljande_kostnadspanel_ale_2024() -> None:
    """Ale 2024 i Skolverkets 'Grundskola - Kostnader per kommun 2024 Kommun.csv':
    genomsnittligt elevantal 3 827, totalt 526 708 tkr, per elev undervisning 79 000,
    elevhälsa 5 190, övrigt 18 100, lokaler 22 200, lärverktyg 5 900, måltider 7 300 kr."""
    from skolpeng.data.kostnadspanel import (
        KOSTNADSPANEL,
        KOSTNADSSLAG_TABELL_10_2,
        las_kostnadspanel,
    )

    p = las_kostnadspanel(KOSTNADSPANEL, list(KOSTNADSSLAG_TABELL_10_2))
    assert p.height == 290 * 5
    ale = p.filter((pl.col("kommunkod") == "1440") & (pl.col("ar") == 2024)).row(0, named=True)
    assert ale["antal_elever"] == 3827
    assert ale["undervisning_elevhalsa_ovrigt_kr"] == (79_000 + 5_190 + 18_100) * 3827
    assert ale["lokaler_kr"] == 22_200 * 3827
    assert ale["larverktyg_maltider_kr"] == (5_900 + 7_300) * 3827
    # negativa måltidskostnader 2020 (Bjurholm, Skurup) lämnas tomma i stället för att räknas
    assert p["larverktyg_maltider_kr"].null_count() == 2


def test_cli_elasticitet(panel: pl.DataFrame, tmp_path: Path) -> None:
    fil = tmp_path / "panel.csv"
    panel.write_csv(fil)
    ut = tmp_path / "ut"
    res = runner.invoke(
        app,
        [
            "utbudsansvar",
            "elasticitet",
            "--panel",
            str(fil),
            "--kostnader",
            "undervisning",
            "--statsbidrag",
            "statsbidrag",
            "--ut",
            str(ut),
        ],
    )
    assert res.exit_code == 0, res.output
    assert {f.name for f in ut.iterdir()} == {
        "elasticitet.csv",
        "elasticitet.html",
        "manifest.json",
    }
    tab = pl.read_csv(ut / "elasticitet.csv")
    assert tab["modell"].to_list() == [1, 2, 3]
    e = skatta_elasticitet(panel, "undervisning", statsbidrag="statsbidrag", arsfixa=True)
    assert tab.filter(pl.col("modell") == 3)["elasticitet"][0] == pytest.approx(
        e.elasticitet, rel=1e-9
    )
    html = (ut / "elasticitet.html").read_text(encoding="utf-8")
    assert 'lang="sv"' in html and "Statsbidrag (log)" in html


def test_cli_elasticitet_felaktig_panel(tmp_path: Path) -> None:
    fil = tmp_path / "panel.csv"
    fil.write_text(
        "kommunkod,ar,antal_elever,lokaler\n0114,2020,100,-5\n0114,2020,100,7\n0115,2020,sju,7\n",
        encoding="utf-8",
    )
    ut = tmp_path / "ut"
    res = runner.invoke(
        app,
        [
            "utbudsansvar",
            "elasticitet",
            "--panel",
            str(fil),
            "--kostnader",
            "lokaler,saknas",
            "--ut",
            str(ut),
        ],
    )
    assert res.exit_code == 2
    assert "'saknas' saknas" in res.output
    assert not ut.exists()
    res = runner.invoke(
        app,
        [
            "utbudsansvar",
            "elasticitet",
            "--panel",
            str(fil),
            "--kostnader",
            "lokaler",
            "--ut",
            str(ut),
        ],
    )
    assert res.exit_code == 2
    utskrift = " ".join(res.output.split())  # felkonsolen radbryter långa rader
    assert "rad 2, kolumn 'lokaler': värdet får inte vara negativt" in utskrift
    assert "rad 3, kolumn 'ar': kommun 0114 år 2020 förekommer redan på rad 2" in utskrift
    assert "rad 4, kolumn 'antal_elever'" in utskrift
    assert not ut.exists()

"""Resultatgapet över tid (Stockholm 2022): ett planterat minskande gap rapporteras som
minskande (för att enheterna med högt index förbättras), ett ökande som ökande, inget som
oförändrat; kvartilerna och gapet på ett handräknat exempel.
"""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.rapporter.uppfoljning.rapport import gap_slutsats
from skolpeng.uppfoljning.resultatgap import FOR_FA_AR, gap_per_ar, kvartiler, resultatgap
from tests.uppfoljning.uppfoljning_hjalp import med_ar_slut, syntetisk


def _gap(gap: float, seed: int = 0):
    d = syntetisk(gap=gap, seed=seed)
    return resultatgap(med_ar_slut(d.resultat), d.index, ["meritvarde"], 15, 0.05)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_minskande_gap_rapporteras_som_minskande(seed: int) -> None:
    g = _gap(6.0, seed)
    assert g.bedomning("meritvarde") == "minskar"
    assert g.bedomning("meritvarde", "medel_hogt_index") == "förbättras"
    assert g.bedomning("meritvarde", "medel_lagt_index") == "oförändrat"
    assert "för att enheterna med högt index förbättras" in gap_slutsats(g, "meritvarde")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_okande_gap_rapporteras_som_okande(seed: int) -> None:
    g = _gap(-6.0, seed)
    assert g.bedomning("meritvarde") == "ökar"
    assert g.bedomning("meritvarde", "medel_hogt_index") == "försämras"


def test_inget_planterat_gap_ar_oforandrat() -> None:
    assert _gap(0.0, 0).bedomning("meritvarde") == "oförändrat"


def test_trenden_ar_lutningen_over_aren() -> None:
    """Trenden per år är OLS-lutningen av gapet på året: Σ(t − t̄)(g − ḡ) / Σ(t − t̄)²."""
    g = _gap(3.0)
    per_ar = g.per_ar.filter(pl.col("utfall") == "meritvarde")
    t, v = per_ar["ar"].to_numpy(), per_ar["gap"].to_numpy()
    lutning = ((t - t.mean()) * (v - v.mean())).sum() / ((t - t.mean()) ** 2).sum()
    rad = g.trender.filter((pl.col("utfall") == "meritvarde") & (pl.col("matt") == "gap"))
    assert rad["per_ar"][0] == pytest.approx(lutning)


def test_kvartiler_och_gap_handraknat() -> None:
    """Åtta enheter med index 1..8 och utfall 10·index (2 elever var utom den med index 8:
    6 elever). Kvartil 1 = index 1–2: medel 15; kvartil 4 = index 7–8: (70·2 + 80·6)/8 =
    77,5; gapet = 15 − 77,5 = −62,5 (högt index gör bättre här). Lutningen = 10."""
    ram = pl.DataFrame(
        {
            "skolenhetskod": [f"{i:08d}" for i in range(8, 0, -1)],
            "ar": [2024] * 8,
            "index": [float(i) for i in range(8, 0, -1)],
            "faktiskt": [10.0 * i for i in range(8, 0, -1)],
            "antal_elever": [6.0] + [2.0] * 7,
        }
    )
    k = dict(kvartiler(ram).select("index", "kvartil").iter_rows())
    assert [k[float(i)] for i in range(1, 9)] == [1, 1, 2, 2, 3, 3, 4, 4]
    rad = gap_per_ar(ram, "meritvarde").row(0, named=True)
    assert rad["medel_lagt_index"] == pytest.approx(15)
    assert rad["medel_hogt_index"] == pytest.approx(77.5)
    assert rad["gap"] == pytest.approx(-62.5)
    assert rad["lutning"] == pytest.approx(10)
    assert rad["r2"] == pytest.approx(1)


def test_for_fa_ar() -> None:
    d = syntetisk(gap=3.0)
    tva = med_ar_slut(d.resultat).filter(pl.col("ar") >= 2023)
    g = resultatgap(tva, d.index, ["meritvarde"], 15)
    assert g.bedomning("meritvarde") == FOR_FA_AR

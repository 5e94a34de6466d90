"""Jämförelsen av två indexmetoder (docs/regler/index.md#jamforelse)."""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.index.jamforelse import jamfor_index, kr_per_elev
from skolpeng.index.lasning import aktuella_celler, traningsceller
from skolpeng.index.modell import las_viktmodell
from skolpeng.index.skattning import skatta
from skolpeng.index.tillampning import tillampa
from skolpeng.index.viktning import viktindex


def _index(koder: list[str], elever: list[int], index: list[float]) -> pl.DataFrame:
    return pl.DataFrame({"skolenhetskod": koder, "elever": elever, "index": index})


def test_handraknat_exempel() -> None:
    """Pott 1 000 000 kr, enheterna A (100 elever) och B (300 elever).
    Metod a: index 150 och 50 -> Σ elever·index = 15 000 + 15 000 = 30 000,
    kr/elev A = 1e6·150/30 000 = 5 000, B = 1 666,67.
    Metod b: index 100 och 100 -> 1e6/400 = 2 500 kr/elev för båda.
    Största skillnad: A −2 500 kr/elev."""
    a = _index(["A", "B"], [100, 300], [150.0, 50.0])
    b = _index(["A", "B"], [100, 300], [100.0, 100.0])
    j = jamfor_index(a, b, 1_000_000.0)
    rad = {r["skolenhetskod"]: r for r in j.per_enhet.iter_rows(named=True)}
    assert rad["A"]["kr_per_elev_a"] == pytest.approx(5000.0)
    assert rad["B"]["kr_per_elev_a"] == pytest.approx(1e6 * 50 / 30_000)
    assert rad["A"]["kr_per_elev_b"] == pytest.approx(2500.0)
    assert rad["A"]["skillnad_kr"] == pytest.approx(-2500.0)
    assert j.storsta_skillnad_kr == pytest.approx(2500.0)
    assert j.storst_forflyttning(1)["skolenhetskod"].to_list() == ["A"]


def test_potten_bevaras_och_samma_index_ger_ingen_skillnad() -> None:
    a = _index(["A", "B", "C"], [10, 250, 40], [80.0, 100.0, 210.0])
    kr = kr_per_elev(a, 3_000_000.0)
    assert float((kr["elever"] * kr["kr_per_elev"]).sum()) == pytest.approx(3_000_000.0)
    # skalan spelar ingen roll: index × 2 ger samma kronor
    j = jamfor_index(a, a.with_columns(pl.col("index") * 2), 3_000_000.0)
    assert j.korrelation == pytest.approx(1.0)
    assert j.rangkorrelation == pytest.approx(1.0)
    assert j.storsta_skillnad_kr == pytest.approx(0.0, abs=1e-9)


def test_enheter_som_bara_finns_i_den_ena() -> None:
    a = _index(["A", "B", "C"], [10, 20, 30], [90.0, 100.0, 110.0])
    b = _index(["B", "C", "D"], [20, 30, 5], [100.0, 120.0, 80.0])
    j = jamfor_index(a, b, 1000.0)
    assert j.saknas_i_a == ("D",)
    assert j.saknas_i_b == ("A",)
    assert sorted(j.per_enhet["skolenhetskod"]) == ["B", "C"]


def test_risk_mot_vikter_pa_syntetiska_elever(elevdata, modell, viktfil) -> None:
    """Båda metoderna på samma elever: positiv korrelation, potten bevaras för båda, och
    jämförelsen innehåller en rad per enhet (bara aggregat)."""
    s = skatta(traningsceller(elevdata.historiska, modell), modell)
    celler = aktuella_celler(elevdata.aktuella, modell.faktornamn)
    risk = tillampa(s, celler)
    vikt = viktindex(celler, las_viktmodell(viktfil))
    j = jamfor_index(risk, vikt, 5_000_000.0)
    assert 0.5 < j.korrelation <= 1.0
    assert j.per_enhet.height == risk.height
    for kol in ("kr_per_elev_a", "kr_per_elev_b"):
        assert float((j.per_enhet["elever"] * j.per_enhet[kol]).sum()) == pytest.approx(5_000_000.0)
    assert j.storsta_skillnad_kr == pytest.approx(float(j.per_enhet["skillnad_kr"].abs().max()))

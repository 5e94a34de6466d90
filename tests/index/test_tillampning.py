"""Tillämpningen på årets elever (docs/regler/index.md#tillampning, docs/regler/index.md#sma-enheter; SKL steg 3)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import polars as pl
import pytest

from skolpeng.index.lasning import aktuella_celler, traningsceller
from skolpeng.index.skattning import skatta
from skolpeng.index.tillampning import enhetsindex, prediktera, tillampa


@pytest.fixture(scope="module")
def skattning(elevdata, modell):
    return skatta(traningsceller(elevdata.historiska, modell), modell)


def test_risk_per_cell_ar_samma_som_per_elev(elevdata, modell, skattning) -> None:
    """Oberoende räkning: varje elevs risk ur koefficienterna, medelvärde per enhet."""
    a = elevdata.aktuella
    eta = np.full(a.height, skattning.parametrar["konstant"] + skattning.parametrar["kohort[2024]"])
    for f in modell.faktorer:
        for niva in f.nivaer:
            eta += (a[f.namn] == niva).to_numpy() * skattning.parametrar.get(
                f"{f.namn}[{niva}]", 0.0
            )
    per_elev = (
        a.with_columns(p=pl.Series(1 / (1 + np.exp(-eta))))
        .group_by("skolenhetskod")
        .agg(pl.col("p").mean(), pl.len().alias("n"))
    )
    ix = tillampa(skattning, aktuella_celler(a, modell.faktornamn))
    jmf = ix.join(per_elev, on="skolenhetskod")
    assert jmf.height == ix.height == a["skolenhetskod"].n_unique()
    assert jmf["risk"].to_numpy() == pytest.approx(jmf["p"].to_numpy(), rel=1e-10)
    assert (jmf["elever"] == jmf["n"]).all()


def test_index_foljer_den_sanna_risken(elevdata, modell, skattning) -> None:
    """Kravet: enheternas index korrelerar > 0,95 med den sanna förväntade risken."""
    ix = tillampa(skattning, aktuella_celler(elevdata.aktuella, modell.faktornamn))
    sann = elevdata.aktuella.group_by("skolenhetskod").agg(sann=pl.col("sann_risk").mean())
    jmf = ix.join(sann, on="skolenhetskod")
    r = np.corrcoef(jmf["index"].to_numpy(), jmf["sann"].to_numpy())[0, 1]
    assert r > 0.95
    # och indexet har den spridning som segregationen ger (inte bara ett konstant 100)
    assert jmf["index"].std() > 15


def test_referensen_ar_100_elevviktat(elevdata, modell, skattning) -> None:
    celler = aktuella_celler(elevdata.aktuella, modell.faktornamn)
    riket = tillampa(skattning, celler)
    vagt = (riket["elever"] * riket["index"]).sum() / riket["elever"].sum()
    assert vagt == pytest.approx(100.0)
    assert riket["referensrisk"].n_unique() == 1
    kommun = tillampa(
        replace(skattning, modell=modell.model_copy(update={"indexbas": "kommun"})), celler
    )
    per_kommun = kommun.group_by("kommunkod").agg(
        ((pl.col("elever") * pl.col("index")).sum() / pl.col("elever").sum()).alias("medel")
    )
    assert per_kommun["medel"].to_numpy() == pytest.approx(100.0)
    assert kommun["referensrisk"].n_unique() == kommun["kommunkod"].n_unique()
    # samma risk per enhet oavsett bas
    assert kommun["risk"].to_numpy() == pytest.approx(riket["risk"].to_numpy())


def test_sma_enheter_flaggas_men_far_index() -> None:
    enheter = pl.DataFrame(
        {
            "skolenhetskod": ["A", "B", "C"],
            "kommunkod": ["0001"] * 3,
            "elever": [9, 10, 200],
            "risk": [0.3, 0.1, 0.1],
        }
    )
    ut = enhetsindex(enheter, "riket", 10)
    assert ut["liten_enhet"].to_list() == [True, False, False]
    assert ut["index"].null_count() == 0
    assert ut["index"][0] == pytest.approx(100 * 0.3 / ((9 * 0.3 + 210 * 0.1) / 219))


def test_prediktionskohort(elevdata, modell) -> None:
    """Med ``kohort_vid_prediktion: referens`` används den äldsta kohorten (ingen effekt)."""
    m = modell.model_copy(update={"kohort_vid_prediktion": "referens"})
    s = skatta(traningsceller(elevdata.historiska, m), m)
    ref = {f.namn: [f.referens] for f in m.faktorer}
    p = prediktera(pl.DataFrame(ref), s)["risk"][0]
    assert s.prediktionskohort == "2020"
    assert p == pytest.approx(1 / (1 + np.exp(-s.parametrar["konstant"])))

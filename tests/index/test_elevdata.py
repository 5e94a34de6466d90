"""Generatorn av syntetiska elevdata (docs/regler/index.md#dataskydd)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from skolpeng.syntetisk.elevdata import FAKTORER, KOHORTER, UTFALL, generera_elevdata


def test_samma_fro_samma_data_och_antal_som_indata(skolvasende) -> None:
    enheter, antal = skolvasende
    a = generera_elevdata(enheter, antal, seed=3)
    b = generera_elevdata(enheter, antal, seed=3)
    assert a.historiska.equals(b.historiska) and a.aktuella.equals(b.aktuella)
    assert not generera_elevdata(enheter, antal, seed=4).historiska.equals(a.historiska)
    # årets elever: antal × skala avrundat per enhet och årskurs
    forvantat = int(np.rint(antal["antal"].to_numpy()).sum())
    assert a.aktuella.height == forvantat
    halva = generera_elevdata(enheter, antal, seed=3, skala=0.5)
    assert halva.aktuella.height == int(np.rint(antal["antal"].to_numpy() * 0.5).sum())
    # historiska kohorter bara från enheter med årskurs 9, Poisson kring antalet i åk 9
    ak9 = antal.filter(pl.col("arskurs") == "9")
    assert set(a.historiska["skolenhetskod"]) <= set(ak9["skolenhetskod"])
    assert a.historiska["kohort"].unique().sort().to_list() == list(KOHORTER)
    n9 = float(ak9["antal"].sum()) * len(KOHORTER)
    assert abs(a.historiska.height - n9) < 4 * np.sqrt(n9)


def test_fungerar_pa_datasetets_elevtabell() -> None:
    """Tabellen ``elever`` (docs/regler/dataformat.md#elever) med verksamhet och läsår: bara fk_gr och senaste läsåret."""
    enheter = pl.DataFrame(
        {"skolenhetskod": ["10000001", "10000002"], "kommunkod": ["0180", "0181"]}
    )
    elever = pl.DataFrame(
        {
            "skolenhetskod": ["10000001"] * 4 + ["10000002"] * 2,
            "verksamhet": ["fk_gr", "fk_gr", "fritidshem", "fk_gr", "fk_gr", "fk_gr"],
            "lasar": ["2024/25", "2024/25", "2024/25", "2023/24", "2024/25", "2024/25"],
            "arskurs": ["8", "9", "1", "9", "F", "1"],
            "antal": [40, 30, 500, 999, 20, 25],
        }
    )
    d = generera_elevdata(enheter, elever, seed=1)
    per_enhet = dict(d.aktuella.group_by("skolenhetskod").len().iter_rows())
    assert per_enhet == {"10000001": 70, "10000002": 45}
    assert set(d.historiska["skolenhetskod"]) == {"10000001"}


def test_utan_arskurs_fordelas_antalet_pa_f_till_9() -> None:
    enheter = pl.DataFrame({"skolenhetskod": ["A"], "kommunkod": ["0001"]})
    d = generera_elevdata(enheter, pl.DataFrame({"skolenhetskod": ["A"], "antal": [300]}), seed=1)
    assert d.aktuella.height == 300
    assert d.aktuella["arskurs"].value_counts()["count"].to_list() == [30] * 10


def test_segregation_och_realistiska_nivaer(elevdata) -> None:
    a = elevdata.aktuella
    for f, nivaer in FAKTORER.items():
        assert set(a[f].unique()) == set(nivaer), f
    # andelen med utfallet ligger kring SKL:s exempel (12 %), se tabell 3
    assert 0.07 < elevdata.historiska[UTFALL].mean() < 0.18
    # segregation: enheternas andel med lågutbildade föräldrar varierar mer än slumpen ger
    per_enhet = (
        a.group_by("skolenhetskod")
        .agg(andel=(pl.col("utbildning") == "forgymnasial").mean(), n=pl.len())
        .filter(pl.col("n") >= 50)
    )
    p = float((a["utbildning"] == "forgymnasial").mean())
    slump_var = float((p * (1 - p) / per_enhet["n"]).mean())
    assert per_enhet["andel"].var() > 3 * slump_var
    # och kommunerna skiljer sig åt
    per_kommun = a.group_by("kommunkod").agg(pl.col("sann_risk").mean())
    assert per_kommun["sann_risk"].max() - per_kommun["sann_risk"].min() > 0.03


def test_okanda_kohorter_avvisas(skolvasende) -> None:
    with pytest.raises(ValueError, match="1999"):
        generera_elevdata(*skolvasende, seed=1, kohorter=("1999",))


def test_pa_den_syntetiska_nationen() -> None:
    """Generatorn tar den syntetiska nationens skolenheter och elevtabell som de är: årets
    elever per enhet = nationens antal i fk_gr det senaste läsåret."""
    from skolpeng.syntetisk.nation import generera_nation

    nation = generera_nation(seed=2, antal_kommuner=4, skala=0.3)
    d = generera_elevdata(nation.skolenheter, nation.elever, seed=2)
    e = nation.elever
    senaste = e.filter((pl.col("verksamhet") == "fk_gr") & (pl.col("lasar") == e["lasar"].max()))
    forvantat = (
        senaste.group_by("skolenhetskod").agg(pl.col("antal").sum()).filter(pl.col("antal") > 0)
    )
    faktiskt = d.aktuella.group_by("skolenhetskod").agg(antal=pl.len())
    jmf = forvantat.join(faktiskt, on="skolenhetskod", how="full", coalesce=True)
    assert (jmf["antal"] == jmf["antal_right"]).all()
    kommun = dict(nation.skolenheter.select("skolenhetskod", "kommunkod").iter_rows())
    assert all(
        kommun[k] == km
        for k, km in d.aktuella.select("skolenhetskod", "kommunkod").unique().iter_rows()
    )

"""Exempelmodellen ``anpassad_gr_nivamodell`` på datasetet ``sverige``: det som
filen säger – ramen 60 000 000 kr, 88 % efter behovsnivå med vikterna 1 / 1,3 / 1,7 / 2,3
och 12 % lokalkostnader lika per elev (antaganden av den typ SOU 2025:72 avsnitt 5.1.4
beskriver) – räknat om här ur datasetets elever per nivå."""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.fordelning.modellfil.exempel import MODELLKATALOG
from skolpeng.fordelning.modellfil.schema import las_modell
from skolpeng.fordelning.motor.potter import fordela
from skolpeng.fordelning.motor.underlag import forbered_underlag

VIKT = {"1": 1.0, "2": 1.3, "3": 1.7, "4": 2.3}
RAM = 60_000_000


@pytest.fixture(scope="module")
def fordelning():
    m = las_modell(MODELLKATALOG / "anpassad_gr_nivamodell.yaml")
    u = las_underlag(hitta_underlag("sverige"))
    return fordela(m, forbered_underlag(m, u)), u


def test_ramen_och_potterna(fordelning) -> None:
    f, _ = fordelning
    assert f.rader["belopp_kr"].sum() == pytest.approx(RAM)
    per = dict(f.rader.group_by("pott").agg(pl.col("belopp_kr").sum()).iter_rows())
    assert per["behovsniva"] == pytest.approx(0.88 * RAM)
    assert per["lokaler"] == pytest.approx(0.12 * RAM)
    assert f.rader.filter(pl.col("pott") == "lokaler")["kr_per_elev"].to_numpy() == pytest.approx(
        0.12 * RAM / float(f.enheter["elever"].sum())
    )


def test_beloppet_per_niva_ur_vikterna(fordelning) -> None:
    f, u = fordelning
    koder = f.enheter["skolenhetskod"].implode()
    niva = u.elever_behovsniva.filter(
        (pl.col("lasar") == "2025/26") & pl.col("skolenhetskod").is_in(koder)
    )
    viktade = sum(
        VIKT[n] * k for n, k in niva.group_by("behovsniva").agg(pl.col("antal").sum()).iter_rows()
    )
    nivå1 = 0.88 * RAM / viktade
    forvantat = (
        niva.with_columns(kr=pl.col("behovsniva").replace_strict(VIKT) * nivå1 * pl.col("antal"))
        .group_by("skolenhetskod")
        .agg(pl.col("kr").sum())
    )
    fatt = (
        f.rader.filter(pl.col("pott") == "behovsniva")
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr").sum())
    )
    j = forvantat.join(fatt, on="skolenhetskod")
    assert j.height == f.enheter.height
    assert j["belopp_kr"].to_numpy() == pytest.approx(j["kr"].to_numpy())
    # Enskilda enheter får samma belopp per elev på samma nivå (11 kap. 37 §).
    assert set(f.enheter["huvudmannatyp"]) == {"kommunal", "enskild"}

"""Den härledda tabellen ``elever_hemkommun`` med kända flöden: i den syntetiska
nationen och i det medföljande datasetet ``sverige`` bevaras varje skolenhets elever, och
andelarna folkbokförda i grannkommunerna är de uttalade (inom avrundningen till hela
elever)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.syntetisk.hemkommun import (
    ANDEL_INFLODE_KOMMUNAL,
    ANDEL_UTANFOR_ENSKILD,
    ANTAL_GRANNAR,
)
from skolpeng.syntetisk.nation import generera_nation
from skolpeng.syntetisk.skolenheter import lasar


def _kontrollera(u, lasaret: str) -> None:
    h = u.elever_hemkommun
    assert h is not None and h["antal"].min() > 0
    e = u.elever.filter((pl.col("verksamhet") == "fk_gr") & (pl.col("lasar") == lasaret))
    summa = h.group_by("skolenhetskod", "arskurs").agg(pl.col("antal").sum())
    jamf = e.filter(pl.col("antal") > 0).join(
        summa, on=["skolenhetskod", "arskurs"], how="full", coalesce=True, suffix="_h"
    )
    assert jamf.filter(pl.col("antal") != pl.col("antal_h")).height == 0
    d = h.join(
        u.skolenheter.select("skolenhetskod", "kommunkod", "huvudmannatyp"), on="skolenhetskod"
    )
    assert (d["hemkommun"].str.slice(0, 2) == d["kommunkod"].str.slice(0, 2)).all()
    grannar = d.filter(pl.col("hemkommun") != pl.col("kommunkod"))
    assert (
        grannar.group_by("kommunkod").agg(pl.col("hemkommun").n_unique())["hemkommun"].max()
        <= ANTAL_GRANNAR
    )
    for typ, andel in (("kommunal", ANDEL_INFLODE_KOMMUNAL), ("enskild", ANDEL_UTANFOR_ENSKILD)):
        t = d.filter(pl.col("huvudmannatyp") == typ)
        ensamma = t.group_by("kommunkod").agg(pl.col("hemkommun").n_unique() == 1)
        med = t.join(ensamma.filter(~pl.col("hemkommun")).select("kommunkod"), on="kommunkod")
        if med.height == 0:
            continue
        utanfor = med.filter(pl.col("hemkommun") != pl.col("kommunkod"))["antal"].sum()
        par = med.select("skolenhetskod", "arskurs").unique().height
        # högst en elev per skolenhet, årskurs och grannkommun från den exakta andelen
        assert abs(utanfor - andel * med["antal"].sum()) <= par * ANTAL_GRANNAR


def test_syntetiska_nationen_har_kanda_floden() -> None:
    u = generera_nation(seed=3, antal_kommuner=40, skala=0.2)
    _kontrollera(u, lasar(2026)[1])
    assert set(u.elever_hemkommun["period"]) == {"2026-01"}


@pytest.mark.parametrize("namn", ["sverige"])
def test_sverige_har_harledd_tabell(namn: str) -> None:
    katalog = hitta_underlag(namn)
    assert (Path(katalog) / "elever_hemkommun.csv").stat().st_size < 3 * 1024 * 1024
    _kontrollera(las_underlag(katalog), "2025/26")

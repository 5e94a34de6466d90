"""Gemensamma fixturer för indextesterna: exempelmodellen och ett litet påhittat skolväsende."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from skolpeng.index.modell import IndexModell, las_modell
from skolpeng.syntetisk.elevdata import Elevdata, generera_elevdata, syntetiska_enheter

ROT = Path(__file__).resolve().parents[2]
MODELLFIL = ROT / "src" / "skolpeng" / "modeller" / "index" / "skl_alternativ2.yaml"
VIKTFIL = ROT / "src" / "skolpeng" / "modeller" / "index" / "skl_tabell1_vikter.yaml"


@pytest.fixture(scope="session")
def modellfil() -> Path:
    return MODELLFIL


@pytest.fixture(scope="session")
def viktfil() -> Path:
    return VIKTFIL


@pytest.fixture(scope="session")
def modell() -> IndexModell:
    return las_modell(MODELLFIL)


@pytest.fixture(scope="session")
def skolvasende() -> tuple[pl.DataFrame, pl.DataFrame]:
    """12 påhittade kommuner (ca 140 skolenheter, ca 40 000 elever i F–9)."""
    return syntetiska_enheter(seed=7, antal_kommuner=12, elever_per_kommun=4000.0)


@pytest.fixture(scope="session")
def elevdata(skolvasende: tuple[pl.DataFrame, pl.DataFrame]) -> Elevdata:
    enheter, antal = skolvasende
    return generera_elevdata(enheter, antal, seed=11)

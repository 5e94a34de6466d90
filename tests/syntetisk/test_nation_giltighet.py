"""Determinism, schema, unika nycklar, referensintegritet och de ekonomiska sambanden för
nationer av alla storlekar (hypothesis över frö, antal kommuner, skala och normår)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from skolpeng.data.schema import TABELLER
from skolpeng.syntetisk import generera_nation
from tests.syntetisk.kontroller import alla_fel, ekonomifel, integritetsfel, schemafel


def _lika(a: object, b: object) -> bool:
    return all(
        (a.tabell(n) is None and b.tabell(n) is None) or a.tabell(n).equals(b.tabell(n))  # type: ignore[attr-defined]
        for n in TABELLER
    )


def test_samma_fro_ger_identiska_tabeller() -> None:
    a = generera_nation(seed=11, antal_kommuner=60, skala=0.5)
    b = generera_nation(seed=11, antal_kommuner=60, skala=0.5)
    for namn in TABELLER:
        if a.tabell(namn) is None:
            assert b.tabell(namn) is None
        else:
            assert_frame_equal(a.tabell(namn), b.tabell(namn))
    assert a.namn == b.namn == "syntetisk nation seed=11 kommuner=60 skala=0.5 normår=2026"


@pytest.mark.parametrize(
    "andra",
    [
        {"seed": 12, "antal_kommuner": 60, "skala": 0.5},
        {"seed": 11, "antal_kommuner": 61, "skala": 0.5},
        {"seed": 11, "antal_kommuner": 60, "skala": 0.6},
    ],
)
def test_andra_argument_ger_andra_tabeller(andra: dict) -> None:
    a = generera_nation(seed=11, antal_kommuner=60, skala=0.5)
    b = generera_nation(**andra)
    assert not _lika(a, b)
    assert not a.skolenheter.equals(b.skolenheter)
    assert not a.elever.equals(b.elever)


def test_normaret_styr_aren() -> None:
    u = generera_nation(seed=3, antal_kommuner=10, skala=0.1, normar=2030)
    assert set(u.elever["lasar"]) == {"2028/29", "2029/30"}
    assert set(u.rakenskapssammandrag["ar"]) == {2026, 2027, 2028}
    assert u.nationellt["ar"].to_list() == [2028, 2029, 2030]
    assert alla_fel(u, 2030) == []


@pytest.mark.parametrize("seed", [0, 5])
def test_hela_nationen_ar_giltig(seed: int) -> None:
    u = generera_nation(seed=seed)
    assert alla_fel(u, 2026) == []
    assert u.resultat is None


def test_liten_nation() -> None:
    u = generera_nation(seed=0, antal_kommuner=3, skala=0.01)
    assert u.kommuner.height == 3
    assert 3 <= u.skolenheter.height <= 10
    assert alla_fel(u, 2026) == []


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    antal_kommuner=st.integers(min_value=1, max_value=25),
    skala=st.floats(min_value=0.003, max_value=0.3),
    normar=st.integers(min_value=2015, max_value=2040),
)
def test_giltig_for_alla_storlekar(
    seed: int, antal_kommuner: int, skala: float, normar: int
) -> None:
    u = generera_nation(seed=seed, antal_kommuner=antal_kommuner, skala=skala, normar=normar)
    assert u.kommuner.height == antal_kommuner
    assert alla_fel(u, normar) == []


def test_kontrollerna_hittar_fel() -> None:
    """Kontrollerna ovan kan falla: förstörda kopior av en giltig nation underkänns."""
    u = generera_nation(seed=1, antal_kommuner=5, skala=0.05)
    utan_kommun = pl.DataFrame(u.kommuner.tail(4))
    assert integritetsfel(type(u)(**{**u.__dict__, "kommuner": utan_kommun}), 2026)
    dubbel = pl.concat([u.skolenheter, u.skolenheter.head(1)])
    assert schemafel(type(u)(**{**u.__dict__, "skolenheter": dubbel}))
    fel_typ = u.elever.with_columns(pl.col("antal").cast(pl.Float64))
    assert schemafel(type(u)(**{**u.__dict__, "elever": fel_typ}))
    fel_bidrag = u.rakenskapssammandrag.with_columns(pl.col("interna_lokalkostnader") * 1.01)
    assert ekonomifel(type(u)(**{**u.__dict__, "rakenskapssammandrag": fel_bidrag}), 2026)
    assert ekonomifel(u, 2026) == []


def _ekonomifel_med(u: object, **tabeller: pl.DataFrame) -> list[str]:
    return ekonomifel(type(u)(**{**u.__dict__, **tabeller}), 2026)  # type: ignore[call-arg]


def test_kontrollerna_hittar_fel_i_nettokostnaden() -> None:
    """Sambandet nettokostnad – avräkningar = egen regi + bidrag till enskilda kan falla."""
    u = generera_nation(seed=1, antal_kommuner=5, skala=0.05)
    rs, kh = u.rakenskapssammandrag, u.kostnader_huvudman
    assert kh is not None
    # Den gamla felbokföringen: grundbeloppen till enskilda (ca en femtedel av nettokostnaden)
    # som lämnade bidrag. SOU rad 1960: lämnade bidrag avser t.ex. föreningsbidrag.
    gammal = rs.with_columns(
        (pl.col("lamnade_bidrag") + 0.15 * pl.col("nettokostnad")).alias("lamnade_bidrag")
    )
    assert "lämnade bidrag utanför formens andel av nettokostnaden" in _ekonomifel_med(
        u, rakenskapssammandrag=gammal
    )
    # Egen kostnad per elev som inte stämmer med nettokostnaden.
    dyrare = kh.with_columns(
        pl.when(pl.col("huvudmannatyp") == "kommunal")
        .then(pl.col("kostnad_per_elev") * 1.5)
        .otherwise(pl.col("kostnad_per_elev"))
    )
    assert _ekonomifel_med(u, kostnader_huvudman=dyrare)
    # Nettokostnad utan bidragen till enskilda enheter.
    utan = rs.with_columns(pl.col("nettokostnad") * 0.97)
    assert _ekonomifel_med(u, rakenskapssammandrag=utan)


@pytest.mark.parametrize(
    "argument",
    [
        {"seed": -1},
        {"antal_kommuner": 0},
        {"antal_kommuner": 5000},
        {"skala": 0.0},
        {"skala": float("nan")},
        {"normar": 1900},
    ],
)
def test_ogiltiga_argument(argument: dict) -> None:
    with pytest.raises(ValueError, match="måste"):
        generera_nation(**argument)


def test_manga_kommuner_ger_unika_koder() -> None:
    u = generera_nation(seed=2, antal_kommuner=1500, skala=0.01)
    assert u.kommuner["kommunkod"].n_unique() == 1500
    assert schemafel(u) == []

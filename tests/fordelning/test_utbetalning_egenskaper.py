"""Egenskaper hos utbetalningsreglerna på slumpade flöden (hypothesis):

- tolv månader med samma elevantal summerar exakt till årsbidraget (också med en
  budgetändring under året: då till det nya årsbidraget);
- efter varje utbetalning är det totalt utbetalda den avrundade löpande summan, och en
  månad som är fryst ändras aldrig av senare körningar med rättade elevantal;
- pengarna bevaras per skolenhet: summan över hemkommunerna av vad de betalar är exakt
  Σ elever × belopp per elev, och varje elev betalas av precis en hemkommun;
- räknesätten termin och dag.
"""

from __future__ import annotations

import calendar
from fractions import Fraction
from math import floor

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.fordelning.utbetalning.antal import elever_per_manad, raknade_elever
from skolpeng.fordelning.utbetalning.belopp import lopande_avrundning, manadens_utbetalning
from skolpeng.fordelning.utbetalning.budget import manadsbelopp
from skolpeng.fordelning.utbetalning.nationell import flodesmatris, linjer_for_manad

NYCKEL = ["linje"]


def _priser(p: int) -> pl.DataFrame:
    return pl.DataFrame({"linje": ["x"], "arsbelopp_kr": [float(p)]})


def _berattigat(elever: list[int], versioner: list[tuple[int, int]]) -> pl.DataFrame:
    pris = manadsbelopp([(c, _priser(p)) for c, p in versioner], NYCKEL)
    return pris.with_columns(
        exakt_kr=pl.Series([float(n) for n in elever]) * pl.col("manadsbelopp_kr")
    )


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(0, 400),
    p0=st.integers(0, 300_000),
    andring=st.none() | st.tuples(st.integers(2, 12), st.integers(0, 300_000)),
)
def test_tolv_manader_ger_arsbidraget_exakt(n: int, p0: int, andring: tuple | None) -> None:
    versioner = [(1, p0)] + ([andring] if andring else [])
    berattigat = _berattigat([n] * 12, versioner)
    betalt = 0
    for m in range(1, 13):
        fore = pl.DataFrame({"linje": ["x"], "betalt_kr": [betalt]})
        u = manadens_utbetalning(berattigat, NYCKEL, m, fore)
        betalt += int(u["att_betala_kr"][0])
    slut = andring[1] if andring else p0
    assert betalt == n * slut


@settings(max_examples=40, deadline=None)
@given(
    p=st.integers(1, 250_000),
    kanda=st.lists(
        st.lists(st.integers(0, 60), min_size=12, max_size=12), min_size=12, max_size=12
    ),
)
def test_frysta_manader_andras_aldrig_och_summan_ar_avrundad(
    p: int, kanda: list[list[int]]
) -> None:
    """``kanda[m - 1]`` är elevantalen för årets månader som de är kända vid utbetalningen i
    månad m (tidigare månader kan ha rättats)."""
    pris = Fraction(p, 12)
    frysta: dict[int, int] = {}
    for m in range(1, 13):
        berattigat = _berattigat(kanda[m - 1], [(1, p)])
        fore = pl.DataFrame({"linje": ["x"], "betalt_kr": [sum(frysta.values())]})
        u = manadens_utbetalning(berattigat, NYCKEL, m, fore)
        tidigare = dict(frysta)
        frysta[m] = int(u["att_betala_kr"][0])
        assert {k: frysta[k] for k in tidigare} == tidigare
        ratt = sum(kanda[m - 1][j] * pris for j in range(m))
        assert sum(frysta.values()) == floor(ratt + Fraction(1, 2))
        assert int(u["belopp_kr"][0]) + int(u["korrigering_kr"][0]) == frysta[m]


@st.composite
def _floden(draw: st.DrawFn) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    kommuner = [f"{i:04d}" for i in range(1, draw(st.integers(2, 6)) + 1)]
    enheter = []
    for i in range(draw(st.integers(1, 8))):
        enheter.append(
            (
                f"{10_000_000 + i}",
                draw(st.sampled_from(kommuner)),
                draw(st.sampled_from(["kommunal", "enskild"])),
            )
        )
    rader = []
    for kod, _, _ in enheter:
        for hem in kommuner:
            n = draw(st.integers(0, 30))
            if n:
                rader += [(kod, "1-3", hem, m, float(n)) for m in range(1, 13)]
    per = pl.DataFrame(
        rader,
        schema=["skolenhetskod", "stadium", "hemkommun", "manad", "antal"],
        orient="row",
    )
    skolenheter = pl.DataFrame(
        enheter, schema=["skolenhetskod", "kommunkod", "huvudmannatyp"], orient="row"
    )
    priser = pl.DataFrame(
        [
            (
                k,
                "1-3",
                float(draw(st.integers(50_000, 200_000))),
                float(draw(st.integers(50_000, 200_000))),
            )
            for k in kommuner
        ],
        schema=["hemkommun", "stadium", "bidrag_kr", "ersattning_kr"],
        orient="row",
    )
    return per, skolenheter, priser


@settings(max_examples=40, deadline=None)
@given(_floden())
def test_pengarna_bevaras_per_skolenhet(flode: tuple) -> None:
    per, skolenheter, priser = flode
    if per.height == 0:
        return
    lageskommun = dict(skolenheter.select("skolenhetskod", "kommunkod").iter_rows())
    typ = dict(skolenheter.select("skolenhetskod", "huvudmannatyp").iter_rows())
    pris = {(h, "bidrag"): b for h, _, b, _ in priser.iter_rows()} | {
        (h, "ersattning"): e for h, _, _, e in priser.iter_rows()
    }
    ar = [linjer_for_manad(per, skolenheter, priser, m) for m in range(1, 13)]
    alla = pl.concat(ar)
    for kod in skolenheter["skolenhetskod"]:
        forvantat = 0
        elever_ut = 0
        for _, _, hem, m, n in per.filter(pl.col("skolenhetskod") == kod).iter_rows():
            if m != 1:
                continue
            slag = "bidrag" if typ[kod] == "enskild" else "ersattning"
            if slag == "ersattning" and hem == lageskommun[kod]:
                continue
            forvantat += int(n) * int(pris[(hem, slag)])
            elever_ut += int(n)
        enhet = alla.filter(pl.col("skolenhetskod") == kod)
        assert int(enhet["belopp_kr"].sum()) == forvantat
        jan = ar[0].filter(pl.col("skolenhetskod") == kod)
        assert int(jan["antal"].sum()) == elever_ut  # varje elev betalas av en hemkommun
        assert jan["hemkommun"].n_unique() == jan.height
    matris = flodesmatris(alla)
    assert int(matris["belopp_kr"].sum()) == int(alla["belopp_kr"].sum())


def test_lopande_avrundning_summerar_till_den_avrundade_summan() -> None:
    ut = lopande_avrundning([10008.1666667] * 12)
    assert ut.sum() == 120_098
    assert set(ut.tolist()) <= {10008, 10009}


def _en_linje(antal: list[float]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "skolenhetskod": ["10000001"] * 12,
            "stadium": ["1-3"] * 12,
            "hemkommun": ["0001"] * 12,
            "manad": list(range(1, 13)),
            "antal": antal,
        }
    )


def test_terminsrakning_preliminar_och_justerad() -> None:
    antal = [20.0, 21, 21, 22, 22, 22, 18, 19, 19, 19, 20, 20]
    per = _en_linje(antal)
    mars = raknade_elever(per, "termin", 2026, 3)["raknat"].to_list()
    assert mars == [20.0, 20.0, 20.0]  # vårterminens preliminära avläsning (januari)
    juni = raknade_elever(per, "termin", 2026, 6)["raknat"].to_list()
    assert juni == antal[:6]  # justerad mot de faktiska avläsningarna i terminens sista månad
    okt = raknade_elever(per, "termin", 2026, 10).sort("manad")["raknat"].to_list()
    assert okt == antal[:6] + [18.0] * 4


def test_dagrakning_elevdagar_delat_med_manadens_dagar() -> None:
    per = _en_linje([31.0 * 10] + [0.0] * 11)
    feb = raknade_elever(per, "dag", 2026, 2).sort("manad")["raknat"].to_list()
    assert feb == [310 / calendar.monthrange(2026, 1)[1], 0.0] == [10.0, 0.0]


def test_senaste_avlasningen_galler_tills_en_ny_finns() -> None:
    tabell = pl.DataFrame(
        {
            "skolenhetskod": ["10000001", "10000001", "10000001", "10000002"],
            "period": ["2026-01", "2026-01", "2026-03", "2026-02"],
            "verksamhet": ["fk_gr"] * 4,
            "arskurs": ["1", "2", "1", "7"],
            "hemkommun": ["0001", "0002", "0001", "0001"],
            "antal": [10, 3, 12, 5],
        }
    )
    d = elever_per_manad(tabell, "fk_gr", 2026)

    def n(kod: str, hem: str, m: int) -> float:
        r = d.filter(
            (pl.col("skolenhetskod") == kod) & (pl.col("hemkommun") == hem) & (pl.col("manad") == m)
        )
        return float(r["antal"].sum())

    assert [n("10000001", "0001", m) for m in (1, 2, 3, 12)] == [10, 10, 12, 12]
    # mars är en ny avläsning för enheten: hemkommunen 0002 finns inte där och har då 0
    assert [n("10000001", "0002", m) for m in (1, 2, 3)] == [3, 3, 0]
    assert [n("10000002", "0001", m) for m in (1, 2, 12)] == [0, 5, 5]

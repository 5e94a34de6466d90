"""Källans räkneexempel som datadrivna tester: bilagans tabell 2 (stadiedifferentiering)
och uppräkningen med KPIF (docs/regler/norm.md#steg-10, tabell 9.2).

Exempeldata: tests/exempel/norm/tabell2_stadiedifferentiering.yaml och kpif_upprakning.yaml.
"""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.data.schema import POLARS_TYP, TABELLER
from skolpeng.norm.parametrar import NormParametrar
from skolpeng.norm.prislappar import prislappar
from skolpeng.norm.summering import upprakningsfaktor
from tests.norm.hjalp import las_exempel, parametrar

TABELL2 = las_exempel("tabell2_stadiedifferentiering.yaml")
KPIF = las_exempel("kpif_upprakning.yaml")


def _tabell2_prislappar() -> dict[str, float]:
    stadier = TABELL2["stadier"]
    return prislappar(
        float(TABELL2["grundersattning"]),
        {s: float(v["elever"]) for s, v in stadier.items()},
        {s: float(v["index"]) for s, v in stadier.items()},
    )


def test_tabell1_stadieindex_ar_parametrarna() -> None:
    """Bilagans tabell 1 = parameterfilens stadieindex (som tabell 2 räknar med)."""
    p = NormParametrar.fran_lage(parametrar(), "vagledande")
    assert dict(p.stadieindex) == {s: v["index"] for s, v in TABELL2["stadier"].items()}


def test_tabell2_summa_av_elever_ganger_index() -> None:
    """Tabell 2:s summa Σ n·idx = 1 060 000 (tryckt) följer av projektets prislappar:
    B / P_{1–3} = Σ n·idx eftersom idx_{1–3} = 1."""
    p = _tabell2_prislappar()
    assert round(TABELL2["grundersattning"] / p["1-3"]) == TABELL2["summa_produkt"]


@pytest.mark.parametrize("stadium", ["F", "1-3", "4-6", "7-9"])
def test_tabell2_prislapp_och_belopp_per_stadium(stadium: str) -> None:
    """Prislapp (öre) och att fördela (hela kronor) per stadium enligt aritmetiken i docs/regler/norm.md#kallexempel-tabell-2
    ("Worked example"), räknade med projektets ``prislappar``."""
    p = _tabell2_prislappar()
    rad = TABELL2["stadier"][stadium]
    assert round(p[stadium], 2) == pytest.approx(rad["prislapp"], abs=1e-9)
    assert round(rad["elever"] * p[stadium]) == rad["att_fordela"]


def test_tabell2_summerar_till_grundersattningen() -> None:
    p = _tabell2_prislappar()
    belopp = {s: v["elever"] * p[s] for s, v in TABELL2["stadier"].items()}
    assert sum(belopp.values()) == pytest.approx(TABELL2["grundersattning"], rel=1e-12)
    # Avrundade till hela kronor som i källan summerar de till 100 miljarder ± avrundningen.
    assert abs(sum(round(b) for b in belopp.values()) - TABELL2["grundersattning"]) <= 2


def test_tabell2_tryckta_tal_mot_projektets_berakning() -> None:
    """Källans tryckta tal (hela kronor) mot projektets prislappar och belopp avrundade som
    källan: 1–3 och 4–6 stämmer (94 340, 99 057), liksom beloppen för 4–6 och 7–9; 80 169,
    113 028, 8 108 867 925 och 23 301 886 972 är tryckfel (docs/regler/norm.md#tryckfel-bilagan)."""
    p = _tabell2_prislappar()
    tryckt = TABELL2["tryckt_i_kallan"]
    avviker_p = {s for s in p if round(p[s]) != tryckt["prislapp"][s]}
    avviker_b = {
        s
        for s, v in TABELL2["stadier"].items()
        if round(v["elever"] * p[s]) != tryckt["att_fordela"][s]
    }
    assert avviker_p == {"F", "7-9"}
    assert avviker_b == {"F", "1-3"}
    assert abs(p["F"] - tryckt["prislapp"]["F"]) > 10  # 80 188,68 mot tryckta 80 169
    assert abs(p["7-9"] - tryckt["prislapp"]["7-9"]) > 10  # 113 207,55 mot 113 028
    # De tryckta beloppen summerar inte till de 100 miljarder som fördelas.
    assert sum(tryckt["att_fordela"].values()) - TABELL2["grundersattning"] == -4_909_999_820


def _nationellt(kpif: dict[int, float]) -> pl.DataFrame:
    schema = {k.namn: POLARS_TYP[k.typ] for k in TABELLER["nationellt"].kolumner}
    return pl.DataFrame(
        {
            "ar": list(kpif),
            "kpif": list(kpif.values()),
            "kpif_prognos": [0] * len(kpif),
            "larare_manadslon": [36000.0] * len(kpif),
            "po_palagg": [0.3864] * len(kpif),
        },
        schema=schema,
    )


def test_kpif_upprakning_2020_till_2022() -> None:
    """2,4 % och 7,7 % sammansatta ger f = 1,024·1,077 ≈ 1,103 (docs/regler/norm.md#steg-10)."""
    kpif = {int(a): float(v) for a, v in KPIF["kpif"].items()}
    # Ett år före kostnadsåret och ett efter normåret ska inte ingå.
    tabell = _nationellt({2020: 0.5, **kpif, 2023: 0.5})
    f = upprakningsfaktor(tabell, KPIF["kostnadsar"], KPIF["normar"])
    assert f == pytest.approx((1 + 0.024) * (1 + 0.077), rel=1e-12)  # räknat här
    assert round(f, 3) == KPIF["ungefar"]  # docs/regler/norm.md#steg-10: f ≈ 1,103
    # Inte ett aritmetiskt medel av de två åren (den andra läsningen av källans ordalydelse).
    assert f != pytest.approx(1 + (0.024 + 0.077) / 2, rel=1e-3)

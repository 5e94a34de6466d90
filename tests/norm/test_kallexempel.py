"""Källans räkneexempel som datadrivna tester: bilagans tabell 2 (stadiedifferentiering)
och uppräkningen med KPIF (NORM.md steg 10, tabell 9.2).

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


def test_tabell2_produkter_och_summa() -> None:
    stadier = TABELL2["stadier"]
    for v in stadier.values():
        assert v["elever"] * v["index"] == pytest.approx(v["produkt"], rel=1e-12)
    assert sum(v["produkt"] for v in stadier.values()) == pytest.approx(TABELL2["summa_produkt"])
    assert sum(v["elever"] for v in stadier.values()) == TABELL2["summa_elever"]


@pytest.mark.parametrize("stadium", ["F", "1-3", "4-6", "7-9"])
def test_tabell2_prislapp_och_belopp_per_stadium(stadium: str) -> None:
    """Prislapp (öre) och att fördela (hela kronor) per stadium enligt källans aritmetik."""
    p = _tabell2_prislappar()
    rad = TABELL2["stadier"][stadium]
    assert round(p[stadium], 2) == pytest.approx(rad["prislapp"], abs=1e-9)
    assert round(rad["elever"] * p[stadium]) == rad["att_fordela"]


def test_tabell2_summerar_till_grundersattningen() -> None:
    p = _tabell2_prislappar()
    total = sum(v["elever"] * p[s] for s, v in TABELL2["stadier"].items())
    assert total == pytest.approx(TABELL2["grundersattning"], rel=1e-12)
    assert sum(v["att_fordela"] for v in TABELL2["stadier"].values()) == pytest.approx(
        TABELL2["grundersattning"], abs=2
    )  # avrundade till hela kronor


def test_tabell2_tryckfel_i_kallan() -> None:
    """Källans tryckta 80 169, 113 028, 8 108 867 925 och 23 301 886 972 är tryckfel
    (NORM.md "Worked example"): de avviker från 1e11·idx/1 060 000 och N·P, och de tryckta
    beloppen summerar inte till 100 miljarder. Övriga tryckta tal stämmer."""
    p = _tabell2_prislappar()
    tryckt = TABELL2["tryckt_i_kallan"]
    fel_p, fel_b = tryckt["tryckfel"]["prislapp"], tryckt["tryckfel"]["att_fordela"]
    assert fel_p == ["F", "7-9"] and fel_b == ["F", "1-3"]
    for s, v in TABELL2["stadier"].items():
        avvikelse_p = abs(tryckt["prislapp"][s] - p[s])
        avvikelse_b = abs(tryckt["att_fordela"][s] - v["elever"] * p[s])
        if s in fel_p:
            assert avvikelse_p > 10  # 80 169 mot 80 188,68; 113 028 mot 113 207,55
        else:
            assert avvikelse_p < 0.5  # tryckt avrundat till hela kronor
        if s in fel_b:
            assert avvikelse_b > 1e6
        else:
            assert avvikelse_b < 1
    assert sum(tryckt["att_fordela"].values()) != TABELL2["grundersattning"]
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
    """2,4 % och 7,7 % sammansatta ger f = 1,024·1,077 ≈ 1,103 (NORM.md steg 10)."""
    kpif = {int(a): float(v) for a, v in KPIF["kpif"].items()}
    # Ett år före kostnadsåret och ett efter normåret ska inte ingå.
    tabell = _nationellt({2020: 0.5, **kpif, 2023: 0.5})
    f = upprakningsfaktor(tabell, KPIF["kostnadsar"], KPIF["normar"])
    assert f == pytest.approx(KPIF["upprakningsfaktor"], rel=1e-12)
    assert round(f, 3) == KPIF["ungefar"]
    # Inte ett aritmetiskt medel av de två åren (den andra läsningen av källans ordalydelse).
    assert f != pytest.approx(1 + (0.024 + 0.077) / 2, rel=1e-3)

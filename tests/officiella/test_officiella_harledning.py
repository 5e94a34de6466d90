"""Härledningsreglerna på små handräknade exempel och en invariant (summan bevaras)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.data.officiella_harledning import (
    avrunda_inom_grupp,
    fyll_undertryckta_arskurser,
    harled_lasar,
    imputera_forskoleklass,
)


def test_fyll_prickade_arskurser() -> None:
    """Enhet A: summa 29, kända 10 + 12 = 22, två prickade (..) -> 7 / 2 = 3,5 vardera, avrundat
    4 och 3 (lika rester: lägsta årskursen först); ``.`` = 0. Enhet B saknar summa -> 0."""
    elever = pl.DataFrame(
        {
            "skolenhetskod": ["A"] * 5 + ["B"] * 2,
            "verksamhet": "fk_gr",
            "lasar": "2025/26",
            "arskurs": ["1", "2", "3", "4", "5", "1", "2"],
            "antal": [10, None, None, 12, None, 5, None],
            "markering": [None, "..", "..", None, ".", None, ".."],
        }
    )
    totaler = pl.DataFrame({"skolenhetskod": ["A", "B"], "elever_1_9": [29, None]})
    ut, noteringar = fyll_undertryckta_arskurser(elever, totaler)
    assert ut["antal"].to_list() == [10, 4, 3, 12, 0, 5, 0]
    assert ut["kalla"].to_list() == [
        "verklig",
        "imputerad",
        "imputerad",
        "verklig",
        "ej_erbjuden",
        "verklig",
        "imputerad",
    ]
    assert any("2 prickade" in n for n in noteringar)
    assert any("utan känd summa" in n for n in noteringar)


def test_forskoleklass_enhetskvot_gruppkvot_och_kalibrering() -> None:
    """Register 2019/20 i kommun 0114: kommunal A (F 18, åk1 20), kommunal X bara F (10), enskild
    C (F 9, åk1 10). Kommunal gruppkvot = 28/20 = 1,4; A:s egen kvot 0,9; B (ny) får 1,4.
    Rått: A 20·0,9 = 18, B 30·1,4 = 42 (summa 60); mål = (20 + 30)·1,4 = 70 -> A 21, B 49.
    Enskild C: 10·0,9 = 9 = mål. D i en kommun utan register får rikets kvot 37/30."""
    ak1 = pl.DataFrame(
        {
            "skolenhetskod": ["A", "B", "C", "D"],
            "kommunkod": ["0114", "0114", "0114", "2584"],
            "huvudmannatyp": ["kommunal", "kommunal", "enskild", "kommunal"],
            "antal": [20, 30, 10, 30],
        }
    )
    register = pl.DataFrame(
        {
            "skolenhetskod": ["A", "X", "C"],
            "kommunkod": ["0114", "0114", "0114"],
            "huvudmannatyp": ["kommunal", "region", "enskild"],
            "antal_f": [18, 10, 9],
            "antal_ak1": [20, 0, 10],
        }
    )
    ut = imputera_forskoleklass(ak1, register)
    rader = {r["skolenhetskod"]: r for r in ut.iter_rows(named=True)}
    assert [rader[k]["antal"] for k in "ABCD"] == [21, 49, 9, 37]
    assert rader["A"]["kvotkalla"] == "enhet" and rader["A"]["kvot"] == pytest.approx(0.9)
    assert rader["B"]["kvotkalla"] == "kommun_huvudmannatyp" and rader["B"][
        "kvot"
    ] == pytest.approx(1.4)
    assert rader["D"]["kvotkalla"] == "riket" and rader["D"]["kvot"] == pytest.approx(37 / 30)


def test_forskoleklass_kvoten_begransas() -> None:
    """En enhet med F 30 och åk 1 10 (kvot 3) begränsas till 2 före kalibreringen; ensam i sin
    grupp kalibreras den ändå till gruppens kvot 3 (summan 10·3 = 30)."""
    ak1 = pl.DataFrame(
        {
            "skolenhetskod": ["A", "B"],
            "kommunkod": ["0114", "0114"],
            "huvudmannatyp": ["kommunal", "kommunal"],
            "antal": [10, 10],
        }
    )
    register = pl.DataFrame(
        {
            "skolenhetskod": ["A", "B"],
            "kommunkod": ["0114", "0114"],
            "huvudmannatyp": ["kommunal", "kommunal"],
            "antal_f": [30, 10],
            "antal_ak1": [10, 10],
        }
    )
    ut = imputera_forskoleklass(ak1, register).sort("skolenhetskod")
    assert ut["kvot"].to_list() == [2.0, 1.0]
    # gruppkvot 40/20 = 2; mål 20·2 = 40; rått 20 + 10 = 30 -> 26,67 och 13,33 -> 27 och 13
    assert ut["antal"].to_list() == [27, 13]


def test_harled_lasar() -> None:
    """Kommun 0114 kommunal åk 1: enheter 30 och 10 (summa 40), summan förra läsåret 44
    -> 33 och 11. Enskild åk 1 förra läsåret 5 men inga enskilda enheter nu -> förlorade."""
    enheter = pl.DataFrame(
        {
            "skolenhetskod": ["A", "B"],
            "kommunkod": ["0114", "0114"],
            "huvudmannatyp": ["kommunal", "kommunal"],
            "arskurs": ["1", "1"],
            "antal": [30, 10],
        }
    )
    totaler = pl.DataFrame(
        {
            "kommunkod": ["0114", "0114"],
            "huvudmannatyp": ["kommunal", "enskild"],
            "arskurs": ["1", "1"],
            "antal": [44, 5],
        }
    )
    harledda, forlorade = harled_lasar(enheter, totaler, ["kommunkod", "huvudmannatyp"])
    assert harledda.sort("skolenhetskod")["antal"].to_list() == [33, 11]
    assert forlorade.rows() == [("0114", "enskild", "1", 5)]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.floats(0, 1000, allow_nan=False)),
        min_size=1,
        max_size=30,
    )
)
def test_avrundning_bevarar_gruppsumman(varden: list[tuple[str, float]]) -> None:
    ram = pl.DataFrame(
        {"g": [g for g, _ in varden], "x": [x for _, x in varden], "i": list(range(len(varden)))}
    )
    ut = ram.with_columns(avrunda_inom_grupp(ram, "x", ["g"], ["i"]).alias("n"))
    summor = ut.group_by("g").agg(pl.col("x").sum(), pl.col("n").sum())
    for _, x, n in summor.iter_rows():
        assert n == int(x + 0.5)
    assert ((ut["n"] - ut["x"]).abs() < 1.0 + 1e-9).all()

"""Årets belopp mot förra årets per skolenhet och huvudman (``andring_per_enhet``): räknat för
hand på tre enheter, och som egenskaper (summorna per huvudman är summorna över enheterna,
förändringen är årets minus förra årets)."""

from __future__ import annotations

from types import SimpleNamespace

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.fordelning.redovisning_och_forandring.andring_per_enhet import (
    ANDRING_KOLUMNER,
    andring_per_enhet,
    andring_per_huvudman,
)


def _fordelning(rader: list[tuple[str, str, float, int]]) -> SimpleNamespace:
    """(kod, huvudman, elever, avrundat belopp) -> det andring_per_enhet läser."""
    enheter = pl.DataFrame(
        {
            "skolenhetskod": [r[0] for r in rader],
            "namn": [f"Skola {r[0]}" for r in rader],
            "huvudmannatyp": ["kommunal" if r[1] == "K" else "enskild" for r in rader],
            "huvudman_id": [r[1] for r in rader],
            "elever": [r[2] for r in rader],
            "belopp_kr": [r[3] + 0.4 for r in rader],
            "belopp_kr_avrundat": [r[3] for r in rader],
        }
    )
    underlag = pl.DataFrame({"skolenhetskod": [r[0] for r in rader],
                             "huvudman_namn": [f"Huvudman {r[1]}" for r in rader]})  # fmt: skip
    return SimpleNamespace(enheter=enheter, underlag=SimpleNamespace(enheter=underlag))


def _forra(rader: list[tuple[str, float, float]]) -> SimpleNamespace:
    """(kod, elever, belopp) förra året."""
    return SimpleNamespace(enheter=pl.DataFrame({
        "skolenhetskod": [r[0] for r in rader], "elever": [r[1] for r in rader],
        "belopp_kr": [r[2] for r in rader], "kr_per_elev": [r[2] / r[1] for r in rader]}))  # fmt: skip


def test_forandringen_raknad_for_hand() -> None:
    f = _fordelning([("10000001", "K", 100, 10_500_000), ("10000002", "K", 50, 4_000_000),
                     ("10000003", "E", 20, 2_000_000)])  # fmt: skip
    forra = _forra([("10000001", 100, 10_000_000.4), ("10000002", 40, 4_200_000)])
    df = andring_per_enhet(f, forra)  # type: ignore[arg-type]
    assert df.columns == list(ANDRING_KOLUMNER)
    rad = {r["skolenhetskod"]: r for r in df.iter_rows(named=True)}
    # 10 500 000 − 10 000 000 = 500 000 kr, 5,0 %; 105 000 − 100 000 = 5 000 kr per elev
    assert rad["10000001"]["andring_kr"] == 500_000
    assert abs(rad["10000001"]["andring_andel"] - 0.05) < 1e-12
    assert abs(rad["10000001"]["andring_kr_per_elev"] - 5_000) < 0.01  # förra: 100 000,004
    # 4 000 000 − 4 200 000 = −200 000 kr; 80 000 − 105 000 = −25 000 kr per elev
    assert rad["10000002"]["andring_kr"] == -200_000
    assert rad["10000002"]["andring_kr_per_elev"] == -25_000
    # ny enhet: ingen förändring att visa
    assert rad["10000003"]["belopp_forra_kr"] is None and rad["10000003"]["andring_kr"] is None
    # störst minskning först, enheter utan förra år sist
    assert df["skolenhetskod"].to_list() == ["10000002", "10000001", "10000003"]
    h = {r["huvudman_id"]: r for r in andring_per_huvudman(df).iter_rows(named=True)}
    assert h["K"]["belopp_kr"] == 14_500_000 and h["K"]["belopp_forra_kr"] == 14_200_000
    assert h["K"]["andring_kr"] == 300_000 and h["K"]["antal_enheter"] == 2
    assert h["E"]["belopp_forra_kr"] is None  # en enhet saknar förra året


def test_beslutade_belopp_ersatter_de_oavrundade() -> None:
    f = _fordelning([("10000001", "K", 100, 10_000_000)])
    forra = _forra([("10000001", 100, 10_000_001.6)])
    beslutade = pl.DataFrame({"skolenhetskod": ["10000001"], "belopp_kr": [10_000_000.0]})
    utan = andring_per_enhet(f, forra)  # type: ignore[arg-type]
    med = andring_per_enhet(f, forra, beslutade)  # type: ignore[arg-type]
    assert utan["andring_kr"][0] == -2  # avrundat 10 000 002 mot årets 10 000 000
    assert med["andring_kr"][0] == 0 and med["kr_per_elev_forra"][0] == 100_000


def test_utan_forra_aret_saknas_forandringen() -> None:
    df = andring_per_enhet(_fordelning([("10000001", "K", 10, 1_000)]), None)  # type: ignore[arg-type]
    assert df["andring_kr"].to_list() == [None] and df["kr_per_elev"].to_list() == [100.0]


_rad = st.tuples(st.integers(1, 500), st.integers(0, 10**8), st.integers(1, 10**8),
                 st.sampled_from("ABC"))  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(_rad, min_size=1, max_size=12))
def test_summorna_per_huvudman_ar_enheternas(rader: list[tuple[int, int, int, str]]) -> None:
    koder = [f"{10_000_000 + i}" for i in range(len(rader))]
    f = _fordelning([(k, h, float(e), b) for k, (e, b, _, h) in zip(koder, rader, strict=True)])
    forra = _forra(
        [(k, float(e), float(fb)) for k, (e, _, fb, _) in zip(koder, rader, strict=True)]
    )
    df = andring_per_enhet(f, forra)  # type: ignore[arg-type]
    assert (df["andring_kr"] == df["belopp_kr"] - df["belopp_forra_kr"]).all()
    h = andring_per_huvudman(df)
    assert h["belopp_kr"].sum() == df["belopp_kr"].sum() == sum(r[1] for r in rader)
    assert h["belopp_forra_kr"].sum() == df["belopp_forra_kr"].sum()
    assert h["andring_kr"].sum() == df["andring_kr"].sum()

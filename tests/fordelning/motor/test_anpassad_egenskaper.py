"""Egenskaper för nivåindelade modeller: med slumpade skolenheter, elever per
behovsnivå, nivåvikter, belopp per nivå och resursskolor bevaras varje pott exakt, och med
belopp per nivå får varje elev exakt sin nivås belopp (hypothesis)."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.fordelning.modellfil.schema import Fordelningsmodell
from skolpeng.fordelning.motor.potter import fordela
from skolpeng.fordelning.underlag_och_resultat import Fordelningsunderlag

NIVAER = ("A", "B", "C", "D")
ARSKURSER = tuple(str(a) for a in range(1, 10))


@st.composite
def _fall(draw):
    n = draw(st.integers(1, 6))
    koder = [f"{10_000_000 + i}" for i in range(n)]
    typer = [draw(st.sampled_from(["kommunal", "enskild"])) for _ in koder]
    rader = []
    for k in koder:
        for a in draw(st.lists(st.sampled_from(ARSKURSER), min_size=1, max_size=3, unique=True)):
            for niva in draw(
                st.lists(st.sampled_from(NIVAER), min_size=1, max_size=4, unique=True)
            ):
                rader.append((k, a, niva, draw(st.integers(1, 12))))
    vikter = {v: draw(st.floats(0.1, 5.0)) for v in NIVAER}
    kr = {v: float(draw(st.integers(50_000, 900_000))) for v in NIVAER}
    resurs = draw(st.lists(st.sampled_from(koder), max_size=n, unique=True))
    summa = float(draw(st.integers(1, 10_000_000)))
    return koder, typer, rader, vikter, kr, resurs, summa


def _underlag(koder, typer, rader, resurs) -> Fordelningsunderlag:
    enheter = pl.DataFrame(
        {
            "skolenhetskod": koder,
            "namn": [f"Skola {k}" for k in koder],
            "huvudmannatyp": typer,
            "huvudman_id": ["0114" if t == "kommunal" else "556" for t in typer],
            "huvudman_namn": ["H"] * len(koder),
            "kommunkod": ["0114"] * len(koder),
        }
    )
    niva = pl.DataFrame(
        rader, schema=["skolenhetskod", "arskurs", "behovsniva", "antal"], orient="row"
    )
    niva = niva.with_columns(pl.col("antal").cast(pl.Float64))
    elever = niva.group_by("skolenhetskod", "arskurs").agg(pl.col("antal").sum())
    return Fordelningsunderlag(
        enheter=enheter,
        elever=elever,
        index=None,
        malgrupper=pl.DataFrame(
            schema={"skolenhetskod": pl.String, "malgrupp": pl.String, "antal": pl.Float64}
        ),
        givna_belopp=pl.DataFrame(
            schema={"skolenhetskod": pl.String, "pott": pl.String, "belopp_kr": pl.Float64}
        ),
        verksamheter=("anpassad_gr",),
        behovsniva=niva,
        resursskolor=tuple(resurs),
    )


@settings(max_examples=60, deadline=None)
@given(_fall())
def test_potterna_bevaras_och_nivaernas_belopp_halls(fall) -> None:
    koder, typer, rader, vikter, kr, resurs, summa = fall
    potter = [
        {"namn": "kr_per_niva", "belopp": {"per_niva_kr": kr}, "nyckel": {"typ": "behovsniva"}},
        {
            "namn": "vikt_per_niva",
            "belopp": {"summa_kr": summa},
            "nyckel": {"typ": "behovsniva", "behovsnivaer": vikter},
        },
        {
            "namn": "delad",
            "belopp": {"summa_kr": summa},
            "delpotter": [
                {"namn": "niva", "andel": 0.6, "nyckel": {"typ": "elever", "behovsnivaer": vikter}},
                {"namn": "lika", "andel": 0.4, "nyckel": {"typ": "klumpsumma"}},
            ],
        },
    ]
    if resurs:
        potter.append(
            {
                "namn": "struktur",
                "belopp": {"per_elev_kr": 60_000},
                "omfattning": {"resursskolor": True},
                "nyckel": {"typ": "elever"},
            }
        )
    m = Fordelningsmodell.model_validate(
        {
            "namn": "p",
            "kommunkod": "0114",
            "ar": 2029,
            "verksamhet": "anpassad_gr",
            "potter": potter,
        }
    )
    f = fordela(m, _underlag(koder, typer, rader, resurs))
    per = dict(f.rader.group_by("pott").agg(pl.col("belopp_kr").sum()).iter_rows())
    forvantat_kr = sum(kr[niva] * antal for _, _, niva, antal in rader)
    assert np.isclose(per["kr_per_niva"], forvantat_kr, rtol=1e-9)
    assert np.isclose(per["vikt_per_niva"], summa, rtol=1e-9)
    assert np.isclose(per["delad"], summa, rtol=1e-9)
    # Hela kronor: största rest per pott ger pottens belopp avrundat.
    for p, b in f.rader.group_by("pott").agg(pl.col("belopp_kr_avrundat").sum()).iter_rows():
        assert abs(b - per[p]) <= 0.5 + 1e-6
    # Varje enhet får exakt Σ nivåbelopp × elever på nivån.
    for k in koder:
        fatt = f.rader.filter((pl.col("pott") == "kr_per_niva") & (pl.col("skolenhetskod") == k))[
            "belopp_kr"
        ].sum()
        assert np.isclose(fatt, sum(kr[n] * a for kk, _, n, a in rader if kk == k), rtol=1e-9)
    if resurs:
        struktur = f.rader.filter(pl.col("pott") == "struktur")
        assert set(struktur["skolenhetskod"]) == set(resurs)
        elever_resurs = sum(a for k, _, _, a in rader if k in resurs)
        assert np.isclose(struktur["belopp_kr"].sum(), 60_000 * elever_resurs)

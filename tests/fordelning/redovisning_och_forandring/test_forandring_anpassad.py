"""Förändringen mot förra året för en nivåindelad modell: förra årets katalog bär
elever per behovsnivå och resursskolor (``underlag_behovsniva.csv``,
``underlag_resursskolor.csv``), och när bara elevernas nivåer ändras (samma modell) är hela
förändringen elevernas – räknat för hand ur nivåernas belopp."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from skolpeng.fordelning.modellfil.schema import Fordelningsmodell
from skolpeng.fordelning.motor.potter import fordela
from skolpeng.fordelning.motor.underlag import forbered_underlag
from skolpeng.fordelning.redovisning_och_forandring.forandring import dela_upp_forandring
from skolpeng.fordelning.stabilitetsregler.forra_aret import (
    las_forra_aret,
    skriv_forra_aret_underlag,
)
from skolpeng.fordelning.underlag_och_resultat import FORDELNING_KOLUMNER
from tests.fordelning.anpassad_hjalp import NIVAER, anpassat_underlag

KR = {"A": 150_000.0, "B": 250_000.0, "C": 400_000.0}
MODELL = Fordelningsmodell.model_validate(
    {
        "namn": "Nivåer",
        "kommunkod": "0114",
        "ar": 2029,
        "verksamhet": "anpassad_gr",
        "lasar": "2025/26",
        "potter": [
            {"namn": "niva", "belopp": {"per_niva_kr": KR}, "nyckel": {"typ": "behovsniva"}},
            {
                "namn": "struktur",
                "belopp": {"summa_kr": 100_000},
                "omfattning": {"resursskolor": True},
                "nyckel": {"typ": "klumpsumma"},
            },
        ],
    }
)


def test_nivabyte_ar_elevernas_forandring(tmp_path: Path) -> None:
    forra_u = anpassat_underlag(tmp_path / "u1")
    forra_f = fordela(MODELL, forbered_underlag(MODELL, forra_u))
    katalog = tmp_path / "forra"
    katalog.mkdir()
    ovriga = [c for c in forra_f.rader.columns if c not in FORDELNING_KOLUMNER]
    forra_f.rader.select(*FORDELNING_KOLUMNER, *ovriga).write_csv(katalog / "fordelning.csv")
    filer = {p.name for p in skriv_forra_aret_underlag(forra_f, katalog)}
    assert {"underlag_behovsniva.csv", "underlag_resursskolor.csv"} <= filer
    forra = las_forra_aret(katalog)
    assert forra.underlag is not None and forra.underlag.resursskolor == ("10000004",)
    # I år: eleven på nivå A i 10000002 åk 8 bedöms tillhöra nivå B.
    nya = tuple(
        (k, a, "B" if (k, a, n) == ("10000002", "8", "A") else n, x) for k, a, n, x in NIVAER
    )
    ar_f = fordela(
        MODELL, forbered_underlag(MODELL, anpassat_underlag(tmp_path / "u2", nivaer=nya))
    )
    f = dela_upp_forandring(ar_f, forra)
    rad = f.enheter.filter(pl.col("skolenhetskod") == "10000002").row(0, named=True)
    assert rad["andring_kr"] == pytest.approx(KR["B"] - KR["A"], abs=1.0)
    assert rad["varav_elever_kr"] == pytest.approx(rad["andring_kr"])
    ovr = f.enheter.filter(pl.col("skolenhetskod") != "10000002")
    assert ovr["andring_kr"].abs().max() <= 1.0  # avrundning till hela kronor
    # Resursskolans klumpsumma finns båda åren.
    res = f.enheter.filter(pl.col("skolenhetskod") == "10000004").row(0, named=True)
    assert res["belopp_forra_kr"] == pytest.approx(
        150_000 + 250_000 + 2 * 400_000 + 100_000, abs=1.0
    )

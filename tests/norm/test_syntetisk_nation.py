"""Normen på projektets syntetiska nation (``skolpeng.syntetisk.generera_nation``) i full
storlek: invarianterna i docs/regler/norm.md#invarianter i nationell skala för alla tre varianterna, och
prestandan för ~46 000 enheter (skala 10)."""

from __future__ import annotations

import datetime as dt
from functools import cache

import polars as pl
import pytest

from skolpeng.norm import NormResultat, berakna_norm
from skolpeng.norm.resultat import KOMPONENTER, VARIANTER
from skolpeng.syntetisk.nation import generera_nation
from tests.norm.hjalp import parametrar

NORMAR = 2026


@cache
def _nation():
    return generera_nation(seed=1, normar=NORMAR)


@cache
def _norm(variant: str) -> NormResultat:
    return berakna_norm(_nation(), parametrar(dt.date(NORMAR, 1, 1)), NORMAR, variant)


def _summa(e: pl.DataFrame, kolumn: str) -> float:
    return float(e.select((pl.col("elever") * pl.col(kolumn)).sum()).item())


@pytest.mark.parametrize("variant", VARIANTER)
def test_potter_och_invarianter_i_nationell_skala(variant: str) -> None:
    r = _norm(variant)
    s, e, f = r.sammanfattning, r.enheter, r.sammanfattning["upprakningsfaktor"]
    ngb = s["normgrundande_belopp"]
    assert s["antal_enheter"] > 3000 and s["antal_elever"] > 3e5
    assert _summa(e, "grundersattning") / f == pytest.approx(s["grundersattning_total"], rel=1e-9)
    assert _summa(e, "socioekonomiskt_tillagg") / f == pytest.approx(
        s["socioekonomiskt_total"], rel=1e-9
    )
    assert abs(_summa(e, "lonejustering")) / f < 1e-9 * ngb
    assert abs(_summa(e, "lokaljustering")) / f < 1e-9 * ngb
    assert _summa(e, "platsgaranti") / f == pytest.approx(s["platsgaranti_reservation"], rel=1e-9)
    assert _summa(e, "gleshet") / f == pytest.approx(s["gleshet_reservation"], rel=1e-9)
    assert _summa(e, "modellvarde") / f == pytest.approx(ngb, rel=1e-9)
    # Inga statliga enheter, inga rader utan elever, komponenterna summerar till modellvärdet.
    statliga = _nation().skolenheter.filter(pl.col("huvudmannatyp") == "statlig")
    assert not set(statliga.get_column("skolenhetskod")) & set(e.get_column("skolenhetskod"))
    assert e.get_column("elever").min() > 0
    rest = e.select((pl.sum_horizontal(*KOMPONENTER) - pl.col("modellvarde")).abs().max()).item()
    assert rest < 1e-6
    # Inom kommun och stadium: samma L och PG; GL/(P+S) lika för kommunala enheter.
    kommunala = e.filter(pl.col("huvudmannatyp") == "kommunal").with_columns(
        kvot=pl.col("gleshet") / (pl.col("grundersattning") + pl.col("socioekonomiskt_tillagg"))
    )
    spridning = kommunala.group_by("kommunkod", "stadium").agg(
        *[
            (pl.col(k).max() - pl.col(k).min()).alias(k)
            for k in ("lokaljustering", "platsgaranti", "kvot")
        ]
    )
    assert spridning.get_column("lokaljustering").max() < 1e-6
    assert spridning.get_column("platsgaranti").max() < 1e-6
    assert spridning.get_column("kvot").max() < 1e-12
    # Huvudmännens elevtal summerar till rikets.
    assert r.huvudman.get_column("elever").sum() == pytest.approx(s["antal_elever"], rel=1e-12)


def test_bindande_mot_vagledande_i_nationell_skala() -> None:
    vag, bind = _norm("vagledande"), _norm("bindande")
    j = vag.enheter.join(bind.enheter, on=["skolenhetskod", "stadium"], suffix="_b")
    assert j.height == vag.enheter.height
    faktor = pl.when(pl.col("huvudmannatyp") == "enskild").then(0.95 * 1.06).otherwise(0.95)
    assert j.select((pl.col("norm_b") / (faktor * pl.col("norm")) - 1).abs().max()).item() < 1e-12


@pytest.mark.slow
def test_tiofaldig_nation_summerar_till_ngb() -> None:
    """~46 000 enheter: Σ n·M = NGB även i tio gånger rikets storlek (tiden mäts i
    benchmarks/norm)."""
    stor = generera_nation(seed=1, skala=10, normar=NORMAR)
    assert stor.skolenheter.height > 40_000
    r = berakna_norm(stor, parametrar(dt.date(NORMAR, 1, 1)), NORMAR)
    s = r.sammanfattning
    summa = float(r.enheter.select((pl.col("elever") * pl.col("modellvarde")).sum()).item())
    assert summa / s["upprakningsfaktor"] == pytest.approx(s["normgrundande_belopp"], rel=1e-9)

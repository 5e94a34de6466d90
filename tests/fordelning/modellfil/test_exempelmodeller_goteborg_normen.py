"""Göteborgstypen (grundskola och fritidshem) och normen som lokal modell på verkliga kommuner
i ``sverige``: talen i docs/regler/fordelning-och-bidrag.md#exempel-goteborg (``tests/exempel/fordelning/goteborg_typ.yaml``,
``normen_som_lokal_modell.yaml``) och oberoende omräkningar av beloppen."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from skolpeng.data.schema import ARSKURS_TILL_STADIUM
from skolpeng.fordelning.lika_villkor.per_enhet import berakna_bidrag_per_enhet
from skolpeng.fordelning.motor.rutnat import ALDERSGRUPP_AV_ARSKURS
from skolpeng.parametrar import load_parameters
from tests.fordelning.exempelmodeller_hjalp import exempel, kor, modell, sverige

GBG = exempel("goteborg_typ.yaml")
NORMEN = exempel("normen_som_lokal_modell.yaml")


@pytest.fixture(scope="module")
def goteborg():
    return kor(modell("goteborg_typ.yaml"), sverige())


@pytest.fixture(scope="module")
def fritidshem():
    return kor(modell("goteborg_typ_fritidshem.yaml"), sverige())


@pytest.fixture(scope="module")
def normen():
    return kor(modell("normen_som_lokal_modell.yaml"), sverige())


def _pott_per_enhet(f, pott: str) -> dict[str, float]:
    r = (
        f.rader.filter(pl.col("pott") == pott)
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr").sum())
    )
    return dict(r.iter_rows())


def test_goteborg_modellens_tal_ar_specifikationens():
    m = modell("goteborg_typ.yaml")
    grund, struktur = m.potter
    assert grund.nyckel.vikter.per == "arskurs"
    assert grund.nyckel.vikter.varden == {str(k): v for k, v in GBG["arskursvikter"].items()}
    assert (grund.belopp.andel_av_ram, struktur.belopp.andel_av_ram) == (
        GBG["grundskola"]["bas"],
        GBG["grundskola"]["struktur"],
    )
    f = modell("goteborg_typ_fritidshem.yaml")
    assert f.verksamhet == "fritidshem"
    assert f.potter[0].nyckel.vikter.varden == GBG["aldersgruppsvikter_fritidshem"]
    assert (f.potter[0].belopp.andel_av_ram, f.potter[1].belopp.andel_av_ram) == (
        GBG["fritidshem"]["bas"],
        GBG["fritidshem"]["struktur"],
    )


def test_goteborg_81_19_och_grundbelopp_efter_arskursvikter(goteborg):
    """Grundbelopp: 81 % av ramen, pris per viktad elev = 0,81·ram / Σ n·w; varje enhet får
    pris × Σ_årskurs n·w (oberoende omräkning ur elevtabellen)."""
    m = goteborg.modell
    vikter = m.potter[0].nyckel.vikter.varden
    potter = dict(goteborg.potter.select("pott", "belopp_kr").iter_rows())
    assert potter["grundbelopp"] == pytest.approx(0.81 * m.ram_kr, rel=1e-12)
    assert potter["strukturbelopp"] == pytest.approx(0.19 * m.ram_kr, rel=1e-12)
    viktade = goteborg.underlag.elever.with_columns(
        v=pl.col("antal") * pl.col("arskurs").replace_strict(vikter, return_dtype=pl.Float64)
    )
    pris = potter["grundbelopp"] / viktade["v"].sum()
    forvantat = viktade.group_by("skolenhetskod").agg(pl.col("v").sum() * pris)
    faktiskt = _pott_per_enhet(goteborg, "grundbelopp")
    for kod, belopp in forvantat.iter_rows():
        assert faktiskt[kod] == pytest.approx(belopp, rel=1e-9)


def test_goteborg_struktur_efter_elever_och_index_med_medel_100(goteborg):
    """Strukturbelopp per elev ∝ index; indexets elevviktade medel över stadens enheter med
    eget index är 100 (omskalningen); enheter utan index får därefter medlet över de enskilda
    enheterna."""
    e = goteborg.enheter
    egna = e.filter(~pl.col("index_standard"))
    assert (egna["index"] * egna["elever"]).sum() / egna["elever"].sum() == pytest.approx(100)
    struktur = _pott_per_enhet(goteborg, "strukturbelopp")
    per_indexpoang = {
        r["skolenhetskod"]: struktur[r["skolenhetskod"]] / (r["elever"] * r["index"])
        for r in e.iter_rows(named=True)
    }
    varden = list(per_indexpoang.values())
    assert max(varden) == pytest.approx(min(varden), rel=1e-9)
    standard = e.filter(pl.col("index_standard"))
    assert standard.height == 5
    enskilda = e.filter((pl.col("huvudmannatyp") == "enskild") & ~pl.col("index_standard"))
    medel = (enskilda["index"] * enskilda["elever"]).sum() / enskilda["elever"].sum()
    assert standard["index"].to_list() == pytest.approx([medel] * 5, rel=1e-9)


def test_goteborg_enskilda_far_administration_3_och_moms_6_procent(goteborg):
    """Bidrag per elev till en enskild enhet = (grund + struktur + lokalkostnad 31 700 kr) ×
    1,03 × 1,06 år 2026 (inget avdrag för utbudsansvar före 2028)."""
    lage = load_parameters(dt.date(2026, 1, 1))
    bidrag = berakna_bidrag_per_enhet(goteborg, lage)
    assert bidrag.height > 0
    rader = goteborg.rader.group_by("skolenhetskod", "stadium").agg(
        pl.col("belopp_kr").sum(), pl.col("elever").first()
    )
    egna = {
        (r["skolenhetskod"], r["stadium"]): r["belopp_kr"] / r["elever"]
        for r in rader.iter_rows(named=True)
    }
    adm, moms = GBG["enskilda"]["administration_andel"], GBG["enskilda"]["moms_andel"]
    for r in bidrag.iter_rows(named=True):
        g0 = egna[(r["skolenhetskod"], r["stadium"])] + 31_700
        assert r["avdrag_utbudsansvar"] == 0
        assert r["bidrag"] == pytest.approx(g0 * (1 + adm) * (1 + moms), rel=1e-12)


def test_fritidshem_aldersgrupper_och_90_10(fritidshem):
    """Grundbeloppet per inskriven i 10–12 år (årskurs 4–6) är 0,34 av det i 6–9 år (F–3):
    omräknat ur elevtabellen med vikterna per åldersgrupp."""
    m = fritidshem.modell
    potter = dict(fritidshem.potter.select("pott", "belopp_kr").iter_rows())
    assert potter["grundbelopp"] == pytest.approx(0.90 * m.ram_kr, rel=1e-12)
    assert potter["strukturbelopp"] == pytest.approx(0.10 * m.ram_kr, rel=1e-12)
    vikter = GBG["aldersgruppsvikter_fritidshem"]
    e = fritidshem.underlag.elever.with_columns(
        v=pl.col("antal")
        * pl.col("arskurs").replace_strict(ALDERSGRUPP_AV_ARSKURS).replace_strict(vikter, return_dtype=pl.Float64)
    )  # fmt: skip
    pris = potter["grundbelopp"] / e["v"].sum()
    rader = fritidshem.rader.filter(pl.col("pott") == "grundbelopp")
    per_elev = {
        (r["skolenhetskod"], r["stadium"]): r["kr_per_elev"] for r in rader.iter_rows(named=True)
    }
    for (kod, stadium), kr in per_elev.items():
        forvantat = pris * (vikter["10-12"] if stadium == "4-6" else vikter["6-9"])
        assert kr == pytest.approx(forvantat, rel=1e-9), (kod, stadium)
    assert any(s == "4-6" for _, s in per_elev)


def test_normen_stadieindex_och_linjart_socioekonomiskt_tillagg(normen):
    """Grundersättningen per elev i stadium s = 0,92·ram·idx_s / Σ N_s'·idx_s'; tillägget per
    elev = 0,08·ram·index / Σ n·index (index på riksskalan, ingen omskalning)."""
    m = normen.modell
    idx = NORMEN["stadieindex"]
    e = normen.underlag.elever.with_columns(
        stadium=pl.col("arskurs").replace_strict(ARSKURS_TILL_STADIUM)
    )
    n_s = dict(e.group_by("stadium").agg(pl.col("antal").sum()).iter_rows())
    nämnare = sum(n_s[s] * idx[s] for s in n_s)
    grund = normen.rader.filter(pl.col("pott") == "grundersattning")
    for r in grund.iter_rows(named=True):
        forvantat = NORMEN["grundersattning_andel"] * m.ram_kr * idx[r["stadium"]] / nämnare
        assert r["kr_per_elev"] == pytest.approx(forvantat, rel=1e-9)
    enh = normen.enheter
    summa = (enh["elever"] * enh["index"]).sum()
    socio = _pott_per_enhet(normen, "socioekonomiskt_tillagg")
    datasetets = sverige().socioekonomiskt_index.filter(
        (pl.col("ar") == 2026) & (pl.col("verksamhet") == "fk_gr")
    )
    givet = dict(datasetets.select("skolenhetskod", "index").iter_rows())
    for r in enh.iter_rows(named=True):
        assert r["index"] == pytest.approx(givet.get(r["skolenhetskod"], 100.0))
        forvantat = NORMEN["socioekonomisk_andel"] * m.ram_kr * r["index"] / summa
        assert socio[r["skolenhetskod"]] / r["elever"] == pytest.approx(forvantat, rel=1e-9)

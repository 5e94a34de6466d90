"""Indexutjämning över m år (docs/regler/fordelning-och-bidrag.md#indexutjamning): medelvärdet per enhet, omskalat till årets elevviktade medel; historik ur
datasetet och ur förra årets katalog."""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest

from skolpeng.fel import IndataFel, Problem
from skolpeng.fordelning import FORDELNING_KOLUMNER, forbered_underlag, fordela
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell, Stabilitet
from skolpeng.fordelning.stabilitetsregler.forra_aret import (
    las_forra_aret,
    skriv_forra_aret_underlag,
)
from skolpeng.fordelning.stabilitetsregler.indexutjamning import (
    historik_ur_forra,
    indexhistorik,
    utjamna_enligt_modell,
    utjamna_index,
)
from skolpeng.syntetisk import generera_nation
from tests.fordelning.handgjord_fordelning import kod, modell, underlag

A, B = kod(1), kod(2)


def _historik(rader):
    return pl.DataFrame(rader, schema=["skolenhetskod", "ar", "index"], orient="row")


def test_handraknat_medelvarde_och_omskalning():
    """A (100 elever): 2026 120, 2025 100, 2024 80 -> 100; B (300 elever): 2026 93,33,
    2025 110 -> 101,67. Elevviktat medel före 100, efter (100·100 + 300·101,67)/400 =
    101,25; omskalat: A 100/1,0125 = 98,77, B 101,67/1,0125 = 100,41. År 2023 och 2026 i
    historiken används inte med m = 3."""
    u = underlag({A: {"1": 100}, B: {"1": 300}}, {A: 120.0, B: 280 / 3})
    hist = _historik(
        [(A, 2025, 100.0), (A, 2024, 80.0), (A, 2023, 1.0), (B, 2025, 110.0), (B, 2026, 5.0)]
    )
    ut = utjamna_index(u, hist, 2026, 3)
    idx = dict(ut.index.select("skolenhetskod", "index").iter_rows())
    b = (280 / 3 + 110) / 2
    skala = 100 / ((100 * 100 + 300 * b) / 400)
    assert idx[A] == pytest.approx(100 * skala)
    assert idx[B] == pytest.approx(b * skala)
    fore = dict(ut.index.select("skolenhetskod", "index_fore_utjamning").iter_rows())
    assert fore == pytest.approx({A: 120.0, B: 280 / 3})
    assert "2 av 2 enheter" in ut.anteckningar[-1]


def test_utan_historik_eller_med_ett_ar_oforandrat():
    u = underlag({A: {"1": 100}}, {A: 120.0})
    assert utjamna_index(u, _historik([(A, 2025, 90.0)]), 2026, 1) is u
    assert utjamna_index(u, _historik([(B, 2025, 90.0)]), 2026, 3) is u
    utan_index = underlag({A: {"1": 100}})
    assert utjamna_index(utan_index, _historik([(A, 2025, 90.0)]), 2026, 3) is utan_index


def test_indexhistorik_med_ersattare_for_forbered():
    """Historiken förbereds ett år i taget med modellens indexkälla; år som saknas hoppas
    över och standardvärden tas inte med."""
    m = modell(1000, [{"namn": "s", "andel": 1.0, "nyckel": "index"}])
    anrop = []

    def forbered(mod: Fordelningsmodell, _underlag):
        ar = mod.index.ar
        anrop.append(ar)
        if ar == 2023:
            raise IndataFel([Problem("socioekonomiskt_index", "inget index")])
        u = underlag({A: {"1": 1}, B: {"1": 1}}, {A: float(ar - 1900), B: 50.0})
        return dataclasses.replace(
            u, index=u.index.with_columns(pl.Series("index_standard", [False, True]))
        )

    h = indexhistorik(m, None, 4, forbered)  # type: ignore[arg-type]
    assert anrop == [2023, 2024, 2025]
    assert h.sort("ar").rows() == [(A, 2024, 124.0), (A, 2025, 125.0)]
    fil = m.model_copy(update={"index": m.index.model_copy(update={"fil": "index.csv"})})
    assert indexhistorik(fil, None, 4, forbered).height == 0  # type: ignore[arg-type]


def test_pa_syntetiska_data_med_forra_arets_katalog(tmp_path):
    """En syntetisk kommun, datasetets index för 2026 och ett påhittat 2025 (2026-värdet,
    för kommunens första enhet × 0,6): modellen med indexutjamning_ar = 2 får medelvärdet av åren,
    omskalat; förra årets katalog ger samma historik (outjämnat index)."""
    nation = generera_nation(seed=3, antal_kommuner=3, skala=0.3)
    kommunala = nation.skolenheter.filter(pl.col("huvudmannatyp") == "kommunal")
    kommun = kommunala["kommunkod"].mode().sort()[0]
    forsta = kommunala.filter(pl.col("kommunkod") == kommun)["skolenhetskod"].sort()[0]
    si = nation.socioekonomiskt_index.filter(pl.col("ar") == 2026)
    ar25 = si.with_columns(
        pl.lit(2025, pl.Int64).alias("ar"),
        pl.when(pl.col("skolenhetskod") == forsta)
        .then(pl.col("index") * 0.6)
        .otherwise(pl.col("index")),
    )
    nation = dataclasses.replace(
        nation, socioekonomiskt_index=pl.concat([nation.socioekonomiskt_index, ar25])
    )
    m = modell(
        1e8,
        [{"namn": "bas", "andel": 0.9}, {"namn": "struktur", "andel": 0.1, "nyckel": "index"}],
        kommunkod=kommun,
        stabilitet={"indexutjamning_ar": 2},
    )
    fu = forbered_underlag(m, nation)
    ut = utjamna_enligt_modell(m, fu, nation)
    r = ut.index.join(
        fu.elever.group_by("skolenhetskod").agg(pl.col("antal").sum()), on="skolenhetskod"
    )
    assert (r["index"] * r["antal"]).sum() / r["antal"].sum() == pytest.approx(
        (r["index_fore_utjamning"] * r["antal"]).sum() / r["antal"].sum()
    )
    historik = indexhistorik(m, nation, 2)
    assert set(historik["ar"]) == {2025}
    # utjämnat = (2026 + 2025)/2 × samma skalfaktor för alla enheter
    kvot = r.join(historik, on="skolenhetskod").select(
        pl.col("index") / ((pl.col("index_fore_utjamning") + pl.col("index_right")) / 2)
    )
    assert kvot.height == r.height
    assert kvot.to_series().max() == pytest.approx(kvot.to_series().min(), rel=1e-12)
    assert (r["index"] - r["index_fore_utjamning"]).abs().max() > 1.0
    # samma historik ur förra årets katalog (2025 års modell, index ur datasetet för 2025)
    m25 = m.model_copy(update={"ar": 2025})
    f25 = fordela(m25, utjamna_enligt_modell(m25, forbered_underlag(m25, nation), nation))
    katalog = tmp_path / "2025"
    katalog.mkdir()
    f25.rader.select(FORDELNING_KOLUMNER).write_csv(katalog / "fordelning.csv")
    skriv_forra_aret_underlag(f25, katalog)
    forra = las_forra_aret(katalog)
    fran_katalog = historik_ur_forra(forra).sort("skolenhetskod")
    fran_data = historik.sort("skolenhetskod")
    gemensamma = fran_data.join(fran_katalog, on=["skolenhetskod", "ar"], how="inner")
    assert gemensamma.height == fran_data.height > 0
    assert gemensamma["index"].to_list() == pytest.approx(gemensamma["index_right"].to_list())
    # med båda källorna blir resultatet detsamma som med datasetet ensamt
    bada = utjamna_enligt_modell(m, fu, nation, forra)
    assert bada.index["index"].to_list() == pytest.approx(ut.index["index"].to_list())
    assert (
        utjamna_enligt_modell(m.model_copy(update={"stabilitet": Stabilitet()}), fu, nation) is fu
    )

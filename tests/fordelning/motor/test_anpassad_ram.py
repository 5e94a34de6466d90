"""Grundskola och anpassad grundskola i en ram: varje verksamhets enheter får
bara de potter som når dem; en pott som når båda fördelas över båda verksamheternas elever;
bidraget räknas per verksamhet (skollagen 10 kap. 37 § resp. 11 kap. 37 §). Felen när modell
och data inte går ihop. Underlaget: ``tests.fordelning.anpassad_hjalp``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from skolpeng.fel import IndataFel
from skolpeng.fordelning.lika_villkor.per_verksamhet import berakna_bidrag_per_verksamhet
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell, las_modell_text
from skolpeng.fordelning.motor.potter import fordela
from skolpeng.fordelning.motor.underlag import forbered_underlag
from skolpeng.parametrar import load_parameters
from tests.fordelning.anpassad_hjalp import NIVAER, anpassat_underlag


@pytest.fixture(scope="module")
def underlag(tmp_path_factory: pytest.TempPathFactory):
    return anpassat_underlag(Path(tmp_path_factory.mktemp("ram")) / "u")


def _blandad(potter: list[dict]) -> Fordelningsmodell:
    return Fordelningsmodell.model_validate(
        {
            "namn": "Blandad ram",
            "kommunkod": "0114",
            "ar": 2029,
            "verksamhet": "fk_gr",
            "med_anpassad_gr": True,
            "lasar": "2025/26",
            "potter": potter,
        }
    )


POTTER = [
    {
        "namn": "grundskola",
        "belopp": {"summa_kr": 1_000_000},
        "omfattning": {"verksamhet": "fk_gr"},
        "nyckel": {"typ": "elever"},
    },
    {
        "namn": "anpassad",
        "belopp": {"summa_kr": 500_000},
        "omfattning": {"verksamhet": "anpassad_gr"},
        "nyckel": {"typ": "behovsniva", "behovsnivaer": {"A": 1, "B": 2, "C": 3}},
    },
    {
        "namn": "gemensam",
        "kostnadsslag": "lokalkostnader",
        "belopp": {"per_elev_kr": 30_000},
        "nyckel": {"typ": "elever"},
    },
]


def test_varje_verksamhet_far_bara_sina_potter(underlag) -> None:
    m = _blandad(POTTER)
    f = fordela(m, forbered_underlag(m, underlag))
    per = f.rader.group_by("pott", "verksamhet").agg(
        pl.col("belopp_kr").sum(), pl.col("elever").sum()
    )
    verks = {
        p: set(per.filter(pl.col("pott") == p)["verksamhet"])
        for p in ("grundskola", "anpassad", "gemensam")
    }
    assert verks == {
        "grundskola": {"fk_gr"},
        "anpassad": {"anpassad_gr"},
        "gemensam": {"fk_gr", "anpassad_gr"},
    }
    # Potterna bevaras.
    for p, belopp in (("grundskola", 1_000_000), ("anpassad", 500_000)):
        assert per.filter(pl.col("pott") == p)["belopp_kr"].sum() == pytest.approx(belopp)
    anpassade = sum(n for *_, n in NIVAER)
    fk = float(
        underlag.elever.filter((pl.col("verksamhet") == "fk_gr") & (pl.col("lasar") == "2025/26"))
        .join(f.underlag.enheter.select("skolenhetskod"), on="skolenhetskod")["antal"]
        .sum()
    )
    gemensam = f.rader.filter(pl.col("pott") == "gemensam")
    assert gemensam["belopp_kr"].sum() == pytest.approx(30_000 * (fk + anpassade))
    assert gemensam["kr_per_elev"].to_numpy() == pytest.approx(30_000)
    # Den enskilda enheten 10000002 har bara anpassad grundskola på nivå A 1, C 2 (vikt 7 av 22).
    vikt = {"A": 1, "B": 2, "C": 3}
    totalt = sum(vikt[n] * k for _, _, n, k in NIVAER)
    anp = f.rader.filter((pl.col("pott") == "anpassad") & (pl.col("skolenhetskod") == "10000002"))
    assert anp["belopp_kr"].sum() == pytest.approx(500_000 * 7 / totalt)


def test_bidraget_raknas_per_verksamhet(underlag) -> None:
    m = _blandad(POTTER)
    f = fordela(m, forbered_underlag(m, underlag))
    b = berakna_bidrag_per_verksamhet(f, load_parameters(dt.date(2029, 1, 1)))
    anp = b.filter(
        (pl.col("verksamhet") == "anpassad_gr") & (pl.col("skolenhetskod") == "10000002")
    )
    assert anp.height == 1
    rad = anp.row(0, named=True)
    # Undervisning: enhetens del av potten 'anpassad' per elev (3 elever); lokalkostnad:
    # kommunens genomsnitt i anpassad grundskola = 30 000 kr (samma belopp per elev).
    vikt = {"A": 1, "B": 2, "C": 3}
    totalt = sum(vikt[n] * k for _, _, n, k in NIVAER)
    undervisning = 500_000 * 7 / totalt / 3
    assert rad["undervisning"] == pytest.approx(undervisning)
    assert rad["lokalkostnad"] == pytest.approx(30_000)
    g0 = undervisning + 30_000
    assert rad["avdrag_utbudsansvar"] == pytest.approx(0.06 * 1.03 * g0)
    assert rad["bidrag"] == pytest.approx(1.06 * (1.03 * g0 * 0.94))
    fk = b.filter(pl.col("verksamhet") == "fk_gr")
    assert set(fk["skolenhetskod"]) <= {"10000002", "10000003"}
    assert fk.filter(pl.col("skolenhetskod") == "10000002")[
        "lokalkostnad"
    ].to_list() == pytest.approx([30_000] * fk.filter(pl.col("skolenhetskod") == "10000002").height)


def test_verksamhet_utanfor_ramen_ar_ett_fel(underlag) -> None:
    m = Fordelningsmodell.model_validate(
        {
            "namn": "Bara grundskola",
            "kommunkod": "0114",
            "ar": 2029,
            "lasar": "2025/26",
            "potter": [
                {
                    "namn": "anpassad",
                    "belopp": {"summa_kr": 1},
                    "omfattning": {"verksamhet": "anpassad_gr"},
                    "nyckel": {"typ": "elever"},
                }
            ],
        }
    )
    with pytest.raises(IndataFel) as info:
        forbered_underlag(m, underlag)
    assert any("ingår inte i modellens ram" in p.meddelande for p in info.value.problem)


def test_elever_utan_behovsniva_ar_ett_fel(tmp_path: Path) -> None:
    nivaer = NIVAER[:-1]  # en elev i 10000002 åk 8 saknar nivå
    u = anpassat_underlag(tmp_path / "u", nivaer=nivaer)
    rubrik = u.elever.filter(pl.col("verksamhet") == "anpassad_gr")
    assert rubrik.height > 0
    # Gör eleverna fler än nivåerna: lägg till en elev utan nivå direkt i underlaget.
    m = Fordelningsmodell.model_validate(
        {
            "namn": "Nivåer",
            "kommunkod": "0114",
            "ar": 2029,
            "verksamhet": "anpassad_gr",
            "lasar": "2025/26",
            "potter": [
                {
                    "namn": "niva",
                    "belopp": {"per_niva_kr": {"A": 1, "B": 2}},
                    "nyckel": {"typ": "behovsniva"},
                }
            ],
        }
    )
    with pytest.raises(IndataFel) as info:
        fordela(m, forbered_underlag(m, u))
    text = " ".join(p.meddelande for p in info.value.problem)
    assert "behovsnivåerna C har elever men ingen vikt eller belopp" in text


def test_modellfilens_fel_pa_svenska() -> None:
    with pytest.raises(IndataFel) as info:
        las_modell_text(
            """
namn: x
kommunkod: "0114"
ar: 2029
verksamhet: fritidshem
med_anpassad_gr: true
potter:
  - namn: a
    belopp: {per_niva_kr: {A: -1}}
    nyckel: {typ: behovsniva}
  - namn: b
    belopp: {summa_kr: 1}
    nyckel: {typ: behovsniva}
  - namn: c
    belopp: {summa_kr: 1}
    nyckel: {typ: klumpsumma, behovsnivaer: {A: 1}}
"""
        )
    text = " | ".join(p.meddelande for p in info.value.problem)
    assert "beloppen per behovsnivå får inte vara negativa" in text
    assert "nyckeln behovsniva kräver behovsnivaer eller belopp.per_niva_kr" in text
    assert "behovsnivaer kan bara anges med nycklarna elever, index, behovsniva" in text
    with pytest.raises(IndataFel) as info:
        las_modell_text(
            """
namn: x
kommunkod: "0114"
ar: 2029
verksamhet: fritidshem
med_anpassad_gr: true
potter: [{namn: a, belopp: {summa_kr: 1}, nyckel: {typ: elever}}]
"""
        )
    assert (
        "med_anpassad_gr kan bara anges för verksamheten fk_gr" in info.value.problem[0].meddelande
    )


def test_beslutet_i_en_blandad_ram_namnger_bada_skolformerna(underlag) -> None:
    from skolpeng.rapporter.beslut_om_bidrag.beslut import bidragsbeslut_html

    m = _blandad(POTTER)
    f = fordela(m, forbered_underlag(m, underlag))
    lage = load_parameters(dt.date(2029, 1, 1))
    b = berakna_bidrag_per_verksamhet(f, lage)
    html = bidragsbeslut_html(b, f, "5560000001", lage)
    assert "Anpassad grundskola, åk 7–9" in html  # enhetens kolumn för anpassad grundskola
    assert "Åk 7–9" in html  # och grundskolans
    assert "11 kap. 36–38 §§" in html and "10 kap. 37–39 §§" in html
    assert "förskoleklass och grundskola och anpassad grundskola" in html

"""Redovisningen och normjämförelsen med den riktiga motorn (``fordela``), förändringens
uppdelning (``dela_upp_forandring``) och det medföljande datasetet ``sverige`` med normen
(``berakna_norm``): från data till redovisning, ände till ände."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
import pytest

from skolpeng.fordelning import fordela
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell
from skolpeng.fordelning.redovisning_och_forandring.forandring import dela_upp_forandring
from skolpeng.fordelning.redovisning_och_forandring.normjamforelse import jamfor_med_normen
from skolpeng.fordelning.redovisning_och_forandring.normjamforelse_text import beaktande_text
from skolpeng.fordelning.redovisning_och_forandring.redovisning import redovisning
from skolpeng.fordelning.redovisning_och_forandring.redovisning_jamforelse import jamfor_enheter
from skolpeng.fordelning.stabilitetsregler.forra_aret import ForraAret
from skolpeng.norm import berakna_norm
from skolpeng.parametrar import load_parameters
from skolpeng.rapporter.redovisning.vattenfall import vattenfall
from skolpeng.talformat import kr
from tests.fordelning.exempelmodeller_hjalp import kor, modell, sverige
from tests.fordelning.redovisning_hjalp import MALGRUPPER, MODELL, gor_fordelning


def _underlag_100():
    """Hjälpens underlag (index på motorns 100-skala: Ekskolan 120, Björkskolan 90)."""
    return gor_fordelning().underlag


@pytest.fixture(scope="module")
def motorn():
    return fordela(Fordelningsmodell.model_validate(MODELL), _underlag_100())


def _kontrollera_summor(f) -> dict:
    reds = {r.skolenhetskod: r for r in redovisning(f)}
    belopp = dict(f.enheter.select("skolenhetskod", "belopp_kr").iter_rows())
    per_pott: dict[str, int] = {}
    for kod, red in reds.items():
        assert red.belopp_kr == pytest.approx(belopp[kod], rel=1e-9, abs=1e-6)
        assert red.belopp_kr_avrundat == sum(r.belopp_kr_avrundat for r in red.rader)
        for p in red.potter:
            per_pott[p.pott] = per_pott.get(p.pott, 0) + p.belopp_kr_avrundat
    assert per_pott == dict(f.potter.select("pott", "fordelat_avrundat_kr").iter_rows())
    return reds


def test_motorns_rader_i_redovisningen(motorn) -> None:
    reds = _kontrollera_summor(motorn)
    eks = reds["10000001"]
    assert [(p.pott, p.delpott) for p in eks.potter] == [
        ("grundbelopp", None),
        ("socioekonomi", None),
        ("tillagg", "nyanlanda"),
        ("tillagg", "lag_utbildning"),
        ("lokaler", None),
        ("statsbidrag", None),
    ]
    assert all(p.forklaring for p in eks.potter)
    # målgruppens nyckelvärde = antalet elever i målgruppen, över stadierna
    lag = next(p for p in eks.potter if p.delpott == "lag_utbildning")
    assert lag.nyckelvarde == pytest.approx(MALGRUPPER["10000001"]["lag_utbildning"])
    # taket band (motorns kolumn tak_band) och syns
    if any(r.tak_band for r in eks.rader):
        assert eks.begransningar and "tak" in eks.begransningar[0].lower()


def test_tva_liknande_enheter_med_motorn(motorn) -> None:
    """Samma elever per årskurs, index 120 mot 90 och 30 mot 10 lågutbildade: motorns
    belopp förklaras helt av socioekonomi och delpotten lag_utbildning."""
    reds = {r.skolenhetskod: r for r in redovisning(motorn)}
    a, b = reds["10000001"], reds["10000002"]
    j = jamfor_enheter(a, b)
    assert j["skillnad_kr"].sum() == pytest.approx(a.kr_per_elev - b.kr_per_elev, abs=1e-8)
    rader = {(r["pott"], r["delpott"]): r for r in j.iter_rows(named=True)}
    for k in [
        ("grundbelopp", None),
        ("tillagg", "nyanlanda"),
        ("lokaler", None),
        ("statsbidrag", None),
    ]:
        assert rader[k]["skillnad_kr"] == pytest.approx(0, abs=1e-6)
    socio, lag = rader[("socioekonomi", None)], rader[("tillagg", "lag_utbildning")]
    assert socio["skillnad_kr"] > 0 and lag["skillnad_kr"] > 0
    assert socio["skillnad_kr"] + lag["skillnad_kr"] == pytest.approx(a.kr_per_elev - b.kr_per_elev)
    antal = sum(m["lag_utbildning"] for m in MALGRUPPER.values())
    assert lag["skillnad_kr"] == pytest.approx((30 - 10) * 0.4 * 2_000_000 / antal / 155)
    assert "1,20 mot 0,90" in socio["orsak"]
    assert "målgruppen 19,4" in lag["orsak"]


def test_forandringen_fran_forra_aret(motorn) -> None:
    """Förra året: färre elever i Ekskolan, annat index för Björkskolan och en mindre ram.
    F2:s uppdelning går in i redovisningen; stegen går ihop i hela kronor."""
    u = _underlag_100()
    forra_u = dataclasses.replace(
        u,
        elever=u.elever.with_columns(
            pl.when(pl.col("skolenhetskod") == "10000001")
            .then(pl.col("antal") - 2)
            .otherwise(pl.col("antal"))
            .alias("antal")
        ),
        index=u.index.with_columns(
            pl.when(pl.col("skolenhetskod") == "10000002")
            .then(100.0)
            .otherwise(pl.col("index"))
            .alias("index")
        ),
    )
    forra_m = Fordelningsmodell.model_validate({**MODELL, "ar": 2025, "ram_kr": 48_000_000})
    forra_f = fordela(forra_m, forra_u)
    forra = ForraAret(
        enheter=forra_f.enheter.select(
            "skolenhetskod", "elever", "belopp_kr", "kr_per_elev"
        ).with_columns(stabilitetsjustering_kr=pl.lit(0.0)),
        modell=forra_m,
        underlag=forra_u,
    )
    forandring = dela_upp_forandring(motorn, forra).enheter
    reds = {r.skolenhetskod: r for r in redovisning(motorn, forandring)}
    for red in reds.values():
        f = red.forandring
        assert f is not None
        assert f.belopp_kr == pytest.approx(red.belopp_kr)
        delar = f.varav_elever_kr + f.varav_index_kr + f.varav_parametrar_kr
        assert delar + f.varav_stabilitet_kr == pytest.approx(f.andring_kr)
        v = vattenfall(f)
        assert v.forra + sum(d for _, d in v.delar) == v.iar
    assert reds["10000001"].forandring.varav_elever_kr != 0
    assert reds["10000002"].forandring.varav_index_kr < 0  # index 100 -> 90
    assert all(r.forandring.varav_parametrar_kr > 0 for r in reds.values())  # större ram


@pytest.fixture(scope="module")
def goteborg():
    return kor(modell("goteborg_typ.yaml"), sverige())


def test_goteborgstyp_pa_sverige(goteborg) -> None:
    """Göteborgstypen på datasetet sverige: alla enheter, summorna, standardvärdena."""
    reds = _kontrollera_summor(goteborg)
    assert len(reds) == goteborg.enheter.height > 100
    standard = goteborg.enheter.filter(pl.col("index_standard"))["skolenhetskod"].to_list()
    assert standard
    for kod in standard:
        assert any("standardvärdet" in t for t in reds[kod].standardvarden)


def test_normjamforelse_pa_sverige(goteborg) -> None:
    """Normen 2026 för Göteborg (1480) ur datasetet: kommunens rad för alla stadier mot en
    oberoende beräkning ur fördelningens rader och normens enheter."""
    norm = berakna_norm(sverige(), load_parameters(dt.date(2026, 1, 1)), 2026)
    j = jamfor_med_normen(goteborg, norm)
    kommunala = goteborg.enheter.filter(pl.col("huvudmannatyp") == "kommunal")[
        "skolenhetskod"
    ].to_list()
    stadier = pl.DataFrame({"arskurs": ["F", *map(str, range(1, 10))],
                            "stadium": ["F", *["1-3"] * 3, *["4-6"] * 3, *["7-9"] * 3]})  # fmt: skip
    elever = (
        goteborg.underlag.elever.filter(pl.col("skolenhetskod").is_in(kommunala))
        .join(stadier, on="arskurs")
        .group_by("skolenhetskod", "stadium")
        .agg(pl.col("antal").sum().alias("elever"))
    )
    belopp = (
        goteborg.rader.filter(pl.col("skolenhetskod").is_in(kommunala))
        .group_by("skolenhetskod", "stadium")
        .agg(pl.col("belopp_kr").sum())
    )
    normen = norm.enheter.select("skolenhetskod", "stadium", "norm")
    ihop = elever.join(belopp, on=["skolenhetskod", "stadium"]).join(
        normen, on=["skolenhetskod", "stadium"]
    )
    modell_per_elev = ihop["belopp_kr"].sum() / ihop["elever"].sum()
    norm_per_elev = (ihop["norm"] * ihop["elever"]).sum() / ihop["elever"].sum()
    kommun = j.filter((pl.col("niva") == "huvudman") & (pl.col("stadium") == "alla")).row(
        0, named=True
    )
    assert kommun["skolenhetskod"] == "1480" and kommun["namn"] == "Göteborg"
    assert kommun["elever"] == pytest.approx(ihop["elever"].sum())
    assert kommun["modell_kr_per_elev"] == pytest.approx(modell_per_elev, rel=1e-12)
    assert kommun["norm_kr_per_elev"] == pytest.approx(norm_per_elev, rel=1e-12)
    enheter = j.filter((pl.col("niva") == "skolenhet") & (pl.col("stadium") == "alla"))
    assert enheter.height == len(kommunala)
    text = beaktande_text(goteborg, norm, j)
    assert kr(kommun["modell_kr_per_elev"]) in text and kr(kommun["norm_kr_per_elev"]) in text
    under = enheter.filter(pl.col("skillnad_kr") <= -0.5).height
    assert f"{under} av {enheter.height} skolenheter" in text
    # Göteborgstypen har ingen lokalpott (lokalerna ligger utanför ramen, se modellfilen)
    assert "Modellen fördelar inga lokalkostnader" in text


def test_golv_som_band_syns(motorn) -> None:
    """Stabilitetsregeln (F2) håller Björkskolan uppe: golvet syns bland begränsningarna och
    stabilitetsjusteringen som en egen pottrad; summorna stämmer fortfarande."""
    from skolpeng.fordelning.modellfil.schema import Stabilitet
    from skolpeng.fordelning.stabilitetsregler.golv import tillampa_stabilitet

    forra = motorn.enheter.select(
        "skolenhetskod",
        pl.when(pl.col("skolenhetskod") == "10000002")
        .then(pl.col("kr_per_elev") * 1.05)
        .otherwise(pl.col("kr_per_elev"))
        .alias("kr_per_elev"),
    )
    f = tillampa_stabilitet(motorn, forra, Stabilitet(max_minskning_andel=0.01))
    reds = _kontrollera_summor(f)
    bjork = reds["10000002"]
    assert any("golvet" in t for t in bjork.begransningar)
    just = [p for p in bjork.potter if p.pott == "stabilitetsjustering"]
    assert len(just) == 1 and just[0].belopp_kr > 0 and just[0].nyckel == "stabilitet"
    forra_bjork = forra.filter(pl.col("skolenhetskod") == "10000002")["kr_per_elev"][0]
    assert bjork.kr_per_elev == pytest.approx(0.99 * forra_bjork)  # golvet: högst 1 % minskning

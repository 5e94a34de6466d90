"""Jämförelsen med normen (docs/regler/fordelning-och-bidrag.md#normjamforelse; SOU 2025:72
avsnitt 9.4.1) och texten om beaktandet.

Fördelningen och normen är handgjorda (``redovisning_hjalp``); talen kontrolleras mot en
oberoende handräkning ur hjälpens konstanter."""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest

from skolpeng.fel import IndataFel
from skolpeng.fordelning.redovisning_och_forandring.normjamforelse import (
    NORMJAMFORELSE_KOLUMNER,
    jamfor_med_normen,
)
from skolpeng.fordelning.redovisning_och_forandring.normjamforelse_text import (
    OVERVAGANDEN,
    beaktande_text,
)
from skolpeng.talformat import kr, procent
from tests.fordelning.redovisning_hjalp import (
    MALGRUPPER,
    NORM_GRUND,
    NORM_LOKAL_RIKET,
    NORM_LOKALJ,
    NORM_LON,
    NORM_PG,
    NORM_SEI,
    RAM,
    TAK,
    VIKTER,
    elever_per_stadium,
    gor_fordelning,
    gor_norm,
)

EPS = elever_per_stadium()
KOMMUNALA = ("10000001", "10000002", "10000003")


def _elever(kod: str) -> float:
    return sum(n for (k, _), n in EPS.items() if k == kod)


def _norm(kod: str, stadium: str) -> float:
    return NORM_GRUND[stadium] + NORM_SEI[kod] + NORM_LON + NORM_LOKALJ + NORM_PG


def _modell(kod: str, stadium: str, f) -> float:
    """Modellens belopp per elev i stadiet, räknat för hand: grundbelopp med stadievikten,
    socioekonomi per elev (lika i enhetens stadier), målgruppstilläggen och lokalerna (inte
    stadiefördelade: lika per elev i enheten), statsbidraget per elev i F–3."""
    viktade = sum(n * VIKTER[s] for (_, s), n in EPS.items())
    grund = 0.80 * RAM / viktade * VIKTER[stadium]
    socio = {p.skolenhetskod: p for p in f}[kod]
    socio_per_elev = next(x for x in socio.potter if x.pott == "socioekonomi").kr_per_elev
    n = _elever(kod)
    antal = {m: sum(g[m] for g in MALGRUPPER.values()) for m in ("nyanlanda", "lag_utbildning")}
    tillagg = (
        MALGRUPPER[kod]["nyanlanda"] * 0.6 * 2_000_000 / antal["nyanlanda"]
        + MALGRUPPER[kod]["lag_utbildning"] * 0.4 * 2_000_000 / antal["lag_utbildning"]
    ) / n
    lokaler = 3_000_000 / 4 / n
    f3 = sum(m for (k, s), m in EPS.items() if k in KOMMUNALA and s in ("F", "1-3"))
    statsbidrag = 1_000_000 / f3 if stadium in ("F", "1-3") else 0.0
    return grund + socio_per_elev + tillagg + lokaler + statsbidrag


@pytest.fixture(scope="module")
def fordelning():
    return gor_fordelning()


@pytest.fixture(scope="module")
def jamforelse(fordelning):
    return jamfor_med_normen(fordelning, gor_norm())


def _rad(j: pl.DataFrame, kod: str, stadium: str) -> dict:
    return j.filter((pl.col("skolenhetskod") == kod) & (pl.col("stadium") == stadium)).row(
        0, named=True
    )


def test_rader_och_kolumner(jamforelse) -> None:
    """Kommunala enheter × stadier, en rad per enhet för alla stadier och kommunen per stadium
    och för alla; den enskilda enheten och enheten i en annan kommun ingår inte."""
    j = jamforelse
    assert j.columns == list(NORMJAMFORELSE_KOLUMNER)
    enhetsrader = j.filter(pl.col("niva") == "skolenhet")
    forvantat = {(k, s) for (k, s) in EPS if k in KOMMUNALA} | {(k, "alla") for k in KOMMUNALA}
    assert set(zip(enhetsrader["skolenhetskod"], enhetsrader["stadium"], strict=True)) == forvantat
    kommun = j.filter(pl.col("niva") == "huvudman")
    assert kommun["skolenhetskod"].unique().to_list() == ["0114"]
    assert kommun["stadium"].to_list() == ["F", "1-3", "4-6", "7-9", "alla"]
    assert kommun["namn"][0] == "Upplands Väsby"
    assert j["niva"][0] == "huvudman"


def test_enhet_och_stadium_mot_handrakning(fordelning, jamforelse) -> None:
    from skolpeng.fordelning.redovisning_och_forandring.redovisning import redovisning

    reds = redovisning(fordelning)
    for kod in KOMMUNALA:
        for (k, s), _ in EPS.items():
            if k != kod:
                continue
            r = _rad(jamforelse, kod, s)
            modell = _modell(kod, s, reds)
            norm = _norm(kod, s)
            assert r["modell_kr_per_elev"] == pytest.approx(modell, rel=1e-12)
            assert r["norm_kr_per_elev"] == pytest.approx(norm)
            assert r["skillnad_kr"] == pytest.approx(modell - norm)
            assert r["skillnad_andel"] == pytest.approx((modell - norm) / norm)
            assert r["norm_varav_socioekonomi_kr"] == pytest.approx(NORM_SEI[kod])
            assert r["norm_varav_lokalkostnad_kr"] == pytest.approx(NORM_LOKAL_RIKET + NORM_LOKALJ)
            assert r["norm_varav_platsgaranti_kr"] == pytest.approx(NORM_PG)
            assert r["norm_varav_gleshet_kr"] == 0
            assert r["modell_varav_lokalkostnad_kr"] == pytest.approx(750_000 / _elever(kod))
    # Ekskolans socioekonomiska del i modellen: taket + målgruppstilläggen per elev
    r = _rad(jamforelse, "10000001", "1-3")
    tillagg = (5 * 0.6 * 2_000_000 / 20 + 30 * 0.4 * 2_000_000 / 92) / 155
    assert r["modell_varav_socioekonomi_kr"] == pytest.approx(TAK + tillagg)


def test_kommunen_vags_med_modellens_elever(jamforelse) -> None:
    """Kommunens rad för alla stadier: Σ modellens belopp / Σ elever mot normen vägd med
    modellens elever (inte normens elevår, som i hjälpen är 3,5 elever större per rad)."""
    rader = [(k, s, n) for (k, s), n in EPS.items() if k in KOMMUNALA]
    elever = sum(n for *_, n in rader)
    norm = sum(_norm(k, s) * n for k, s, n in rader) / elever
    modell = sum(_rad(jamforelse, k, s)["modell_kr_per_elev"] * n for k, s, n in rader) / elever
    r = _rad(jamforelse, "0114", "alla")
    assert r["elever"] == elever == 620
    assert r["norm_kr_per_elev"] == pytest.approx(norm)
    assert r["modell_kr_per_elev"] == pytest.approx(modell)
    assert r["skillnad_kr"] == pytest.approx(modell - norm)
    f = _rad(jamforelse, "0114", "F")
    assert f["elever"] == 40
    assert f["norm_kr_per_elev"] == pytest.approx(
        (_norm("10000001", "F") + _norm("10000002", "F")) / 2
    )


def test_normens_delar_skalas_som_normen(fordelning) -> None:
    """Bindande nivå 0,95: normen och dess delar är 95 % av modellvärdet och komponenterna
    (som i publiceringen, tabell 9.2)."""
    j = jamfor_med_normen(fordelning, gor_norm(niva=0.95))
    r = _rad(j, "10000002", "4-6")
    assert r["norm_kr_per_elev"] == pytest.approx(0.95 * _norm("10000002", "4-6"))
    assert r["norm_varav_socioekonomi_kr"] == pytest.approx(0.95 * NORM_SEI["10000002"])
    assert r["norm_varav_platsgaranti_kr"] == pytest.approx(0.95 * NORM_PG)


def test_stadium_som_saknas_i_normen(fordelning) -> None:
    """Granskolans åk 7–9 saknas i normen: raden har ingen norm och ingår varken i kommunens
    rader eller i Granskolans rad för alla stadier."""
    j = jamfor_med_normen(fordelning, gor_norm(utan=(("10000003", "7-9"),)))
    assert _rad(j, "10000003", "7-9")["norm_kr_per_elev"] is None
    alla = _rad(j, "10000003", "alla")
    assert alla["elever"] == 190
    assert alla["norm_kr_per_elev"] == pytest.approx(
        (_norm("10000003", "1-3") * 100 + _norm("10000003", "4-6") * 90) / 190
    )
    assert _rad(j, "0114", "alla")["elever"] == 620 - 120
    assert j.filter((pl.col("niva") == "huvudman") & (pl.col("stadium") == "7-9")).height == 0


def test_fel_verksamhet_och_ingen_enhet_i_normen(fordelning) -> None:
    norm = gor_norm()
    with pytest.raises(IndataFel, match="fritidshem"):
        jamfor_med_normen(fordelning, dataclasses.replace(norm, variant="fritidshem"))
    annan = dataclasses.replace(norm, enheter=norm.enheter.filter(pl.col("kommunkod") != "0114"))
    with pytest.raises(IndataFel, match="normen saknar kommunens skolenheter"):
        jamfor_med_normen(fordelning, annan)


def test_beaktande_text_innehaller_nyckeltalen(fordelning, jamforelse) -> None:
    norm = gor_norm()
    text = beaktande_text(fordelning, norm, jamforelse)
    assert text == beaktande_text(fordelning, norm)  # jämförelsen beräknas om den saknas
    kommun = _rad(jamforelse, "0114", "alla")
    assert "SOU 2025:72 avsnitt 9.4.1" in text
    assert "Upplands Väsby" in text and "2026" in text
    assert f"Modellen ger i genomsnitt {kr(kommun['modell_kr_per_elev'])} per elev" in text
    assert f"normen motsvarar {kr(kommun['norm_kr_per_elev'])} per elev" in text
    assert f"({procent(abs(kommun['skillnad_andel']))}) under normen" in text
    assert "3 av 3 skolenheter får ett belopp per elev under normen och 0 över normen" in text
    # socioekonomisk andel i modellen mot normens 8 %
    andel = kommun["modell_varav_socioekonomi_kr"] / kommun["modell_kr_per_elev"]
    assert f"Modellen fördelar {procent(andel)} av beloppet" in text
    assert "behov av stöd och stimulans" in text
    assert f"tillägget {procent(0.08, 0)} av det normgrundande beloppet efter reservationer" in text
    assert "risk" not in text.lower()
    assert OVERVAGANDEN in text
    for s, etikett in (("F", "förskoleklass"), ("7-9", "åk 7–9")):
        r = _rad(jamforelse, "0114", s)
        assert f"{etikett} {kr(r['modell_kr_per_elev'])} mot {kr(r['norm_kr_per_elev'])}" in text


def test_beaktande_text_over_normen_och_saknade(fordelning) -> None:
    """En lägre norm (nivå 0,6) lägger alla enheter över normen; ett saknat stadium nämns."""
    norm = gor_norm(utan=(("10000003", "7-9"),), niva=0.6)
    text = beaktande_text(fordelning, norm)
    assert "0 av 3 skolenheter får ett belopp per elev under normen och 3 över normen" in text
    assert "över normen, sammanlagt" in text
    assert (
        "Saknas i normen och ingår därför inte i jämförelsen: Granskolan (10000003, åk 7–9)" in text
    )

"""Två skolenheter med liknande sammansättning och olika belopp: redovisningarna förklarar
skillnaden rad för rad (docs/regler/fordelning-och-bidrag.md#forandring; KPMG 2020 avsnitt 3.4: "Hur kan det
till exempel skilja 5000 kronor per elev och år mellan två skolor med liknande
elevsammansättning? … Det har ingen hittills kunnat förklara för oss.").

Ekskolan och Björkskolan (``redovisning_hjalp``) har exakt samma elever per årskurs och lika
många nyanlända, men index 1,20 mot 0,90 (taket 9 000 kr per elev binder för Ekskolan) och
30 mot 10 elever med lågutbildade föräldrar. Hela skillnaden ska hamna i potterna
``socioekonomi`` och ``tillagg/lag_utbildning`` och med de belopp som räknas för hand."""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.fordelning.redovisning_och_forandring.redovisning import redovisning
from skolpeng.fordelning.redovisning_och_forandring.redovisning_jamforelse import (
    JAMFORELSE_KOLUMNER,
    jamfor_enheter,
)
from tests.fordelning.redovisning_hjalp import MALGRUPPER, TAK, gor_fordelning


@pytest.fixture(scope="module")
def reds():
    return {r.skolenhetskod: r for r in redovisning(gor_fordelning())}


def test_lika_elever_i_paret(reds) -> None:
    a, b = reds["10000001"], reds["10000002"]
    assert a.elever_per_stadium == b.elever_per_stadium
    assert a.kr_per_elev - b.kr_per_elev > 3_000  # olika belopp per elev


def test_skillnaden_forklaras_rad_for_rad(reds) -> None:
    a, b = reds["10000001"], reds["10000002"]
    j = jamfor_enheter(a, b)
    assert j.columns == list(JAMFORELSE_KOLUMNER)
    # raderna summerar exakt till skillnaden i belopp per elev
    assert j["skillnad_kr"].sum() == pytest.approx(a.kr_per_elev - b.kr_per_elev, abs=1e-9)
    rader = {(r["pott"], r["delpott"]): r for r in j.iter_rows(named=True)}
    # potter med samma nyckelvärden: ingen skillnad
    for k in [
        ("grundbelopp", None),
        ("tillagg", "nyanlanda"),
        ("lokaler", None),
        ("statsbidrag", None),
    ]:
        assert rader[k]["skillnad_kr"] == pytest.approx(0, abs=1e-9)
        assert rader[k]["orsak"] == "ingen skillnad"
    # socioekonomi: A har taket, B index 0,90 × priset efter omfördelningen
    socio = rader[("socioekonomi", None)]
    pris_b = b.potter[1].belopp_kr / (0.90 * 155)
    assert socio["kr_per_elev_a"] == pytest.approx(TAK)
    assert socio["skillnad_kr"] == pytest.approx(TAK - 0.90 * pris_b)
    assert (socio["nyckelvarde_a"], socio["nyckelvarde_b"]) == (1.20, 0.90)
    assert "index (behov av stöd och stimulans) 1,20 mot 0,90" in socio["orsak"]
    assert "taket band för A" in socio["orsak"]
    # lågutbildade: (30 − 10) elever × priset per elev i målgruppen / 155 elever
    lag = rader[("tillagg", "lag_utbildning")]
    antal = sum(m["lag_utbildning"] for m in MALGRUPPER.values())
    assert lag["skillnad_kr"] == pytest.approx((30 - 10) * 0.4 * 2_000_000 / antal / 155)
    assert (lag["andel_elever_a"], lag["andel_elever_b"]) == pytest.approx((30 / 155, 10 / 155))
    assert "elever i målgruppen 19,4 % mot 6,5 % av eleverna" in lag["orsak"]
    # två rader bär hela skillnaden
    assert socio["skillnad_kr"] + lag["skillnad_kr"] == pytest.approx(a.kr_per_elev - b.kr_per_elev)


def test_pott_som_bara_nar_den_ena(reds) -> None:
    """Statsbidraget når Ekskolan men inte Friskolan: raden finns med B = 0."""
    a, b = reds["10000001"], reds["30000001"]
    j = jamfor_enheter(a, b)
    rad = j.filter(pl.col("pott") == "statsbidrag").row(0, named=True)
    assert rad["kr_per_elev_b"] == 0 and rad["orsak"] == "potten når bara A"
    assert j["skillnad_kr"].sum() == pytest.approx(a.kr_per_elev - b.kr_per_elev, abs=1e-9)
    omvand = jamfor_enheter(b, a)
    assert omvand.filter(pl.col("pott") == "statsbidrag")["orsak"][0] == "potten når bara B"


KODER = ["10000001", "10000002", "10000003", "30000001"]


@pytest.mark.parametrize("a", KODER)
@pytest.mark.parametrize("b", KODER)
def test_summan_och_antisymmetri_for_alla_par(reds, a: str, b: str) -> None:
    """För varje par: raderna summerar till skillnaden, och B mot A är A mot B med ombytt
    tecken; en enhet mot sig själv har ingen skillnad."""
    ab = jamfor_enheter(reds[a], reds[b])
    ba = jamfor_enheter(reds[b], reds[a])
    assert ab["skillnad_kr"].sum() == pytest.approx(
        reds[a].kr_per_elev - reds[b].kr_per_elev, abs=1e-8
    )
    per_pott_ab = dict(
        zip(zip(ab["pott"], ab["delpott"], strict=True), ab["skillnad_kr"], strict=True)
    )
    per_pott_ba = dict(
        zip(zip(ba["pott"], ba["delpott"], strict=True), ba["skillnad_kr"], strict=True)
    )
    assert per_pott_ab.keys() == per_pott_ba.keys()
    for k, v in per_pott_ab.items():
        assert v == pytest.approx(-per_pott_ba[k], abs=1e-9)
    if a == b:
        assert (ab["skillnad_kr"].abs() < 1e-9).all()

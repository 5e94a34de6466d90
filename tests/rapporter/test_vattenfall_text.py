"""Vattenfallets förklaring i ord: en del som sänker enhetens belopp men
höjer beloppet per elev (färre elever: −151 554 kr för enheten, +708 kr per elev) förklaras;
delar som går åt samma håll får ingen extra text."""

from __future__ import annotations

from skolpeng.rapporter.redovisning.vattenfall import DEL_TEXT, olika_hall_text
from skolpeng.talformat import kr


def test_farre_elever_men_mer_per_elev_forklaras() -> None:
    text = olika_hall_text(DEL_TEXT["varav_elever_kr"], -151_554, 708)
    assert text is not None
    assert kr(151_554) in text and kr(708) in text
    assert "minskar enhetens belopp" in text and "ökar beloppet per elev" in text
    assert "färre elever" in text


def test_samma_hall_eller_noll_ger_ingen_text() -> None:
    assert olika_hall_text(DEL_TEXT["varav_elever_kr"], -151_554, -300) is None
    assert olika_hall_text(DEL_TEXT["varav_index_kr"], 20_000, 150) is None
    assert olika_hall_text(DEL_TEXT["varav_elever_kr"], 0.2, 708) is None
    assert olika_hall_text(DEL_TEXT["varav_elever_kr"], -151_554, None) is None


def test_okning_for_enheten_men_minskning_per_elev() -> None:
    text = olika_hall_text(DEL_TEXT["varav_elever_kr"], 90_000, -1_200)
    assert (
        text is not None and "ökar enhetens belopp" in text and "minskar beloppet per elev" in text
    )
    assert "färre elever" not in text

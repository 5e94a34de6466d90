"""Interkommunal ersättning (SOU 2025:72 avsnitt 3.1.1 och 10.5.3): eget val på hemkommunens
grunder, placerad elev till den mottagande kommunens kostnad."""

from __future__ import annotations

import pytest

from skolpeng.fel import IndataFel
from skolpeng.fordelning.lika_villkor.interkommunal import (
    hemkommunens_belopp_per_elev,
    interkommunal_ersattning,
)
from tests.fordelning import bidrag_hjalp as h


def test_hemkommunens_belopp_per_elev_for_hand() -> None:
    """Hemkommunens egna enheter, potter på samma grunder (bidrag_hjalp):
    F (K1): 50 000 + 8 000 + 3 000 + 2 000 + 6 000 + lokaler 15 000 + nyanlända
    60 000 / 40 elever = 1 500 -> 85 500 kr; 1–3 (K1): 60 000 + 8 000 + 11 000 + 20 000 +
    1 500 = 100 500 kr; 4–6 (K2): 65 000 + 2 000 + 11 000 + 25 000 = 103 000 kr (evakueringen
    och statsbidraget ingår inte). 7–9: kommunen har inga egna elever."""
    b = hemkommunens_belopp_per_elev(h.fordelning())
    assert dict(zip(b["stadium"], b["kr_per_elev"], strict=True)) == pytest.approx(
        {"1-3": 100_500, "4-6": 103_000, "F": 85_500}
    )


def test_eget_val_pa_hemkommunens_grunder_utan_avdrag() -> None:
    """Eget val: hemkommunens belopp; inget avdrag för utbudsansvar (SOU 10.5.3) trots 2029,
    ingen administration eller moms. Börjar i augusti: 5/12."""
    hem = hemkommunens_belopp_per_elev(h.fordelning(2029))
    e = interkommunal_ersattning("eget_val", "4-6", hem, fran_manad=8)
    assert e.kr_per_elev_och_ar == pytest.approx(103_000)
    assert e.andel_av_aret == pytest.approx(5 / 12)
    assert e.belopp_kr == pytest.approx(103_000 * 5 / 12)
    assert "10 kap. 34 §" in e.grund and "utan avdrag" in e.grund


def test_overenskommelse_gar_fore_och_krav_utan_egna_elever() -> None:
    hem = hemkommunens_belopp_per_elev(h.fordelning())
    e = interkommunal_ersattning("eget_val", "7-9", hem, overenskommet_kr=95_000)
    assert e.kr_per_elev_och_ar == 95_000 and "överens" in e.grund
    with pytest.raises(IndataFel, match="stadium 7-9"):
        interkommunal_ersattning("eget_val", "7-9", hem)


def test_placerad_elev_till_mottagande_kommunens_kostnad() -> None:
    e = interkommunal_ersattning("placerad", "1-3", mottagande_kommunens_kostnad_kr=180_000)
    assert e.kr_per_elev_och_ar == 180_000 and e.belopp_kr == 180_000
    assert "mottagande kommunens kostnad" in e.grund
    with pytest.raises(IndataFel) as fel:
        interkommunal_ersattning("placerad", "1-3", overenskommet_kr=1.0, fran_manad=0)
    assert len(fel.value.problem) == 3  # överenskommelse, kostnad saknas, månad

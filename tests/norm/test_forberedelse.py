"""Den enda vägen fram till normen: ``forbered_norm`` ger samma problem som
kontrollen med parametrarna utskrivna för hand, ``berakna_norm_for`` samma norm som
``berakna_norm`` med samma parameterläge, och ett underlag med brister ger alla problem på en
gång innan något beräknas. Webbens norm kontrollerar inte bidragens parametrar."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from polars.testing import assert_frame_equal

from skolpeng.data import validera_for_norm
from skolpeng.fel import IndataFel
from skolpeng.norm import berakna_norm
from skolpeng.norm.forberedelse import berakna_norm_for, forbered_norm
from tests.norm.hjalp import las_exempel, parametrar, underlag_fran_exempel

DATA = las_exempel("liten_nation.yaml")
N = DATA["normar"]


def test_samma_problem_som_kontrollen_med_parametrarna_for_hand() -> None:
    underlag = underlag_fran_exempel(DATA)
    lage = parametrar(dt.date(N, 1, 1))
    for_hand = validera_for_norm(
        underlag,
        N,
        "vagledande",
        int(lage.tal("norm.strukturtillagg.lokalindex_antal_ar")),
        int(lage.tal("norm.ar.kostnadsar_fore_normar")),
    )
    f = forbered_norm(underlag, N, "vagledande")
    assert list(f.problem) == for_hand == []
    assert f.lage.datum == dt.date(N, 1, 1)


@pytest.mark.parametrize("variant", ["vagledande", "bindande", "fritidshem"])
def test_samma_norm_som_berakna_norm(variant: str) -> None:
    underlag = underlag_fran_exempel(DATA)
    lage = parametrar(dt.date(N, 1, 1))
    direkt = berakna_norm(underlag, lage, N, variant)
    via = berakna_norm_for(underlag, N, variant, lage=lage)
    assert_frame_equal(via.enheter, direkt.enheter)
    assert_frame_equal(via.huvudman, direkt.huvudman)


def test_brister_ger_alla_problem_innan_nagot_beraknas() -> None:
    underlag = underlag_fran_exempel(DATA)
    utan_kpif = dataclasses.replace(underlag, nationellt=underlag.nationellt.clear())
    f = forbered_norm(utan_kpif, N, "vagledande")
    assert len(f.problem) >= 2  # KPIF för varje år C+1..N och lärarlönen för C
    assert any("KPIF" in str(p) for p in f.problem)
    with pytest.raises(IndataFel) as fel:
        berakna_norm_for(utan_kpif, N, "vagledande")
    assert list(fel.value.problem) == list(f.problem)


def test_webbens_norm_kontrollerar_inte_bidragens_parametrar(monkeypatch) -> None:
    """Webbens väg till normen (``web.korning.norm_for``) går genom ``berakna_norm_for``, inte
    genom fördelningens parameterläge (som också kräver bidragens parametrar)."""
    import skolpeng.fordelning.korning as korning
    from skolpeng.web import korning as webbkorning

    def bidragskontroll(ar: int):
        raise AssertionError("normen ska inte kontrollera bidragens parametrar")

    monkeypatch.setattr(korning, "parameterlage", bidragskontroll)
    underlag = underlag_fran_exempel(DATA)
    monkeypatch.setattr(webbkorning, "underlag_for", lambda tillstand, ds: underlag)

    class Minne:
        def norm(self, ds_id, ar, variant, berakna):
            return berakna()

    class Tillstand:
        minne = Minne()

    class Ds:
        id = 1

    norm = webbkorning.norm_for(Tillstand(), Ds(), N, "vagledande")
    assert norm is not None
    direkt = berakna_norm(underlag, parametrar(dt.date(N, 1, 1)), N, "vagledande")
    assert_frame_equal(norm.enheter, direkt.enheter)

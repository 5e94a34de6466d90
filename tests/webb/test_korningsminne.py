"""Minnet av körningar och jämförelsediagram och förvärmningen vid start (jämförelsen,
normen mot i dag och frysningen under en sekund): samma scenariotext räknas en gång per
datasetversion och förra årets beslut; en ändrad text räknas om; förvärmningen fyller samma
minne som sidorna läser."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

import skolpeng.web.korning as webbkorning
from skolpeng.lagring.tabeller import Scenario
from skolpeng.web.forvarmning import forvarm
from skolpeng.web.korningsminne import korningsnyckel
from tests.webb.test_modeller import klient, modellrad, skapa_gbg_modell
from tests.webb.test_scenarier import skapa_scenario


@pytest.fixture
def rakna_korningar(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Räknar anropen till ``kor_modell`` (den egentliga beräkningen)."""
    anrop: list[str] = []
    original = webbkorning.kor_modell

    def raknad(tillstand, modell, ds, forra=None, med_bidrag=True):  # type: ignore[no-untyped-def]
        anrop.append(modell.namn)
        return original(tillstand, modell, ds, forra, med_bidrag)

    monkeypatch.setattr(webbkorning, "kor_modell", raknad)
    return anrop


def test_jamforelsen_och_diagrammet_raknar_varje_scenario_en_gang(
    webbapp: FastAPI, rakna_korningar: list[str]
) -> None:
    mid = skapa_gbg_modell(webbapp)
    a = skapa_scenario(webbapp, mid, "Minne bas")
    b = skapa_scenario(webbapp, mid, "Minne tolv")
    k = klient(webbapp, "gbg")
    k.post_form(f"/scenarier/{b}", {"andel-1": "12"})
    rakna_korningar.clear()
    sida = k.get(f"/scenarier/jamfor?id={a}&id={b}")
    assert sida.status_code == 200
    efter_sidan = len(rakna_korningar)
    assert efter_sidan <= 2  # högst en per scenario (0 om scenariosidan redan räknat dem)
    bild = k.get(f"/scenarier/jamfor/diagram.svg?id={a}&id={b}")
    igen = k.get(f"/scenarier/jamfor/diagram.svg?id={a}&id={b}")
    assert bild.status_code == igen.status_code == 200
    assert bild.text == igen.text and "<svg" in bild.text
    assert len(rakna_korningar) == efter_sidan  # diagrammet räknade inget nytt
    # En ändrad text är en ny nyckel: det ändrade scenariot räknas om, det andra inte.
    with webbapp.state.sessionsfabrik() as db:  # ändrad direkt, utan att någon sida räknat
        s = db.get(Scenario, b)
        assert s is not None
        s.text = s.text + "\n# ändrad\n"
        db.commit()
    rakna_korningar.clear()
    assert k.get(f"/scenarier/jamfor?id={a}&id={b}").status_code == 200
    assert len(rakna_korningar) == 1


def test_nyckeln_skiljer_text_forra_aret_och_bidrag() -> None:
    bas = korningsnyckel(1, "a: 1", None, False)
    assert bas == korningsnyckel(1, "a: 1", None, False)
    assert len({bas, korningsnyckel(2, "a: 1", None, False), korningsnyckel(1, "a: 2", None, False),
                korningsnyckel(1, "a: 1", None, True)}) == 4  # fmt: skip


def test_forvarmningen_fyller_underlag_och_norm(webbapp: FastAPI) -> None:
    mid = skapa_gbg_modell(webbapp)
    m = modellrad(webbapp, mid)
    ds_id = m.dataset_id
    webbapp.state.minne = type(webbapp.state.minne)()  # tomt minne, som vid start
    forvarm(webbapp)

    def far_inte_raknas():  # type: ignore[no-untyped-def]
        raise AssertionError("skulle ha funnits i minnet efter förvärmningen")

    underlag = webbapp.state.minne.underlag(ds_id, far_inte_raknas)
    assert underlag.skolenheter.height > 0
    norm = webbapp.state.minne.norm(ds_id, 2026, "vagledande", far_inte_raknas)
    assert norm is not None and norm.normar == 2026
    from skolpeng.web.diagrambilder import simuleringsbild

    bild = simuleringsbild(ds_id, 2026, "vagledande", "spridning", None)  # ur minnet: ritas inte
    assert bild is not None and bild.startswith(b"\x89PNG")


def test_forberakningen_gor_att_faststallandet_inte_raknar_om(
    webbapp: FastAPI, rakna_korningar: list[str]
) -> None:
    from skolpeng.web.forberakning import forbered_beslut

    mid = skapa_gbg_modell(webbapp)
    sid = skapa_scenario(webbapp, mid, "Förberäknat")
    k = klient(webbapp, "gbg")
    assert k.get(f"/beslut/ny?scenario_id={sid}").status_code == 200
    with webbapp.state.sessionsfabrik() as db:
        s = db.get(Scenario, sid)
        assert s is not None
        text = s.text
    forbered_beslut(webbapp.state, text, mid).join(120)
    rakna_korningar.clear()
    svar = k.post_form("/beslut", {"scenario_id": sid, "namn": "Förberäknat"},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    assert rakna_korningar == []  # körningen med bidragen fanns redan i minnet

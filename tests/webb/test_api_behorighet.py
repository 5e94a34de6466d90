"""JSON-API:ts behörighet: samma regler som sidorna (``web.behorighet``), för varje väg.

Göteborgs modell, scenario och beslut (``test_api.skapa_objekt``) prövas som Malmös
handläggare, rektorn, den enskilda huvudmannen, administratören och utan inloggning."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from tests.webb.hjalp import ANNAN_GBG_ENHET, REKTORNS_ENHETER, Klient
from tests.webb.test_api import GBG_MODELL, skapa_objekt, token_for


@pytest.fixture(scope="module")
def objekt(webbapp: FastAPI) -> dict[str, int]:
    return skapa_objekt(webbapp)


def _vagar(o: dict[str, int]) -> list[tuple[str, str]]:
    kod = REKTORNS_ENHETER[0]
    return [
        ("get", "/api/dataset"),
        ("get", f"/api/norm?dataset_id={o['dataset']}&ar=2026"),
        ("get", "/api/modeller"),
        ("get", f"/api/modeller/{o['modell']}"),
        ("get", f"/api/scenarier/{o['scenario']}"),
        ("get", f"/api/scenarier/{o['scenario']}/redovisningar/{kod}"),
        ("get", "/api/beslut"),
        ("get", f"/api/beslut/{o['beslut']}"),
        ("get", f"/api/beslut/{o['beslut']}/redovisningar/{kod}"),
        ("post", "/api/fordelning"),
        ("post", "/api/utloggning"),
    ]


def test_utan_inloggning_401_json(webbapp: FastAPI, objekt: dict[str, int]) -> None:
    k = Klient(webbapp)
    for metod, url in _vagar(objekt):
        svar = k.request(metod, url, json={"modell_id": objekt["modell"]})
        assert svar.status_code == 401, url
        assert svar.json() == {"fel": "Inloggning krävs."}, url
    ogiltig = {"Authorization": "Bearer inte-en-riktig-token"}
    assert k.get("/api/modeller", headers=ogiltig).status_code == 401


def test_annan_kommuns_handlaggare_ser_inget(webbapp: FastAPI, objekt: dict[str, int]) -> None:
    k, rubrik = Klient(webbapp), token_for(webbapp, "malmo")
    kod = REKTORNS_ENHETER[0]
    for url in (f"/api/modeller/{objekt['modell']}", f"/api/scenarier/{objekt['scenario']}",
                f"/api/scenarier/{objekt['scenario']}/redovisningar/{kod}",
                f"/api/beslut/{objekt['beslut']}",
                f"/api/beslut/{objekt['beslut']}/redovisningar/{kod}"):  # fmt: skip
        svar = k.get(url, headers=rubrik)
        assert svar.status_code == 404, url
        assert "finns inte" in svar.json()["fel"]
    assert k.get("/api/modeller", headers=rubrik).json() == []
    assert k.get("/api/beslut", headers=rubrik).json() == []
    # en sparad modell eller ett scenario i en annan kommun: 404
    for kropp in ({"modell_id": objekt["modell"]}, {"scenario_id": objekt["scenario"]}):
        assert k.post("/api/fordelning", json=kropp, headers=rubrik).status_code == 404
    # egen modelltext för Göteborg: 403 med svenskt besked
    svar = k.post("/api/fordelning", headers=rubrik, json={
        "dataset_id": objekt["dataset"], "modelltext": GBG_MODELL.read_text("utf-8")})  # fmt: skip
    assert svar.status_code == 403
    assert "din egen kommun (1280)" in svar.json()["fel"] and "1480" in svar.json()["fel"]
    # men normen är nationell och datasetet gemensamt
    assert k.get(f"/api/norm?dataset_id={objekt['dataset']}&ar=2026&skolenhetskod="
                 f"{REKTORNS_ENHETER[0]}", headers=rubrik).status_code == 200  # fmt: skip


def test_rektorn_ser_bara_sina_enheter(webbapp: FastAPI, objekt: dict[str, int]) -> None:
    k, rubrik = Klient(webbapp), token_for(webbapp, "rektor")
    b = objekt["beslut"]
    for kod in REKTORNS_ENHETER:
        svar = k.get(f"/api/beslut/{b}/redovisningar/{kod}", headers=rubrik)
        assert svar.status_code == 200 and svar.json()["skolenhetskod"] == kod
    svar = k.get(f"/api/beslut/{b}/redovisningar/{ANNAN_GBG_ENHET}", headers=rubrik)
    assert svar.status_code == 404 and "belopp_kr" not in svar.text
    assert k.get(f"/api/beslut/{b}", headers=rubrik).json()["filer"] is None
    assert [x["id"] for x in k.get("/api/beslut", headers=rubrik).json()] == [b]
    # handläggarens vägar: rollen räcker inte (403)
    for metod, url in _vagar(objekt):
        if "/beslut" in url or "utloggning" in url:
            continue
        svar = k.request(metod, url, headers=rubrik, json={"modell_id": objekt["modell"]})
        assert svar.status_code == 403, url
        assert svar.json()["fel"] == "Din roll har inte behörighet till den här sidan."


def test_huvudmannen_ser_beslutet_men_inte_redovisningar(webbapp: FastAPI,
                                                         objekt: dict[str, int]) -> None:  # fmt: skip
    k, rubrik = Klient(webbapp), token_for(webbapp, "huvudman")
    b = objekt["beslut"]
    assert [x["id"] for x in k.get("/api/beslut", headers=rubrik).json()] == [b]
    assert k.get(f"/api/beslut/{b}", headers=rubrik).json()["filer"] is None
    svar = k.get(f"/api/beslut/{b}/redovisningar/{ANNAN_GBG_ENHET}", headers=rubrik)
    assert svar.status_code == 404
    assert k.get("/api/modeller", headers=rubrik).status_code == 403


def test_administratoren_ser_allt(webbapp: FastAPI, objekt: dict[str, int]) -> None:
    k, rubrik = Klient(webbapp), token_for(webbapp, "admin")
    assert k.get(f"/api/modeller/{objekt['modell']}", headers=rubrik).status_code == 200
    svar = k.get(f"/api/beslut/{objekt['beslut']}/redovisningar/{ANNAN_GBG_ENHET}",
                 headers=rubrik)  # fmt: skip
    assert svar.status_code == 200 and svar.json()["huvudmannatyp"] == "enskild"
    svar = k.post("/api/fordelning", json={"scenario_id": objekt["scenario"]}, headers=rubrik)
    assert svar.status_code == 200 and len(svar.json()["enheter"]) == 177


def test_okant_objekt_och_dataset_ger_404(webbapp: FastAPI, objekt: dict[str, int]) -> None:
    k, rubrik = Klient(webbapp), token_for(webbapp, "gbg")
    assert k.get("/api/modeller/999999", headers=rubrik).status_code == 404
    assert k.get("/api/beslut/999999/redovisningar/1", headers=rubrik).status_code == 404
    assert k.get("/api/norm?dataset_id=999999&ar=2026", headers=rubrik).status_code == 404
    svar = k.get(f"/api/beslut/{objekt['beslut']}/redovisningar/00000000", headers=rubrik)
    assert svar.status_code == 404

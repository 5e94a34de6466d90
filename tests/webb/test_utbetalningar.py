"""Sidan Utbetalningar: handläggaren beräknar en månad på ett fastställt beslut och
ser den per mottagare, fryser den (granskningsloggen), laddar ned filerna; nästa månad räknas
mot den frysta; en fryst månad räknas inte om; andra kommuners handläggare får 404; den
enskilda huvudmannen ser bara sina egna utbetalningar."""

from __future__ import annotations

import io

import polars as pl
import pytest
from fastapi import FastAPI

from skolpeng.lagring.logg import las_logg
from skolpeng.lagring.utbetalning import Utbetalningsmanad, innehallshash
from tests.webb.hjalp import GBG, HUVUDMAN_ID, logga_in
from tests.webb.test_beslut import skapa_modell

SCHEMA = {"huvudman_id": pl.String, "skolenhetskod": pl.String, "hemkommun": pl.String}


@pytest.fixture(scope="module")
def beslut_id(webbapp: FastAPI) -> int:
    modell_id = skapa_modell(webbapp)
    k = logga_in(webbapp, "gbg")
    svar = k.post_form(
        "/beslut", {"modell_id": modell_id, "namn": "Budget 2026"}, follow_redirects=False
    )
    assert svar.status_code == 303, svar.text
    return int(svar.headers["location"].rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def frysta(webbapp: FastAPI, beslut_id: int) -> dict[str, int]:
    k = logga_in(webbapp, "gbg")
    ut = {}
    for manad in ("2026-01", "2026-02"):
        svar = k.post_form(
            "/utbetalningar", {"beslut_id": beslut_id, "manad": manad}, follow_redirects=False
        )
        assert svar.status_code == 303, svar.text
        ut[manad] = int(svar.headers["location"].rsplit("/", 1)[1])
    return ut


def test_berakna_manaden_per_mottagare(webbapp: FastAPI, beslut_id: int) -> None:
    k = logga_in(webbapp, "gbg")
    sida = k.get(f"/utbetalningar/berakna?beslut_id={beslut_id}&manad=2026-01")
    assert sida.status_code == 200, sida.text
    assert "Per mottagare" in sida.text and "Frys månaden" in sida.text
    assert "AcadeMedia Grundskolor AB" in sida.text
    assert "Fordringar på andra hemkommuner" in sida.text


def test_frysta_manader_loggas_och_filerna_stammer(webbapp: FastAPI, frysta: dict) -> None:
    k = logga_in(webbapp, "gbg")
    sida = k.get(f"/utbetalningar/{frysta['2026-02']}")
    assert sida.status_code == 200 and "stämmer med filerna" in sida.text
    csv = k.get(f"/utbetalningar/{frysta['2026-02']}/utbetalningar.csv")
    assert csv.status_code == 200
    d = pl.read_csv(io.BytesIO(csv.content), schema_overrides=SCHEMA)
    jan = d.filter(pl.col("manad") == "2026-01")
    assert set(jan["status"]) == {"fryst"}
    with webbapp.state.sessionsfabrik() as db:
        post = db.get(Utbetalningsmanad, frysta["2026-01"])
        assert post is not None
        assert innehallshash(post.utbetalningar, post.fordringar) == post.innehall_sha256
        forsta = pl.read_csv(io.BytesIO(post.utbetalningar), schema_overrides=SCHEMA)
        kol = [c for c in forsta.columns if c != "status"]
        # januari i februaris fil är exakt januari som den frystes
        assert jan.select(kol).equals(forsta.filter(pl.col("manad") == "2026-01").select(kol))
        handlingar = [h.handling for h in las_logg(db, GBG)]
    assert handlingar.count("frös utbetalningsmånad") >= 2
    assert "laddade ned utbetalningsfil" in handlingar


def test_fryst_manad_raknas_inte_om(webbapp: FastAPI, beslut_id: int, frysta: dict) -> None:
    k = logga_in(webbapp, "gbg")
    svar = k.post_form("/utbetalningar", {"beslut_id": beslut_id, "manad": "2026-01"})
    assert svar.status_code == 400
    assert "redan fryst" in svar.text


def test_annan_kommun_far_404(webbapp: FastAPI, beslut_id: int, frysta: dict) -> None:
    k = logga_in(webbapp, "malmo")
    assert k.get(f"/utbetalningar/{frysta['2026-01']}").status_code == 404
    assert k.get(f"/utbetalningar/berakna?beslut_id={beslut_id}&manad=2026-03").status_code == 404


def test_huvudmannen_ser_sina_egna(webbapp: FastAPI, frysta: dict) -> None:
    k = logga_in(webbapp, "huvudman")
    sida = k.get("/utbetalningar")
    assert sida.status_code == 200
    assert "Utbetalningar till huvudmannen" in sida.text
    with webbapp.state.sessionsfabrik() as db:
        post = db.get(Utbetalningsmanad, frysta["2026-01"])
        assert post is not None
        d = pl.read_csv(io.BytesIO(post.utbetalningar), schema_overrides=SCHEMA)
    egna = d.filter(pl.col("huvudman_id") == HUVUDMAN_ID)
    andra = d.filter(pl.col("huvudman_id") != HUVUDMAN_ID)
    assert egna.height > 0
    assert str(egna["skolenhetskod"][0]) in sida.text
    assert all(
        str(kod) not in sida.text
        for kod in set(andra["skolenhetskod"]) - set(egna["skolenhetskod"])
    )
    assert k.get(f"/utbetalningar/{frysta['2026-01']}").status_code in (403, 404)


def test_betalningsfilen_for_huvudmannen(webbapp: FastAPI, frysta: dict) -> None:
    url = f"/utbetalningar/{frysta['2026-01']}/betalning/{HUVUDMAN_ID}"
    egen = logga_in(webbapp, "huvudman")
    xlsx = egen.get(f"{url}.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert (
        egen.get(f"/utbetalningar/{frysta['2026-01']}/betalning/5560354309.csv").status_code == 404
    )
    csv = logga_in(webbapp, "gbg").get(f"{url}.csv")
    assert csv.status_code == 200
    d = pl.read_csv(io.BytesIO(csv.content), schema_overrides=SCHEMA)
    assert set(d["huvudman_id"]) == {HUVUDMAN_ID} and set(d["manad"]) == {"2026-01"}
    assert logga_in(webbapp, "malmo").get(f"{url}.csv").status_code == 404
    with webbapp.state.sessionsfabrik() as db:
        assert "laddade ned betalningsfil" in [h.handling for h in las_logg(db, GBG)]

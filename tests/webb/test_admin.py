"""Användaradministrationen: bara administratören, formuläret skapar användare (med alla fel
på svenska och inget sparat), inaktivering stänger inloggningen och allt loggas."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI

from skolpeng.lagring.tabeller import Anvandare
from tests.webb.hjalp import LOSENORD, logga_in


@pytest.mark.parametrize("vem", ["gbg", "malmo", "rektor", "huvudman"])
def test_andra_an_administratoren_far_403(webbapp: FastAPI, vem: str) -> None:
    k = logga_in(webbapp, vem)
    assert k.get("/anvandare").status_code == 403
    svar = k.post_form("/anvandare", {"anvandarnamn": "inbrott", "losenord": LOSENORD,
                                      "roll": "administrator"})  # fmt: skip
    assert svar.status_code == 403
    assert k.post_form("/anvandare/1/inaktivera").status_code == 403
    with webbapp.state.sessionsfabrik() as db:
        assert db.query(Anvandare).filter_by(anvandarnamn="inbrott").count() == 0


def test_admin_skapar_och_inaktiverar_anvandare(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "admin")
    sida = k.get("/anvandare")
    assert sida.status_code == 200 and "<caption>Alla användare</caption>" in sida.text
    assert '<label for="ny-anvandarnamn">' in sida.text
    svar = k.post_form("/anvandare", {"anvandarnamn": "rektor2", "namn": "Rolf Rektor",
                                      "losenord": LOSENORD, "roll": "rektor", "kommunkod": "1480",
                                      "skolenheter": "10245367, 11099088"},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303
    with webbapp.state.sessionsfabrik() as db:
        ny = db.query(Anvandare).filter_by(anvandarnamn="rektor2").one()
        assert (ny.roll, ny.kommunkod, ny.skolenheter) == ("rektor", "1480",
                                                           ["10245367", "11099088"])  # fmt: skip
        ny_id = ny.id
    ny_klient = logga_in(webbapp, "rektor2")
    assert "Rolf Rektor" in ny_klient.get("/").text
    svar = k.post_form(f"/anvandare/{ny_id}/inaktivera", follow_redirects=False)
    assert svar.status_code == 303
    assert ny_klient.get("/", follow_redirects=False).status_code == 303  # utloggad
    assert "Inaktiverad" in k.get("/anvandare").text
    logg = k.get("/logg").text
    assert re.search(r"<td>admin</td><td>skapade användare</td><td>användare rektor2</td>", logg)
    assert re.search(r"<td>admin</td><td>inaktiverade användare</td><td>användare rektor2</td>",
                     logg)  # fmt: skip
    assert k.post_form("/anvandare/999999/inaktivera").status_code == 404


def test_alla_fel_visas_pa_svenska_och_inget_sparas(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "admin")
    svar = k.post_form("/anvandare", {"anvandarnamn": "gbg", "losenord": "kort",
                                      "roll": "rektor", "kommunkod": "14"})  # fmt: skip
    assert svar.status_code == 400
    assert 'role="alert"' in svar.text and 'aria-describedby="anvandarfel"' in svar.text
    for text in ("minst 12 tecken", "kommunkod med fyra siffror", "minst en skolenhetskod",
                 "finns redan"):  # fmt: skip
        assert text in svar.text, text
    assert 'value="gbg"' in svar.text  # ifyllda värden finns kvar (utom lösenordet)
    with webbapp.state.sessionsfabrik() as db:
        assert db.query(Anvandare).filter_by(anvandarnamn="gbg").count() == 1


def test_admin_kan_inte_inaktivera_sig_sjalv(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "admin")
    with webbapp.state.sessionsfabrik() as db:
        admin_id = db.query(Anvandare).filter_by(anvandarnamn="admin").one().id
    svar = k.post_form(f"/anvandare/{admin_id}/inaktivera")
    assert svar.status_code == 400 and "ditt eget konto" in svar.text
    assert k.get("/anvandare").status_code == 200

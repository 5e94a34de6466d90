"""Fel blir svenska sidor med säkerhetsrubrikerna: för stora id, fel typ i adressen och
oväntade fel (aldrig en spårning eller pydantics engelska text)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from skolpeng.web.sakerhet import Sakerhetslager
from skolpeng.web.valideringsfel import svensk_text
from tests.webb.hjalp import logga_in

STORT = "99999999999999999999"


@pytest.mark.parametrize("url", [f"/modeller/{STORT}", f"/beslut/{STORT}", f"/dataset/{STORT}",
                                 f"/scenarier/{STORT}", f"/api/beslut/{STORT}"])  # fmt: skip
def test_for_stort_id_ger_svensk_404(webbapp: FastAPI, url: str) -> None:
    k = logga_in(webbapp, "gbg")
    svar = k.get(url)
    assert svar.status_code == 404
    assert "finns inte" in svar.text
    assert "frame-ancestors 'none'" in svar.headers["content-security-policy"]


def test_fel_typ_i_adressen_ger_svensk_text(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "gbg")
    svar = k.get("/norm?ar=abc")
    assert svar.status_code == 422
    assert "ar (i adressen): ska vara ett heltal" in svar.text
    assert "Input should be" not in svar.text
    api = k.get("/api/norm?ar=abc").json()
    assert "ar (i adressen): ska vara ett heltal" in api["problem"]


def test_svenska_valideringstexter() -> None:
    assert svensk_text({"type": "missing", "loc": ("body", "modelltext")}) == (
        "modelltext (i förfrågan): saknas"
    )
    assert svensk_text(
        {"type": "string_too_long", "loc": ("query", "sok"), "ctx": {"max_length": 100}}
    ) == (  # fmt: skip
        "sok (i adressen): är för lång (högst 100 tecken)"
    )
    assert svensk_text({"type": "greater_than_equal", "loc": ("query", "ar"),
                        "ctx": {"ge": 2000}}) == "ar (i adressen): ska vara minst 2000"  # fmt: skip
    assert svensk_text({"type": "ny_okand_typ", "loc": ("x",)}) == "x: har ett ogiltigt värde"


def test_ovantat_fel_ger_svensk_500_med_rubriker() -> None:
    app = FastAPI()

    @app.get("/fel")
    def fel() -> None:
        raise RuntimeError("hemlig detalj i spårningen")

    app.add_middleware(Sakerhetslager, max_bytes=1000)
    svar = TestClient(app, raise_server_exceptions=False).get("/fel")
    assert svar.status_code == 500
    assert "Ett oväntat fel inträffade" in svar.text
    assert "hemlig detalj" not in svar.text and "Traceback" not in svar.text
    assert svar.headers["x-frame-options"] == "DENY"


def test_felsidan_har_menyn_for_inloggad(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "gbg")
    svar = k.get("/modeller/987654")
    assert svar.status_code == 404
    assert 'aria-label="Huvudmeny"' in svar.text and "Logga ut" in svar.text

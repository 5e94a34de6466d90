"""Kommunens uppföljningsrapport i webben: handläggaren i Göteborg ser
Göteborgs rapport (sidan, HTML och PDF med gapet som biblioteket räknar), handläggaren i Malmö
får 404 på Göteborgs, rektorn och huvudmannen 403; administratören väljer kommun."""

from __future__ import annotations

import polars as pl
import pytest
from fastapi import FastAPI

from skolpeng.rapporter.uppfoljning.kommunrapport_fil import medfoljande_serie
from skolpeng.talformat import decimal
from tests.webb.hjalp import logga_in


@pytest.fixture(scope="module")
def gbg_gap() -> pl.DataFrame:
    s, _ = medfoljande_serie()
    return s.gap.per_ar.filter((pl.col("omrade") == "1480") & (pl.col("utfall") == "meritvarde"))


def test_handlaggaren_ser_sin_kommuns_rapport(webbapp: FastAPI, gbg_gap: pl.DataFrame) -> None:
    k = logga_in(webbapp, "gbg")
    sida = k.get("/uppfoljning")
    assert sida.status_code == 200
    assert "Göteborg (1480)" in sida.text and "/uppfoljning/1480/rapport.pdf" in sida.text
    html = k.get("/uppfoljning/1480/rapport.html")
    assert html.status_code == 200
    senast = gbg_gap.sort("ar").row(-1, named=True)
    assert decimal(senast["gap"], 1) in html.text  # gapet i meritvärde 2024/25
    assert "aria-label=" in html.text  # diagrammen har textalternativ
    pdf = k.get("/uppfoljning/1480/rapport.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]


def test_andra_kommuners_handlaggare_och_andra_roller_nekas(webbapp: FastAPI) -> None:
    malmo = logga_in(webbapp, "malmo")
    for url in ("/uppfoljning?kommun=1480", "/uppfoljning/1480/rapport.html",
                "/uppfoljning/1480/rapport.pdf"):  # fmt: skip
        assert malmo.get(url).status_code == 404, url
    for roll in ("rektor", "huvudman"):
        k = logga_in(webbapp, roll)
        assert k.get("/uppfoljning/1480/rapport.html").status_code == 403


def test_administratoren_valjer_kommun_och_fel_forklaras(webbapp: FastAPI) -> None:
    admin = logga_in(webbapp, "admin")
    sida = admin.get("/uppfoljning?kommun=1480")
    assert sida.status_code == 200 and "Göteborg (1480)" in sida.text
    tom = admin.get("/uppfoljning?kommun=9999")
    assert tom.status_code == 200 and "har inga skolenheter i resultatserien" in tom.text
    assert admin.get("/uppfoljning?kommun=abcd").status_code == 404

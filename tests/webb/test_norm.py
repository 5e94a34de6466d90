"""Normens sidor: filtren ger bibliotekets rader, sökningen hittar enheten, sidindelningen
täcker alla rader en gång, publiceringstabellen har bibliotekets tal, simuleringen visar
diagrammen som bilder och fel förklaras på svenska."""

from __future__ import annotations

import re

import polars as pl
import pytest
from fastapi import FastAPI

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.fordelning.korning import parameterlage
from skolpeng.norm import berakna_norm
from skolpeng.norm.publicering import publiceringstabell
from skolpeng.norm.resultat import NormResultat
from tests.webb.hjalp import logga_in


@pytest.fixture(scope="module")
def norm() -> NormResultat:
    """Den vägledande normen 2026 beräknad direkt med biblioteket (utan webben)."""
    return berakna_norm(las_underlag(hitta_underlag("sverige")), parameterlage(2026), 2026,
                        "vagledande")  # fmt: skip


def _antal(html: str) -> int:
    m = re.search(r"\(([\d\s\xa0]+) rader\)|<p>([\d\s\xa0]+) rader\.</p>", html)
    assert m, html[-3000:]
    return int(re.sub(r"\D", "", m.group(1) or m.group(2)))


def test_filtret_kommun_ger_bibliotekets_rader(webbapp: FastAPI, norm: NormResultat) -> None:
    k = logga_in(webbapp, "gbg")
    html = k.get("/norm?kommun=1480").text
    kommuner = re.findall(r'data-kommunkod="(\d+)"', html)
    assert len(kommuner) == 50 and set(kommuner) == {"1480"}
    forvantat = norm.enheter.filter(pl.col("kommunkod") == "1480").height
    assert _antal(html) == forvantat
    # Alla sidor tillsammans: varje (enhet, stadium) exakt en gång.
    sidor = -(-forvantat // 50)
    sett = []
    for n in range(1, sidor + 1):
        sida = k.get(f"/norm?kommun=1480&sida={n}").text
        sett += re.findall(r'data-kod="(\d+)"[^>]*>\s*<th scope="row">[^<]*</th><td>\d+</td>'
                           r'\s*<td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>', sida)  # fmt: skip
        if n < sidor:
            assert f"sida={n + 1}" in sida and "Nästa sida" in sida
    assert len(sett) == forvantat == len(set(sett))


def test_filter_for_typ_stadium_och_kommungrupp(webbapp: FastAPI, norm: NormResultat) -> None:
    k = logga_in(webbapp, "admin")
    rad = norm.enheter.row(0, named=True)
    url = (f"/norm?kommun={rad['kommunkod']}&huvudmannatyp={rad['huvudmannatyp']}"
           f"&stadium={rad['stadium']}&kommungrupp={rad['kommungrupp']}")  # fmt: skip
    forvantat = norm.enheter.filter(
        (pl.col("kommunkod") == rad["kommunkod"])
        & (pl.col("huvudmannatyp") == rad["huvudmannatyp"])
        & (pl.col("stadium") == rad["stadium"])
        & (pl.col("kommungrupp") == rad["kommungrupp"])
    )
    html = k.get(url.replace(" ", "+")).text
    assert _antal(html) == forvantat.height
    assert set(re.findall(r'data-kod="(\d+)"', html)) <= set(forvantat["skolenhetskod"])


def test_sokning_pa_namn_och_kod(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "gbg")
    html = k.get("/norm?sok=svartedal").text
    assert 'data-kod="10245367"' in html and "Svartedalsskolan" in html
    assert set(re.findall(r'data-kod="(\d+)"', k.get("/norm?sok=10245367").text)) == {"10245367"}
    html = k.get("/norm?sok=finnsintenagonstans").text
    assert "Inga skolenheter matchar urvalet." in html


def test_publiceringstabellen_har_bibliotekets_tal(webbapp: FastAPI, norm: NormResultat) -> None:
    k = logga_in(webbapp, "gbg")
    html = k.get("/norm/publicering?kommun=1480&stadium=1-3").text
    tabell = publiceringstabell(norm).filter(
        (pl.col("kommunkod") == "1480") & (pl.col("stadium") == "1-3")
    )
    rader = re.findall(r'data-kod="(\d+)" data-stadium="1-3" data-radtyp="(\w+)">.*?'
                       r'data-norm="(-?\d+)"', html, re.DOTALL)  # fmt: skip
    assert len(rader) == min(50, tabell.height) and rader
    forvantat = {(r["skolenhetskod"] or r["huvudman_id"], r["radtyp"]): r["norm"]
                 for r in tabell.iter_rows(named=True)}  # fmt: skip
    for kod, radtyp, varde in rader:
        assert forvantat[(kod, radtyp)] == int(varde)
    assert _antal(html) == tabell.height


def test_simuleringen_visar_diagram_som_bilder(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "gbg")
    html = k.get("/norm/simulering").text
    assert "kommunala huvudmän" in html and "<table>" in html
    bilder = re.findall(r'<img src="([^"]+\.png[^"]*)" alt="([^"]+)"', html)
    assert len(bilder) == 4
    url = bilder[0][0].replace("&amp;", "&")
    svar = k.get(url)
    assert svar.status_code == 200 and svar.content.startswith(b"\x89PNG")
    assert k.get(url.replace("spridning", "finns_inte")).status_code == 404


def test_fel_och_behorighet(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "gbg")
    html = k.get("/norm?variant=okand").text
    assert 'role="alert"' in html and "Okänd variant" in html
    html = k.get("/norm?ar=2040").text
    assert 'role="alert"' in html and "Normen kan inte visas" in html
    assert k.get("/norm?dataset=999999").status_code == 404
    assert k.get("/norm?ar=abc").status_code == 422
    r = logga_in(webbapp, "rektor")
    assert r.get("/norm").status_code == 403
    assert r.get("/norm/simulering/diagram/spridning.png").status_code == 403

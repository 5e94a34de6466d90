"""Webbläsartest av importen av förra årets fördelning och vattenfallet, med axe-core.

Handläggaren (gbg) importerar 2025 års utdatakatalog (byggd här med biblioteket som
``skolpeng fordela`` gör, som zip-fil) genom formuläret på ``/beslut/importera``, skapar en
modell för 2026 med två scenarier och öppnar en enhets redovisning: vattenfallet visas (bild
med alternativtext och samma tal i tabellen). Redovisningen, importformuläret och jämförelsen
av två scenarier kontrolleras med axe-core.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.fordelning.korning import berakna_fordelning
from skolpeng.fordelning.modellfil.schema import las_modell_text
from skolpeng.rapporter.fordelning.utdata import skriv_fordelning_utdata
from tests.webb.hjalp import REKTORNS_ENHETER
from tests.webb.test_forra_import import MODELL, modelltext_2025, zippa
from tests.webblasare.hjalp import besok, kontrollera_tillganglighet, logga_in


@pytest.fixture(scope="module")
def forra_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2025 års utdatakatalog (utan PDF) som zip-fil."""
    tmp = tmp_path_factory.mktemp("forra_zip")
    text25 = modelltext_2025(MODELL.read_text(encoding="utf-8"))
    modellfil = tmp / "modell_2025.yaml"
    modellfil.write_text(text25, encoding="utf-8")
    korning = berakna_fordelning(las_modell_text(text25, "m.yaml"),
                                 las_underlag(hitta_underlag("sverige")))  # fmt: skip
    korning = dataclasses.replace(korning, modellfil=modellfil)
    skriv_fordelning_utdata(korning, tmp / "ut", {}, pdf=False)
    zipfil = tmp / "goteborg_2025.zip"
    zipfil.write_bytes(zippa(tmp / "ut"))
    return zipfil


def _id(url: str, monster: str) -> int:
    m = re.search(monster, url)
    assert m, url
    return int(m.group(1))


def _nytt_scenario(sida: Any, modell: int, namn: str) -> int:
    besok(sida, f"/modeller/{modell}/scenarier")
    sida.fill("#namn", namn)
    sida.click("#skapa-scenario")
    sida.wait_for_url(re.compile(r"/scenarier/\d+$"))
    return _id(sida.url, r"/scenarier/(\d+)$")


def test_import_vattenfall_och_jamforelse(sida: Any, forra_zip: Path) -> None:
    logga_in(sida, "gbg")
    besok(sida, "/beslut")
    sida.click("a[href='/beslut/importera']")
    sida.wait_for_url(re.compile(r"/beslut/importera$"))
    kontrollera_tillganglighet(sida)
    ds = sida.locator("#dataset_id option", has_text="sverige").first
    sida.select_option("#dataset_id", ds.get_attribute("value"))
    sida.set_input_files("#fil", str(forra_zip))
    sida.click("form.formular button[type=submit]")
    sida.wait_for_url(re.compile(r"/beslut/\d+$"))
    kontrollera_tillganglighet(sida)
    assert "Importerat: goteborg_2025.zip" in sida.inner_text("main")

    besok(sida, "/modeller")
    varde = sida.locator("#exempel option", has_text="goteborg_typ").first.get_attribute("value")
    sida.select_option("#exempel", varde)
    ds = sida.locator("#dataset_id option", has_text="sverige version").first
    sida.select_option("#dataset_id", ds.get_attribute("value"))
    sida.click("#skapa-modell")
    sida.wait_for_url(re.compile(r"/modeller/\d+$"))
    modell = _id(sida.url, r"/modeller/(\d+)$")
    a = _nytt_scenario(sida, modell, "Vattenfall A")
    b = _nytt_scenario(sida, modell, "Vattenfall B")

    besok(sida, f"/scenarier/{a}/enheter/{REKTORNS_ENHETER[0]}")
    bild = sida.locator("img[src$='vattenfall.svg']")
    assert bild.count() == 1 and "Vattenfallsdiagram" in (bild.get_attribute("alt") or "")
    assert sida.locator("[data-del]").count() >= 3
    besok(sida, f"/scenarier/jamfor?id={a}&id={b}")
    assert "Vattenfall A" in sida.inner_text("main") and "Vattenfall B" in sida.inner_text("main")

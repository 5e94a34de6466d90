"""Webbläsartester av handläggarens flöde och rektorns gränser, med axe-core på varje sida.

Handläggaren (gbg): skapar en modell ur exemplet ``goteborg_typ`` och kör den, skapar ett
scenario, ändrar den socioekonomiska andelen och ser potternas belopp räknas om på plats
(HTMX, ingen omladdning), öppnar en enhets redovisning och jämförelsen, fastställer
scenariot som beslut och laddar ned ett beslut om bidrag (PDF); besöker normens, beslutens,
loggens och API:ts sidor. Rektorn: når sina enheters redovisning men inte en annan enhets
eller någon nedladdning för en annan enhet, inte heller genom att ändra adressen (404 på
svenska). Testerna i filen körs i ordning och delar beslutet i ``TILLSTAND``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.webb.hjalp import ANNAN_GBG_ENHET, HUVUDMAN_ID, REKTORNS_ENHETER
from tests.webblasare.hjalp import besok, kontrollera_tillganglighet, logga_in

TILLSTAND: dict[str, Any] = {}


def _id(url: str, monster: str) -> int:
    m = re.search(monster, url)
    assert m, url
    return int(m.group(1))


def test_handlaggarens_flode(sida: Any) -> None:
    logga_in(sida, "gbg")
    besok(sida, "/modeller")
    varde = sida.locator("#exempel option", has_text="goteborg_typ").first.get_attribute("value")
    sida.select_option("#exempel", varde)
    ds = sida.locator("#dataset_id option", has_text="sverige version").first
    sida.select_option("#dataset_id", ds.get_attribute("value"))
    sida.click("#skapa-modell")
    sida.wait_for_url(re.compile(r"/modeller/\d+$"))
    kontrollera_tillganglighet(sida)
    modell = _id(sida.url, r"/modeller/(\d+)$")

    besok(sida, f"/modeller/{modell}/resultat")
    assert "Fördelat totalt" in sida.inner_text("main")

    besok(sida, f"/modeller/{modell}/scenarier")
    sida.fill("#namn", "Tolv procent")
    sida.click("#skapa-scenario")
    sida.wait_for_url(re.compile(r"/scenarier/\d+$"))
    kontrollera_tillganglighet(sida)
    scenario = _id(sida.url, r"/scenarier/(\d+)$")
    TILLSTAND["scenario"] = scenario

    # Den socioekonomiska andelen ändras; potternas tabell räknas om utan omladdning.
    etikett = sida.locator("label", has_text="socioekonomisk andel").first
    spak = etikett.get_attribute("for")
    fore_varde = float(sida.input_value(f"#{spak}"))
    fore = sida.inner_text("#resultat table")
    sida.evaluate("() => { window.__ingenOmladdning = true; }")
    nytt = fore_varde + 4 if fore_varde < 90 else fore_varde - 4
    sida.fill(f"#{spak}", f"{nytt:g}")
    sida.wait_for_function(
        "(f) => { const t = document.querySelector('#resultat table');"
        " return t && t.innerText !== f; }",
        arg=fore,
    )
    assert sida.evaluate("() => window.__ingenOmladdning === true"), "sidan laddades om"
    efter = sida.inner_text("#resultat table")
    assert efter != fore and "inte sparat" in sida.inner_text("#resultat")
    kontrollera_tillganglighet(sida)
    sida.click("#spara-scenario")
    sida.wait_for_url(re.compile(r"sparat=1"))
    kontrollera_tillganglighet(sida)

    enhet = REKTORNS_ENHETER[0]
    besok(sida, f"/scenarier/{scenario}/enheter/{enhet}")
    assert enhet in sida.inner_text("main")
    besok(sida, f"/scenarier/jamfor?id={scenario}")

    besok(sida, f"/beslut/ny?scenario_id={scenario}")
    sida.click("form.formular button[type=submit]")
    sida.wait_for_url(re.compile(r"/beslut/\d+$"))
    kontrollera_tillganglighet(sida)
    beslut = _id(sida.url, r"/beslut/(\d+)$")
    TILLSTAND["beslut"] = beslut

    andra = [h for h in sida.locator("a[href*='/bidrag/']").evaluate_all(
        "(as) => as.map((a) => a.getAttribute('href'))") if HUVUDMAN_ID not in h]  # fmt: skip
    assert andra, "beslutet har inga andra huvudmäns beslut om bidrag"
    TILLSTAND["annan_pdf"] = andra[0]
    lank = sida.locator(f"a[href='/beslut/{beslut}/bidrag/{HUVUDMAN_ID}.pdf']")
    with sida.expect_download() as info:
        lank.click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    for url in (f"/beslut/{beslut}/enheter/{enhet}", "/beslut", "/logg", "/norm",
                "/norm/publicering", "/norm/simulering", "/api/dokumentation", "/dataset"):  # fmt: skip
        besok(sida, url)


def test_administratorens_sidor(sida: Any) -> None:
    logga_in(sida, "admin")
    besok(sida, "/anvandare")
    besok(sida, "/logg")
    besok(sida, f"/beslut/{TILLSTAND['beslut']}")  # med formuläret för att återkalla


def test_rektorn_nar_bara_sina_enheter(sida: Any) -> None:
    beslut, scenario = TILLSTAND["beslut"], TILLSTAND["scenario"]
    logga_in(sida, "rektor")
    besok(sida, "/mina")
    egen = REKTORNS_ENHETER[0]
    besok(sida, f"/beslut/{beslut}/enheter/{egen}")
    assert egen in sida.inner_text("main")
    with sida.expect_download() as info:
        sida.evaluate(
            "(u) => { const a = document.createElement('a'); a.href = u; a.download = '';"
            " document.body.appendChild(a); a.click(); }",
            f"/beslut/{beslut}/enheter/{egen}.pdf",
        )
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
    for url in (
        f"/beslut/{beslut}/enheter/{ANNAN_GBG_ENHET}",
        f"/beslut/{beslut}/enheter/{ANNAN_GBG_ENHET}.pdf",
        f"/beslut/{beslut}/bidrag/{HUVUDMAN_ID}.pdf",
        f"/beslut/{beslut + 1}/enheter/{egen}",
        f"/beslut/{beslut + 1}/enheter/{egen}.pdf",
    ):
        besok(sida, url, status=404)
        assert "finns inte" in sida.inner_text("main").lower(), url
    for url in (f"/scenarier/{scenario}/enheter/{egen}", f"/beslut/{beslut}",
                f"/beslut/{beslut}/filer/manifest.json", "/dataset", f"/scenarier/{scenario}"):  # fmt: skip
        svar = sida.goto(url)
        assert svar is not None and svar.status in (403, 404), (url, svar.status if svar else None)
        kontrollera_tillganglighet(sida)


def test_huvudmannen_nar_bara_sina_beslut_om_bidrag(sida: Any) -> None:
    beslut = TILLSTAND["beslut"]
    logga_in(sida, "huvudman")
    besok(sida, "/mina")
    with sida.expect_download() as info:
        sida.locator(f"a[href='/beslut/{beslut}/bidrag/{HUVUDMAN_ID}.pdf']").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
    for url in (TILLSTAND["annan_pdf"], f"/beslut/{beslut + 1}/bidrag/{HUVUDMAN_ID}.pdf"):
        besok(sida, url, status=404)
        assert "finns inte" in sida.inner_text("main").lower(), url
    for url in (f"/beslut/{beslut}/enheter/{ANNAN_GBG_ENHET}", f"/beslut/{beslut}",
                f"/beslut/{beslut}/filer/fordelning.csv"):  # fmt: skip
        svar = sida.goto(url)
        assert svar is not None and svar.status in (403, 404), (url, svar.status if svar else None)
        kontrollera_tillganglighet(sida)

"""Webbläsartest av sidan Utbetalningar, med axe-core på varje sida: handläggaren
(gbg) fastställer ett beslut, beräknar januari 2026 genom formuläret, ser den per mottagare och
fryser den; den frysta månaden visas med hash och filer; huvudmannen ser sina egna rader."""

from __future__ import annotations

import re
from typing import Any

from tests.webb.hjalp import HUVUDMAN_ID
from tests.webblasare.hjalp import besok, kontrollera_tillganglighet, logga_in

TILLSTAND: dict[str, Any] = {}


def test_handlaggaren_beraknar_och_fryser_en_manad(sida: Any) -> None:
    logga_in(sida, "gbg")
    besok(sida, "/modeller")
    varde = sida.locator("#exempel option", has_text="goteborg_typ").first.get_attribute("value")
    sida.select_option("#exempel", varde)
    ds = sida.locator("#dataset_id option", has_text="sverige version").first
    sida.select_option("#dataset_id", ds.get_attribute("value"))
    sida.click("#skapa-modell")
    sida.wait_for_url(re.compile(r"/modeller/\d+$"))
    modell = re.search(r"/modeller/(\d+)$", sida.url).group(1)  # type: ignore[union-attr]
    besok(sida, f"/beslut/ny?modell_id={modell}")
    sida.click("form.formular button[type=submit]")
    sida.wait_for_url(re.compile(r"/beslut/\d+$"))
    besok(sida, "/utbetalningar")
    sida.fill("#manad", "2026-01")
    sida.click("form.formular button[type=submit]")
    sida.wait_for_url(re.compile(r"/utbetalningar/berakna"))
    kontrollera_tillganglighet(sida)
    assert "Per mottagare" in sida.inner_text("main")
    sida.click("form.formular button[type=submit]")
    sida.wait_for_url(re.compile(r"/utbetalningar/\d+$"))
    kontrollera_tillganglighet(sida)
    assert "stämmer med filerna" in sida.inner_text("main")
    TILLSTAND["fryst"] = sida.url


def test_huvudmannen_ser_sina_utbetalningar(sida: Any) -> None:
    logga_in(sida, "huvudman")
    besok(sida, "/utbetalningar")
    assert "Utbetalningar till huvudmannen" in sida.inner_text("main")
    assert sida.locator(f"a[href*='/betalning/{HUVUDMAN_ID}.xlsx']").count() > 0

"""Webbläsartest: handläggaren skriver svenska tal i fälten – "12,5" i en
andel (procent av ramen) och "6 467 827 953" i budgetramen – och de tolkas som 12,5 % och
6 467 827 953 kr; fälten visar sedan talen i svensk form. Ett fel behåller det som skrevs.
Scenariots andelsfält tar "24,5" (inte 245). axe-core på sidorna."""

from __future__ import annotations

import re
from typing import Any

from tests.webblasare.hjalp import besok, kontrollera_tillganglighet, logga_in


def test_svenska_tal_i_modellens_och_scenariots_falt(sida: Any) -> None:
    logga_in(sida, "gbg")
    besok(sida, "/modeller")
    varde = sida.locator("#exempel option", has_text="goteborg_typ").first.get_attribute("value")
    sida.select_option("#exempel", varde)
    ds = sida.locator("#dataset_id option", has_text="sverige version").first
    sida.select_option("#dataset_id", ds.get_attribute("value"))
    sida.click("#skapa-modell")
    sida.wait_for_url(re.compile(r"/modeller/\d+$"))
    modell = re.search(r"/modeller/(\d+)$", sida.url)
    assert modell is not None
    kontrollera_tillganglighet(sida)
    assert sida.input_value("#pott-1-belopp") == "19"  # 0,19 av ramen visas som 19 (%)

    # ett fel: det som skrevs står kvar
    sida.fill("#ram_kr", "6 467 827 953")
    sida.fill("#pott-1-belopp", "tolv")
    sida.click("#spara-formular")
    sida.wait_for_load_state()
    assert sida.locator("[role=alert]").count() >= 1
    assert sida.input_value("#pott-1-belopp") == "tolv"
    assert sida.input_value("#ram_kr") == "6 467 827 953"
    kontrollera_tillganglighet(sida)

    sida.fill("#pott-1-belopp", "12,5")
    sida.fill("#pott-0-belopp", "87,5")
    sida.click("#spara-formular")
    sida.wait_for_url(re.compile(r"/modeller/\d+\?sparad=1$"))
    assert sida.input_value("#pott-1-belopp") == "12,5"
    assert sida.input_value("#ram_kr") == "6 467 827 953"
    text = sida.input_value("#text")
    assert "andel_av_ram: 0.125" in text and "ram_kr: 6467827953" in text

    # scenariots andelsfält: "24,5" blir 24,5 %
    besok(sida, f"/modeller/{modell.group(1)}/scenarier")
    sida.fill("#namn", "Svenska tal")
    sida.click("#skapa-scenario")
    sida.wait_for_url(re.compile(r"/scenarier/\d+$"))
    falt = sida.locator("input[id^='andel-']:not([id$='-reglage'])").first
    falt_id = falt.get_attribute("id")
    falt.fill("24,5")
    falt.dispatch_event("change")
    from playwright.sync_api import expect

    expect(sida.locator(f"#{falt_id}-varde")).to_contain_text("24,5", timeout=30_000)
    assert sida.locator("#resultat [role=alert]").count() == 0

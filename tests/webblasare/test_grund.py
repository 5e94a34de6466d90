"""Webbläsartester av grunden: inloggning, startsidan, hopplänken och felsidan, med axe-core
på varje sida."""

from __future__ import annotations

from typing import Any

from tests.webblasare.hjalp import besok, kontrollera_tillganglighet, logga_in


def test_inloggning_och_start(sida: Any) -> None:
    """Fel lösenord ger ett svenskt meddelande (role=alert), rätt lösenord startsidan."""
    besok(sida, "/logga-in")
    sida.fill("#anvandarnamn", "gbg")
    sida.fill("#losenord", "fel-losenord")
    sida.click("form.formular button[type=submit]")
    fel = sida.locator("[role=alert]")
    assert fel.count() == 1 and fel.inner_text().strip()
    assert sida.locator("#anvandarnamn").get_attribute("aria-describedby") == fel.get_attribute(
        "id"
    )
    kontrollera_tillganglighet(sida)
    logga_in(sida, "gbg")
    besok(sida, "/")
    assert "Välkommen, Greta Göteborg" in sida.inner_text("h1")
    assert sida.locator("nav[aria-label=Huvudmeny] a", has_text="Dataset").count() == 1


def test_sidor_kraver_inloggning(sida: Any) -> None:
    """Utan inloggning leder sidorna till inloggningen."""
    sida.goto("/")
    assert "/logga-in" in sida.url


def test_hopplanken_ar_forsta_tabbstoppet_och_flyttar_fokus_till_main(sida: Any) -> None:
    """Tangentbord: första Tab når hopplänken, Enter flyttar fokus till <main>."""
    logga_in(sida, "gbg")
    besok(sida, "/")
    sida.keyboard.press("Tab")
    forsta = sida.evaluate(
        "() => [document.activeElement.tagName, document.activeElement.textContent]"
    )
    assert forsta[0] == "A" and "Hoppa till innehållet" in forsta[1]
    assert sida.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    sida.keyboard.press("Enter")
    assert sida.evaluate("() => document.activeElement.id") == "innehall"
    assert sida.evaluate("() => document.activeElement.tagName") == "MAIN"


def test_okand_sida_ar_en_svensk_404(sida: Any) -> None:
    """En adress som inte finns ger felsidan på svenska (och den klarar axe-core)."""
    logga_in(sida, "rektor")
    besok(sida, "/finns-inte", status=404)
    assert "Finns inte" in sida.inner_text("h1")
    assert "Sidan finns inte." in sida.inner_text("main")

"""Webbläsartest av återkopplingen: när ett formulär skickas markeras det
och dess knapp med aria-busy, statusfältet visar ”Räknar …” och ett andra klick skickar inte
igen; tillbaka till sidan (pageshow) är den ledig igen. Skriptet körs under sidans CSP."""

from __future__ import annotations

from typing import Any

from tests.webblasare.hjalp import besok, logga_in


def test_formularet_visar_raknar_och_aria_busy(sida: Any) -> None:
    fel: list[str] = []
    sida.on("console", lambda m: fel.append(m.text) if m.type == "error" else None)
    logga_in(sida, "gbg")
    besok(sida, "/norm")
    # Håll kvar sidan efter att formuläret skickats (ett lyssnare på window körs efter
    # sidans egen på document), så att tillståndet under väntan kan läsas.
    sida.evaluate(
        "() => { window.skickade = 0; window.addEventListener('submit', e => "
        "{ if (!e.defaultPrevented) { window.skickade++; } e.preventDefault(); }); }"
    )
    formular = sida.locator("form.norm-val")
    knapp = formular.locator("button[type=submit]")
    knapp.click()
    status = formular.locator(".raknar[role=status]")
    assert formular.get_attribute("aria-busy") == "true"
    assert knapp.get_attribute("aria-busy") == "true"
    assert status.inner_text().strip() == "Räknar …" and status.is_visible()
    assert not knapp.is_enabled()  # aria-disabled under väntan
    formular.evaluate("f => f.requestSubmit()")  # ett andra försök medan det räknar
    assert sida.evaluate("() => window.skickade") == 1
    sida.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pageshow'))")
    assert formular.get_attribute("aria-busy") is None and status.inner_text() == ""
    assert not status.is_visible()
    assert not [t for t in fel if "Content Security Policy" in t], fel

"""Återkoppling på varje åtgärd som kan ta tid: varje formulär bär
``data-raknar`` och ett statusfält ``Räknar …`` som ``statisk/raknar.js`` fyller och markerar
med ``aria-busy`` när det skickas; varje HTMX-anrop har en ``hx-indicator`` som finns på sidan.
Skriptet är en fil under ``/statisk`` (CSP:n tillåter inga inline-skript)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI

import skolpeng.web
from tests.webb.test_modeller import klient, skapa_gbg_modell
from tests.webb.test_scenarier import skapa_scenario

MALLAR = Path(skolpeng.web.__file__).parent / "mallar"
STATUS = '<span class="raknar" role="status" data-text="Räknar …"></span>'
_FORMULAR = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
_HTMX = re.compile(r"<[a-z]+\b[^>]*\bhx-(?:post|get|put|delete|patch)=[^>]*>", re.S)


def _mallar() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(MALLAR.glob("*.html"))}


def test_varje_formular_har_statusfalt_och_data_raknar():
    formular = 0
    for namn, text in _mallar().items():
        assert text.count("<form") == len(_FORMULAR.findall(text)), namn
        for attribut, innehall in _FORMULAR.findall(text):
            formular += 1
            assert "data-raknar" in attribut, f"{namn}: <form{attribut}>"
            assert STATUS in innehall, f"{namn}: <form{attribut}> saknar statusfältet"
            assert 'type="submit"' in innehall, f"{namn}: <form{attribut}> saknar knapp"
    assert formular >= 20  # alla sidornas formulär, inte bara ett par


def test_varje_htmx_anrop_har_en_indikator_som_finns():
    mallar = _mallar()
    alla = "\n".join(mallar.values())
    anrop = 0
    for namn, text in mallar.items():
        for tagg in _HTMX.findall(text):
            anrop += 1
            m = re.search(r'hx-indicator="#([\w-]+)"', tagg)
            assert m, f"{namn}: {tagg[:120]}"
            assert re.search(rf'id="{m.group(1)}"[^>]*class="htmx-indicator', alla), m.group(1)
    assert anrop > 0


def test_skriptet_ar_en_fil_under_csp_utan_inline(webbapp: FastAPI):
    k = klient(webbapp, "gbg")
    mid = skapa_gbg_modell(webbapp)
    sid = skapa_scenario(webbapp, mid, "Indikator", k)
    sida = k.get(f"/scenarier/{sid}")
    assert sida.status_code == 200
    csp = sida.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert '<script src="/statisk/raknar.js" defer></script>' in sida.text
    assert re.search(r"<script(?![^>]*\bsrc=)", sida.text) is None  # inga inline-skript
    assert 'hx-indicator="#raknar-resultat"' in sida.text and 'id="raknar-resultat"' in sida.text
    assert sida.text.count(STATUS) == sida.text.count("<form")
    skript = k.get("/statisk/raknar.js")
    assert skript.status_code == 200
    for del_ in ('setAttribute("aria-busy", "true")', "data-raknar", "htmx:beforeRequest",
                 "htmx:afterRequest", "pageshow"):  # fmt: skip
        assert del_ in skript.text, del_

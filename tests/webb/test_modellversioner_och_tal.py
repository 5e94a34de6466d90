"""Modellens versioner (historik med vem och när, jämförelse, återställning; ett oförändrat
formulär ger ingen ny version) och svenska tal i modellformuläret."""

from __future__ import annotations

import html
import re

import yaml
from fastapi import FastAPI

from skolpeng.talformat import tolka
from tests.webb.test_modeller import GBG_TEXT, klient, modellrad, skapa_gbg_modell

RAM = yaml.safe_load(GBG_TEXT)["ram_kr"]


def _falt(sida: str, namn: str) -> str:
    m = re.search(rf'name="{re.escape(namn)}" value="([^"]*)"', sida)
    assert m is not None, namn
    return html.unescape(m.group(1))


def test_falten_visar_svenska_tal_och_tolkar_dem(webbapp: FastAPI) -> None:
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, "gbg")
    sida = k.get(f"/modeller/{mid}").text
    # ramen med mellanslag som tusentalsavgränsare, läsbar tillbaka till samma tal
    ram_falt = _falt(sida, "ram_kr")
    assert " " in ram_falt and "." not in ram_falt and tolka(ram_falt) == RAM
    svar = k.post_form(f"/modeller/{mid}/formular",
                       {"ram_kr": "6 467 827 953", "pott-1-belopptyp": "andel_av_ram",
                        "pott-1-belopp": "12,5", "pott-0-belopptyp": "andel_av_ram",
                        "pott-0-belopp": "80,5", "max_minskning_kr_per_elev": "1\u00a0234,5"},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    d = yaml.safe_load(modellrad(webbapp, mid).text)
    assert d["ram_kr"] == 6467827953
    assert d["potter"][1]["belopp"] == {"andel_av_ram": 0.125}
    assert d["stabilitet"]["max_minskning_kr_per_elev"] == 1234.5
    sida = k.get(f"/modeller/{mid}").text
    assert _falt(sida, "ram_kr") == "6 467 827 953"
    assert _falt(sida, "pott-1-belopp") == "12,5"
    assert _falt(sida, "max_minskning_kr_per_elev") == "1 234,5"


def test_formularet_behaller_det_som_skrevs_vid_fel(webbapp: FastAPI) -> None:
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, "gbg")
    svar = k.post_form(f"/modeller/{mid}/formular",
                       {"ram_kr": "7 000 000 000", "pott-1-belopptyp": "andel_av_ram",
                        "pott-1-belopp": "tolv komma fem", "pott-1-rubrik": "Ny rubrik"})  # fmt: skip
    assert svar.status_code == 400
    assert _falt(svar.text, "ram_kr") == "7 000 000 000"
    assert _falt(svar.text, "pott-1-belopp") == "tolv komma fem"
    assert _falt(svar.text, "pott-1-rubrik") == "Ny rubrik"
    assert "Formuläret" in svar.text and "formuläret:" not in svar.text
    assert modellrad(webbapp, mid).version == 1


def test_oforandrat_formular_ger_ingen_ny_version(webbapp: FastAPI) -> None:
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, "gbg")
    svar = k.post_form(f"/modeller/{mid}/text", {"text": GBG_TEXT}, follow_redirects=False)
    assert svar.status_code == 303 and "oforandrad=1" in svar.headers["location"]
    assert modellrad(webbapp, mid).version == 1
    # formuläret med sidans egna värden ändrar inget heller
    sida = k.get(f"/modeller/{mid}").text
    falt = dict(re.findall(r'<input type="text"[^>]* name="([^"]+)" value="([^"]*)"', sida))
    falt = {n: html.unescape(v) for n, v in falt.items()}
    valda = dict(re.findall(r'<select id="[^"]+" name="([^"]+)">(?:(?!</select>).)*?'
                            r'<option value="([^"]+)" selected', sida, re.S))  # fmt: skip
    svar = k.post_form(f"/modeller/{mid}/formular", {**falt, **valda}, follow_redirects=False)
    assert svar.status_code == 303, svar.text
    assert modellrad(webbapp, mid).version == 1


def test_historik_jamforelse_och_aterstallning(webbapp: FastAPI) -> None:
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, "gbg")
    ny_text = GBG_TEXT.replace(f"ram_kr: {RAM}", "ram_kr: 5000000000")
    assert ny_text != GBG_TEXT
    # en rad med tecken som måste skyddas i HTML
    ny_text = ny_text.replace("namn:", "# <b>ändrad</b> & prövad\nnamn:", 1)
    svar = k.post_form(f"/modeller/{mid}/text", {"text": ny_text}, follow_redirects=False)
    assert svar.status_code == 303, svar.text
    assert modellrad(webbapp, mid).version == 2
    historik = k.get(f"/modeller/{mid}/versioner")
    assert historik.status_code == 200
    assert "Greta Göteborg" in historik.text or "gbg" in historik.text
    assert "2 (nuvarande)" in historik.text and "texten" in historik.text
    jamf = k.get(f"/modeller/{mid}/versioner/jamfor?fran=1&till=2")
    assert jamf.status_code == 200
    assert f"-ram_kr: {RAM}" in jamf.text and "+ram_kr: 5000000000" in jamf.text
    assert (
        "<b>ändrad</b>" not in jamf.text and "&lt;b&gt;ändrad&lt;/b&gt; &amp; prövad" in jamf.text
    )
    # återställ version 1: en ny version 3 med version 1:s text
    svar = k.post_form(f"/modeller/{mid}/versioner/1/aterstall", follow_redirects=False)
    assert svar.status_code == 303
    m = modellrad(webbapp, mid)
    assert m.version == 3 and m.text == GBG_TEXT
    # att återställa den nuvarande texten igen ger ingen ny version
    k.post_form(f"/modeller/{mid}/versioner/1/aterstall", follow_redirects=False)
    assert modellrad(webbapp, mid).version == 3
    assert k.get(f"/modeller/{mid}/versioner/jamfor?fran=1&till=9").status_code == 404


def test_annan_kommun_ser_inte_versionerna(webbapp: FastAPI) -> None:
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, "malmo")
    assert k.get(f"/modeller/{mid}/versioner").status_code == 404
    assert k.post_form(f"/modeller/{mid}/versioner/1/aterstall").status_code == 404


def test_felen_i_modelltexten_har_sidans_ord(webbapp: FastAPI) -> None:
    """Felen i modelltexten står som "Modelltexten: …", inte "modell.yaml: (filen): …"."""
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, "gbg")
    fel_text = GBG_TEXT.replace("andel_av_ram: 0.19", "andel_av_ram: 0.49")
    svar = k.post_form(f"/modeller/{mid}/text", {"text": fel_text})
    assert svar.status_code == 400
    text = html.unescape(svar.text)
    assert "Modelltexten: " in text
    assert "modell.yaml:" not in text and "(filen)" not in text

"""Modeller i webben: skapa från exempel, behörighet, formulär och text mot modelltexten,
nedladdning och körning. Talen jämförs med biblioteket (``berakna_fordelning``) direkt."""

from __future__ import annotations

import html
import re

import pytest
import yaml
from fastapi import FastAPI
from sqlalchemy import select

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.fordelning.korning import berakna_fordelning
from skolpeng.fordelning.modellfil.exempel import MODELLKATALOG
from skolpeng.fordelning.modellfil.schema import las_modell_text
from skolpeng.lagring.tabeller import Dataset, Logghandelse, Modell
from tests.webb.hjalp import Klient, logga_in

GBG_TEXT = (MODELLKATALOG / "goteborg_typ.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def underlag():  # type: ignore[no-untyped-def]
    return las_underlag(hitta_underlag("sverige"))


def klient(app: FastAPI, anvandarnamn: str) -> Klient:
    """En inloggad klient per app och användare (inloggningen med argon2 tar tid); klienterna
    sparas i appens tillstånd så att de följer appen."""
    klienter: dict[str, Klient] = getattr(app.state, "testklienter", {})
    app.state.testklienter = klienter
    if anvandarnamn not in klienter:
        klienter[anvandarnamn] = logga_in(app, anvandarnamn)
    return klienter[anvandarnamn]


def dataset_id(app: FastAPI) -> int:
    with app.state.sessionsfabrik() as db:
        return db.scalars(select(Dataset.id)).first()  # type: ignore[return-value]


def skapa_gbg_modell(app: FastAPI) -> int:
    """En modell från goteborg_typ.yaml skapad av gbg via formuläret. Ut: modellens id."""
    k = klient(app, "gbg")
    svar = k.post_form("/modeller/ny", {"exempel": "goteborg_typ.yaml",
                                        "dataset_id": dataset_id(app)},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    m = re.fullmatch(r"/modeller/(\d+)", svar.headers["location"])
    assert m is not None
    return int(m.group(1))


def modellrad(app: FastAPI, modell_id: int) -> Modell:
    with app.state.sessionsfabrik() as db:
        m = db.get(Modell, modell_id)
        assert m is not None
        db.expunge(m)
        return m


def test_skapa_modell_och_lista(webbapp: FastAPI) -> None:
    mid = skapa_gbg_modell(webbapp)
    m = modellrad(webbapp, mid)
    assert m.kommunkod == "1480" and m.version == 1 and m.text == GBG_TEXT
    k = klient(webbapp, "gbg")
    lista = k.get("/modeller")
    assert f'href="/modeller/{mid}"' in lista.text
    assert 'name="exempel"' in lista.text and "goteborg_typ.yaml" in lista.text
    with webbapp.state.sessionsfabrik() as db:
        logg = db.scalars(select(Logghandelse).where(Logghandelse.objekt == f"modell {mid}"))
        assert [r.handling for r in logg] == ["skapade modell"]


def test_malmo_ser_inte_och_far_inte_skapa(webbapp: FastAPI) -> None:
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, "malmo")
    for url in (f"/modeller/{mid}", f"/modeller/{mid}/modell.yaml", f"/modeller/{mid}/resultat",
                f"/modeller/{mid}/scenarier"):  # fmt: skip
        assert k.get(url).status_code == 404, url
    svar = k.post_form(f"/modeller/{mid}/text", {"text": GBG_TEXT})
    assert svar.status_code == 404
    assert f'href="/modeller/{mid}"' not in k.get("/modeller").text
    # Malmö kan inte skapa en modell för 1480 (exemplet visas inte och POST nekas).
    assert "goteborg_typ.yaml" not in k.get("/modeller").text
    svar = k.post_form("/modeller/ny", {"exempel": "goteborg_typ.yaml",
                                        "dataset_id": dataset_id(webbapp)})  # fmt: skip
    assert svar.status_code == 403
    assert "egen kommun" in svar.text
    with webbapp.state.sessionsfabrik() as db:
        assert db.scalars(select(Modell).where(Modell.andrad_av == "malmo")).first() is None


@pytest.mark.parametrize("anvandare", ["rektor", "huvudman"])
def test_rektor_och_huvudman_nar_inte_sidorna(webbapp: FastAPI, anvandare: str) -> None:
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, anvandare)
    for url in ("/modeller", f"/modeller/{mid}", f"/modeller/{mid}/modell.yaml",
                "/scenarier/jamfor"):  # fmt: skip
        assert k.get(url).status_code in (403, 404), url


def test_nedladdning(webbapp: FastAPI) -> None:
    mid = skapa_gbg_modell(webbapp)
    svar = klient(webbapp, "gbg").get(f"/modeller/{mid}/modell.yaml")
    assert svar.status_code == 200
    assert svar.text == GBG_TEXT
    assert "attachment" in svar.headers["content-disposition"]


def test_formularet_andrar_texten_och_totalerna(webbapp: FastAPI, underlag) -> None:  # type: ignore[no-untyped-def]
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, "gbg")
    sida = k.get(f"/modeller/{mid}")
    # andelen av ramen visas i procent i svensk form (0,19 i modellfilen = 19 %)
    assert 'id="pott-1-belopp"' in sida.text and 'value="19"' in sida.text
    svar = k.post_form(f"/modeller/{mid}/formular",
                       {"pott-0-belopptyp": "andel_av_ram", "pott-0-belopp": "88",
                        "pott-1-belopptyp": "andel_av_ram", "pott-1-belopp": "12"},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    m = modellrad(webbapp, mid)
    assert m.version == 2
    d = yaml.safe_load(m.text)
    assert d["potter"][1]["belopp"] == {"andel_av_ram": 0.12}
    assert d["potter"][0]["belopp"] == {"andel_av_ram": 0.88}
    assert d["potter"][0]["nyckel"]["vikter"]["varden"]["2"] == 1.18  # resten orört
    ram = d["ram_kr"]
    # Biblioteket direkt på den sparade texten: strukturpotten är 0,12 × ram, summan är ramen.
    korning = berakna_fordelning(las_modell_text(m.text), underlag)
    potter = {r["pott"]: r for r in korning.fordelning.potter.to_dicts()}
    assert potter["strukturbelopp"]["belopp_kr"] == pytest.approx(0.12 * ram, abs=1e-3)
    assert potter["strukturbelopp"]["fordelat_avrundat_kr"] == round(0.12 * ram)
    assert korning.fordelning.enheter["belopp_kr"].sum() == pytest.approx(ram, abs=1e-3)
    # Resultatsidan visar samma potter.
    res = k.get(f"/modeller/{mid}/resultat")
    assert res.status_code == 200
    from skolpeng.talformat import kr

    assert kr(potter["strukturbelopp"]["belopp_kr"]) in res.text
    assert kr(ram) in res.text
    with webbapp.state.sessionsfabrik() as db:
        logg = list(db.scalars(select(Logghandelse.handling).where(
            Logghandelse.objekt == f"modell {mid}")))  # fmt: skip
    assert logg == ["skapade modell", "sparade modell"]


def test_formularets_form_och_stabilitet(webbapp: FastAPI) -> None:
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, "gbg")
    svar = k.post_form(f"/modeller/{mid}/formular",
                       {"pott-1-nyckeltyp": "index", "pott-1-form": "forstarkt",
                        "pott-1-faktor": "1,5", "pott-1-tak": "",
                        "max_minskning_kr_per_elev": "2 000", "max_minskning_andel": ""},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    d = yaml.safe_load(modellrad(webbapp, mid).text)
    assert d["potter"][1]["nyckel"] == {"typ": "index", "form": "forstarkt", "faktor": 1.5}
    assert d["stabilitet"] == {"max_minskning_kr_per_elev": 2000}


@pytest.mark.parametrize(
    ("text", "vantat"),
    [
        ("namn: [\n", "kan inte läsas"),
        (GBG_TEXT.replace("ram_kr:", "okand_nyckel: 1\nram_kr:"), "okand_nyckel"),
        (GBG_TEXT.replace("  typ: given\n", "  typ: given\n  fil: index.csv\n"), "index.fil"),
        (GBG_TEXT.replace('kommunkod: "1480"', 'kommunkod: "1280"'), "kan inte byta kommun"),
    ],
)
def test_felaktig_text_sparas_inte(webbapp: FastAPI, text: str, vantat: str) -> None:
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, "gbg")
    svar = k.post_form(f"/modeller/{mid}/text", {"text": text})
    assert svar.status_code == 400
    assert vantat in svar.text and 'role="alert"' in svar.text
    assert "Ingenting har sparats" in svar.text
    m = modellrad(webbapp, mid)
    assert m.version == 1 and m.text == GBG_TEXT


def test_felaktigt_formular_sparas_inte(webbapp: FastAPI) -> None:
    mid = skapa_gbg_modell(webbapp)
    k = klient(webbapp, "gbg")
    svar = k.post_form(f"/modeller/{mid}/formular",
                       {"pott-1-belopptyp": "andel_av_ram", "pott-1-belopp": "tolv",
                        "ram_kr": "mycket"})  # fmt: skip
    assert svar.status_code == 400
    text = html.unescape(svar.text)
    assert "'tolv' är inte ett tal" in text and "'mycket' är inte ett tal" in text
    # Andelar över 100 % avvisas av modellens schema.
    svar = k.post_form(f"/modeller/{mid}/formular",
                       {"pott-1-belopptyp": "andel_av_ram", "pott-1-belopp": "50"})  # fmt: skip
    assert svar.status_code == 400 and "mer än ramen" in svar.text
    assert modellrad(webbapp, mid).version == 1

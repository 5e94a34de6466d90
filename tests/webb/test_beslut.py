"""Beslut i webben: fastställa via sidan, hash och filer, beslut om bidrag som PDF med
behörighet (även genom att ändra adressen), "Mina dokument", granskningsloggen och löpnummer."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import polars as pl
import pytest
from fastapi import FastAPI

from skolpeng.lagring.dataset import innehallshash
from skolpeng.lagring.tabeller import Beslut, Dataset, Modell
from skolpeng.talformat import kr
from tests.webb.hjalp import GBG, HUVUDMAN_ID, REKTORNS_ENHETER, logga_in

MODELLFIL = Path(__file__).parents[2] / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"
ANNAN_HUVUDMAN = "5560354309"  # en annan enskild huvudman med enheter i Göteborg


def skapa_modell(app: FastAPI, kommunkod: str = GBG, text: str | None = None) -> int:
    """En lagrad modell (Göteborgstypen) på datasetet sverige; ut: modellens id."""
    with app.state.sessionsfabrik() as db:
        ds = db.query(Dataset).filter(Dataset.namn == "sverige").one()
        m = Modell(namn="Göteborgstyp", kommunkod=kommunkod, dataset_id=ds.id,
                   text=text or MODELLFIL.read_text(encoding="utf-8"), andrad_av="gbg")  # fmt: skip
        db.add(m)
        db.commit()
        return m.id


@pytest.fixture(scope="module")
def frysta(webbapp: FastAPI) -> dict[str, object]:
    """Två beslut fastställda via sidorna som gbg (löpnummer 1 och 2)."""
    modell_id = skapa_modell(webbapp)
    k = logga_in(webbapp, "gbg")
    ny = k.get(f"/beslut/ny?modell_id={modell_id}")
    assert ny.status_code == 200 and "Fastställ som årets beslut" in ny.text
    svar = k.post_form("/beslut", {"modell_id": modell_id, "namn": "Budget 2026"},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    forsta = int(svar.headers["location"].rsplit("/", 1)[1])
    with webbapp.state.sessionsfabrik() as db:
        b = db.get(Beslut, forsta)
        assert b is not None
        fore = (b.innehall_sha256, {f.filnamn: f.innehall for f in b.filer}, b.manifest)
    svar2 = k.post_form("/beslut", {"modell_id": modell_id, "namn": "Budget 2026, ändrad"},
                        follow_redirects=False)  # fmt: skip
    andra = int(svar2.headers["location"].rsplit("/", 1)[1])
    return {"forsta": forsta, "andra": andra, "fore": fore, "modell_id": modell_id}


def _pdf_url(beslut_id: object, huvudman_id: str) -> str:
    return f"/beslut/{beslut_id}/bidrag/{huvudman_id}.pdf"


def test_beslutssidan_visar_hash_och_filerna_ger_den(webbapp: FastAPI, frysta: dict) -> None:
    k = logga_in(webbapp, "gbg")
    sida = k.get(f"/beslut/{frysta['forsta']}")
    assert sida.status_code == 200
    with webbapp.state.sessionsfabrik() as db:
        b = db.get(Beslut, frysta["forsta"])
        assert b is not None
        filer = {f.filnamn: f.innehall for f in b.filer}
        assert all(hashlib.sha256(f.innehall).hexdigest() == f.sha256 for f in b.filer)
        assert innehallshash(filer) == b.innehall_sha256
        assert b.kommunkod == GBG and b.ar == 2026 and b.lopnummer == 1
        assert b.modelltext == MODELLFIL.read_text(encoding="utf-8")
    assert b.innehall_sha256 in sida.text and "Stämmer: filerna ger innehållshashen." in sida.text
    # manifestet och en fil laddas ned med exakt de lagrade bytena
    manifest = k.get(f"/beslut/{b.id}/filer/manifest.json")
    assert manifest.status_code == 200 and manifest.content == filer["manifest.json"]
    assert '"sha256"' in manifest.text and '"modell/modell.yaml"' in manifest.text
    fordelning = k.get(f"/beslut/{b.id}/filer/fordelning.csv").content
    assert fordelning == filer["fordelning.csv"]
    # beloppen per enhet på sidan summerar till fördelningen (hela kronor)
    tabell = pl.read_csv(io.BytesIO(fordelning))
    total = int(tabell["belopp_kr_avrundat"].sum())
    assert abs(total - tabell["belopp_kr"].sum()) < 1 * tabell["pott"].n_unique()
    assert f">{kr(total)}</td></tr></tfoot>" in sida.text
    enhet = REKTORNS_ENHETER[0]
    enhetens = int(tabell.filter(pl.col("skolenhetskod") == int(enhet))["belopp_kr_avrundat"].sum())
    rad = re.search(rf"<td>{enhet}</td>.*?</tr>", sida.text)
    assert rad is not None and kr(enhetens) in rad.group(0)
    # ingen sökväg från adressen: okända namn och traversering ger 404
    assert k.get(f"/beslut/{b.id}/filer/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert k.get(f"/beslut/{b.id}/filer/finns-inte.csv").status_code == 404


def test_beslutet_ar_samma_som_bibliotekets_korning(webbapp: FastAPI, frysta: dict,
                                                     tmp_path: Path) -> None:  # fmt: skip
    """Filerna är samma som ``skolpeng fordela`` ger för modellen och datasetet."""
    from skolpeng.fordelning.korning import berakna_korning
    from skolpeng.rapporter.fordelning.utdata import skriv_fordelning_utdata

    korning = berakna_korning(MODELLFIL, "sverige")
    skriv_fordelning_utdata(korning, tmp_path / "ut", {}, pdf=False)
    with webbapp.state.sessionsfabrik() as db:
        b = db.get(Beslut, frysta["forsta"])
        assert b is not None
        filer = {f.filnamn: f.innehall for f in b.filer}
    for namn in ("fordelning.csv", "bidrag.csv", "modell.yaml", "underlag_enheter.csv"):
        assert filer[namn] == (tmp_path / "ut" / namn).read_bytes(), namn
    beslut_html = sorted(p.name for p in (tmp_path / "ut" / "beslut").glob("*.html"))
    assert beslut_html == sorted(n[7:] for n in filer if n.startswith("beslut/"))


def test_bidragsbeslut_pdf_for_handlaggare_och_huvudman(webbapp: FastAPI, frysta: dict) -> None:
    url = _pdf_url(frysta["forsta"], HUVUDMAN_ID)
    for vem in ("gbg", "huvudman", "admin"):
        svar = logga_in(webbapp, vem).get(url)
        assert svar.status_code == 200, vem
        assert (
            svar.content.startswith(b"%PDF") and svar.headers["content-type"] == "application/pdf"
        )
    sida = logga_in(webbapp, "gbg").get(f"/beslut/{frysta['forsta']}")
    assert url in sida.text and _pdf_url(frysta["forsta"], ANNAN_HUVUDMAN) in sida.text


@pytest.mark.parametrize("vem", ["malmo", "rektor", "huvudman"])
def test_andras_bidragsbeslut_ger_404(webbapp: FastAPI, frysta: dict, vem: str) -> None:
    k = logga_in(webbapp, vem)
    assert k.get(_pdf_url(frysta["forsta"], ANNAN_HUVUDMAN)).status_code == 404
    if vem != "huvudman":
        assert k.get(_pdf_url(frysta["forsta"], HUVUDMAN_ID)).status_code == 404
    assert k.get(_pdf_url(999999, HUVUDMAN_ID)).status_code == 404
    # beslutets sida och filer är bara för kommunens handläggare
    forvantat = 404 if vem == "malmo" else 403
    assert k.get(f"/beslut/{frysta['forsta']}").status_code == forvantat
    assert k.get(f"/beslut/{frysta['forsta']}/filer/bidrag.csv").status_code == forvantat


def test_malmo_ser_inte_goteborgs_beslut_och_kan_inte_frysa_dem(webbapp: FastAPI,
                                                                  frysta: dict) -> None:  # fmt: skip
    k = logga_in(webbapp, "malmo")
    assert "Budget 2026" not in k.get("/beslut").text
    assert k.get(f"/beslut/ny?modell_id={frysta['modell_id']}").status_code == 404
    svar = k.post_form("/beslut", {"modell_id": frysta["modell_id"], "namn": "x"})
    assert svar.status_code == 404
    with webbapp.state.sessionsfabrik() as db:
        assert db.query(Beslut).count() == 2


def test_modelltext_med_annan_kommun_nekas(webbapp: FastAPI, frysta: dict) -> None:
    text = MODELLFIL.read_text(encoding="utf-8").replace('kommunkod: "1480"', 'kommunkod: "1280"')
    modell_id = skapa_modell(webbapp, GBG, text)
    svar = logga_in(webbapp, "gbg").post_form("/beslut", {"modell_id": modell_id, "namn": "x"})
    assert svar.status_code == 400 and "stämmer inte med modellens kommun 1480" in svar.text
    with webbapp.state.sessionsfabrik() as db:
        assert db.query(Beslut).count() == 2


def test_andra_frysningen_far_lopnummer_2_och_forsta_ar_orord(webbapp: FastAPI,
                                                                frysta: dict) -> None:  # fmt: skip
    with webbapp.state.sessionsfabrik() as db:
        forsta = db.get(Beslut, frysta["forsta"])
        andra = db.get(Beslut, frysta["andra"])
        assert forsta is not None and andra is not None
        assert (forsta.lopnummer, andra.lopnummer) == (1, 2)
        sha, filer, manifest = frysta["fore"]
        assert forsta.innehall_sha256 == sha and forsta.manifest == manifest
        assert {f.filnamn: f.innehall for f in forsta.filer} == filer
        assert forsta.namn == "Budget 2026"
    lista = logga_in(webbapp, "gbg").get("/beslut").text
    assert "Budget 2026, ändrad" in lista and lista.index("Budget 2026, ändrad") < lista.index(
        ">Budget 2026<"
    )
    # inga rutter ändrar eller tar bort ett beslut
    k = logga_in(webbapp, "gbg")
    assert k.delete(f"/beslut/{frysta['forsta']}").status_code in (403, 405)
    assert k.post_form(f"/beslut/{frysta['forsta']}", {}).status_code == 405


def test_mina_for_rektor_och_huvudman(webbapp: FastAPI, frysta: dict) -> None:
    rektor = logga_in(webbapp, "rektor").get("/mina").text
    lankar = set(re.findall(r'href="/beslut/\d+/enheter/(\d+)"', rektor))
    assert lankar == set(REKTORNS_ENHETER)
    assert f"/beslut/{frysta['forsta']}/enheter/{REKTORNS_ENHETER[0]}" in rektor
    huvudman = logga_in(webbapp, "huvudman").get("/mina").text
    pdf = set(re.findall(r'href="/beslut/(\d+)/bidrag/([^"/]+)\.pdf"', huvudman))
    assert pdf == {(str(frysta["forsta"]), HUVUDMAN_ID), (str(frysta["andra"]), HUVUDMAN_ID)}


def test_loggen_visar_frysning_och_nedladdning(webbapp: FastAPI, frysta: dict) -> None:
    logga_in(webbapp, "huvudman").get(_pdf_url(frysta["forsta"], HUVUDMAN_ID))
    logg = logga_in(webbapp, "gbg").get("/logg")
    assert logg.status_code == 200 and "<caption>" in logg.text
    rader = re.findall(r"<tr><th scope=\"row\">([0-9: -]+)</th><td>([^<]+)</td><td>([^<]+)</td>",
                       logg.text)  # fmt: skip
    handlingar = [(vem, vad) for _tid, vem, vad in rader]
    assert ("gbg", "fastställde beslut") in handlingar
    assert ("huvudman", "laddade ned beslut om bidrag") in handlingar
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", t) for t, _v, _h in rader)
    # nyast först: nedladdningen efter frysningen
    assert handlingar.index(("huvudman", "laddade ned beslut om bidrag")) < handlingar.index(
        ("gbg", "fastställde beslut")
    )
    assert "Budget 2026" not in logga_in(webbapp, "malmo").get("/logg").text
    for vem in ("rektor", "huvudman"):
        assert logga_in(webbapp, vem).get("/logg").status_code == 403

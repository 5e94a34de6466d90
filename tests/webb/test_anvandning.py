"""Rektorernas redovisning av de riktade medlen i webben: utkast, inskickning,
återlämning och ny version, behörighet (404 även med ändrad adress), granskningsloggen, och
att sammanställningen summerar till de redovisade beloppen med andelar mot det fastställda
beslutets belopp (räknade oberoende här ur beslutets fordelning.csv och modellfil)."""

from __future__ import annotations

import io

import polars as pl
import pytest
import yaml
from fastapi import FastAPI
from openpyxl import load_workbook

from skolpeng.lagring.logg import las_logg
from skolpeng.lagring.tabeller import Beslut
from skolpeng.lagring.tabeller_anvandning import Anvandningsrad, Anvandningsrapport
from tests.webb.hjalp import ANNAN_GBG_ENHET, GBG, REKTORNS_ENHETER, logga_in
from tests.webb.test_beslut import skapa_modell

ENHET = REKTORNS_ENHETER[0]
PERSONNUMMER = "19811218-9876"  # Skatteverkets exempel, giltig kontrollsiffra


@pytest.fixture(scope="module")
def beslut(webbapp: FastAPI) -> dict[str, object]:
    """Ett fastställt beslut för Göteborg (Göteborgstypen: strukturbeloppet har indexnyckel)."""
    modell_id = skapa_modell(webbapp)
    k = logga_in(webbapp, "gbg")
    svar = k.post_form("/beslut", {"modell_id": modell_id, "namn": "Budget"},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    bid = int(svar.headers["location"].rsplit("/", 1)[1])
    with webbapp.state.sessionsfabrik() as db:
        b = db.get(Beslut, bid)
        assert b is not None
        fordelning = next(f.innehall for f in b.filer if f.filnamn == "fordelning.csv")
        modell = yaml.safe_load(b.modelltext)
        ar = b.ar
    # Oberoende: riktade potter = de med indexnyckel i modellfilen (Göteborgstypen har inga
    # målgrupps- eller statsbidragspotter), summerade ur fordelning.csv per enhet.
    riktade = [p["namn"] for p in modell["potter"] if (p.get("nyckel") or {}).get("typ") == "index"]
    assert riktade == ["strukturbelopp"]
    df = pl.read_csv(io.BytesIO(fordelning), infer_schema=False)
    per_enhet = (
        df.filter(pl.col("pott").is_in(riktade))
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr_avrundat").cast(pl.Int64).sum())
    )
    riktat = dict(per_enhet.iter_rows())
    return {"id": bid, "ar": ar, "riktat": riktat}


def _url(ar: object, kod: str = ENHET) -> str:
    return f"/anvandning/{GBG}/{ar}/{kod}"


def _form(belopp: dict[int, str], **extra: str) -> dict[str, str]:
    data = {f"belopp-{i}": v for i, v in belopp.items()}
    data.update({f"text-{i}": f"insats {i}" for i in belopp})
    return {**data, **extra}


def test_rektorns_flode_med_versioner_och_logg(webbapp: FastAPI, beslut: dict) -> None:
    ar, riktat = beslut["ar"], beslut["riktat"][ENHET]
    r = logga_in(webbapp, "rektor")
    start = r.get("/anvandning")
    assert start.status_code == 200 and _url(ar) in start.text
    sida = r.get(_url(ar))
    assert sida.status_code == 200 and f'data-belopp="{riktat}"' in sida.text
    # utkast med svenska tal
    svar = r.post_form(_url(ar), {**_form({0: "12 500", 1: "1 234,5"}), "arsarbetare-4": "0,8",
                                   "handling": "spara"}, follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    with webbapp.state.sessionsfabrik() as db:
        rap = db.query(Anvandningsrapport).filter_by(skolenhetskod=ENHET).one()
        assert (rap.status, rap.version, rap.riktat_kr) == ("utkast", 1, riktat)
        assert sorted((x.kategori, x.belopp_kr, x.arsarbetare) for x in rap.rader) == sorted([
            ("Ledning och administration", 12500.0, None),
            ("Ordinarie klassverksamhet", 1234.5, None),
            ("Specifik kompetens", None, 0.8)])  # fmt: skip
    # handläggaren ser bara "utkast" – inget att lämna tillbaka
    h = logga_in(webbapp, "gbg")
    assert "Lämna tillbaka" not in h.get(_url(ar)).text
    # skicka in
    svar = r.post_form(_url(ar), {**_form({0: "12 500", 1: "1 234,5"}), "handling": "skicka"},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303
    # inskickad kan inte ändras
    assert r.post_form(_url(ar), {**_form({0: "1"}), "handling": "spara"}).status_code == 400
    # handläggaren lämnar tillbaka
    assert h.post_form(_url(ar) + "/aterlamna", {"kommentar": ""}).status_code == 400
    svar = h.post_form(_url(ar) + "/aterlamna", {"kommentar": "Dela upp klassverksamheten."},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303
    assert "Dela upp klassverksamheten." in r.get(_url(ar)).text
    # rektorn skickar in igen: version 2; version 1 är orörd
    svar = r.post_form(_url(ar), {**_form({0: "10 000", 1: "2 000", 2: "500"}),
                                   "handling": "skicka"}, follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303
    with webbapp.state.sessionsfabrik() as db:
        v = {x.version: x for x in db.query(Anvandningsrapport).filter_by(skolenhetskod=ENHET)}
        assert (v[1].status, v[2].status) == ("aterlamnad", "inskickad")
        assert sorted(x.belopp_kr for x in v[1].rader) == [1234.5, 12500.0]
        logg = [(x.handling, x.objekt) for x in las_logg(db, GBG)]
    for handling in ("sparade utkast till redovisning av riktade medel",
                     "skickade in redovisning av riktade medel",
                     "lämnade tillbaka redovisning av riktade medel"):  # fmt: skip
        assert any(h_ == handling for h_, _ in logg), handling
    assert (
        "skickade in redovisning av riktade medel",
        f"redovisning {ENHET} {ar} version 2",
    ) in logg


def test_belopp_over_riktat_kraver_forklaring(webbapp: FastAPI, beslut: dict) -> None:
    ar = beslut["ar"]
    kod = REKTORNS_ENHETER[1]
    over = beslut["riktat"][kod] + 1
    r = logga_in(webbapp, "rektor")
    svar = r.post_form(_url(ar, kod), {**_form({0: str(over)}), "handling": "skicka"})
    assert svar.status_code == 400 and "förklara skillnaden" in svar.text
    svar = r.post_form(_url(ar, kod), {**_form({0: str(over)}), "handling": "skicka",
                                        "forklaring": "Kvarvarande medel från förra året."},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303


def test_personnummer_i_text_avvisas_och_upprepas_inte(webbapp: FastAPI, beslut: dict) -> None:
    r = logga_in(webbapp, "rektor")
    url = _url(beslut["ar"], REKTORNS_ENHETER[1])
    for falt in ("text-0", "belopp-0", "forklaring"):
        data = {"belopp-0": "100", "handling": "spara", falt: f"eleven {PERSONNUMMER}"}
        svar = r.post_form(url, data)
        assert svar.status_code == 400, falt
        # numret visas inte: varken i felmeddelandet eller i fältet det skrevs i
        assert PERSONNUMMER not in svar.text and "9876" not in svar.text
        assert "personnummer" in svar.text or "inget tal" in svar.text
    with webbapp.state.sessionsfabrik() as db:
        assert not db.query(Anvandningsrad).filter(Anvandningsrad.text.contains("9876")).count()


@pytest.mark.parametrize("vem", ["rektor", "malmo", "huvudman"])
def test_annan_enhets_redovisning_ger_404(webbapp: FastAPI, beslut: dict, vem: str) -> None:
    k = logga_in(webbapp, vem)
    kod = ANNAN_GBG_ENHET if vem == "rektor" else ENHET
    assert k.get(_url(beslut["ar"], kod)).status_code == 404
    assert k.post_form(_url(beslut["ar"], kod), {"handling": "spara"}).status_code == 404
    assert k.get(f"/anvandning/{GBG}/{beslut['ar']}").status_code == 404
    assert k.get(f"/anvandning/{GBG}/{beslut['ar']}/anvandning.xlsx").status_code == 404


def test_handlaggaren_kan_inte_fylla_i(webbapp: FastAPI, beslut: dict) -> None:
    h = logga_in(webbapp, "gbg")
    assert h.post_form(_url(beslut["ar"]), {"handling": "spara"}).status_code == 404


def test_sammanstallningen_summerar_och_andelen_mot_beslutet(webbapp: FastAPI,
                                                            beslut: dict) -> None:  # fmt: skip
    """Efter testerna ovan: ENHET (version 2: 10 000, 2 000, 500) och den andra enheten
    (ett belopp över de riktade medlen). Summorna och andelarna räknas om här."""
    ar, riktat = beslut["ar"], beslut["riktat"]
    over = riktat[REKTORNS_ENHETER[1]] + 1
    h = logga_in(webbapp, "gbg")
    sida = h.get(f"/anvandning/{GBG}/{ar}")
    assert sida.status_code == 200
    namnare = riktat[ENHET] + riktat[REKTORNS_ENHETER[1]]
    forvantat = {"Ledning och administration": 10000 + over, "Ordinarie klassverksamhet": 2000,
                 "Mindre sammanhang": 500}  # fmt: skip
    from skolpeng.lagring.anvandning_oversikt import oversikt
    from skolpeng.web.anvandning_avsnitt import avsnitt_for

    with webbapp.state.sessionsfabrik() as db:
        o = oversikt(db, GBG, ar)
    kat = {r["kategori"]: r for r in o.sammanstallning.per_kategori.to_dicts()}
    assert o.sammanstallning.riktat_kr == namnare
    for namn, belopp in forvantat.items():
        assert kat[namn]["belopp_kr"] == belopp
        assert kat[namn]["andel_av_riktat"] == pytest.approx(belopp / namnare)
    assert sum(r["belopp_kr"] for r in kat.values()) == sum(forvantat.values())
    # per enhet: andelen av enhetens riktade medel ur beslutet
    enh = {r["skolenhetskod"]: r for r in o.enheter.to_dicts()}
    assert enh[ENHET]["andel_redovisad"] == pytest.approx(12500 / riktat[ENHET])
    assert enh[ENHET]["status"] == "inskickad"
    assert enh[ANNAN_GBG_ENHET]["status"] == "frivillig"
    assert enh[ENHET]["riktat_kr_per_elev"] > 0
    # resultaten ur datasetet: meritvärdet och det förväntade efter index
    assert o.har_resultat
    assert enh[ENHET]["meritvarde"] > 0 and enh[ENHET]["forvantat_meritvarde"] > 0
    # avsnittet i den årliga uppföljningen: samma tal
    with webbapp.state.sessionsfabrik() as db:
        a = avsnitt_for(db, GBG, ar)
    assert a.tabeller["Per kategori"]["Belopp (kr)"].sum() == sum(forvantat.values())
    assert "2 av " in a.stycken[0] and "<table>" in a.html and a.diagram_svg.startswith("<svg")
    # Excel: svenska rubriker och samma summor
    x = h.get(f"/anvandning/{GBG}/{ar}/anvandning.xlsx")
    assert x.status_code == 200
    bok = load_workbook(io.BytesIO(x.content))
    blad = bok["Per kategori"]
    rubriker = [c.value for c in blad[3]]
    assert rubriker[:4] == ["Kategori", "Förväntad kategori", "Skolenheter", "Belopp (kr)"]
    belopp = {r[0]: r[3] for r in blad.iter_rows(min_row=4, values_only=True)}
    assert belopp["Ledning och administration"] == 10000 + over
    assert blad.cell(4, 4).number_format == "#,##0"


def test_kategorilistan_kan_andras(webbapp: FastAPI, beslut: dict) -> None:
    h = logga_in(webbapp, "gbg")
    sida = h.get(f"/anvandning/{GBG}/kategorier")
    assert sida.status_code == 200 and "Kompetensutveckling" in sida.text
    data = {f"namn-{i}": n for i, n in enumerate(["Ledning och administration", "Lovskola"])}
    data |= {"forvantad-0": "1"}
    svar = h.post_form(f"/anvandning/{GBG}/kategorier", data, follow_redirects=False)
    assert svar.status_code == 303
    sida = h.get(f"/anvandning/{GBG}/kategorier")
    assert "Lovskola" in sida.text and "Kompetensutveckling" not in sida.text
    assert logga_in(webbapp, "malmo").get(f"/anvandning/{GBG}/kategorier").status_code == 404


def test_exemplet_i_docs_stammer(beslut: dict) -> None:
    """docs/anvandning.md: de riktade medlen för Svartedalsskolan och andelarna i exemplet,
    räknade här ur beslutet (oberoende) och exemplets belopp."""
    from pathlib import Path

    from skolpeng.talformat import MELLANSLAG, heltal, procent

    text = " ".join((Path(__file__).parents[2] / "docs" / "anvandning.md").read_text().split())
    riktat = beslut["riktat"][ENHET]
    assert f"får {heltal(riktat, mellanrum=MELLANSLAG)} kr i potten" in text
    belopp = [2_000_000, 9_500_000, 3_200_000, 1_100_000, 800_000]
    summa = sum(belopp)
    assert f"{heltal(summa, mellanrum=MELLANSLAG)} kr redovisat, " \
           f"{procent(summa / riktat, mellanrum=MELLANSLAG)} av de riktade medlen" in text  # fmt: skip
    for b in belopp:
        assert procent(b / riktat, mellanrum=MELLANSLAG) in text


def test_administratoren_ser_kommunernas_ar(webbapp: FastAPI, beslut: dict) -> None:
    a = logga_in(webbapp, "admin")
    sida = a.get("/anvandning")
    assert sida.status_code == 200 and f'href="/anvandning/{GBG}/{beslut["ar"]}"' in sida.text
    assert a.get(f"/anvandning/{GBG}/{beslut['ar']}").status_code == 200
    # administratören fyller inte i rektorns redovisning
    assert a.post_form(_url(beslut["ar"]), {"handling": "spara"}).status_code == 404

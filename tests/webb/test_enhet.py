"""Redovisningen per skolenhet i webben: beloppen är bibliotekets, vattenfallets delar summerar
till förändringen, och rektorn når bara sina egna enheter (även vid manipulerade adresser).

Uppsättning (en gång per modul): en Göteborgsmodell och ett scenario för 2026 i databasen, ett
fastställt beslut för 2025 (samma modell med år 2025 och en annan ram) med filerna från
``skriv_fordelning_utdata`` och ett beslut i en annan kommun (1280).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from fastapi import FastAPI

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.fordelning.korning import berakna_fordelning
from skolpeng.fordelning.modellfil.schema import las_modell_text
from skolpeng.fordelning.redovisning_och_forandring.redovisning import (
    Enhetsredovisning,
    redovisning,
)
from skolpeng.fordelning.stabilitetsregler.forra_aret import las_forra_aret
from skolpeng.lagring.dataset import innehallshash
from skolpeng.lagring.tabeller import Beslut, Beslutsfil, Dataset, Modell, Scenario
from skolpeng.rapporter.fordelning.utdata import skriv_fordelning_utdata
from skolpeng.rapporter.pdf import pdf_saknas
from tests.webb.hjalp import ANNAN_GBG_ENHET, GBG, REKTORNS_ENHETER, logga_in

MODELL = Path(__file__).resolve().parents[2] / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"
ENHET = REKTORNS_ENHETER[0]


def modelltext_2025(text: str) -> str:
    """Samma modell för 2025 (indexet från 2026, det enda året i datasetet) med en lägre ram,
    så att förändringen till 2026 får en del för parametrarna."""
    return (
        text.replace("\nar: 2026", "\nar: 2025")
        .replace("index:\n", "index:\n  ar: 2026\n")
        .replace("ram_kr: 6467827953", "ram_kr: 6300000000")
    )


@dataclass(frozen=True)
class Uppsattning:
    scenario_id: int
    beslut_2025: int
    beslut_malmo: int
    red_2026: Enhetsredovisning
    red_2025: Enhetsredovisning
    koder: tuple[str, ...]


def _beslut(kommunkod: str, ar: int, text: str, ds_id: int, filer: dict[str, bytes]) -> Beslut:
    return Beslut(
        kommunkod=kommunkod, ar=ar, verksamhet="fk_gr", lopnummer=1, namn=f"Beslut {ar}",
        dataset_id=ds_id, modelltext=text, manifest="{}", innehall_sha256=innehallshash(filer),
        skapad_av="gbg",
        filer=[Beslutsfil(filnamn=n, sha256=hashlib.sha256(d).hexdigest(), innehall=d)
               for n, d in sorted(filer.items())],
    )  # fmt: skip


def _red(korning, kod: str) -> Enhetsredovisning:  # type: ignore[no-untyped-def]
    forandring = korning.forandring.enheter if korning.forandring is not None else None
    return next(r for r in redovisning(korning.fordelning, forandring) if r.skolenhetskod == kod)


@pytest.fixture(scope="module")
def upps(webbapp: FastAPI, tmp_path_factory: pytest.TempPathFactory) -> Uppsattning:
    """Scenariot, besluten och bibliotekets egna redovisningar (beräknade utan webben)."""
    text = MODELL.read_text(encoding="utf-8")
    text25 = modelltext_2025(text)
    underlag = las_underlag(hitta_underlag("sverige"))
    k25 = berakna_fordelning(las_modell_text(text25, "m.yaml"), underlag)
    ut = tmp_path_factory.mktemp("beslut") / "ut"
    skriv_fordelning_utdata(k25, ut, {}, pdf=False)
    filer = {str(p.relative_to(ut)): p.read_bytes() for p in ut.rglob("*") if p.is_file()}
    k26 = berakna_fordelning(las_modell_text(text, "m.yaml"), underlag, None, las_forra_aret(ut))
    with webbapp.state.sessionsfabrik() as db:
        ds = db.query(Dataset).filter(Dataset.namn == "sverige").one()
        m = Modell(namn="Göteborg", kommunkod=GBG, text=text, dataset_id=ds.id, andrad_av="gbg")
        db.add(m)
        db.flush()
        sc = Scenario(modell_id=m.id, namn="Huvudförslag", text=text, andrad_av="gbg")
        b25 = _beslut(GBG, 2025, text25, ds.id, filer)
        malmo = _beslut("1280", 2025, text25, ds.id, filer)
        db.add_all([sc, b25, malmo])
        db.commit()
        ids = (sc.id, b25.id, malmo.id)
    koder = tuple(k26.fordelning.enheter.get_column("skolenhetskod").to_list())
    return Uppsattning(*ids, _red(k26, ENHET), _red(k25, ENHET), koder)


def _belopp(html: str) -> int:
    m = re.search(r'id="enhet-belopp" data-belopp="(-?\d+)"', html)
    assert m, html[:2000]
    return int(m.group(1))


def test_scenariots_redovisning_har_bibliotekets_belopp_och_vattenfall(
    webbapp: FastAPI, upps: Uppsattning
) -> None:
    k = logga_in(webbapp, "gbg")
    svar = k.get(f"/scenarier/{upps.scenario_id}/enheter/{ENHET}")
    assert svar.status_code == 200, svar.text
    html = svar.text
    assert _belopp(html) == upps.red_2026.belopp_kr_avrundat
    assert "Svartedalsskolan" in html and "Jämförelse med normen" in html
    # Vattenfallet: en bild från en route med alternativtext, och samma tal i tabellen.
    bild = re.search(r'<img src="([^"]+vattenfall\.svg)" alt="([^"]+)"', html)
    assert bild and "Vattenfallsdiagram" in bild.group(2)
    svg = k.get(bild.group(1))
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg")
    delar = [int(x) for x in re.findall(r'data-del="(-?\d+)"', html)]
    f = upps.red_2026.forandring
    assert f is not None and len(delar) >= 3
    forra_rund = round(f.belopp_forra_kr)
    assert forra_rund + sum(delar) == upps.red_2026.belopp_kr_avrundat
    assert abs(sum(delar) - f.andring_kr) <= 2  # avrundningen till hela kronor
    assert abs(f.andring_kr - (f.varav_elever_kr + f.varav_index_kr + f.varav_parametrar_kr
                               + f.varav_stabilitet_kr)) < 1e-6  # fmt: skip
    # Historiken: 2025 års beslut med det lagrade beloppet.
    assert f"/beslut/{upps.beslut_2025}/enheter/{ENHET}" in html


def test_beslutets_redovisning_utan_forra_aret_sager_det(
    webbapp: FastAPI, upps: Uppsattning
) -> None:
    k = logga_in(webbapp, "gbg")
    html = k.get(f"/beslut/{upps.beslut_2025}/enheter/{ENHET}").text
    assert _belopp(html) == upps.red_2025.belopp_kr_avrundat
    assert "Förra årets beslut saknas; förändringen kan inte visas." in html
    assert "vattenfall.svg" not in html and 'role="alert"' not in html
    assert k.get(f"/beslut/{upps.beslut_2025}/enheter/{ENHET}/vattenfall.svg").status_code == 404


def test_rektor_ser_sin_enhet_men_inga_andra(webbapp: FastAPI, upps: Uppsattning) -> None:
    k = logga_in(webbapp, "rektor")
    b = upps.beslut_2025
    egen = k.get(f"/beslut/{b}/enheter/{ENHET}")
    assert egen.status_code == 200 and _belopp(egen.text) == upps.red_2025.belopp_kr_avrundat
    ovriga = [c for c in upps.koder if c not in (*REKTORNS_ENHETER, ANNAN_GBG_ENHET)]
    andra = [ANNAN_GBG_ENHET, *ovriga[:9]]
    assert len(set(andra)) == 10
    for kod in andra:
        assert k.get(f"/beslut/{b}/enheter/{kod}").status_code == 404, kod
        assert k.get(f"/beslut/{b}/enheter/{kod}.pdf").status_code == 404, kod
        assert k.get(f"/beslut/{b}/enheter/{kod}/vattenfall.svg").status_code == 404, kod
    # Samma kod i en annan kommuns beslut, ett beslut som inte finns, scenariot, konstiga koder.
    for url in (f"/beslut/{upps.beslut_malmo}/enheter/{ENHET}",
                f"/beslut/{upps.beslut_malmo}/enheter/{ENHET}.pdf",
                f"/beslut/999999/enheter/{ENHET}",
                f"/scenarier/{upps.scenario_id}/enheter/{ENHET}",
                f"/scenarier/{upps.scenario_id}/enheter/{ENHET}/vattenfall.svg",
                f"/beslut/{b}/enheter/..%2F..%2Fmanifest.json",
                f"/beslut/{b}/enheter/{ENHET}%00"):  # fmt: skip
        assert k.get(url).status_code == 404, url


def test_andra_roller_och_kommuner_nekas(webbapp: FastAPI, upps: Uppsattning) -> None:
    for namn in ("malmo", "huvudman"):
        k = logga_in(webbapp, namn)
        assert k.get(f"/scenarier/{upps.scenario_id}/enheter/{ENHET}").status_code == 404
        assert k.get(f"/beslut/{upps.beslut_2025}/enheter/{ENHET}").status_code == 404
        assert k.get(f"/beslut/{upps.beslut_2025}/enheter/{ENHET}.pdf").status_code == 404
    # Handläggaren i Malmö ser sitt eget beslut (rättigheten går på beslutets kommun).
    k = logga_in(webbapp, "malmo")
    assert k.get(f"/beslut/{upps.beslut_malmo}/enheter/{ENHET}.pdf").status_code in (200, 503)


def test_enhet_som_saknas_i_scenariot_ger_404(webbapp: FastAPI, upps: Uppsattning) -> None:
    k = logga_in(webbapp, "gbg")
    assert k.get(f"/scenarier/{upps.scenario_id}/enheter/99999999").status_code == 404
    assert k.get("/scenarier/999999/enheter/10245367").status_code == 404


def test_pdf_av_egen_enhet_och_loggas(webbapp: FastAPI, upps: Uppsattning) -> None:
    k = logga_in(webbapp, "rektor")
    svar = k.get(f"/beslut/{upps.beslut_2025}/enheter/{ENHET}.pdf")
    if pdf_saknas() is not None:
        assert svar.status_code == 503 and "PDF" in svar.text
        return
    assert svar.status_code == 200 and svar.content.startswith(b"%PDF")
    from skolpeng.lagring.logg import las_logg

    with webbapp.state.sessionsfabrik() as db:
        rader = las_logg(db, GBG)
    assert any(r.handling == "laddade ned redovisning" and r.anvandare == "rektor"
               and ENHET in r.detalj for r in rader)  # fmt: skip


def test_historiken_visar_beslutets_lagrade_belopp(webbapp: FastAPI, upps: Uppsattning) -> None:
    k = logga_in(webbapp, "rektor")
    html = k.get(f"/beslut/{upps.beslut_2025}/enheter/{ENHET}").text
    historik = html[html.index("enhet-historik") :]
    rad = re.search(r"<th scope=\"row\">2025</th>.*?</tr>", historik, re.DOTALL)
    assert rad is not None
    tal = [int(re.sub(r"\D", "", t)) for t in re.findall(r'class="tal">([^<]+)<', rad.group(0))]
    with webbapp.state.sessionsfabrik() as db:
        b = db.get(Beslut, upps.beslut_2025)
        assert b is not None
        csv = next(f.innehall for f in b.filer if f.filnamn == "fordelning.csv")
    df = pl.read_csv(csv, infer_schema=False).filter(pl.col("skolenhetskod") == ENHET)
    assert tal[0] == int(df.get_column("belopp_kr_avrundat").cast(pl.Float64).sum())
    assert tal[0] == upps.red_2025.belopp_kr_avrundat

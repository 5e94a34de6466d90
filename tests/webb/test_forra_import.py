"""Importen av förra årets fördelning (``/beslut/importera``): utdatakatalogen från
``skolpeng fordela`` för 2025 (byggd här med biblioteket, som kommandot gör) laddas upp som
zip-fil, sparas som beslut, och 2026 års scenario visar sedan vattenfallet med bibliotekets
tal. Handläggaren i Malmö får inte importera Göteborgs fördelning; trasiga zip-filer, en
katalog utan ``fordelning.csv`` och ett namn med ``..`` ger svenska problem och inget beslut.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.fordelning.korning import berakna_fordelning
from skolpeng.fordelning.modellfil.schema import las_modell_text
from skolpeng.fordelning.redovisning_och_forandring.redovisning import (
    Enhetsredovisning,
    redovisning,
)
from skolpeng.fordelning.stabilitetsregler.forra_aret import las_forra_aret
from skolpeng.lagring.tabeller import Beslut, Dataset, Logghandelse, Modell, Scenario
from skolpeng.rapporter.fordelning.utdata import skriv_fordelning_utdata
from tests.webb.hjalp import GBG, REKTORNS_ENHETER, logga_in

MODELL = Path(__file__).resolve().parents[2] / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"
ENHET = REKTORNS_ENHETER[0]


def modelltext_2025(text: str) -> str:
    """Modellen för 2025 (indexet från 2026, datasetets enda år) med en lägre ram."""
    return (
        text.replace("\nar: 2026", "\nar: 2025")
        .replace("index:\n", "index:\n  ar: 2026\n")
        .replace("ram_kr: 6467827953", "ram_kr: 6300000000")
    )


def zippa(katalog: Path, prefix: str = "ut/", extra: dict[str, bytes] | None = None) -> bytes:
    """Katalogens filer (med undermappar) i en zip-fil under ``prefix``, plus ``extra``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(katalog.rglob("*")):
            if p.is_file():
                zf.writestr(prefix + str(p.relative_to(katalog)), p.read_bytes())
        for namn, data in (extra or {}).items():
            zf.writestr(namn, data)
    return buf.getvalue()


@dataclass(frozen=True)
class Uppsattning:
    katalog: Path
    zip: bytes
    dataset_id: int
    scenario_id: int
    red_2026: Enhetsredovisning


@pytest.fixture(scope="module")
def upps(webbapp: FastAPI, tmp_path_factory: pytest.TempPathFactory) -> Uppsattning:
    """2025 års utdatakatalog som ``skolpeng fordela`` (utan PDF), bibliotekets egen
    redovisning för 2026 med den som förra året, och ett 2026-scenario i databasen."""
    text = MODELL.read_text(encoding="utf-8")
    text25 = modelltext_2025(text)
    tmp = tmp_path_factory.mktemp("forra")
    modellfil = tmp / "modell_2025.yaml"
    modellfil.write_text(text25, encoding="utf-8")
    underlag = las_underlag(hitta_underlag("sverige"))
    k25 = berakna_fordelning(las_modell_text(text25, "m.yaml"), underlag)
    k25 = dataclasses.replace(k25, modellfil=modellfil)
    ut = tmp / "ut"
    skriv_fordelning_utdata(k25, ut, {}, pdf=False)
    k26 = berakna_fordelning(las_modell_text(text, "m.yaml"), underlag, None, las_forra_aret(ut))
    forandring = k26.forandring.enheter if k26.forandring is not None else None
    red = next(r for r in redovisning(k26.fordelning, forandring) if r.skolenhetskod == ENHET)
    with webbapp.state.sessionsfabrik() as db:
        ds = db.query(Dataset).filter(Dataset.namn == "sverige").one()
        m = Modell(namn="Göteborg", kommunkod=GBG, text=text, dataset_id=ds.id, andrad_av="gbg")
        db.add(m)
        db.flush()
        sc = Scenario(modell_id=m.id, namn="Huvudförslag", text=text, andrad_av="gbg")
        db.add(sc)
        db.commit()
        ids = (ds.id, sc.id)
    return Uppsattning(ut, zippa(ut), ids[0], ids[1], red)


def antal_beslut(app: FastAPI) -> int:
    with app.state.sessionsfabrik() as db:
        return int(db.scalar(select(func.count()).select_from(Beslut)) or 0)


def ladda_upp(app: FastAPI, anv: str, data: bytes, ds: int, namn: str = "forra.zip"):  # type: ignore[no-untyped-def]
    k = logga_in(app, anv)
    return k.post_form("/beslut/importera", {"dataset_id": str(ds)},
                       files={"fil": (namn, data, "application/zip")},
                       follow_redirects=False)  # fmt: skip


def test_formularet_och_lanken(webbapp: FastAPI, upps: Uppsattning) -> None:
    k = logga_in(webbapp, "gbg")
    assert 'href="/beslut/importera"' in k.get("/beslut").text
    html = k.get("/beslut/importera").text
    assert '<label for="fil">' in html and '<label for="dataset_id">' in html
    assert f'<option value="{upps.dataset_id}"' in html and 'name="csrf_token"' in html
    assert logga_in(webbapp, "rektor").get("/beslut/importera").status_code == 403


@pytest.mark.parametrize(
    ("data", "namn", "vantat"),
    [
        (b"inte en zip", "forra.zip", "filen är inte en zip-fil"),
        (b"PK\x03\x04trasig", "forra.zip", "zip-filen kan inte läsas"),
        (b"PK\x03\x04", "forra.csv", "välj en zip-fil"),
    ],
)
def test_trasig_fil_sparar_inget(
    webbapp: FastAPI, upps: Uppsattning, data: bytes, namn: str, vantat: str
) -> None:
    fore = antal_beslut(webbapp)
    svar = ladda_upp(webbapp, "gbg", data, upps.dataset_id, namn)
    assert svar.status_code == 400 and vantat in svar.text and 'role="alert"' in svar.text
    assert antal_beslut(webbapp) == fore


def test_katalog_utan_fordelning_och_traversering_sparar_inget(
    webbapp: FastAPI, upps: Uppsattning, tmp_path: Path
) -> None:
    fore = antal_beslut(webbapp)
    utan = tmp_path / "utan"
    utan.mkdir()
    for p in upps.katalog.iterdir():
        if p.is_file() and p.name != "fordelning.csv":
            (utan / p.name).write_bytes(p.read_bytes())
    svar = ladda_upp(webbapp, "gbg", zippa(utan), upps.dataset_id)
    assert svar.status_code == 400
    assert "fordelning.csv: filen saknas i förra årets katalog" in svar.text
    ond = zippa(upps.katalog, extra={"ut/../fordelning.csv": b"x"})
    svar = ladda_upp(webbapp, "gbg", ond, upps.dataset_id)
    assert svar.status_code == 400
    assert "otillåtet filnamn i zip-filen: ut/../fordelning.csv" in svar.text
    svar = ladda_upp(webbapp, "gbg", upps.zip, 999999)
    assert svar.status_code == 400 and "välj en datasetversion" in svar.text
    assert antal_beslut(webbapp) == fore


def test_import_ger_vattenfallet_och_bara_egen_kommun(webbapp: FastAPI, upps: Uppsattning) -> None:
    fore = antal_beslut(webbapp)
    svar = ladda_upp(webbapp, "malmo", upps.zip, upps.dataset_id)
    assert svar.status_code == 403 and "egen kommun" in svar.text
    assert antal_beslut(webbapp) == fore

    svar = ladda_upp(webbapp, "gbg", upps.zip, upps.dataset_id, "goteborg_2025.zip")
    assert svar.status_code == 303, svar.text
    beslut_id = int(svar.headers["location"].rsplit("/", 1)[1])
    assert antal_beslut(webbapp) == fore + 1
    with webbapp.state.sessionsfabrik() as db:
        b = db.get(Beslut, beslut_id)
        assert b is not None
        assert (b.kommunkod, b.ar, b.verksamhet) == (GBG, 2025, "fk_gr")
        assert b.namn == "Importerat: goteborg_2025.zip" and b.dataset_id == upps.dataset_id
        filer = sorted(f.filnamn for f in b.filer)
        assert "fordelning.csv" in filer and "modell.yaml" in filer and "manifest.json" in filer
        assert all("/" not in f and not f.endswith((".pdf", ".html")) for f in filer)
        assert (
            b.filer[filer.index("fordelning.csv")].innehall
            == (upps.katalog / "fordelning.csv").read_bytes()
        )
        handlingar = db.scalars(
            select(Logghandelse.handling).where(Logghandelse.kommunkod == GBG)
        ).all()
        assert "importerade förra årets fördelning" in handlingar

    k = logga_in(webbapp, "gbg")
    sida = k.get(f"/beslut/{beslut_id}")
    assert sida.status_code == 200
    # datasetet står med det som är känt, aldrig som en tom "version (SHA-256 )"
    dataset_rad = re.search(r"<dt>Dataset</dt><dd>(.*?)</dd>", sida.text, re.S)
    assert dataset_rad is not None and dataset_rad.group(1).strip()
    assert "SHA-256 <code></code>" not in sida.text and "version  " not in dataset_rad.group(1)
    html = k.get(f"/scenarier/{upps.scenario_id}/enheter/{ENHET}").text
    belopp = re.search(r'id="enhet-belopp" data-belopp="(-?\d+)"', html)
    assert belopp and int(belopp.group(1)) == upps.red_2026.belopp_kr_avrundat
    bild = re.search(r'<img src="([^"]+vattenfall\.svg)" alt="([^"]+)"', html)
    assert bild, html[:3000]
    assert k.get(bild.group(1)).text.startswith("<svg")
    delar = [int(x) for x in re.findall(r'data-del="(-?\d+)"', html)]
    f = upps.red_2026.forandring
    assert f is not None and len(delar) >= 3
    assert round(f.belopp_forra_kr) + sum(delar) == upps.red_2026.belopp_kr_avrundat

    m = logga_in(webbapp, "malmo")
    assert m.get(f"/beslut/{beslut_id}").status_code == 404
    assert f'href="/beslut/{beslut_id}"' not in m.get("/beslut").text

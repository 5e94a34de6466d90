"""Webbläsartester av dataset: det medföljande datasetet laddas upp genom formuläret, och dålig
indata (trasig CSV, fel filtyp, zip-bomb, för stor fil, sökväg i zip-filen) ger ett svenskt
meddelande utan att något sparas. axe-core på varje sida."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from skolpeng.lagring.dataset import tillatna_filnamn
from tests.webblasare.conftest import GRANSER
from tests.webblasare.hjalp import REPO, besok, kontrollera_tillganglighet, logga_in

SVERIGE = REPO / "src" / "skolpeng" / "dataset" / "sverige"


def sverige_zip(katalog: str = "sverige") -> bytes:
    """Zip-fil med det medföljande datasetets tabeller i en katalog (som en användare packar)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for fil in sorted(SVERIGE.iterdir()):
            if fil.name in tillatna_filnamn():
                zf.write(fil, f"{katalog}/{fil.name}")
    return buf.getvalue()


def datasetrader(sida: Any) -> list[str]:
    """Datasetlistans rader (namn och version) som de syns."""
    besok(sida, "/dataset")
    return sida.locator("table.datasetlista tbody tr th").all_inner_texts()


def ladda_upp(sida: Any, namn: str, filer: list[dict[str, Any]]) -> None:
    """Fyller i och skickar uppladdningsformuläret (axe-core på formuläret först)."""
    besok(sida, "/dataset/ny")
    sida.fill("#namn", namn)
    sida.set_input_files("#filer", filer)
    sida.click("form.formular button[type=submit]")
    sida.wait_for_load_state()


def fil(namn: str, data: bytes, typ: str = "application/octet-stream") -> dict[str, Any]:
    return {"name": namn, "mimeType": typ, "buffer": data}


def test_ladda_upp_det_medfoljande_datasetet(sida: Any) -> None:
    """Zip-filen blir en ny version med Sveriges alla skolenheter; listan får en rad till."""
    logga_in(sida, "gbg")
    fore = datasetrader(sida)
    ladda_upp(sida, "sverige-webb", [fil("sverige.zip", sverige_zip(), "application/zip")])
    assert "/dataset/" in sida.url and "/dataset/ny" not in sida.url, sida.content()[:3000]
    kontrollera_tillganglighet(sida)
    text = sida.inner_text("main")
    antal = sum(1 for _ in (SVERIGE / "skolenheter.csv").open(encoding="utf-8")) - 1
    assert (
        f"{antal:,}".replace(",", "\u00a0") in text
        or str(antal) in text
        or (f"{antal:,}".replace(",", " ") in text)
    ), text[:2000]
    efter = datasetrader(sida)
    assert len(efter) == len(fore) + 1
    assert any("sverige-webb v1" in r for r in efter)


def _zip(medlemmar: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for namn, data in medlemmar.items():
            zf.writestr(namn, data)
    return buf.getvalue()


def _trasig_csv() -> list[dict[str, Any]]:
    rader = (SVERIGE / "skolenheter.csv").read_bytes().splitlines()
    trasig = b"\n".join([rader[0], b'detta;ar;inte;en;rad;"', *rader[1:5]]) + b"\n"
    return [fil("skolenheter.csv", trasig, "text/csv")]


def _zipbomb() -> list[dict[str, Any]]:
    return [fil("bomb.zip", _zip({"sverige/elever.csv": b"0" * (80 * 2**20)}), "application/zip")]


def _sokvag() -> list[dict[str, Any]]:
    data = _zip({"../../etc/skolenheter.csv": (SVERIGE / "skolenheter.csv").read_bytes()})
    return [fil("sokvag.zip", data, "application/zip")]


def _for_stor() -> list[dict[str, Any]]:
    storlek = int(GRANSER["SKOLPENG_TEST_MAX_UPPLADDNING"]) + 2**20
    return [fil("elever.csv", b"a;b\n" * (storlek // 4), "text/csv")]


DALIG_INDATA = {
    "trasig_csv": (_trasig_csv, "skolenheter.csv"),
    "fel_filtyp": (lambda: [fil("bild.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")],
                   "fel filtyp"),
    "zipbomb": (_zipbomb, "packa"),
    "sokvag_i_zip": (_sokvag, "otillåtet filnamn"),
    "for_stor": (_for_stor, "för stor"),
}  # fmt: skip


@pytest.mark.parametrize("fall", sorted(DALIG_INDATA))
def test_dalig_indata_ger_svenskt_meddelande_och_sparar_inget(sida: Any, fall: str) -> None:
    """Varje dålig uppladdning: ett svenskt meddelande, och datasetlistan är oförändrad."""
    skapa, vantat = DALIG_INDATA[fall]
    logga_in(sida, "gbg")
    fore = datasetrader(sida)
    ladda_upp(sida, f"dalig-{fall.replace('_', '-')}", skapa())
    if fall == "for_stor":  # 413: ett kort svenskt textsvar från säkerhetslagret
        text = sida.inner_text("body").lower()
    else:
        larm = sida.locator("[role=alert]")
        assert larm.count() >= 1, sida.content()[:3000]
        text = larm.first.inner_text().lower()
        kontrollera_tillganglighet(sida)
    assert vantat.lower() in text and "ingenting har sparats" in text, text[:3000]
    assert datasetrader(sida) == fore

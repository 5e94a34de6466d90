"""Datasetsidorna: listan, versionssidan och nedladdningen med behörighet per objekt
(handläggare ser gemensamma dataset och sin kommuns, rektor och huvudman inga)."""

from __future__ import annotations

import hashlib
import re

import pytest
from fastapi import FastAPI

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.lagring.dataset import medfoljande_filer, spara_dataset
from skolpeng.lagring.tabeller import Anvandare
from skolpeng.web.sidor_dataset import formularproblem
from tests.webb.hjalp import Klient, logga_in

SVERIGE = hitta_underlag("sverige")


@pytest.fixture(scope="module")
def gbg_dataset(webbapp: FastAPI) -> int:
    """Göteborgs dataset (samma filer som sverige), sparat direkt i lagringen."""
    with webbapp.state.sessionsfabrik() as db:
        ds = spara_dataset(db, "gbg-eget", medfoljande_filer(SVERIGE), "gbg", "1480", "test")
        db.commit()
        return ds.id


@pytest.fixture(scope="module")
def klienter(webbapp: FastAPI) -> dict[str, Klient]:
    return {n: logga_in(webbapp, n) for n in ("admin", "gbg", "malmo", "rektor", "huvudman")}


def lankar(html: str) -> list[str]:
    return re.findall(r'href="/dataset/(\d+)"', html)


def test_listan_visar_bara_det_anvandaren_far_se(
    klienter: dict[str, Klient], gbg_dataset: int
) -> None:
    sverige_id = "1"
    admin = lankar(klienter["admin"].get("/dataset").text)
    gbg = lankar(klienter["gbg"].get("/dataset").text)
    malmo = lankar(klienter["malmo"].get("/dataset").text)
    assert admin[0] == str(gbg_dataset)  # nyast först
    assert {sverige_id, str(gbg_dataset)} <= set(admin)
    assert {sverige_id, str(gbg_dataset)} <= set(gbg)
    assert sverige_id in malmo and str(gbg_dataset) not in malmo
    text = klienter["gbg"].get("/dataset").text
    antal = len(medfoljande_filer(SVERIGE))
    assert re.search(rf"gbg-eget v1</a></th>.*?<td>1480</td>.*?<td class=\"tal\">{antal}</td>",
                     text, re.S)  # fmt: skip
    assert "<caption>" in text and 'scope="col"' in text


def test_versionssidan_visar_filer_och_antal(klienter: dict[str, Klient], gbg_dataset: int) -> None:
    svar = klienter["gbg"].get(f"/dataset/{gbg_dataset}")
    assert svar.status_code == 200
    underlag = las_underlag(SVERIGE)
    text = svar.text.replace("\u00a0", " ")
    for namn, data in medfoljande_filer(SVERIGE).items():
        assert hashlib.sha256(data).hexdigest() in text
        rader = data.decode("utf-8").strip().count("\n")  # utan rubrikraden
        stor = f"{len(data):,}".replace(",", " ")
        assert re.search(rf">{namn}</a></th>\s*<td class=\"tal\">{rader:,}</td>\s*"
                         rf"<td class=\"tal\">{stor}</td>".replace(",", " "), text), namn  # fmt: skip
    enheter = f"{underlag.skolenheter.height:,}".replace(",", " ")
    assert f"<dt>Skolenheter</dt><dd>{enheter}</dd>" in text
    assert f"<dd>{underlag.kommuner.height} i kommuntabellen" in text
    assert "Föregående version" not in text and "Nästa version" not in text


def test_nedladdning(klienter: dict[str, Klient], gbg_dataset: int) -> None:
    filer = medfoljande_filer(SVERIGE)
    svar = klienter["gbg"].get(f"/dataset/{gbg_dataset}/filer/kommuner.csv")
    assert svar.status_code == 200 and svar.content == filer["kommuner.csv"]
    assert 'filename="kommuner.csv"' in svar.headers["content-disposition"]
    for namn in ("finns-inte.csv", "..%2F..%2Fetc%2Fpasswd", "README.md"):
        assert klienter["gbg"].get(f"/dataset/{gbg_dataset}/filer/{namn}").status_code == 404
    assert klienter["gbg"].get("/dataset/999999").status_code == 404


def test_annan_kommun_far_404(klienter: dict[str, Klient], gbg_dataset: int) -> None:
    malmo = klienter["malmo"]
    assert malmo.get(f"/dataset/{gbg_dataset}").status_code == 404
    assert malmo.get(f"/dataset/{gbg_dataset}/filer/kommuner.csv").status_code == 404
    assert malmo.get("/dataset/1/filer/kommuner.csv").status_code == 200  # gemensamt


@pytest.mark.parametrize("roll", ["rektor", "huvudman"])
def test_rektor_och_huvudman_nekas(
    klienter: dict[str, Klient], gbg_dataset: int, roll: str
) -> None:
    k = klienter[roll]
    for url in ("/dataset", "/dataset/ny", f"/dataset/{gbg_dataset}", "/dataset/1",
                f"/dataset/{gbg_dataset}/filer/kommuner.csv"):  # fmt: skip
        assert k.get(url).status_code in (403, 404), url
    assert k.get("/dataset").status_code == 403
    svar = k.post_form("/dataset", {"namn": "x"},
                       files=[("filer", ("elever.csv", b"a\n", "text/csv"))])  # fmt: skip
    assert svar.status_code == 403


def test_utan_inloggning_till_inloggningen(webbapp: FastAPI) -> None:
    k = Klient(webbapp)
    svar = k.get("/dataset", follow_redirects=False)
    assert svar.status_code == 303 and svar.headers["location"].startswith("/logga-in")


def test_formularet(klienter: dict[str, Klient]) -> None:
    gbg = klienter["gbg"].get("/dataset/ny").text
    for falt in ("namn", "beskrivning", "filer"):
        assert f'<label for="{falt}">' in gbg and f'id="{falt}"' in gbg
    assert 'type="file" multiple' in gbg and 'name="csrf_token"' in gbg
    assert 'id="kommunkod"' not in gbg and "din kommun (Göteborg)" in gbg
    admin = klienter["admin"].get("/dataset/ny").text
    assert '<label for="kommunkod">' in admin


def test_kommunval() -> None:
    handl = Anvandare(roll="handlaggare", kommunkod="1480")
    admin = Anvandare(roll="administrator", kommunkod=None)
    assert formularproblem(handl, "a", "", "1280") == ("1480", [])
    assert formularproblem(admin, "a", "", "") == (None, [])
    assert formularproblem(admin, "a", "", "1280") == ("1280", [])
    kod, problem = formularproblem(admin, "a b", "", "12")
    assert len(problem) == 2

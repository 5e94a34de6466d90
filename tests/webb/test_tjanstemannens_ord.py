"""Tjänstemännens ord: ingen sida som en roll når genom att följa länkar,
inget beslut om bidrag eller redovisning (HTML-filerna som PDF:erna görs av) och ingen
Excelbok innehåller utvecklarnas ord; tabeller med namn är i svensk ordning.

Krypningen börjar på startsidan och följer varje länk inom appen (GET), för varje roll.
Maskinläsbara filer (CSV, JSON, YAML-modellfilen, zip, manifestet, API:t) är inte texter för
tjänstemän och hoppas över; PDF:er kontrolleras genom sin HTML (samma text).
"""

from __future__ import annotations

import html
import io
import re
from collections import deque

import openpyxl
import pytest
from fastapi import FastAPI

from skolpeng.sortering import svensk_nyckel
from tests.webb.hjalp import GBG, logga_in
from tests.webb.test_beslut import frysta  # noqa: F401  (fixturen: två fastställda beslut)

FORBJUDNA = (".md", "fk_gr", "shapley", "största-rest", "spakar", "formuläret:", "(filen)",
             "allocation", "utc")  # fmt: skip
HOPPA_OVER = re.compile(
    r"(\.csv|\.json|\.yaml|\.zip|\.svg|\.png|\.js|\.css|\.pdf)$|^/api|^/logga-ut|^/statisk"
)
MAX_SIDOR = 400
_LANK = re.compile(r'href="(/[^"#]*)"')


def _synlig_text(html: str) -> str:
    """Sidans text utan taggar, skript och stilar (det en läsare ser). Modellfilens text i
    redigeringsrutan är filen själv (med sina nycklar) och räknas inte."""
    html = re.sub(r"(?is)<(script|style|textarea)[^>]*>.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def _monster(ord_: str) -> str:
    """Ordet som reguljärt uttryck: inte mitt i ett annat ord; ett ord som börjar med punkt
    (".md") får stå direkt efter ett filnamn ("docs/regler/dataformat.md")."""
    fore = "" if ord_.startswith(".") else r"(?<![\w/])"
    return fore + re.escape(ord_) + r"(?!\w)"


def _forbjudna_i(text: str) -> list[str]:
    liten = text.lower()
    return [o for o in FORBJUDNA if re.search(_monster(o), liten)]


def _xlsx_text(innehall: bytes) -> str:
    bok = openpyxl.load_workbook(io.BytesIO(innehall), read_only=True)
    delar = [bok.sheetnames and " ".join(bok.sheetnames)]
    for ark in bok.worksheets:
        for rad in ark.iter_rows(values_only=True):
            delar.extend(str(v) for v in rad if isinstance(v, str))
    return "\n".join(d for d in delar if d)


def _beslutens_filnamn(app: FastAPI) -> list[str]:
    """Namnen på besluten filer (t.ex. ``beaktande.md``): filer som tjänstemannen laddar ned
    och som sidorna och loggen därför nämner vid namn; de är inte utvecklarord."""
    from skolpeng.lagring.tabeller import Beslutsfil

    with app.state.sessionsfabrik() as db:
        namn = {f.filnamn for f in db.query(Beslutsfil).all()}
    return sorted(namn, key=len, reverse=True)


def _kryp(app: FastAPI, anvandarnamn: str) -> dict[str, list[str]]:
    """Adress -> de förbjudna orden, för varje sida och Excelbok som rollen når (besluten
    filnamn räknas inte)."""
    filnamn = _beslutens_filnamn(app)
    k = logga_in(app, anvandarnamn)
    sett, ko, fynd = {"/"}, deque(["/"]), {}
    besokta = 0
    while ko and besokta < MAX_SIDOR:
        url = ko.popleft()
        svar = k.get(url)
        besokta += 1
        if svar.status_code != 200:
            continue
        typ = svar.headers.get("content-type", "")
        if "spreadsheetml" in typ:
            text = _xlsx_text(svar.content)
        elif "text/html" in typ:
            text = _synlig_text(svar.text)
            for lank in _LANK.findall(svar.text):
                lank = lank.replace("&amp;", "&")
                if lank not in sett and not HOPPA_OVER.search(lank.split("?")[0]):
                    sett.add(lank)
                    ko.append(lank)
        else:
            continue
        for namn in filnamn:
            text = text.replace(namn, " ")
        if hittade := _forbjudna_i(text):
            fynd[url] = hittade
    assert besokta >= 4, f"krypningen nådde bara {besokta} sidor som {anvandarnamn}"
    return fynd


@pytest.fixture(scope="module")
def med_scenario(webbapp: FastAPI, frysta: dict) -> dict:  # noqa: F811
    """Besluten och ett scenario för modellen (så att scenariots sidor nås i krypningen)."""
    k = logga_in(webbapp, "gbg")
    svar = k.post_form(f"/modeller/{frysta['modell_id']}/scenarier", {"namn": "Mer struktur"},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    return frysta


@pytest.mark.slow
@pytest.mark.parametrize("roll", ["gbg", "rektor", "huvudman", "admin"])
def test_inga_utvecklarord_pa_sidorna(webbapp: FastAPI, med_scenario: dict, roll: str) -> None:
    assert _kryp(webbapp, roll) == {}


def test_inga_utvecklarord_i_beslutens_filer(webbapp: FastAPI, frysta: dict) -> None:  # noqa: F811
    """Besluten om bidrag, redovisningarna (HTML, som PDF:erna görs av) och Excelböckerna."""
    from skolpeng.lagring.tabeller import Beslut

    with webbapp.state.sessionsfabrik() as db:
        b = db.get(Beslut, frysta["forsta"])
        assert b is not None
        filer = {f.filnamn: f.innehall for f in b.filer}
    fynd = {}
    for namn, innehall in filer.items():
        if namn.endswith(".html"):
            text = _synlig_text(innehall.decode("utf-8"))
        elif namn.endswith(".xlsx"):
            text = _xlsx_text(innehall)
        else:
            continue
        if hittade := _forbjudna_i(text):
            fynd[namn] = hittade
    assert any(n.startswith("beslut/") for n in filer) and "bidragsbeslut.xlsx" in filer
    assert fynd == {}


def test_ordlistan_forklarar_orden(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "rektor")
    start = k.get("/")
    assert 'href="/ordlista"' in start.text
    sida = k.get("/ordlista").text
    for ord_ in ("Grundbelopp", "Strukturbelopp", "Index", "Omfördelning", "Avdrag",
                 "Tilläggsbelopp", "Villkorat belopp"):  # fmt: skip
        assert f">{ord_}" in sida, ord_
    orden = re.findall(r'<dt id="ord-\d+">([^<]+)</dt>', sida)
    assert orden == sorted(orden, key=svensk_nyckel)


def _radnamn(sida: str, caption: str) -> list[str]:
    """Radrubrikerna (första kolumnen) i tabellen med rubriken ``caption``."""
    start = re.search(r"<caption[^>]*>" + re.escape(caption), sida)
    assert start is not None, caption
    tabell = sida[start.end() :].split("</table>", 1)[0].split("<tfoot")[0]
    rader = re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', tabell)
    return [html.unescape(n).strip() for n in rader]


def test_namnen_i_beslutet_ar_i_svensk_ordning(webbapp: FastAPI, frysta: dict) -> None:  # noqa: F811
    """Skolenheterna i beslutets tabell och enheterna på körningens sida är i svensk ordning
    (Å, Ä, Ö efter Z), inte i kodordning eller Pythons ordning."""
    k = logga_in(webbapp, "gbg")
    sida = k.get(f"/beslut/{frysta['forsta']}").text
    for rubrik in ("Bidrag till enskilda huvudmän", "Belopp per skolenhet"):
        namn = _radnamn(sida, rubrik)
        assert len(namn) > 5, rubrik
        assert namn == sorted(namn, key=svensk_nyckel), rubrik
    resultat = k.get(f"/modeller/{frysta['modell_id']}/resultat").text
    enheter = [re.sub(r" \(\d{8}\)$", "", n) for n in _radnamn(resultat, "Belopp per skolenhet")]
    assert len(enheter) > 50 and enheter == sorted(enheter, key=svensk_nyckel)
    namn = _radnamn(sida, "Belopp per skolenhet")
    forsta = [n[0] for n in namn]
    assert "Å" in forsta and "Ä" in forsta and "Ö" in forsta
    assert forsta.index("Å") < forsta.index("Ä") < forsta.index("Ö")
    assert max(i for i, c in enumerate(forsta) if "A" <= c.upper() <= "Z") < forsta.index("Å")


def test_kommunerna_i_normens_val_ar_i_svensk_ordning(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "admin")
    sida = k.get("/norm").text
    m = re.search(r'<select[^>]*name="kommun"[^>]*>(.*?)</select>', sida, re.S)
    if m is None:
        pytest.skip("normsidan har inget kommunval utan vald datasetversion")
    namn = [re.sub(r" \(\d{4}\)$", "", html.unescape(n))
            for n in re.findall(r'<option value="\d{4}"[^>]*>([^<]+)</option>', m.group(1))]  # fmt: skip
    assert namn == sorted(namn, key=svensk_nyckel)
    assert namn.index("Håbo") < namn.index("Hässleholm") < namn.index("Höganäs")


def test_kommunens_installningar_gar_till_beslutet(webbapp: FastAPI) -> None:
    from tests.webb.test_beslut import skapa_modell

    k = logga_in(webbapp, "gbg")
    assert k.get("/kommun/1280/installningar").status_code == 404  # Malmö: inte gbg:s kommun
    fel = k.post_form(f"/kommun/{GBG}/installningar", {"namnd": "", "postadress": ""})
    assert fel.status_code == 400 and "Nämnd" in fel.text and "Postadress" in fel.text
    svar = k.post_form(f"/kommun/{GBG}/installningar",
                       {"namnd": "Grundskolenämnden", "postadress": "Box 1\n405 01 Göteborg",
                        "overklagande": ""}, follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303
    assert "Grundskolenämnden" in k.get(f"/kommun/{GBG}/installningar").text
    modell_id = skapa_modell(webbapp)
    svar = k.post_form("/beslut", {"modell_id": modell_id, "namn": "Med nämnden"},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    from skolpeng.lagring.tabeller import Beslut

    with webbapp.state.sessionsfabrik() as db:
        b = db.get(Beslut, int(svar.headers["location"].rsplit("/", 1)[1]))
        assert b is not None
        html = next(f.innehall.decode() for f in b.filer if f.filnamn.startswith("beslut/"))
    assert "ges in till Grundskolenämnden (Box 1, 405 01 Göteborg)" in html
    assert "kommunkod 1480)" not in html.split("Hur man överklagar")[1]


def test_normens_tabell_ar_i_svensk_ordning(webbapp: FastAPI) -> None:
    """Normens tabell per skolenhet i en kommun: enheterna i svensk ordning efter namn."""
    k = logga_in(webbapp, "admin")
    sida = k.get(f"/norm?kommun={GBG}").text
    rader = re.findall(r'<tr data-kommunkod="1480"[^>]*>\s*<th scope="row">([^<]+)</th>', sida)
    if not rader:
        pytest.skip("normsidan visar ingen tabell utan val")
    namn = [html.unescape(n) for n in dict.fromkeys(rader)]
    assert len(namn) > 10
    assert namn == sorted(namn, key=svensk_nyckel)

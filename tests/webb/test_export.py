"""Nedladdning av sidornas tabeller som xlsx och CSV: innehållet är sidans
tabell (rubriker och celler), behörigheten prövas som för sidan (404 för andra kommuner och
roller) och varje nedladdning står i granskningsloggen. Dessutom: sidorna länkar varje enhet
till sin redovisning och har brödsmulor."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from fastapi import FastAPI
from lxml import html
from sqlalchemy import select

from skolpeng.lagring.tabeller import Logghandelse
from tests.webb.hjalp import REKTORNS_ENHETER, logga_in

LANKKOLUMN = "Beslut om bidrag"


def _logg(app: FastAPI) -> list[tuple[str, str, str]]:
    with app.state.sessionsfabrik() as db:
        fraga = select(Logghandelse).where(Logghandelse.handling == "laddade ned tabell")
        return [(r.anvandare, r.objekt, r.detalj) for r in db.scalars(fraga)]


@pytest.fixture(scope="module")
def objekten(webbapp: FastAPI) -> dict[str, Any]:
    """En modell, ett scenario och ett beslut fastställt ur scenariot (som gbg)."""
    k = logga_in(webbapp, "gbg")
    svar = k.post_form("/modeller/ny", {"exempel": "goteborg_typ.yaml", "dataset_id": "1"},
                       follow_redirects=False)  # fmt: skip
    modell = int(svar.headers["location"].split("/")[-1].split("?")[0])
    svar = k.post_form(f"/modeller/{modell}/scenarier", {"namn": "Export"}, follow_redirects=False)
    scenario = int(svar.headers["location"].split("/")[-1])
    svar = k.post_form("/beslut", {"scenario_id": scenario, "namn": "Exportbeslut"},
                       follow_redirects=False)  # fmt: skip
    beslut = int(svar.headers["location"].split("/")[-1])
    return {"k": k, "modell": modell, "scenario": scenario, "beslut": beslut}


def _text(el: Any) -> str:
    for dold in el.xpath(".//*[contains(@class, 'visuellt-dold')]"):
        dold.getparent().remove(dold)
    return " ".join(el.text_content().split())


def _sidans_tabell(sida: str, caption_borjar: str) -> list[list[str]]:
    """Tabellen med bildtexten: rubrikraden (thead) och raderna (tbody), text per cell."""
    dok = html.fromstring(sida)
    for t in dok.xpath("//table"):
        if _text(t.xpath("caption")[0]).startswith(caption_borjar):
            rubrik = [_text(c) for c in t.xpath("thead/tr[1]/th")]
            return [rubrik] + [[_text(c) for c in r.xpath("th|td")] for r in t.xpath("tbody/tr")]
    raise AssertionError(f"ingen tabell {caption_borjar!r}")


def _normalt(v: str) -> str:
    """En cell som jämförbar text: tal utan mellanrum och enhet, saknat -> ''."""
    t = v.replace("\u2212", "-").replace("\xa0", " ").strip()
    if t == "–":
        return ""
    if t.endswith(" kr"):
        t = t[:-3]
    if t and (t[0].isdigit() or (t[0] == "-" and t[1:2].isdigit())):
        return t.replace(" ", "")
    return t


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _xlsx(data: bytes) -> list[list[Any]]:
    blad = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(r) for r in blad.iter_rows(min_row=3, values_only=True)]


def _xlsx_som_text(v: Any, rubrik: str, decimal: bool) -> str:
    """Ett xlsx-värde som sidans text (``decimal``: kolumnen visas med en decimal)."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if "(%)" in rubrik:
        return f"{100 * v:.1f}".replace(".", ",").replace("-0,0", "0,0") + " %"
    if decimal:
        return f"{v:.1f}".replace(".", ",")
    return str(round(v))


def _lika(sida: list[list[str]], csv_rader: list[list[str]], xlsx_rader: list[list[Any]],
          antal: int | None = None) -> None:  # fmt: skip
    """Sidans rader (de ``antal`` första om sidan visar en del) = filernas."""
    assert csv_rader[0] == sida[0] == [str(v) for v in xlsx_rader[0]]
    rader = sida[1:]
    if antal is None:
        assert len(csv_rader) == len(xlsx_rader) == len(sida) > 1
    for s, c, x in zip(rader, csv_rader[1:], xlsx_rader[1:], strict=False):
        ns = [_normalt(v) for v in s]
        assert [_normalt(v) for v in c] == ns
        dec = ["," in v and not v.endswith("%") for v in c]
        assert [_xlsx_som_text(v, r, d) for v, r, d in zip(x, sida[0], dec, strict=True)] == ns


@pytest.mark.parametrize(
    ("sidans_adress", "bildtext", "fil"),
    [
        ("/modeller/{modell}/resultat", "Potterna", "/modeller/{modell}/resultat/potter"),
        ("/modeller/{modell}/resultat", "Belopp per huvudman", "/modeller/{modell}/resultat/huvudman"),
        ("/modeller/{modell}/resultat", "Belopp per skolenhet", "/modeller/{modell}/resultat/enheter"),
        ("/scenarier/{scenario}", "Per skolenhet: årets", "/scenarier/{scenario}/tabeller/enheter"),
        ("/scenarier/{scenario}", "Per huvudman: årets", "/scenarier/{scenario}/tabeller/huvudman"),
        ("/scenarier/jamfor?id={scenario}", "Belopp per huvudman och scenario", "/scenarier/jamfor/tabeller/huvudman?id={scenario}"),
        ("/scenarier/jamfor?id={scenario}", "Belopp per skolenhet i scenarierna", "/scenarier/jamfor/tabeller/forandring?id={scenario}"),
        ("/scenarier/jamfor?id={scenario}", "Belopp per huvudman i scenarierna", "/scenarier/jamfor/tabeller/forandring_huvudman?id={scenario}"),
        ("/beslut/{beslut}", "Belopp per skolenhet", "/beslut/{beslut}/tabeller/enheter"),
        ("/beslut/{beslut}", "Bidrag till enskilda", "/beslut/{beslut}/tabeller/huvudman"),
    ],
)  # fmt: skip
def test_filen_ar_sidans_tabell(objekten: dict[str, Any], sidans_adress: str, bildtext: str,
                                fil: str) -> None:  # fmt: skip
    k = objekten["k"]
    sida = k.get(sidans_adress.format(**objekten))
    assert sida.status_code == 200
    tabell = _sidans_tabell(sida.text, bildtext)
    if LANKKOLUMN in tabell[0]:  # länkarna till PDF:erna är ingen uppgift att ladda ned
        i = tabell[0].index(LANKKOLUMN)
        tabell = [r[:i] + r[i + 1 :] for r in tabell]
    bas, _, fraga = fil.format(**objekten).partition("?")
    fraga = f"?{fraga}" if fraga else ""
    assert f'href="{bas}.xlsx{fraga}"'.replace("&", "&amp;") in sida.text
    c = k.get(f"{bas}.csv{fraga}")
    x = k.get(f"{bas}.xlsx{fraga}")
    assert c.status_code == x.status_code == 200
    assert c.headers["content-type"].startswith("text/csv")
    assert "attachment" in x.headers["content-disposition"]
    _lika(tabell, _csv(c.content), _xlsx(x.content))


def test_normens_fil_har_hela_urvalet(objekten: dict[str, Any]) -> None:
    k = objekten["k"]
    sida = k.get("/norm?kommun=1480")
    tabell = _sidans_tabell(sida.text, "Normen per skolenhet")
    c = _csv(
        k.get("/norm/tabeller/enheter.csv?dataset=1&ar=2026&variant=vagledande&kommun=1480").content
    )
    x = _xlsx(
        k.get(
            "/norm/tabeller/enheter.xlsx?dataset=1&ar=2026&variant=vagledande&kommun=1480"
        ).content
    )
    assert len(c) > len(tabell)  # sidan visar 50 rader, filen alla
    _lika(tabell, c, x, antal=len(tabell) - 1)


def test_publiceringens_fil_har_hela_urvalet(objekten: dict[str, Any]) -> None:
    k = objekten["k"]
    tabell = _sidans_tabell(k.get("/norm/publicering?kommun=1480").text, "Publiceringstabellen")
    fraga = "?dataset=1&ar=2026&variant=vagledande&kommun=1480"
    c = _csv(k.get(f"/norm/tabeller/publicering.csv{fraga}").content)
    x = _xlsx(k.get(f"/norm/tabeller/publicering.xlsx{fraga}").content)
    assert len(c) > len(tabell)
    _lika(tabell, c, x, antal=len(tabell) - 1)


def test_andra_far_404_och_nedladdningarna_loggas(
    webbapp: FastAPI, objekten: dict[str, Any]
) -> None:
    adresser = [
        "/modeller/{modell}/resultat/enheter.csv", "/scenarier/{scenario}/tabeller/enheter.xlsx",
        "/scenarier/jamfor/tabeller/enheter.csv?id={scenario}", "/beslut/{beslut}/tabeller/enheter.csv",
    ]  # fmt: skip
    fore = len(_logg(webbapp))
    for vem in ("malmo", "rektor", "huvudman"):
        k = logga_in(webbapp, vem)
        for a in adresser:
            assert k.get(a.format(**objekten)).status_code in (403, 404), (vem, a)
    assert len(_logg(webbapp)) == fore  # nekade nedladdningar loggas inte
    gbg = objekten["k"]
    assert gbg.get(f"/beslut/{objekten['beslut']}/tabeller/enheter.pdf").status_code == 404
    assert gbg.get(f"/beslut/{objekten['beslut']}/tabeller/annat.csv").status_code == 404
    assert gbg.get(adresser[3].format(**objekten)).status_code == 200
    assert (
        "gbg",
        f"beslut {objekten['beslut']}",
        f"beslut-{objekten['beslut']}-enheter.csv",
    ) in _logg(webbapp)


def test_enheterna_lankar_till_sin_redovisning(objekten: dict[str, Any]) -> None:
    k, kod = objekten["k"], REKTORNS_ENHETER[0]
    for sida, lank in [
        ("/modeller/{modell}/resultat", "/modeller/{modell}/enheter/" + kod),
        ("/scenarier/{scenario}", "/scenarier/{scenario}/enheter/" + kod),
        ("/scenarier/jamfor?id={scenario}", "/scenarier/{scenario}/enheter/" + kod),
        ("/beslut/{beslut}", "/beslut/{beslut}/enheter/" + kod),
    ]:
        text = k.get(sida.format(**objekten)).text
        assert f'href="{lank.format(**objekten)}"' in text, sida
        assert k.get(lank.format(**objekten)).status_code == 200
    for sida in ("/modeller/{modell}", "/modeller/{modell}/resultat", "/scenarier/{scenario}",
                 "/scenarier/jamfor?id={scenario}"):  # fmt: skip
        assert "/beslut/ny?" in k.get(sida.format(**objekten)).text, sida


def test_brodsmulor(objekten: dict[str, Any]) -> None:
    k = objekten["k"]
    dok = html.fromstring(k.get(f"/scenarier/{objekten['scenario']}").text)
    smulor = [_text(li) for li in dok.xpath("//nav[@class='brodsmulor']//li")]
    assert (
        smulor[0] == "Start" and smulor[1] == "Modeller" and smulor[-2:] == ["Scenarier", "Export"]
    )
    assert dok.xpath("//nav[@class='brodsmulor']//li[last()]/span/@aria-current") == ["page"]
    assert not html.fromstring(k.get("/").text).xpath("//nav[@class='brodsmulor']")

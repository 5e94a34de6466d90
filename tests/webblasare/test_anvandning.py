"""Webbläsartest av rektorernas redovisning av de riktade medlen, bara genom att
klicka (``page.goto`` bara till startsidan – och till adresser som ändrats för hand, som ska
ge 404), med axe-core på varje sida.

Förberedelse (inte en del av flödet): ett fastställt beslut för Göteborg (Göteborgstypen, vars
strukturbelopp har indexnyckel) sparas genom appen på serverns databas. Flödet: rektorn fyller
i, sparar ett utkast och skickar in; handläggaren lämnar tillbaka med en kommentar; rektorn
ser kommentaren och skickar in igen (version 2); handläggaren ser sammanställningen, där
summorna per kategori är de redovisade beloppen och andelen räknas mot beslutets riktade
medel (räknat oberoende här ur beslutets fordelning.csv). Rektorn ser inte en annan enhets
redovisning, inte heller genom att ändra adressen (404). Med ``SKOLPENG_SKARMBILDER=katalog``
sparas skärmbilder av sidorna.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from tests.webb.hjalp import ANNAN_GBG_ENHET, GBG, LOSENORD, REKTORNS_ENHETER
from tests.webblasare.hjalp import Server, kontrollera_tillganglighet

ENHET = REKTORNS_ENHETER[0]


@pytest.fixture(scope="module")
def beslut(server: Server) -> dict[str, Any]:
    """Ett fastställt beslut på serverns databas; ut: året och de riktade medlen per enhet
    (oberoende: potterna med indexnyckel i modellfilen, summerade ur fordelning.csv)."""
    from skolpeng.lagring.tabeller import Beslut
    from skolpeng.web.app import skapa_app
    from skolpeng.web.installningar import Installningar
    from tests.webb.hjalp import logga_in
    from tests.webb.test_beslut import skapa_modell

    app = skapa_app(Installningar(databas_url=f"sqlite:///{server.katalog / 'webb.db'}",
                                  importera_medfoljande=False))  # fmt: skip
    k = logga_in(app, "gbg")
    svar = k.post_form("/beslut", {"modell_id": skapa_modell(app), "namn": "Budget (riktade)"},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    bid = int(svar.headers["location"].rsplit("/", 1)[1])
    with app.state.sessionsfabrik() as db:
        b = db.get(Beslut, bid)
        assert b is not None
        fordelning = next(f.innehall for f in b.filer if f.filnamn == "fordelning.csv")
        modell, ar = yaml.safe_load(b.modelltext), b.ar
    riktade = [p["namn"] for p in modell["potter"] if (p.get("nyckel") or {}).get("typ") == "index"]
    df = pl.read_csv(io.BytesIO(fordelning), infer_schema=False).filter(
        pl.col("pott").is_in(riktade)
    )
    per = df.group_by("skolenhetskod").agg(pl.col("belopp_kr_avrundat").cast(pl.Int64).sum())
    return {"ar": ar, "riktat": dict(per.iter_rows())}


def _bild(sida: Any, namn: str) -> None:
    katalog = os.environ.get("SKOLPENG_SKARMBILDER")
    if katalog:
        Path(katalog).mkdir(parents=True, exist_ok=True)
        sida.screenshot(path=str(Path(katalog) / f"{namn}.png"), full_page=True)


def _in(sida: Any, anvandarnamn: str) -> None:
    """Startsidan (som skickar till inloggningen), inloggning genom formuläret."""
    sida.goto("/")
    kontrollera_tillganglighet(sida)
    sida.fill("#anvandarnamn", anvandarnamn)
    sida.fill("#losenord", LOSENORD)
    sida.click("form.formular button[type=submit]")
    sida.wait_for_url(lambda u: "/logga-in" not in u)
    kontrollera_tillganglighet(sida)


def _klicka(sida: Any, valjare: str, url: str | re.Pattern[str]) -> None:
    sida.click(valjare)
    sida.wait_for_url(url)
    kontrollera_tillganglighet(sida)


def _till_enheten(sida: Any, ar: int, kod: str = ENHET) -> None:
    _klicka(sida, "nav >> text=Riktade medel", re.compile(r"/anvandning$"))
    _klicka(sida, f"#redovisa-{ar}-{kod}", re.compile(rf"/anvandning/{GBG}/{ar}/{kod}$"))


def test_redovisa_aterlamna_skicka_in_igen_och_sammanstallningen(
    webblasare: Any, server: Server, beslut: dict[str, Any]
) -> None:
    ar, riktat = beslut["ar"], beslut["riktat"]
    ny = lambda: webblasare.new_context(base_url=server.bas, locale="sv-SE").new_page()  # noqa: E731
    rektor = ny()
    rektor.set_default_timeout(20_000)
    _in(rektor, "rektor")
    _till_enheten(rektor, ar)
    assert rektor.get_attribute("#riktat", "data-belopp") == str(riktat[ENHET])
    rektor.fill("#belopp-0", "12 500")
    rektor.fill("#text-0", "Biträdande rektor på halvtid")
    rektor.fill("#belopp-1", "1 234,5")
    rektor.fill("#text-1", "Två lärare i svenska som andraspråk")
    rektor.fill("#arsarbetare-4", "0,8")
    rektor.fill("#text-4", "Kurator")
    _klicka(rektor, "#spara-utkast", re.compile(r"sparat=1"))
    assert rektor.inner_text("#status").startswith("Utkast")
    assert rektor.input_value("#belopp-0") == "12 500"
    _bild(rektor, "1-rektorns-utkast")
    _klicka(rektor, "#skicka-in", re.compile(r"inskickad=1"))
    assert rektor.inner_text("#status") == "Inskickad"
    assert rektor.locator("#belopp-0").count() == 0  # inskickad: inget formulär
    _bild(rektor, "2-rektorns-inskickade")

    # en annan enhets redovisning: ingen länk, och adressen ändrad för hand ger 404
    _klicka(rektor, "nav >> text=Riktade medel", re.compile(r"/anvandning$"))
    assert rektor.locator(f"#redovisa-{ar}-{ANNAN_GBG_ENHET}").count() == 0
    _bild(rektor, "0-rektorns-enheter")
    for url in (f"/anvandning/{GBG}/{ar}/{ANNAN_GBG_ENHET}", f"/anvandning/{GBG}/{ar}",
                f"/anvandning/{GBG}/{ar}/anvandning.xlsx", f"/anvandning/{GBG}/kategorier"):  # fmt: skip
        svar = rektor.goto(url)
        assert svar is not None and svar.status == 404, url
        kontrollera_tillganglighet(rektor)

    handl = ny()
    handl.set_default_timeout(20_000)
    _in(handl, "gbg")
    _klicka(handl, "nav >> text=Riktade medel", re.compile(r"/anvandning$"))
    _klicka(handl, f"#oversikt-{GBG}-{ar}", re.compile(rf"/anvandning/{GBG}/{ar}$"))
    _klicka(handl, f"#enhet-{ENHET}", re.compile(rf"/anvandning/{GBG}/{ar}/{ENHET}$"))
    handl.fill("#kommentar", "Beloppet för klassverksamheten verkar för lågt; kontrollera.")
    _klicka(handl, "#aterlamna", re.compile(r"aterlamnad=1"))
    assert handl.inner_text("#status") == "Återlämnad för komplettering"
    _bild(handl, "3-handlaggaren-aterlamnar")

    _till_enheten(rektor, ar)
    assert "verkar för lågt" in rektor.inner_text("#kommentar-fran-kommunen")
    assert rektor.input_value("#belopp-1") == "1 234,5"  # förra versionen ifylld
    rektor.fill("#belopp-1", "123 400")
    rektor.fill("#belopp-2", "50 000")
    rektor.fill("#text-2", "Studieverkstad")
    _klicka(rektor, "#skicka-in", re.compile(r"inskickad=1"))
    assert "(version 2)" in rektor.inner_text("main")
    assert rektor.locator("#version-1").count() == 1  # den återlämnade versionen finns kvar

    _klicka(handl, "#till-oversikten", re.compile(rf"/anvandning/{GBG}/{ar}$"))
    _bild(handl, "4-handlaggarens-oversikt")
    belopp = {"Ledning och administration": 12500, "Ordinarie klassverksamhet": 123400,
              "Mindre sammanhang": 50000}  # fmt: skip
    rader = handl.locator("#per-kategori tbody tr").all()
    sett = {}
    for rad in rader:
        namn = rad.locator("th").inner_text()
        cell = rad.locator("td[data-belopp]")
        if cell.count():
            sett[namn] = (float(cell.get_attribute("data-belopp")),
                          rad.locator("td[data-andel]").get_attribute("data-andel"))  # fmt: skip
    for namn, kr in belopp.items():
        assert sett[namn][0] == kr
        assert float(sett[namn][1]) == pytest.approx(kr / riktat[ENHET])
    assert sum(v[0] for v in sett.values()) == sum(belopp.values())
    assert "Inskickad" in handl.locator(f"#per-enhet tr:has(#enhet-{ENHET})").inner_text()
    assert "Inte skyldig (enskild huvudman)" in handl.locator(
        f"#per-enhet tr:has(#enhet-{ANNAN_GBG_ENHET})").inner_text()  # fmt: skip
    with handl.expect_download() as info:
        handl.click("#excel")
    assert Path(info.value.path()).read_bytes()[:2] == b"PK"
    _klicka(handl, "text=Kategorierna", re.compile(rf"/anvandning/{GBG}/kategorier$"))
    _bild(handl, "5-kategorierna")
    rektor.context.close()
    handl.context.close()

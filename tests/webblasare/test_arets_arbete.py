"""Handläggarens budgetår, rektorns och huvudmannens vägar – bara genom att klicka.

Ingen ``page.goto`` utom inloggningen och startsidan: varje sida nås med länkar, knappar och
brödsmulor, i 1366 × 768, med axe-core och kontrollen att ingen tabells sista kolumn klipps
(``klick.kontrollera_sidan``) på varje sida. Handläggaren (gbg): dataset -> modell ur ett
exempel -> körning -> en enhets redovisning -> scenarier (sortering och filter i tabellen per
skolenhet, nedladdning som xlsx och CSV lika med sidans tabell) -> jämförelse -> fastställ som
årets beslut (med bekräftelsen) -> beslut om bidrag och redovisning som PDF -> nästa år med
beslutet som förra året. Samma enhet har samma avrundade belopp på resultatsidan, i
redovisningen, i redovisningens PDF (pdftotext), i beslutet och i ``redovisning.xlsx``.
Rektorn och huvudmannen når sina dokument från startsidan. Filens tester körs i ordning och
delar beslutet i ``TILLSTAND``.

Skärmbilder: ``SKOLPENG_SKARMBILDER=katalog`` sparar en bild per sida.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from typing import Any

import openpyxl
import pytest

from tests.webb.hjalp import HUVUDMAN_ID, REKTORNS_ENHETER
from tests.webblasare.hjalp import logga_in
from tests.webblasare.klick import (
    BREDD,
    HOJD,
    klicka,
    kontrollera_sidan,
    ladda_ned,
    lanken,
    siffror,
    smula,
    tabellens_text,
)

TILLSTAND: dict[str, Any] = {}
ENHET = REKTORNS_ENHETER[0]  # Svartedalsskolan 4-9 (kommunal)


def _kr(text: str) -> int:
    return int(siffror(text))


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV utan BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _som_sidan(v: Any, rubrik: str) -> str:
    """Ett xlsx-värde skrivet som sidans cell efter ``siffror``."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if "(%)" in rubrik:
        return f"{100 * v:.1f}".replace("-0.0", "0.0")
    return str(round(v))


def _jamfor_med_sidan(sida_rader: list[list[str]], csv_rader: list[list[str]],
                      xlsx_rader: list[tuple[Any, ...]]) -> None:  # fmt: skip
    """Sidans tabell = CSV-filen = Excelboken (rubriker och varje cell)."""
    rubriker, *rader = sida_rader
    assert csv_rader[0] == rubriker
    assert [str(v) for v in xlsx_rader[0]] == rubriker
    assert len(csv_rader) - 1 == len(rader) == len(xlsx_rader) - 1 > 0
    for sid, c, x in zip(rader, csv_rader[1:], xlsx_rader[1:], strict=True):
        pa_sidan = ["" if v == "–" else siffror(v) if v[:1].isdigit() or v[:1] in "−-" else v
                    for v in sid]  # fmt: skip
        assert [siffror(v) if v[:1].isdigit() or v[:1] == "-" else v for v in c] == pa_sidan
        assert [_som_sidan(v, r) for v, r in zip(x, rubriker, strict=True)] == pa_sidan


def _xlsx(data: bytes) -> list[tuple[Any, ...]]:
    blad = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [r for r in blad.iter_rows(min_row=3, values_only=True)]


def _sortering_och_filter(sida: Any, tabell: str) -> None:
    """Klick på rubriken Förändring sorterar stigande (saknade sist); filtret visar bara
    raderna med texten."""
    sida.locator(f"#{tabell} thead th", has_text="Förändring").first.locator("button").click()
    varden = sida.locator(f"#{tabell} tbody tr td:nth-child(8)").evaluate_all(
        "(tds) => tds.map((t) => t.getAttribute('data-varde'))")  # fmt: skip
    tal = [float(v) for v in varden if v]
    assert tal == sorted(tal) and all(v for v in varden[: len(tal)])
    sida.fill(f"#{tabell}-filter", "Svartedal")
    synliga = [r for r in tabellens_text(sida, f"#{tabell} tbody")]
    assert synliga and all("Svartedal" in r[0] for r in synliga)
    sida.fill(f"#{tabell}-filter", "")


def test_handlaggarens_ar_genom_att_klicka(sida: Any) -> None:
    sida.set_viewport_size({"width": BREDD, "height": HOJD})
    logga_in(sida, "gbg")
    kontrollera_sidan(sida, "01-start")

    klicka(sida, lanken(sida, "Dataset"), "02-dataset")
    klicka(sida, sida.locator("main a[href^='/dataset/']", has_text="sverige").first, "03-dataset")
    assert smula(sida, "Dataset").count() == 1

    klicka(sida, lanken(sida, "Modeller", "nav[aria-label='Huvudmeny']"), "04-modeller")
    varde = sida.locator("#exempel option", has_text="goteborg_typ").first.get_attribute("value")
    sida.select_option("#exempel", varde)
    ds = sida.locator("#dataset_id option", has_text="sverige version").first
    sida.select_option("#dataset_id", ds.get_attribute("value"))
    klicka(sida, "#skapa-modell", "05-modell", r"/modeller/\d+$")

    klicka(sida, lanken(sida, "Kör modellen"), "06-resultat", r"/resultat$")
    rad = sida.locator("#enheter tbody tr", has=sida.locator(f"a[href$='/enheter/{ENHET}']"))
    resultatets = _kr(rad.locator("td").nth(3).inner_text())
    TILLSTAND["resultatets_belopp"] = resultatets
    for knapp in ("#enheter",):
        assert sida.locator(f"{knapp}-filter").count() == 1

    klicka(sida, rad.locator("a").first, "07-modellens-redovisning", rf"/enheter/{ENHET}$")
    assert _kr(sida.inner_text("#enhet-belopp")) == resultatets
    modellnamn = sida.locator("nav.brodsmulor a").nth(2).inner_text()
    klicka(sida, smula(sida, modellnamn), "", r"/modeller/\d+$")

    klicka(sida, lanken(sida, "Scenarier"), "08-scenarier", r"/scenarier$")
    for namn in ("Tolv procent", "Oförändrat"):
        sida.fill("#namn", namn)
        klicka(sida, "#skapa-scenario", "", r"/scenarier/\d+$")
        if namn == "Tolv procent":
            kontrollera_sidan(sida, "09-scenario")
            _sortering_och_filter(sida, "andring-enheter")
            sida_rader = tabellens_text(sida, "#andring-enheter")
            csv_data = ladda_ned(sida, sida.locator("a[href$='/tabeller/enheter.csv']"))
            xlsx_data = ladda_ned(sida, sida.locator("a[href$='/tabeller/enheter.xlsx']"))
            _jamfor_med_sidan(sida_rader, _csv(csv_data), _xlsx(xlsx_data))
            klicka(sida, sida.locator(f"#andring-enheter a[href$='/enheter/{ENHET}']"),
                   "10-scenariots-redovisning")  # fmt: skip
            klicka(sida, sida.locator("nav.brodsmulor a").nth(2), "", r"/scenarier/\d+$")
            klicka(sida, smula(sida, "Scenarier"), "", r"/scenarier$")

    klicka(sida, lanken(sida, "Jämför scenarier", "nav[aria-label='Huvudmeny']"), "11-valj")
    for etikett in sida.locator("main .kryssrad label").all():
        if any(n in etikett.inner_text() for n in ("Tolv procent", "Oförändrat")):
            etikett.click()
    klicka(sida, "#jamfor-knapp", "12-jamforelse", r"/scenarier/jamfor\?")
    assert sida.locator("#andring-enheter tbody tr").count() > 100
    knapp = sida.locator("main a.knapp", has_text="Fastställ som årets beslut").first
    klicka(sida, knapp, "13-faststall", r"/beslut/ny\?")
    klicka(sida, "main form.formular button[type=submit]", "14-beslut", r"/beslut/\d+$")
    beslut = int(re.search(r"/beslut/(\d+)$", sida.url).group(1))  # type: ignore[union-attr]
    TILLSTAND["beslut"] = beslut

    rad = sida.locator("main table tbody tr", has=sida.locator(f"a[href$='/enheter/{ENHET}']"))
    beslutets = _kr(rad.locator("td").nth(3).inner_text())
    pdf = ladda_ned(sida, sida.locator(f"a[href='/beslut/{beslut}/bidrag/{HUVUDMAN_ID}.pdf']"))
    assert pdf.startswith(b"%PDF")
    sida.locator("details.beslutsfiler summary").click()
    redovisning_xlsx = ladda_ned(sida, sida.locator("a[href$='/filer/redovisning.xlsx']"))
    enheter = openpyxl.load_workbook(io.BytesIO(redovisning_xlsx), read_only=True)["Enheter"]
    i_boken = {r[0]: r[6] for r in enheter.iter_rows(min_row=2, values_only=True)}

    klicka(sida, rad.locator("a").first, "15-beslutets-redovisning", rf"/enheter/{ENHET}$")
    redovisningens = _kr(sida.inner_text("#enhet-belopp"))
    redovisning_pdf = ladda_ned(sida, sida.locator(f"a[href$='/enheter/{ENHET}.pdf']"))
    pdf_text = _pdftext(redovisning_pdf)
    belopp_text = f"{beslutets:,}".replace(",", " ")
    assert belopp_text in pdf_text.replace("\xa0", " ").replace("\u202f", " ")
    # Tolv procent är en oförändrad kopia av modellen: samma belopp överallt
    assert resultatets == redovisningens == beslutets == i_boken[ENHET]

    klicka(
        sida, smula(sida, sida.locator("nav.brodsmulor a").nth(2).inner_text()), "", r"/beslut/\d+$"
    )
    klicka(sida, "#nasta-ar", "16-nasta-ars-modell", r"/modeller/\d+$")
    klicka(sida, lanken(sida, "Scenarier"), "", r"/scenarier$")
    sida.fill("#namn", "Nästa år")
    klicka(sida, "#skapa-scenario", "17-nasta-ars-scenario", r"/scenarier/\d+$")
    assert sida.locator("#forra-saknas").count() == 0
    forra = sida.locator(
        "#andring-enheter tbody tr", has=sida.locator(f"a[href$='/enheter/{ENHET}']")
    )
    assert _kr(forra.locator("td").nth(5).inner_text()) == beslutets


def _pdftext(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext saknas (apt-get install poppler-utils)")
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")  # fmt: skip


def test_rektorns_vag_genom_att_klicka(sida: Any) -> None:
    beslut = TILLSTAND["beslut"]
    sida.set_viewport_size({"width": BREDD, "height": HOJD})
    logga_in(sida, "rektor")
    kontrollera_sidan(sida, "20-rektor-start")
    klicka(sida, lanken(sida, "Mina dokument", "main"), "21-rektor-mina")
    klicka(
        sida, sida.locator(f"a[href='/beslut/{beslut}/enheter/{ENHET}']"), "22-rektor-redovisning"
    )
    assert smula(sida, "Mina dokument").count() == 1
    pdf = ladda_ned(sida, sida.locator(f"a[href$='/enheter/{ENHET}.pdf']"))
    assert pdf.startswith(b"%PDF")


def test_huvudmannens_vag_genom_att_klicka(sida: Any) -> None:
    beslut = TILLSTAND["beslut"]
    sida.set_viewport_size({"width": BREDD, "height": HOJD})
    logga_in(sida, "huvudman")
    kontrollera_sidan(sida, "30-huvudman-start")
    klicka(sida, lanken(sida, "Mina dokument", "main"), "31-huvudman-mina")
    pdf = ladda_ned(sida, sida.locator(f"a[href='/beslut/{beslut}/bidrag/{HUVUDMAN_ID}.pdf']"))
    assert pdf.startswith(b"%PDF")


def test_utskriften_utan_navigering_med_hela_tabeller(sida: Any) -> None:
    beslut = TILLSTAND["beslut"]
    sida.set_viewport_size({"width": BREDD, "height": HOJD})
    logga_in(sida, "gbg")
    klicka(sida, lanken(sida, "Beslut", "nav[aria-label='Huvudmeny']"), "")
    klicka(sida, sida.locator(f"main a[href='/beslut/{beslut}']").first, "", r"/beslut/\d+$")
    sida.emulate_media(media="print")
    stil = sida.evaluate(
        """() => ({
          sidhuvud: getComputedStyle(document.querySelector('.sidhuvud')).display,
          smulor: getComputedStyle(document.querySelector('.brodsmulor')).display,
          export: getComputedStyle(document.querySelector('.export')).display,
          ram: getComputedStyle(document.querySelector('.tabellram')).overflowX,
          rubrik: getComputedStyle(document.querySelector('main h2')).breakAfter,
        })"""
    )
    assert stil == {"sidhuvud": "none", "smulor": "none", "export": "none", "ram": "visible",
                    "rubrik": "avoid"}  # fmt: skip
    pdf = sida.pdf(format="A4")
    assert pdf.startswith(b"%PDF")

"""Skriver redovisningarna: en HTML-fil (och PDF) per skolenhet, en översiktssida och
Excelboken.

In: redovisningarna (``fordelning.redovisning_och_forandring.redovisning``), en katalog (normalt den tillfälliga
katalogen i ``utdata.atomisk_katalog``), fördelningens pottabell och om PDF ska skrivas.
Ut: ``redovisning/<skolenhetskod>.html`` (och ``.pdf``), ``redovisning/index.html`` och
``redovisning.xlsx`` i katalogen, samt en svensk notering om PDF inte kunde skapas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from skolpeng.fordelning.redovisning_och_forandring.redovisning import Enhetsredovisning
from skolpeng.rapporter.html import Lank, html_sida, stycke, tabell
from skolpeng.rapporter.pdf import html_till_pdf_manga, pdf_notering, pdf_saknas
from skolpeng.rapporter.redovisning.excel import skriv_redovisning_excel
from skolpeng.rapporter.redovisning.html import elevtal, filnamn, redovisning_html
from skolpeng.sortering import svensk_sortering
from skolpeng.talformat import SAKNAS, kr

KATALOG = "redovisning"
EXCEL = "redovisning.xlsx"


@dataclass(frozen=True)
class Redovisningsfiler:
    """De skrivna filerna; ``pdf_notering`` är None när PDF:erna skrevs (eller inte begärdes),
    annars den svenska förklaringen till att de saknas."""

    html: tuple[Path, ...]
    pdf: tuple[Path, ...]
    oversikt: Path
    excel: Path
    pdf_notering: str | None = None


def oversikt_html(redovisningar: list[Enhetsredovisning], med_pdf: bool = False) -> str:
    """En sida med alla enheter: ersättning, elever, per elev och länkar till redovisningen
    (HTML, och PDF när ``med_pdf``); enhetens namn är också en länk till dess redovisning."""
    forsta = redovisningar[0] if redovisningar else None
    rader = [
        [
            Lank(f"{red.namn} ({red.skolenhetskod})", f"{filnamn(red)}.html"),
            red.huvudmannatyp,
            elevtal(red.elever),
            kr(red.belopp_kr_avrundat),
            kr(red.kr_per_elev) if red.kr_per_elev is not None else SAKNAS,
            [Lank("HTML", f"{filnamn(red)}.html")]
            + ([Lank("PDF", f"{filnamn(red)}.pdf")] if med_pdf else []),
        ]
        for red in redovisningar
    ]
    titel = f"Ersättning per skolenhet {forsta.ar}" if forsta else "Ersättning per skolenhet"
    return html_sida(
        titel,
        [
            stycke(
                f"Resursfördelningsmodell: ”{forsta.modellnamn}”. Varje skolenhets "
                "redovisning öppnas med länken på enhetens namn eller i sista kolumnen."
                if forsta
                else "Inga skolenheter."
            ),
            tabell(
                ["Skolenhet", "Huvudmannatyp", "Elever", "Ersättning", "Per elev", "Redovisning"],
                rader,
                "Skolenheterna och deras ersättning",
                textkolumner=(1, 5),
            ),
        ],
    )


def skriv_redovisning(
    redovisningar: list[Enhetsredovisning],
    katalog: Path,
    potter: pl.DataFrame | None = None,
    pdf: bool = True,
    framsteg: Callable[[], None] | None = None,
    skapad: dt.datetime | None = None,
) -> Redovisningsfiler:
    """Skriver alla enheters redovisningar i ``katalog`` (se modulens beskrivning). Med
    ``pdf`` skrivs dessutom en PDF per enhet när WeasyPrint finns; annars förklaras i
    ``pdf_notering`` varför den saknas och HTML-filerna skrivs ändå. ``framsteg`` anropas
    efter varje skriven PDF (för en förloppsindikator); ``skapad`` är Excelbokens skapelsetid."""
    katalog = Path(katalog)
    redovisningar = svensk_sortering(redovisningar, lambda r: r.namn)  # översikt och Excel
    mapp = katalog / KATALOG
    mapp.mkdir(parents=True, exist_ok=True)
    html_filer, pdf_filer = [], []
    sidor = []
    for red in redovisningar:
        sida = redovisning_html(red)
        fil = mapp / f"{filnamn(red)}.html"
        fil.write_text(sida, encoding="utf-8")
        html_filer.append(fil)
        sidor.append((red, sida))
    saknas = pdf_saknas() if pdf else None
    oversikt = mapp / "index.html"
    oversikt.write_text(oversikt_html(redovisningar, pdf and saknas is None), encoding="utf-8")
    notering = None
    if pdf:
        if saknas is None:
            pdf_filer += html_till_pdf_manga(
                [(sida, mapp / f"{filnamn(red)}.pdf") for red, sida in sidor], framsteg
            )
        else:
            notering = pdf_notering(saknas)
    excel = skriv_redovisning_excel(redovisningar, katalog / EXCEL, potter, skapad)
    return Redovisningsfiler(tuple(html_filer), tuple(pdf_filer), oversikt, excel, notering)

"""Besluten om bidrag till enskilda huvudmän i en Excelbok (xlsxwriter).

In: bidragsramen (``berakna_bidrag_per_enhet``), fördelningen och parameterläget. Ut:
``bidragsbeslut.xlsx`` med bladen "Sammanfattning" (kalenderår, räkningsdatum, satser med
källor, lokalkostnad, avdraget eller avståendet, summa per huvudman, lagrum och hur man
överklagar), "Alla enheter" (en rad per skolenhet och stadium i hela kronor, delarna
summerar till bidraget), "Oavrundat" (samma rader utan avrundning, för kontroll), ett blad per
huvudman med dess enheter, och "Villkorade belopp" när sådana finns. Ingen regellogik.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from skolpeng.fordelning.lika_villkor.bidrag import Bidragsparametrar
from skolpeng.fordelning.lika_villkor.per_enhet import DELAR, avrunda_bidrag
from skolpeng.fordelning.modellfil.schema import visningsnamn
from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.parametrar import Parameterlage
from skolpeng.rapporter.beslut_om_bidrag.gemensamt import (
    ADMINISTRATION,
    AVDRAG,
    MOMS,
    kommuntext,
)
from skolpeng.rapporter.beslut_om_bidrag.text import (
    Overklagandemottagare,
    avdragstext,
    delrubriker,
    lagrum,
    overklagande,
    stadierubrik,
)
from skolpeng.rapporter.excel_format import Grundformat, ny_arbetsbok
from skolpeng.sortering import sortera_ram
from skolpeng.talformat import organisationsnummer

KRONOR_DECIMAL = "#,##0.00"
ELEVER = "#,##0"


class _Format(Grundformat):
    def __init__(self, bok: xlsxwriter.Workbook):
        super().__init__(bok, ELEVER)
        self.kr_decimal = bok.add_format({"num_format": KRONOR_DECIMAL})
        self.procent = bok.add_format({"num_format": "0 %"})


def _kolumner(verksamhet: str) -> list[tuple[str, str]]:
    """(kolumn, rubrik) i bladen med rader per skolenhet och stadium."""
    rubriker = delrubriker(verksamhet)
    return [
        ("huvudman_id", "Organisationsnummer"),
        ("huvudman_namn", "Huvudman"),
        ("skolenhetskod", "Skolenhetskod"),
        ("namn", "Skolenhet"),
        ("stadium_text", "Stadium"),
        ("elever", "Elever"),
        *((d, f"{rubriker[d]}, kr per elev") for d in DELAR),
        ("bidrag", "Bidrag, kr per elev och år"),
        ("bidrag_totalt_kr", "Bidrag totalt, kr"),
        ("tillaggsbelopp_ar_kr", "Varav tilläggsbelopp per år (utan mervärdesskatt), kr"),
        ("tillaggsbelopp_andamal", "Tilläggsbeloppens ändamål"),
    ]


def _med_namn(bidrag: pl.DataFrame, fordelning: Fordelning) -> pl.DataFrame:
    enheter = fordelning.underlag.enheter
    namn = enheter.select(
        "skolenhetskod",
        "namn",
        (
            pl.col("huvudman_namn")
            if "huvudman_namn" in enheter.columns
            else pl.col("huvudman_id").alias("huvudman_namn")
        ),
    )
    verksamhet = fordelning.modell.verksamhet
    ut = bidrag.join(namn, on="skolenhetskod", how="left").with_columns(
        stadium_text=pl.col("stadium").map_elements(
            lambda s: stadierubrik(s, verksamhet), return_dtype=pl.String
        )
    )
    # huvudmännen och deras skolenheter i svensk ordning efter namn (stadierna i sin ordning)
    return sortera_ram(sortera_ram(ut, "namn"), "huvudman_namn")


def _radblad(ark: Worksheet, rader: pl.DataFrame, verksamhet: str, fmt: _Format, tal: Any) -> None:
    kolumner = _kolumner(verksamhet)
    for k, (_, r) in enumerate(kolumner):
        ark.write_string(0, k, r, fmt.rubrik)
    ark.set_row(0, 45)
    ark.freeze_panes(1, 4)
    for i, rad in enumerate(rader.iter_rows(named=True), start=1):
        for k, (kol, _) in enumerate(kolumner):
            v = rad[kol]
            if kol == "huvudman_id":
                ark.write_string(i, k, organisationsnummer(v))
            elif isinstance(v, str) or v is None:
                ark.write_string(i, k, v or "")
            else:
                stil = fmt.elever if kol == "elever" else tal
                if kol == "avdrag_utbudsansvar":
                    v = -v
                ark.write_number(i, k, float(v), stil)
    n = rader.height
    summa_rad = n + 1
    ark.write_string(summa_rad, 0, "Summa", fmt.fet)
    for k, (kol, _) in enumerate(kolumner):
        if kol in ("elever", "bidrag_totalt_kr", "tillaggsbelopp_ar_kr"):
            bokstav = xlsxwriter.utility.xl_col_to_name(k)
            ark.write_formula(
                summa_rad,
                k,
                f"=SUM({bokstav}2:{bokstav}{n + 1})",
                fmt.kr_fet,
                float(rader[kol].sum()),
            )
    ark.autofilter(0, 0, max(n, 1), len(kolumner) - 1)
    ark.set_column(0, 0, 14)
    ark.set_column(1, 1, 28)
    ark.set_column(2, 2, 14)
    ark.set_column(3, 3, 28)
    ark.set_column(4, 4, 16)
    ark.set_column(5, len(kolumner) - 1, 14)


def _bladnamn(huvudman_id: str, anvanda: set[str]) -> str:
    namn = "".join("_" if c in "[]:*?/\\" else c for c in huvudman_id)[:28] or "huvudman"
    kandidat, i = namn, 2
    while kandidat.lower() in anvanda:
        kandidat, i = f"{namn[:26]}_{i}", i + 1
    anvanda.add(kandidat.lower())
    return kandidat


def _sammanfattning(
    ark: Worksheet,
    avrundat: pl.DataFrame,
    oavrundat: pl.DataFrame,
    fordelning: Fordelning,
    lage: Parameterlage,
    kommun: str,
    fmt: _Format,
    mottagare: Overklagandemottagare | None = None,
) -> None:
    modell = fordelning.modell
    ark.set_column(0, 0, 48)
    ark.set_column(1, 3, 22)
    ark.set_column(4, 4, 90)
    ark.write_string(0, 0, f"Beslut om bidrag till enskilda huvudmän {modell.ar}", fmt.titel)
    andel = float(avrundat["avdrag_andel"][0]) if avrundat.height else 0.0
    rader: list[tuple[str, Any, Any, str]] = [
        ("Beslutande kommun (hemkommun)", kommun, None, ""),
        ("Resursfördelningsmodell", modell.namn, None, modell.kalla),
        ("Kalenderår", modell.ar, None, ""),
        ("Räkningsdatum för elevantalen", modell.bidrag.rakningsdatum, None, ""),
        (
            "Administration, andel av grundbeloppet",
            Bidragsparametrar.fran_lage(lage).administration_andel,
            fmt.procent,
            lage.kalla(ADMINISTRATION),
        ),
        (
            "Avdrag för merkostnader för utbudsansvar, andel",
            andel,
            fmt.procent,
            avdragstext(
                modell.ar,
                andel,
                modell.bidrag.avsta_avdrag,
                modell.bidrag.avsta_skal,
                lage.kalla(AVDRAG),
            ),
        ),
        (
            "Mervärdesskatt, andel",
            Bidragsparametrar.fran_lage(lage).moms_andel,
            fmt.procent,
            lage.kalla(MOMS),
        ),
    ]
    lokal = oavrundat.select("stadium", "lokalkostnad", "lokalkostnad_grund").unique(
        subset=["lokalkostnad", "lokalkostnad_grund"], maintain_order=True
    )
    for r in lokal.iter_rows(named=True):
        rader.append(
            ("Lokalkostnad, kr per elev", r["lokalkostnad"], fmt.kr, r["lokalkostnad_grund"])
        )
    ej = [visningsnamn(p) for p in modell.potter if not p.samma_grunder]
    rader.append(("Potter som inte ges på samma grunder", ", ".join(ej) or "inga", None, ""))
    r = 2
    for etikett, varde, stil, kalla in rader:
        ark.write_string(r, 0, etikett, fmt.fet)
        if isinstance(varde, int | float) and not isinstance(varde, bool):
            ark.write_number(r, 1, varde, stil)
        else:
            ark.write_string(r, 1, str(varde))
        if kalla:
            ark.write_string(r, 4, kalla, fmt.radbryt)
        r += 1
    r += 1
    for k, rubrik in enumerate(("Organisationsnummer", "Huvudman", "Elever", "Bidrag totalt, kr")):
        ark.write_string(r, k, rubrik, fmt.rubrik)
    summor = avrundat.group_by("huvudman_id", "huvudman_namn", maintain_order=True).agg(
        pl.col("elever").sum(), pl.col("bidrag_totalt_kr").sum()
    )
    for rad in summor.iter_rows(named=True):
        r += 1
        ark.write_string(r, 0, organisationsnummer(rad["huvudman_id"]))
        ark.write_string(r, 1, rad["huvudman_namn"] or "")
        ark.write_number(r, 2, float(rad["elever"]), fmt.elever)
        ark.write_number(r, 3, float(rad["bidrag_totalt_kr"]), fmt.kr)
    r += 2
    ark.write_string(r, 0, "Lagrum", fmt.fet)
    for text in lagrum(modell.verksamhet):
        ark.write_string(r, 4, text, fmt.radbryt)
        r += 1
    r += 1
    ark.write_string(r, 0, "Hur man överklagar", fmt.fet)
    for text in overklagande(kommun, mottagare):
        ark.write_string(r, 4, text, fmt.radbryt)
        r += 1


def skriv_bidragsbeslut_excel(
    bidrag: pl.DataFrame,
    fordelning: Fordelning,
    path: Path,
    lage: Parameterlage,
    *,
    kommun_namn: str | None = None,
    villkorade_belopp: pl.DataFrame | None = None,
    skapad: dt.datetime | None = None,
    overklagande_till: Overklagandemottagare | None = None,
) -> Path:
    """Skriver ``path`` (``bidragsbeslut.xlsx``). In: bidragsramen (oavrundad), fördelningen,
    parameterläget, valfritt kommunens namn och de villkorade beloppen. Ut: sökvägen."""
    path = Path(path)
    verksamhet = fordelning.modell.verksamhet
    avrundat = _med_namn(avrunda_bidrag(bidrag), fordelning)
    oavrundat = _med_namn(bidrag, fordelning)
    kommun = kommuntext(fordelning, kommun_namn)
    bok = ny_arbetsbok(path, skapad)
    try:
        fmt = _Format(bok)
        _sammanfattning(
            bok.add_worksheet("Sammanfattning"),
            avrundat,
            oavrundat,
            fordelning,
            lage,
            kommun,
            fmt,
            overklagande_till,
        )
        _radblad(bok.add_worksheet("Alla enheter"), avrundat, verksamhet, fmt, fmt.kr)
        _radblad(bok.add_worksheet("Oavrundat"), oavrundat, verksamhet, fmt, fmt.kr_decimal)
        anvanda = {"sammanfattning", "alla enheter", "oavrundat", "villkorade belopp"}
        for huvudman_id in dict.fromkeys(avrundat["huvudman_id"].to_list()):
            egna = avrundat.filter(pl.col("huvudman_id") == huvudman_id)
            _radblad(
                bok.add_worksheet(_bladnamn(huvudman_id, anvanda)), egna, verksamhet, fmt, fmt.kr
            )
        if villkorade_belopp is not None and villkorade_belopp.height:
            ark = bok.add_worksheet("Villkorade belopp")
            rubriker = ("Skolenhetskod", "Stadium", "Kr per elev", "Ändamål", "Villkor")
            for k, r in enumerate(rubriker):
                ark.write_string(0, k, r, fmt.rubrik)
            for i, v in enumerate(villkorade_belopp.iter_rows(named=True), start=1):
                ark.write_string(i, 0, v["skolenhetskod"])
                ark.write_string(i, 1, v["stadium"] or "alla stadier")
                ark.write_number(i, 2, float(v["kr_per_elev"]), fmt.kr)
                ark.write_string(i, 3, v["andamal"] or "", fmt.radbryt)
                ark.write_string(i, 4, v["villkor"] or "", fmt.radbryt)
            ark.set_column(0, 2, 14)
            ark.set_column(3, 4, 50)
    finally:
        bok.close()
    return path

"""Normen som en formaterad Excelbok (xlsxwriter).

In: ``NormResultat``, publiceringstabellen, parameterläget och datasetets proveniens.
Ut: ``norm.xlsx`` med bladen "Sammanfattning", ett blad per stadium i form av tabell 9.2
(hela kronor med tusentalsavgränsare, låst rubrikrad, autofilter), "Kommuner" och
"Parametrar och källor". Inga regler beräknas här.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from skolpeng.norm.publicering import (
    STADIUM_TEXT,
    VARAV,
    VARAV_RUBRIKER,
    normrubrik,
    publiceringstabell,
)
from skolpeng.norm.resultat import NormResultat
from skolpeng.parametrar import Parameterlage
from skolpeng.rapporter import xlsx_rader
from skolpeng.rapporter.norm.excel_blad import (
    parameterrader,
    proveniens_tabeller,
    storheter,
)
from skolpeng.rapporter.norm.sammanfattning import (
    RIKET,
    VARIANT_TEXT,
    norm_per_grupp,
    omfattning,
    stadier,
)

KRONOR = "#,##0"
ELEVER = "#,##0.0"


@dataclass(frozen=True)
class Dataproveniens:
    """Varifrån underlaget kom: namn, katalog (för README) och SHA-256 per fil."""

    namn: str
    katalog: Path | None = None
    filhashar: dict[str, str] = field(default_factory=dict)


def bladnamn(stadium: str, variant: str = "vagledande") -> str:
    """Bladets namn för ett stadium: ``"Åk 1–3"``, ``"Förskoleklass"`` (fritidshem: prefix)."""
    text = STADIUM_TEXT.get(stadium, stadium)
    namn = text[:1].upper() + text[1:]
    return f"Fritidshem {text}" if variant == "fritidshem" else namn


class _Format:
    """Bokens format, skapade en gång."""

    def __init__(self, bok: xlsxwriter.Workbook):
        self.rubrik = bok.add_format({"bold": True, "bg_color": "#DDE6F0", "text_wrap": True})
        self.rubrik_tal = bok.add_format(
            {"bold": True, "bg_color": "#DDE6F0", "text_wrap": True, "align": "right"}
        )
        self.titel = bok.add_format({"bold": True, "font_size": 14})
        self.fet = bok.add_format({"bold": True})
        self.kr = bok.add_format({"num_format": KRONOR})
        self.kr_fet = bok.add_format({"num_format": KRONOR, "bold": True})
        self.elever = bok.add_format({"num_format": ELEVER})
        self.elever_fet = bok.add_format({"num_format": ELEVER, "bold": True})
        self.indrag = bok.add_format({"indent": 1})
        self.tal = bok.add_format({"num_format": "General"})
        self.procent = bok.add_format({"num_format": "0.0 %"})
        self.radbryt = bok.add_format({"text_wrap": True, "valign": "top"})


def _text(ark: Worksheet, rad: int, kol: int, v: Any, fmt: Any = None) -> None:
    if v is None or v == "":
        return
    ark.write_string(rad, kol, str(v), fmt)


def _rubriker(ark: Worksheet, rubriker: list[str], fmt: _Format, tal_fran: int = 99) -> None:
    for k, r in enumerate(rubriker):
        ark.write_string(0, k, r, fmt.rubrik_tal if k >= tal_fran else fmt.rubrik)
    ark.set_row(0, 32)
    ark.freeze_panes(1, 0)


STADIEKOLUMNER: tuple[tuple[str, str, bool], ...] = (
    # (kolumn i publiceringstabellen, rubrik, är text)
    ("namn", "Huvudman / skolenhet", True),
    ("skolenhetskod", "Skolenhetskod", True),
    ("huvudman_namn", "Huvudman", True),
    ("huvudmannatyp", "Huvudmannatyp", True),
    ("kommunkod", "Kommunkod", True),
    ("elever", "Elever", False),
    ("norm", "", False),  # rubriken beror på stadiet (normrubrik)
    *[(k, VARAV_RUBRIKER[k], False) for k in VARAV],
)
# Rader som xlsxwriter skriver själv i varje stadieblad (en huvudmannarad och en enhetsrad,
# så att varje format används och får ett stil-index); resten läggs in med ``xlsx_rader``.
DIREKTA_RADER = 2


def _stilar(fmt: _Format, kolumn: str, huvudman: bool) -> Any:
    if kolumn == "namn":
        return fmt.fet if huvudman else fmt.indrag
    if kolumn == "elever":
        return fmt.elever_fet if huvudman else fmt.elever
    if kolumn in ("norm", *VARAV):
        return fmt.kr_fet if huvudman else fmt.kr
    return None


def skriv_stadieblad(
    ark: Worksheet, tabell: pl.DataFrame, stadium: str, variant: str, fmt: _Format
) -> pl.DataFrame:
    """Ett blad i form av tabell 9.2: huvudmannarader (fetstil) följda av deras enheter.

    Skriver rubrikraden, de första ``DIREKTA_RADER`` raderna, låst rubrikrad, autofilter
    över alla rader och kolumnbredder. Ut: de rader som återstår att lägga in
    (``lagg_in_rader`` efter att boken stängts).
    """
    rubriker = [r or normrubrik(stadium, variant) for _, r, _ in STADIEKOLUMNER]
    _rubriker(ark, rubriker, fmt, tal_fran=5)
    for i, rad in enumerate(tabell.head(DIREKTA_RADER).iter_rows(named=True)):
        hm = rad["radtyp"] == "huvudman"
        for k, (kolumn, _, text) in enumerate(STADIEKOLUMNER):
            stil = _stilar(fmt, kolumn, hm)
            if text:
                _text(ark, i + 1, k, rad[kolumn], stil)
            elif rad[kolumn] is not None:
                ark.write_number(i + 1, k, rad[kolumn], stil)
    ark.autofilter(0, 0, max(tabell.height, 1), len(rubriker) - 1)
    for k, bredd in enumerate((38, 14, 30, 14, 11, 9, 14, 14, 14, 14, 12, 13)):
        ark.set_column(k, k, bredd)
    return tabell.slice(DIREKTA_RADER)


def lagg_in_rader(path: Path, rester: dict[int, pl.DataFrame], fmt: _Format) -> None:
    """Lägger in stadiebladens återstående rader i den stängda boken (vektoriserat)."""
    kolumner = []
    for kolumn, _, text in STADIEKOLUMNER:
        vanlig, markerad = _stilar(fmt, kolumn, False), _stilar(fmt, kolumn, True)
        kolumner.append(
            xlsx_rader.Kolumn(
                kolumn,
                text,
                vanlig.xf_index if vanlig is not None else 0,
                markerad.xf_index if markerad is not None else 0,
            )
        )
    sista_kolumn = xlsx_rader.kolumnbokstav(len(STADIEKOLUMNER) - 1)
    blad = {}
    for index, rest in rester.items():
        data = rest.with_columns((pl.col("radtyp") == "huvudman").alias("_markerad"))
        xml = xlsx_rader.rader_xml(data, kolumner, DIREKTA_RADER + 2, "_markerad")
        blad[index] = (xml, f"A1:{sista_kolumn}{DIREKTA_RADER + 1 + rest.height}")
    xlsx_rader.infoga_rader(path, blad)


def skriv_sammanfattningsblad(
    ark: Worksheet,
    resultat: NormResultat,
    fmt: _Format,
    proveniens: Dataproveniens,
    scenario: str | None,
) -> None:
    """Sammanfattningen: nyckeluppgifter, normen per stadium och kommungrupp, de nationella
    storheterna med svenska namn, och publiceringsbeslutet."""
    ark.set_column(0, 0, 58)
    ark.set_column(1, 6, 16)
    ark.write_string(
        0, 0, f"Skolpengsnorm {resultat.normar} – {VARIANT_TEXT.get(resultat.variant)}", fmt.titel
    )
    rader: list[tuple[str, Any]] = [
        ("Normår", resultat.normar),
        ("Kostnadsår (Räkenskapssammandraget)", resultat.kostnadsar),
        ("Elevår", resultat.elevar),
        ("Nivå (andel av modellvärdet)", resultat.niva),
        ("Publicerade enheter", omfattning(resultat)),
        ("Scenario", scenario or "inget (gällande parametrar)"),
        ("Underlag", proveniens.namn),
    ]
    r = 2
    for etikett, varde in rader:
        ark.write_string(r, 0, etikett, fmt.fet)
        if isinstance(varde, int | float) and not isinstance(varde, bool):
            ark.write_number(r, 1, varde, fmt.procent if etikett.startswith("Nivå") else fmt.tal)
        else:
            ark.write_string(r, 1, str(varde))
        r += 1
    r += 1
    r = _normtabell(ark, resultat, fmt, r) + 1
    ark.write_string(r, 0, "Nationella storheter", fmt.fet)
    r += 1
    for k, rubrik in enumerate(("Storhet", "Värde", "Enhet", "Nyckel i sammanfattning.json")):
        ark.write_string(r, k, rubrik, fmt.rubrik)
    r += 1
    for etikett, varde, enhet, nyckel in storheter(resultat.sammanfattning):
        ark.write_string(r, 0, etikett)
        if isinstance(varde, int | float) and not isinstance(varde, bool):
            ark.write_number(r, 1, varde, fmt.kr if enhet == "kr" else fmt.tal)
        else:
            ark.write_string(r, 1, str(varde))
        ark.write_string(r, 2, enhet)
        ark.write_string(r, 3, nyckel)
        r += 1
    r += 1
    for text in (
        "Delarna redovisas i normårets prisnivå så att de summerar till normen. SOU 2025:72 "
        "tabell 9.2 visar sina varav-kolumner i kostnadsårets prisnivå men normen uppräknad; "
        "skolpeng följer inte den inkonsekvensen.",
        "Varav lokalkostnad = rikets lokalkostnad per elev plus lokalkostnadsindexets tillägg "
        "eller avdrag (tabell 9.2, fotnot 5). Varav övrigt = resten av normen: grundersättning "
        "och lönejustering utöver rikets lokalkostnad per elev.",
        "Huvudmannens rad är det elevviktade medelvärdet av dess skolenheter i stadiet.",
    ):
        ark.merge_range(r, 0, r, 4, text, fmt.radbryt)
        ark.set_row(r, 45)
        r += 1


def _normtabell(ark: Worksheet, resultat: NormResultat, fmt: _Format, r: int) -> int:
    ark.write_string(
        r, 0, f"Normen i kr per elev, elevviktat medelvärde – {omfattning(resultat)}", fmt.fet
    )
    r += 1
    kolumner = stadier(resultat)
    ark.write_string(r, 0, "Grupp (kommungrupp efter lägeskommun)", fmt.rubrik)
    for k, s in enumerate(kolumner):
        ark.write_string(r, 1 + k, normrubrik(s, resultat.variant), fmt.rubrik_tal)
    r += 1
    per_grupp = norm_per_grupp(resultat)
    varden = {(x["grupp"], x["stadium"]): x["norm"] for x in per_grupp.iter_rows(named=True)}
    for grupp in per_grupp["grupp"].unique(maintain_order=True).to_list():
        riket = grupp == RIKET
        ark.write_string(r, 0, grupp, fmt.fet if riket else None)
        for k, s in enumerate(kolumner):
            v = varden.get((grupp, s))
            if v is not None:
                ark.write_number(r, 1 + k, v, fmt.kr_fet if riket else fmt.kr)
        r += 1
    return r


def skriv_kommunblad(ark: Worksheet, kommuner: pl.DataFrame, fmt: _Format) -> None:
    """Kommunernas underlag och index (en rad per kommun)."""
    namn = {
        "kommunkod": "Kommunkod",
        "kommunnamn": "Kommun",
        "kommungrupp": "Kommungrupp",
        "normgrundande_belopp": "Normgrundande belopp (kr, kostnadsår)",
        "loneindex": "Löneindex",
        "lokalkostnadsindex": "Lokalkostnadsindex",
        "gleshetsindex": "Gleshetsindex",
    }
    kolumner = [k for k in kommuner.columns if k in namn] + [
        k for k in kommuner.columns if k not in namn
    ]
    _rubriker(ark, [namn.get(k, k) for k in kolumner], fmt, tal_fran=3)
    for j, k in enumerate(kolumner):
        serie = kommuner[k]
        numerisk = serie.dtype.is_numeric()
        tal_fmt = fmt.kr if k.endswith("belopp") else None
        for i, v in enumerate(serie.to_list()):
            if v is None:
                continue
            if numerisk:
                ark.write_number(i + 1, j, v, tal_fmt)
            else:
                ark.write_string(i + 1, j, str(v))
        ark.set_column(j, j, 38 if k == "normgrundande_belopp" else 16)
    ark.autofilter(0, 0, max(kommuner.height, 1), len(kolumner) - 1)


def skriv_parameterblad(
    ark: Worksheet,
    lage: Parameterlage,
    proveniens: Dataproveniens,
    fmt: _Format,
    lokalindex: str | None = None,
) -> None:
    """Varje använd parameter med värde, enhet, beskrivning och källa; vilket
    lokalkostnadsindex som användes (``lokalindex``, fastställt eller beräknat och åren);
    sedan underlagets proveniens: namn, filernas SHA-256 och proveniens-tabellen ur
    datasetets README."""
    rubriker = ["Parameter", "Värde", "Enhet", "Beskrivning", "Gäller från", "Källa", "Citat"]
    _rubriker(ark, rubriker, fmt)
    r = 1
    for rad in parameterrader(lage):
        for k, v in enumerate(rad):
            if isinstance(v, int | float) and not isinstance(v, bool):
                ark.write_number(r, k, v, fmt.tal)
            else:
                _text(ark, r, k, v, fmt.radbryt)
        r += 1
    if lokalindex:
        r += 1
        ark.write_string(r, 0, "Lokalkostnadsindex", fmt.fet)
        _text(ark, r, 1, lokalindex, fmt.radbryt)
        r += 1
    for k, bredd in enumerate((44, 30, 16, 60, 12, 60, 60)):
        ark.set_column(k, k, bredd)
    r += 1
    ark.write_string(r, 0, "Underlag (dataset)", fmt.fet)
    ark.write_string(r, 1, proveniens.namn)
    r += 1
    if proveniens.katalog is not None:
        ark.write_string(r, 0, "Katalog")
        ark.write_string(r, 1, str(proveniens.katalog))
        r += 1
    ark.write_string(r, 0, "Fil", fmt.rubrik)
    ark.write_string(r, 1, "SHA-256", fmt.rubrik)
    r += 1
    for fil, hash_ in sorted(proveniens.filhashar.items()):
        ark.write_string(r, 0, fil)
        ark.write_string(r, 1, hash_)
        r += 1
    for rubrik, tabell in proveniens_tabeller(proveniens.katalog):
        r += 1
        ark.write_string(r, 0, rubrik, fmt.fet)
        r += 1
        for i, rad in enumerate(tabell):
            for k, cell in enumerate(rad):
                _text(ark, r, k, cell, fmt.rubrik if i == 0 else fmt.radbryt)
            r += 1


def skriv_norm_excel(
    resultat: NormResultat,
    path: Path,
    lage: Parameterlage,
    proveniens: Dataproveniens,
    publicering: pl.DataFrame | None = None,
) -> Path:
    """Skriver Excelboken.

    In: resultatet, målfilen, parameterläget (värden och källor som användes), underlagets
    proveniens och (valfritt, för att slippa räkna om) publiceringstabellen. Ut: sökvägen.
    """
    tabell = publicering if publicering is not None else publiceringstabell(resultat)
    bok = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    try:
        fmt = _Format(bok)
        skriv_sammanfattningsblad(
            bok.add_worksheet("Sammanfattning"), resultat, fmt, proveniens, lage.scenario
        )
        rester: dict[int, pl.DataFrame] = {}
        for s in stadier(resultat):
            del_tabell = tabell.filter(pl.col("stadium") == s)
            ark = bok.add_worksheet(bladnamn(s, resultat.variant))
            rester[ark.index] = skriv_stadieblad(ark, del_tabell, s, resultat.variant, fmt)
        skriv_kommunblad(bok.add_worksheet("Kommuner"), resultat.kommuner, fmt)
        skriv_parameterblad(
            bok.add_worksheet("Parametrar och källor"),
            lage,
            proveniens,
            fmt,
            resultat.sammanfattning.get("lokalindex_beskrivning"),
        )
    finally:
        bok.close()
    lagg_in_rader(Path(path), rester, fmt)
    return Path(path)

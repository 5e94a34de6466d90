"""Alla enheters redovisningar i en Excelbok (``redovisning.xlsx``, xlsxwriter).

In: redovisningarna (``fordelning.redovisning_och_forandring.redovisning``) och fördelningens pottabell. Ut: en bok med
bladen "Potter" (en rad per skolenhet och (del)pott, med pottens identifierare som i CSV-filerna
och dess benämning ur modellens rubrik), "Enheter" (en rad per skolenhet, med
förändringen från förra året när den finns), ett blad per stadium (en rad per skolenhet, en
kolumn per (del)pott), "Summor per pott" (kontroll: bladens summor = potterna) och "Om
beräkningen". Svenska rubriker; belopp i hela kronor ur ``belopp_kr_avrundat`` så att
summorna stämmer med potterna. Ingen regellogik.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from skolpeng.fordelning.modellfil.schema import Pottrubriker, pottnamn
from skolpeng.fordelning.redovisning_och_forandring.redovisning import Enhetsredovisning
from skolpeng.norm.publicering import STADIUM_TEXT
from skolpeng.rapporter.excel_format import Grundformat, ny_arbetsbok
from skolpeng.rapporter.redovisning.html import (
    AVRUNDNING,
    KOSTNADSSLAG_TEXT,
    NYCKEL_TEXT,
    publicerat_belopp,
)
from skolpeng.rapporter.redovisning.vattenfall import DELAR, ETIKETT, avrunda_steg

ELEVER = "#,##0.#"
HELA_ENHETEN = "Hela enheten"


class _Format(Grundformat):
    def __init__(self, bok: xlsxwriter.Workbook):
        super().__init__(bok, ELEVER)
        self.index = bok.add_format({"num_format": "0.00"})


def _rubrikrad(ark: Worksheet, rubriker: list[str], fmt: _Format, bredder: list[int]) -> None:
    ark.write_row(0, 0, rubriker, fmt.rubrik)
    ark.set_row(0, 32)
    ark.freeze_panes(1, 0)
    for k, b in enumerate(bredder):
        ark.set_column(k, k, b)


def _rad(ark: Worksheet, r: int, varden: list[Any], format_: list[Any]) -> None:
    for k, (v, f) in enumerate(zip(varden, format_, strict=True)):
        if v is None or v == "":
            continue
        if isinstance(v, str):
            ark.write_string(r, k, v, f)
        else:
            ark.write_number(r, k, v, f)


def _kr_per_elev(belopp: float, elever: float) -> int | None:
    return round(belopp / elever) if elever > 0 else None


def _rubriker(reds: list[Enhetsredovisning]) -> Pottrubriker:
    """Modellens (del)pottnamn för läsaren (samma modell för alla redovisningar)."""
    return dict(reds[0].pottrubriker) if reds else {}


def _pottblad(ark: Worksheet, reds: list[Enhetsredovisning], fmt: _Format) -> int:
    rubriker = [
        "Skolenhetskod",
        "Skolenhet",
        "Huvudmannatyp",
        "Pott",
        "Delpott",
        "Benämning",
        "Kostnadsslag",
        "Nyckel",
        "Beräkning",
        "Elever som potten når",
        "Kr per elev",
        "Kr per elev i enheten",
        "Belopp (kr)",
    ]
    _rubrikrad(ark, rubriker, fmt, [14, 28, 13, 18, 18, 36, 14, 24, 34, 11, 11, 11, 14])
    t = fmt
    format_ = [None] * 9 + [t.elever, t.kr, t.kr, t.kr]
    r = 1
    for red in reds:
        for p in red.potter:
            _rad(
                ark,
                r,
                [
                    red.skolenhetskod,
                    red.namn,
                    red.huvudmannatyp,
                    p.pott,
                    p.delpott or "",
                    red.pottnamn(p.pott, p.delpott),
                    KOSTNADSSLAG_TEXT.get(p.kostnadsslag, p.kostnadsslag),
                    NYCKEL_TEXT.get(p.nyckel, p.nyckel),
                    p.forklaring,
                    p.elever,
                    _kr_per_elev(p.belopp_kr, p.elever),
                    _kr_per_elev(p.belopp_kr, red.elever),
                    p.belopp_kr_avrundat,
                ],
                format_,
            )
            r += 1
    ark.autofilter(0, 0, max(r - 1, 1), len(rubriker) - 1)
    return r


def _enhetsblad(ark: Worksheet, reds: list[Enhetsredovisning], fmt: _Format) -> None:
    med_forandring = any(red.forandring is not None for red in reds)
    rubriker = [
        "Skolenhetskod",
        "Skolenhet",
        "Huvudmannatyp",
        "Elever",
        "Socioekonomiskt index",
        "Standardvärde för index",
        "Ersättning (kr)",
        "Kr per elev",
    ]
    delar = [k for k, _ in DELAR if k != "varav_stabilitet_kr"]
    if any(red.forandring is not None and red.forandring.varav_stabilitet_kr for red in reds):
        delar.append("varav_stabilitet_kr")
    antal = 2 + len(delar) if med_forandring else 0
    if med_forandring:
        rubriker += ["Förra året (kr)", "Förändring (kr)"]
        rubriker += [f"Varav {ETIKETT[k].lower()} (kr)" for k in delar]
    rubriker.append("Standardvärden, tak och golv")
    bredder = [14, 28, 13, 9, 12, 12, 14, 11] + [13] * antal
    _rubrikrad(ark, rubriker, fmt, [*bredder, 60])
    t = fmt
    format_ = [None, None, None, t.elever, t.index, None, t.kr, t.kr] + [t.kr] * antal
    format_.append(t.radbryt)
    for r, red in enumerate(reds, start=1):
        varden: list[Any] = [
            red.skolenhetskod,
            red.namn,
            red.huvudmannatyp,
            red.elever,
            red.index,
            "ja" if red.index_standard else "nej",
            red.belopp_kr_avrundat,
            _kr_per_elev(red.belopp_kr, red.elever),
        ]
        f = red.forandring
        if med_forandring and f is None:
            varden += [None] * antal
        elif f is not None:
            forra, rundade, iar = avrunda_steg(
                f.belopp_forra_kr,
                [getattr(f, k) for k in delar],
                f.belopp_kr,
                publicerat_belopp(red),
            )
            varden += [forra, iar - forra, *rundade]
        varden.append(" ".join((*red.standardvarden, *red.begransningar)))
        _rad(ark, r, varden, format_)
    ark.autofilter(0, 0, max(len(reds), 1), len(rubriker) - 1)


def _stadieblad(
    ark: Worksheet, stadium: str | None, reds: list[Enhetsredovisning], fmt: _Format
) -> None:
    """En rad per skolenhet med elever i stadiet och (del)potternas belopp i stadiet."""
    kolumner: list[tuple[str, str | None]] = []
    per_enhet: list[tuple[Enhetsredovisning, float, dict[tuple[str, str | None], int], float]] = []
    for red in reds:
        belopp: dict[tuple[str, str | None], int] = defaultdict(int)
        oavrundat = 0.0
        for rad in red.rader:
            if rad.stadium == stadium:
                belopp[(rad.pott, rad.delpott)] += rad.belopp_kr_avrundat
                oavrundat += rad.belopp_kr
                if (rad.pott, rad.delpott) not in kolumner:
                    kolumner.append((rad.pott, rad.delpott))
        elever = dict(red.elever_per_stadium).get(stadium, 0.0) if stadium else red.elever
        if belopp or elever:
            per_enhet.append((red, elever, belopp, oavrundat))
    rubriker = [
        "Skolenhetskod",
        "Skolenhet",
        "Elever",
        *(pottnamn(p, d, _rubriker(reds)) + " (kr)" for p, d in kolumner),
        "Summa (kr)",
        "Kr per elev",
    ]
    _rubrikrad(ark, rubriker, fmt, [14, 28, 9, *([14] * len(kolumner)), 14, 11])
    format_ = [None, None, fmt.elever, *([fmt.kr] * len(kolumner)), fmt.kr_fet, fmt.kr]
    for r, (red, elever, belopp, oavrundat) in enumerate(per_enhet, start=1):
        _rad(
            ark,
            r,
            [
                red.skolenhetskod,
                red.namn,
                elever,
                *(belopp.get(k, 0) for k in kolumner),
                sum(belopp.values()),
                _kr_per_elev(oavrundat, elever),
            ],
            format_,
        )
    ark.autofilter(0, 0, max(len(per_enhet), 1), len(rubriker) - 1)


def _summablad(
    ark: Worksheet, reds: list[Enhetsredovisning], potter: pl.DataFrame | None, fmt: _Format
) -> None:
    summor: dict[str, int] = defaultdict(int)
    for red in reds:
        for p in red.potter:
            summor[p.pott] += p.belopp_kr_avrundat
    pottbelopp = {}
    if potter is not None and "fordelat_avrundat_kr" in potter.columns:
        pottbelopp = dict(potter.select("pott", "fordelat_avrundat_kr").iter_rows())
    rubriker = ["Pott", "Summa i redovisningarna (kr)", "Pottens fördelade belopp (kr)"]
    _rubrikrad(ark, rubriker, fmt, [28, 18, 18])
    rubriker_ = _rubriker(reds)
    for r, (pott, summa) in enumerate(summor.items(), start=1):
        namn = pottnamn(pott, None, rubriker_)
        _rad(ark, r, [namn, summa, pottbelopp.get(pott)], [None, fmt.kr, fmt.kr])
    r = len(summor) + 1
    _rad(
        ark,
        r,
        ["Summa", sum(summor.values()), sum(pottbelopp.values()) if pottbelopp else None],
        [fmt.fet, fmt.kr_fet, fmt.kr_fet],
    )


def _om_blad(ark: Worksheet, reds: list[Enhetsredovisning], fmt: _Format) -> None:
    ark.set_column(0, 0, 100)
    forsta = reds[0] if reds else None
    ark.write_string(0, 0, "Redovisning per skolenhet", fmt.titel)
    rader = [
        f"Modell: {forsta.modellnamn}" if forsta else "Modell: –",
        f"År: {forsta.ar}" if forsta else "",
        f"Skolenheter: {len(reds)}",
        AVRUNDNING,
        "Bladet ”Potter” har en rad per skolenhet och (del)pott; stadiebladen visar potterna "
        "per stadium; potter som inte fördelas per stadium (t.ex. lika belopp per skolenhet "
        f"eller per elev i en målgrupp) står på bladet ”{HELA_ENHETEN}”.",
    ]
    for r, text in enumerate((t for t in rader if t), start=2):
        ark.write_string(r, 0, text, fmt.radbryt)


def _bladnamn(stadium: str | None) -> str:
    if stadium is None:
        return HELA_ENHETEN
    text = STADIUM_TEXT.get(stadium, stadium)
    return (text[:1].upper() + text[1:])[:31]


def skriv_redovisning_excel(
    redovisningar: list[Enhetsredovisning],
    path: Path,
    potter: pl.DataFrame | None = None,
    skapad: dt.datetime | None = None,
) -> Path:
    """Redovisningarna (och fördelningens ``potter`` för kontrollbladet) -> ``path`` (xlsx);
    ``skapad`` är bokens skapelsetid (``excel_format.ny_arbetsbok``)."""
    path = Path(path)
    bok = ny_arbetsbok(path, skapad)
    fmt = _Format(bok)
    _pottblad(bok.add_worksheet("Potter"), redovisningar, fmt)
    _enhetsblad(bok.add_worksheet("Enheter"), redovisningar, fmt)
    stadier = sorted(
        {r.stadium for red in redovisningar for r in red.rader if r.stadium is not None}
        | {s for red in redovisningar for s, _ in red.elever_per_stadium},
        key=lambda s: list(STADIUM_TEXT).index(s) if s in STADIUM_TEXT else 99,
    )
    for s in stadier:
        _stadieblad(bok.add_worksheet(_bladnamn(s)), s, redovisningar, fmt)
    if any(r.stadium is None for red in redovisningar for r in red.rader):
        _stadieblad(bok.add_worksheet(HELA_ENHETEN), None, redovisningar, fmt)
    _summablad(bok.add_worksheet("Summor per pott"), redovisningar, potter, fmt)
    _om_blad(bok.add_worksheet("Om beräkningen"), redovisningar, fmt)
    bok.close()
    return path

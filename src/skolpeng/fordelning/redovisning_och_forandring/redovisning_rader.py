"""Fördelningens rader för redovisningen: en ``Pottrad`` per rad och en ``Pottsumma`` per
(del)pott och skolenhet.

In: ``Fordelning.rader`` (polars) och modellens ordning av potterna. Ut: raderna per
skolenhet i modellens ordning och potternas summor med nyckelvärde och förklaring. Rent;
används av ``fordelning.redovisning_och_forandring.redovisning``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import polars as pl

_STADIUM_ORDNING = {"F": 0, "1-3": 1, "4-6": 2, "7-9": 3}
_STADIUM_KORT = {"F": "F", "1-3": "åk 1–3", "4-6": "åk 4–6", "7-9": "åk 7–9"}


@dataclass(frozen=True)
class Pottrad:
    """En rad ur fördelningen för enheten: en (del)pott i ett stadium (``stadium`` är None
    om motorn inte delade potten på stadier). ``kr_per_elev`` är per elev som raden gäller."""

    pott: str
    delpott: str | None
    stadium: str | None
    kostnadsslag: str
    samma_grunder: bool
    nyckel: str
    nyckelvarde: float | None
    forklaring: str
    elever: float
    kr_per_elev: float | None
    belopp_kr: float
    belopp_kr_avrundat: int
    tak_band: bool = False


@dataclass(frozen=True)
class Pottsumma:
    """En (del)pott för enheten, summerad över stadierna.

    ``kr_per_elev`` = belopp / elever som potten når; ``kr_per_elev_enhet`` = belopp /
    enhetens alla elever (pottens bidrag till enhetens belopp per elev: dessa summerar till
    enhetens belopp per elev). ``nyckelvarde`` är det elevviktade medlet av radernas
    nyckelvärden (None om något saknas)."""

    pott: str
    delpott: str | None
    kostnadsslag: str
    samma_grunder: bool
    nyckel: str
    nyckelvarde: float | None
    forklaring: str
    elever: float
    kr_per_elev: float | None
    kr_per_elev_enhet: float | None
    belopp_kr: float
    belopp_kr_avrundat: int


def _kolumn(rader: pl.DataFrame, namn: str, standard: Any = None) -> list[Any]:
    """En kolumn som lista (snabbare än rad för rad); saknad kolumn -> standardvärdet."""
    if namn in rader.columns:
        return rader.get_column(namn).to_list()
    return [standard] * rader.height


def _pottrader(rader: pl.DataFrame) -> list[tuple[str, Pottrad]]:
    """Fördelningens rader -> (skolenhetskod, ``Pottrad``) i radordning."""
    k = {
        namn: _kolumn(rader, namn, standard)
        for namn, standard in (
            ("skolenhetskod", None),
            ("pott", None),
            ("delpott", None),
            ("stadium", None),
            ("kostnadsslag", ""),
            ("samma_grunder", True),
            ("nyckel", ""),
            ("nyckelvarde", None),
            ("forklaring", ""),
            ("elever", 0.0),
            ("kr_per_elev", None),
            ("belopp_kr", 0.0),
            ("belopp_kr_avrundat", 0),
            ("tak_band", False),
        )
    }
    ut = []
    for i in range(rader.height):
        elever = float(k["elever"][i] or 0.0)
        belopp = float(k["belopp_kr"][i])
        per_elev = k["kr_per_elev"][i]
        if per_elev is None and elever > 0:
            per_elev = belopp / elever
        varde = k["nyckelvarde"][i]
        ut.append(
            (
                k["skolenhetskod"][i],
                Pottrad(
                    pott=k["pott"][i],
                    delpott=k["delpott"][i],
                    stadium=k["stadium"][i],
                    kostnadsslag=k["kostnadsslag"][i] or "",
                    samma_grunder=bool(k["samma_grunder"][i]),
                    nyckel=k["nyckel"][i] or "",
                    nyckelvarde=flyttal(varde),
                    forklaring=k["forklaring"][i] or "",
                    elever=elever,
                    kr_per_elev=flyttal(per_elev),
                    belopp_kr=belopp,
                    belopp_kr_avrundat=int(k["belopp_kr_avrundat"][i]),
                    tak_band=bool(k["tak_band"][i]),
                ),
            )
        )
    return ut


def rader_per_enhet(
    rader: pl.DataFrame, ordning: dict[tuple[str, str | None], int]
) -> dict[str, list[Pottrad]]:
    """Raderna -> skolenhetskod -> ``Pottrad`` sorterade efter (del)pottens plats i modellen
    (``ordning``) och stadium."""
    per_enhet: dict[str, list[Pottrad]] = defaultdict(list)
    for kod, rad in _pottrader(rader):
        per_enhet[kod].append(rad)
    n = len(ordning)

    def nyckel(r: Pottrad) -> tuple[int, int, int, str]:
        plats = ordning.get((r.pott, r.delpott), ordning.get((r.pott, None), n))
        stadium = _STADIUM_ORDNING.get(r.stadium or "", 9)
        return (plats, 0 if r.delpott is None else 1, stadium, r.stadium or "")

    return {kod: sorted(lista, key=nyckel) for kod, lista in per_enhet.items()}


_SUMMERADE_NYCKLAR = ("malgrupp", "klumpsumma", "givet")


def _viktat_nyckelvarde(rader: list[Pottrad]) -> float | None:
    """Pottens nyckelvärde för enheten: för elever och index det elevviktade medlet av
    radernas värden (vikt, index); för målgrupp, klumpsumma och givet belopp summan
    (målgruppens elever, andelen av enhetens belopp)."""
    if not rader or any(r.nyckelvarde is None for r in rader):
        return None
    if rader[0].nyckel in _SUMMERADE_NYCKLAR:
        return sum(r.nyckelvarde or 0.0 for r in rader)
    vikt = sum(r.elever for r in rader)
    if vikt <= 0:
        return rader[0].nyckelvarde if len({r.nyckelvarde for r in rader}) == 1 else None
    return sum((r.nyckelvarde or 0.0) * r.elever for r in rader) / vikt


def _forklaring(rader: list[Pottrad]) -> str:
    texter = [r.forklaring for r in rader if r.forklaring]
    if len(set(texter)) <= 1:
        return texter[0] if texter else ""
    return "; ".join(
        f"{_STADIUM_KORT.get(r.stadium, r.stadium)}: {r.forklaring}" if r.stadium else r.forklaring
        for r in rader
        if r.forklaring
    )


def pottsummor(rader: list[Pottrad], enhetens_elever: float) -> list[Pottsumma]:
    """En enhets rader (redan i modellens ordning) summerade per (pott, delpott)."""
    grupper: dict[tuple[str, str | None], list[Pottrad]] = {}
    for r in rader:
        grupper.setdefault((r.pott, r.delpott), []).append(r)
    ut = []
    for (pott, delpott), grupp in grupper.items():
        belopp = sum(r.belopp_kr for r in grupp)
        elever = sum(r.elever for r in grupp)
        ut.append(
            Pottsumma(
                pott=pott,
                delpott=delpott,
                kostnadsslag=grupp[0].kostnadsslag,
                samma_grunder=grupp[0].samma_grunder,
                nyckel=grupp[0].nyckel,
                nyckelvarde=_viktat_nyckelvarde(grupp),
                forklaring=_forklaring(grupp),
                elever=elever,
                kr_per_elev=belopp / elever if elever > 0 else None,
                kr_per_elev_enhet=belopp / enhetens_elever if enhetens_elever > 0 else None,
                belopp_kr=belopp,
                belopp_kr_avrundat=sum(r.belopp_kr_avrundat for r in grupp),
            )
        )
    return ut


def flyttal(x: Any) -> float | None:
    """Ett tal ur en ram; None och NaN -> None."""
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x

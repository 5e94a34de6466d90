"""Redovisningen per skolenhet: varje krona förklarad (docs/regler/fordelning-och-bidrag.md#redovisning;
SKL 2014 steg 5; KPMG 2020 avsnitt 3.4: modellen "ogenomskinlig", "svår att härleda bakåt").

In: en beräknad ``Fordelning`` och valfritt förändringsuppdelningen mot förra året
(``forandring.csv``: ``skolenhetskod, belopp_forra_kr, belopp_kr, andring_kr,
varav_elever_kr, varav_index_kr, varav_parametrar_kr``). Ut: en ``Enhetsredovisning`` per
skolenhet: elever per stadium, varje pott (och delpott) per elev och totalt med nyckeln som gav
beloppet, standardvärden som tillämpats, tak och golv som band, summan, och förändringen från
förra året uppdelad på elever, index och parametrar. Ren funktion: inga filer, inga utskrifter.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import polars as pl

from skolpeng.data.schema import ARSKURS_TILL_STADIUM
from skolpeng.fordelning.modellfil.schema import pottnamn, pottrubriker
from skolpeng.fordelning.redovisning_och_forandring.redovisning_rader import (
    Pottrad,
    Pottsumma,
    flyttal,
    pottsummor,
    rader_per_enhet,
)
from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.talformat import decimal

__all__ = [
    "FORANDRING_KOLUMNER",
    "Enhetsforandring",
    "Enhetsredovisning",
    "Pottrad",
    "Pottsumma",
    "redovisning",
]

FORANDRING_KOLUMNER: tuple[str, ...] = (
    "skolenhetskod",
    "belopp_forra_kr",
    "belopp_kr",
    "andring_kr",
    "varav_elever_kr",
    "varav_index_kr",
    "varav_parametrar_kr",
)
# Valfria kolumner i förändringsramen (``fordelning.redovisning_och_forandring.forandring``): stabilitetsjusteringens
# ändring, enhetens status och samma uppdelning per elev.
_FORANDRING_VALFRIA: tuple[str, ...] = (
    "varav_stabilitet_kr",
    "kr_per_elev_forra",
    "kr_per_elev",
    "andring_kr_per_elev",
    "varav_elever_kr_per_elev",
    "varav_index_kr_per_elev",
    "varav_parametrar_kr_per_elev",
    "varav_stabilitet_kr_per_elev",
)

_STADIUM_ORDNING = {"F": 0, "1-3": 1, "4-6": 2, "7-9": 3}
_BEGRANSNING = re.compile(r"\btak|\bgolv|begräns|högsta|största minskning|infasning", re.I)
_STANDARD = re.compile(r"standard", re.I)


@dataclass(frozen=True)
class Enhetsforandring:
    """Förändringen från förra året för enheten: ``andring_kr`` = ``varav_elever_kr`` +
    ``varav_index_kr`` + ``varav_parametrar_kr`` (+ ``varav_stabilitet_kr``): Shapley över
    de tre faktorerna (``fordelning.redovisning_och_forandring.forandring``). Uppdelningen per elev (None om den saknas)
    summerar på samma sätt till ``andring_kr_per_elev``."""

    belopp_forra_kr: float
    belopp_kr: float
    andring_kr: float
    varav_elever_kr: float
    varav_index_kr: float
    varav_parametrar_kr: float
    varav_stabilitet_kr: float = 0.0
    enhetens_status: str | None = None
    kr_per_elev_forra: float | None = None
    kr_per_elev: float | None = None
    andring_kr_per_elev: float | None = None
    varav_elever_kr_per_elev: float | None = None
    varav_index_kr_per_elev: float | None = None
    varav_parametrar_kr_per_elev: float | None = None
    varav_stabilitet_kr_per_elev: float | None = None


@dataclass(frozen=True)
class Enhetsredovisning:
    """Redovisningen för en skolenhet (se modulens beskrivning).

    ``belopp_kr`` är oavrundat (= Σ radernas belopp); ``belopp_kr_avrundat`` = Σ radernas
    avrundade belopp (hela kronor, som potterna). ``standardvarden`` och ``begransningar`` är
    svenska meningar; ``anteckningar`` är övriga noteringar om enheten;
    ``pottbeskrivningar`` är (pott, beskrivning med källa) ur modellen; ``pottrubriker`` är
    ((pott, delpott), namn för läsaren) ur modellen (``modell.pottrubriker``)."""

    skolenhetskod: str
    namn: str
    huvudmannatyp: str
    huvudman_id: str | None
    modellnamn: str
    ar: int
    verksamhet: str
    elever_per_stadium: tuple[tuple[str, float], ...]
    elever: float
    index: float | None
    index_standard: bool
    rader: tuple[Pottrad, ...]
    potter: tuple[Pottsumma, ...]
    belopp_kr: float
    belopp_kr_avrundat: int
    standardvarden: tuple[str, ...] = ()
    begransningar: tuple[str, ...] = ()
    anteckningar: tuple[str, ...] = ()
    forandring: Enhetsforandring | None = None
    pottbeskrivningar: tuple[tuple[str, str], ...] = ()
    pottrubriker: tuple[tuple[tuple[str, str | None], str], ...] = ()

    def pottnamn(self, pott: str, delpott: str | None = None) -> str:
        """(Del)pottens namn för läsaren: modellens rubrik, annars läsbar identifierare."""
        return pottnamn(pott, delpott, dict(self.pottrubriker))

    @property
    def kr_per_elev(self) -> float | None:
        """Enhetens belopp per elev (oavrundat), None utan elever."""
        return self.belopp_kr / self.elever if self.elever > 0 else None


def redovisning(
    fordelning: Fordelning, forandring: pl.DataFrame | None = None
) -> list[Enhetsredovisning]:
    """Fördelningen (och valfritt förändringen mot förra året) -> en redovisning per skolenhet,
    i ordningen i ``fordelning.enheter``.

    Potterna står i modellens ordning (delpotter i sin ordning), raderna inom en pott i
    stadieordning. Noteringar i ``fordelning.anteckningar`` och underlagets anteckningar som
    nämner enhetens skolenhetskod förs till enheten: om standardvärden, om tak och golv som
    band, övriga. En enhet med ``index_standard`` får alltid en mening om standardvärdet.
    """
    ordning = _pottordning(fordelning)
    per_enhet = rader_per_enhet(fordelning.rader, ordning)
    elever_per_stadium = _elever_per_stadium(fordelning)
    noter = _noter_per_enhet(
        (*fordelning.underlag.anteckningar, *fordelning.anteckningar),
        fordelning.enheter.get_column("skolenhetskod").to_list(),
    )
    andringar = _forandringar(forandring)
    modell = fordelning.modell
    beskrivningar = _pottbeskrivningar(fordelning)
    rubriker = pottrubriker(modell)
    ut: list[Enhetsredovisning] = []
    for e in fordelning.enheter.iter_rows(named=True):
        kod = e["skolenhetskod"]
        rader = per_enhet.get(kod, [])
        elever = float(e.get("elever") or 0.0)
        index = flyttal(e.get("index"))
        index_standard = bool(e.get("index_standard") or False)
        standard, begr, ovriga = noter.get(kod, ([], [], []))
        if not begr:
            begr = [
                f"Taket per elev i potten ”{pottnamn(p, d, rubriker)}” band för skolenheten; "
                "överskottet fördelades på enheterna under taket."
                for p, d in dict.fromkeys((r.pott, r.delpott) for r in rader if r.tak_band)
            ]
        if index_standard and not standard:
            standard = [
                f"Skolenheten saknar eget socioekonomiskt index; standardvärdet {_tal(index)} "
                "har använts enligt modellens regel."
            ]
        ut.append(
            Enhetsredovisning(
                skolenhetskod=kod,
                namn=e.get("namn") or kod,
                huvudmannatyp=e.get("huvudmannatyp") or "",
                huvudman_id=e.get("huvudman_id"),
                modellnamn=modell.namn,
                ar=modell.ar,
                verksamhet=modell.verksamhet,
                elever_per_stadium=tuple(elever_per_stadium.get(kod, ())),
                elever=elever,
                index=index,
                index_standard=index_standard,
                rader=tuple(rader),
                potter=tuple(pottsummor(rader, elever)),
                belopp_kr=float(sum(r.belopp_kr for r in rader)),
                belopp_kr_avrundat=int(sum(r.belopp_kr_avrundat for r in rader)),
                standardvarden=tuple(standard),
                begransningar=tuple(begr),
                anteckningar=tuple(ovriga),
                forandring=andringar.get(kod),
                pottbeskrivningar=beskrivningar,
                pottrubriker=tuple(rubriker.items()),
            )
        )
    return ut


def _pottbeskrivningar(fordelning: Fordelning) -> tuple[tuple[str, str], ...]:
    """(pott, "beskrivning (källa: …)") för modellens potter som har en beskrivning."""
    ut = []
    for p in fordelning.modell.potter:
        text = p.beskrivning.strip()
        if p.kalla:
            text = f"{text.rstrip('.')} (källa: {p.kalla})." if text else f"Källa: {p.kalla}"
        if text:
            ut.append((p.namn, text))
    return tuple(ut)


def _pottordning(fordelning: Fordelning) -> dict[tuple[str, str | None], int]:
    """(pott, delpott) -> plats i modellens ordning."""
    ordning: dict[tuple[str, str | None], int] = {}
    for p in fordelning.modell.potter:
        ordning[(p.namn, None)] = len(ordning)
        for d in p.delpotter or []:
            ordning[(p.namn, d.namn)] = len(ordning)
    return ordning


def _elever_per_stadium(fordelning: Fordelning) -> dict[str, list[tuple[str, float]]]:
    """Skolenhetskod -> [(stadium, elever)] i stadieordning, ur underlagets elever."""
    elever = fordelning.underlag.elever
    if elever.is_empty():
        return {}
    per_stadium = (
        elever.with_columns(
            pl.col("arskurs")
            .cast(pl.String)
            .replace_strict(ARSKURS_TILL_STADIUM, default=None)
            .alias("stadium")
        )
        .filter(pl.col("stadium").is_not_null())
        .group_by("skolenhetskod", "stadium")
        .agg(pl.col("antal").cast(pl.Float64).sum())
    )
    ut: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for kod, stadium, antal in per_stadium.iter_rows():
        ut[kod].append((stadium, float(antal)))
    return {k: sorted(v, key=lambda x: _STADIUM_ORDNING.get(x[0], 9)) for k, v in ut.items()}


def _noter_per_enhet(
    noter: tuple[str, ...], koder: list[str]
) -> dict[str, tuple[list[str], list[str], list[str]]]:
    """Noteringar som nämner en skolenhetskod -> (standardvärden, begränsningar, övriga)."""
    ut: dict[str, tuple[list[str], list[str], list[str]]] = {}
    kodmangd = set(koder)
    for not_ in dict.fromkeys(noter):
        for kod in set(re.findall(r"\b\d{8}\b", not_)) & kodmangd:
            standard, begr, ovriga = ut.setdefault(kod, ([], [], []))
            if _STANDARD.search(not_):
                standard.append(not_)
            elif _BEGRANSNING.search(not_):
                begr.append(not_)
            else:
                ovriga.append(not_)
    return ut


def _forandringar(forandring: pl.DataFrame | None) -> dict[str, Enhetsforandring]:
    """Förändringsramen -> skolenhetskod -> ``Enhetsforandring`` (saknade belopp = 0 kr, t.ex.
    förra året för en ny enhet; saknade belopp per elev = None)."""
    if forandring is None:
        return {}
    saknas = [k for k in FORANDRING_KOLUMNER if k not in forandring.columns]
    if saknas:
        raise ValueError(f"förändringstabellen saknar kolumnerna {', '.join(saknas)}")
    valfria = [k for k in _FORANDRING_VALFRIA if k in forandring.columns]
    status = ["enhetens_status"] if "enhetens_status" in forandring.columns else []
    ut = {}
    for r in forandring.select(*FORANDRING_KOLUMNER, *valfria, *status).iter_rows(named=True):
        falt: dict[str, Any] = {k: flyttal(r[k]) or 0.0 for k in FORANDRING_KOLUMNER[1:]}
        falt.update({k: flyttal(r[k]) for k in valfria})
        if "varav_stabilitet_kr" in falt:
            falt["varav_stabilitet_kr"] = falt["varav_stabilitet_kr"] or 0.0
        if status:
            falt["enhetens_status"] = r["enhetens_status"]
        ut[r["skolenhetskod"]] = Enhetsforandring(**falt)
    return ut


def _tal(x: float | None) -> str:
    """Ett index som text: 1.149 -> '1,15', 112.34 -> '112,3'."""
    return decimal(x, 2 if x is not None and abs(x) < 10 else 1)

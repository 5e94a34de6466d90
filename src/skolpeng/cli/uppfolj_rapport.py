"""``skolpeng uppfoljning rapport --kommun KOD --ut DIR [--fordelning DIR …]``: kommunens
årliga uppföljningsrapport (HTML och PDF) ur resultatserien och fördelningens utdata.

In: kommunkoden, resultatserien (standard: det medföljande datasetet ``resultatserie``; en
katalog med ``resultat.csv``, ``bakgrund.csv`` och ``enheter.csv``), noll eller flera
utdatakataloger från ``skolpeng fordela`` (en per budgetår), valfri analysfil och valfria
extra rapportdelar (``rapporter.uppfoljning_rapportdel.Rapportdel``). Ut: i ``--ut``
(atomiskt) ``uppfoljningsrapport.html``/``.pdf``/``.json``, diagrammen som PNG, kommunens
tabeller som CSV och ``manifest.json``. Fel i indata: alla problem på svenska, exitkod 2,
inget skrivs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from skolpeng.api import (
    IndataFel,
    Kommunrapport,
    Kommunuppfoljning,
    Problem,
    Rapportdel,
    kommunrapport,
    kommunuppfoljning,
    las_tabeller,
    serieanalys,
)
from skolpeng.cli.uppfolj_korning import Indata, Utdata, las_indata, skriv_utdata

RAPPORT = "uppfoljningsrapport"


def _enhetskatalog(resultat: str) -> str:
    """``enheter`` hämtas där resultatet finns (en fil -> dess katalog)."""
    p = Path(resultat)
    return str(p.parent) if p.is_file() else resultat


def las_rapportindata(
    kommun: str, resultat: str, fordelning: Sequence[str], analys: Path | None
) -> Indata:
    """Argumenten -> ``Indata`` (resultat, bakgrund, enheter och, med fordela-kataloger,
    belopp och dekomposition). Alla problem på en gång, även en ogiltig kommunkod."""
    problem = []
    if not re.fullmatch(r"\d{4}", kommun or ""):
        problem.append(Problem("--kommun", f"kommunkoden {kommun!r} ska vara fyra siffror"))
    argument = {
        "resultat": (resultat, "--resultat", True),
        "bakgrund": (None, "--resultat", False),
        "enheter": (_enhetskatalog(resultat), "--resultat", True),
        "belopp": (list(fordelning) or None, "--fordelning", False),
        "dekomposition": (None, "--fordelning", False),
    }
    try:
        ind = las_indata(argument, analys, bredvid="resultat")
    except IndataFel as fel:
        raise IndataFel(problem + fel.problem) from None
    if "bakgrund" not in ind.tabeller:
        problem.append(Problem("--resultat", "bakgrund.csv saknas bredvid resultat.csv"))
    if problem:
        raise IndataFel(problem)
    return ind


def kommuntabeller(k: Kommunuppfoljning) -> dict[str, pl.DataFrame]:
    """Kommunens tabeller för CSV-filerna (inga bakgrundsandelar per enhet)."""
    g = k.serie.gap
    ut = {
        "gap_per_ar": g.per_ar.filter(pl.col("omrade").is_in([k.kommunkod, "riket"])),
        "gap_trender": g.trender.filter(pl.col("omrade").is_in([k.kommunkod, "riket"])),
        "forvantat_enheter": k.enheter_forvantat,
        "bestandighet_enheter": k.bestandighet,
        "forklaringsgrad": k.forklaringsgrad,
    }
    if k.ekonomi is not None:
        e = k.ekonomi
        ut |= {
            "omfordelning": e.omfordelning,
            "volatilitet_forandringar": e.volatilitet.forandringar,
            "riktade_medel_enheter": e.riktat_mot_resultat,
            "riktade_medel_potter": e.riktade.per_pott,
        }
    return ut


def fordelningens_namn(fordelning: Sequence[str]) -> dict[str, str]:
    """Skolenhetskod -> namn ur fordela-katalogernas ``underlag_enheter.csv`` (för enheter
    som saknas i resultatserien, t.ex. nya enheter)."""
    namn: dict[str, str] = {}
    for k in fordelning:
        fil = Path(k) / "underlag_enheter.csv"
        if fil.is_file():
            e = las_tabeller({"enheter": fil})["enheter"]
            namn |= dict(e.select("skolenhetskod", pl.col("namn").fill_null("")).iter_rows())
    return namn


def bygg_rapport(
    ind: Indata,
    kommun: str,
    extra_delar: Sequence[Rapportdel] = (),
    fordelning: Sequence[str] = (),
) -> tuple[Kommunuppfoljning, Kommunrapport]:
    """Indata och kommunkoden -> (kommunens uppföljning, rapporten)."""
    inst = ind.installningar
    t = ind.tabeller
    serie = serieanalys(t["resultat"], t["bakgrund"], t["enheter"], inst)
    k = kommunuppfoljning(
        serie, t["enheter"], kommun, inst, t.get("belopp"), t.get("dekomposition")
    )
    return k, kommunrapport(k, inst, fordelningens_namn(fordelning) | ind.namn(), extra_delar)


def kor_rapport(
    kommun: str,
    ut: Path,
    resultat: str = "resultatserie",
    fordelning: Sequence[str] = (),
    analys: Path | None = None,
    extra_delar: Sequence[Rapportdel] = (),
    utskrift: Callable[[str], None] = print,
) -> Kommunrapport:
    """Läser, bygger och skriver rapporten atomiskt med manifest. Ut: rapporten."""
    ind = las_rapportindata(kommun, resultat, fordelning, analys)
    k, rapport = bygg_rapport(ind, kommun, extra_delar, fordelning)
    utdata = Utdata(
        RAPPORT, kommuntabeller(k), rapport.sammanfattning, rapport.html, rapport.diagram
    )
    argument = {
        "kommun": kommun,
        "resultat": resultat,
        "fordelning": list(fordelning),
        "analys": str(analys) if analys else None,
        "ut": str(ut),
        "extra_delar": [d.rubrik for d in extra_delar],
    }
    skriv_utdata(ut, "rapport", utdata, ind, argument, utskrift)
    return rapport

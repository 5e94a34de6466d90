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


def bygg_uppfoljning(ind: Indata, kommun: str) -> Kommunuppfoljning:
    """Indata och kommunkoden -> kommunens uppföljning (analyserna som rapporten visar)."""
    inst = ind.installningar
    t = ind.tabeller
    serie = serieanalys(t["resultat"], t["bakgrund"], t["enheter"], inst)
    return kommunuppfoljning(
        serie, t["enheter"], kommun, inst, t.get("belopp"), t.get("dekomposition")
    )


def bygg_rapport(
    ind: Indata,
    kommun: str,
    extra_delar: Sequence[Rapportdel] = (),
    fordelning: Sequence[str] = (),
    k: Kommunuppfoljning | None = None,
) -> tuple[Kommunuppfoljning, Kommunrapport]:
    """Indata och kommunkoden (och valfritt den redan byggda uppföljningen) -> (kommunens
    uppföljning, rapporten)."""
    k = k if k is not None else bygg_uppfoljning(ind, kommun)
    namn = fordelningens_namn(fordelning) | ind.namn()
    return k, kommunrapport(k, ind.installningar, namn, extra_delar)


def kor_rapport(
    kommun: str,
    ut: Path,
    resultat: str = "resultatserie",
    fordelning: Sequence[str] = (),
    analys: Path | None = None,
    extra_delar: Sequence[Rapportdel] = (),
    utskrift: Callable[[str], None] = print,
    anvandning: Path | None = None,
    databas: str | None = None,
    ar: int | None = None,
) -> Kommunrapport:
    """Läser, bygger och skriver rapporten atomiskt med manifest. Ut: rapporten.

    ``anvandning`` (en redovisningsfil) och/eller ``ar`` (med ``databas``: de inskickade
    redovisningarna i webbens databas) lägger till avsnittet om hur de riktade medlen använts
    (``cli.uppfolj_rapport_anvandning``)."""
    from skolpeng.cli.serve import databas_url
    from skolpeng.cli.uppfolj_rapport_anvandning import anvandningsdelar, kontrollera_argument

    problem = kontrollera_argument(anvandning, ar)
    try:
        ind = las_rapportindata(kommun, resultat, fordelning, analys)
    except IndataFel as fel:
        raise IndataFel(problem + fel.problem) from None
    if problem:
        raise IndataFel(problem)
    k = bygg_uppfoljning(ind, kommun)
    url = databas_url(databas) if ar is not None else ""
    anv_delar, anv_tabeller = anvandningsdelar(k, kommun, anvandning, url, ar)
    delar = [*extra_delar, *anv_delar]
    k, rapport = bygg_rapport(ind, kommun, delar, fordelning, k)
    utdata = Utdata(
        RAPPORT,
        kommuntabeller(k) | anv_tabeller,
        rapport.sammanfattning,
        rapport.html,
        rapport.diagram,
    )
    argument = {
        "kommun": kommun,
        "resultat": resultat,
        "fordelning": list(fordelning),
        "analys": str(analys) if analys else None,
        "anvandning": str(anvandning) if anvandning else None,
        "ar": ar,
        "ut": str(ut),
        "extra_delar": [d.rubrik for d in delar],
    }
    skriv_utdata(ut, "rapport", utdata, ind, argument, utskrift)
    return rapport

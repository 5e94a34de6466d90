"""Förra årets underlag för anpassad grundskola och resursskolor: de valfria filerna
i förra årets utdatakatalog som nästa års körning behöver för att räkna om förra årets modell
(förändringens uppdelning) när modellen har nyckeln per behovsnivå eller ett strukturbidrag
till resursskolor.

- ``underlag_behovsniva.csv`` – skolenhetskod, verksamhet (bara i en ram med både grundskola
  och anpassad grundskola), arskurs, behovsniva, antal (aggregerat);
- ``underlag_resursskolor.csv`` – skolenhetskod.

Filerna skrivs bara när underlaget har uppgifterna och får saknas när katalogen läses.
In: en fördelning (skrivning) eller katalogen (läsning). Ut: filerna, respektive
elever per nivå, resursskolornas koder, problem och filernas SHA-256.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.csvskrivning import skriv_csv
from skolpeng.data.lasning import RAD, las_tabell_med_rader
from skolpeng.data.schema import ARSKURSER, VERKSAMHETER, Kolumn, Tabell
from skolpeng.fel import Problem
from skolpeng.fordelning.underlag_och_resultat import Fordelningsunderlag
from skolpeng.utdata import sha256_fil

NIVAFIL = "underlag_behovsniva.csv"
RESURSFIL = "underlag_resursskolor.csv"
NIVATABELL = Tabell(
    "underlag_behovsniva",
    (
        Kolumn("skolenhetskod", "kod8"),
        Kolumn("verksamhet", "val", obligatorisk=False, tillatna=VERKSAMHETER),
        Kolumn("arskurs", "val", tillatna=ARSKURSER),
        Kolumn("behovsniva", "str"),
        Kolumn("antal", "float", minst=0.0),
    ),
    ("skolenhetskod", "verksamhet", "arskurs", "behovsniva"),
)
RESURSTABELL = Tabell(
    "underlag_resursskolor", (Kolumn("skolenhetskod", "kod8"),), ("skolenhetskod",)
)


def skriv_anpassat_underlag(u: Fordelningsunderlag, katalog: Path) -> list[Path]:
    """Skriver filerna ovan för underlaget när det har elever per nivå eller resursskolor."""
    ut: list[Path] = []
    if u.behovsniva is not None and u.behovsniva.height:
        kolumner = [k.namn for k in NIVATABELL.kolumner if k.namn in u.behovsniva.columns]
        skriv_csv(u.behovsniva.select(kolumner).sort(kolumner[:-1]), katalog / NIVAFIL)
        ut.append(katalog / NIVAFIL)
    if u.resursskolor:
        skriv_csv(pl.DataFrame({"skolenhetskod": sorted(u.resursskolor)}), katalog / RESURSFIL)
        ut.append(katalog / RESURSFIL)
    return ut


def las_anpassat_underlag(
    katalog: Path,
) -> tuple[pl.DataFrame | None, tuple[str, ...], list[Problem], dict[str, str]]:
    """Läser filerna ovan om de finns: (elever per nivå eller None, resursskolornas koder,
    problem med fil, rad och kolumn, SHA-256 per inläst fil)."""
    problem: list[Problem] = []
    hashar: dict[str, str] = {}
    niva: pl.DataFrame | None = None
    resurs: tuple[str, ...] = ()
    if (katalog / NIVAFIL).is_file():
        last = las_tabell_med_rader(katalog / NIVAFIL, NIVATABELL)
        problem += last.problem
        niva = last.data.drop(RAD)
        if niva["verksamhet"].is_null().all():
            niva = niva.drop("verksamhet")
        hashar[NIVAFIL] = sha256_fil(katalog / NIVAFIL)
    if (katalog / RESURSFIL).is_file():
        last = las_tabell_med_rader(katalog / RESURSFIL, RESURSTABELL)
        problem += last.problem
        resurs = tuple(last.data["skolenhetskod"].drop_nulls().to_list())
        hashar[RESURSFIL] = sha256_fil(katalog / RESURSFIL)
    return niva, resurs, problem, hashar

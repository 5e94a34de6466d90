"""Skrivning av ett dataset (``Underlag``) till en katalog med en CSV-fil per tabell.

In: ``Underlag`` och en katalog. Ut: ``<tabell>.csv`` (UTF-8, komma, decimalpunkt) för
varje tabell som finns; valfria tabeller som saknas skrivs inte.
"""

from __future__ import annotations

from pathlib import Path

from skolpeng.csvskrivning import skriv_csv
from skolpeng.data.schema import TABELLER, Underlag


def skriv_underlag(underlag: Underlag, katalog: Path) -> list[Path]:
    """Skriver varje tabell som ``katalog/<namn>.csv``. Ut: de skrivna filerna."""
    katalog = Path(katalog)
    katalog.mkdir(parents=True, exist_ok=True)
    skrivna = []
    for namn, tabell in TABELLER.items():
        df = underlag.tabell(namn)
        if df is None:
            continue
        path = katalog / f"{namn}.csv"
        skriv_csv(df.select([k for k in tabell.kolumnnamn if k in df.columns]), path)
        skrivna.append(path)
    return skrivna

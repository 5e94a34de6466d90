"""Webbapplikationens inställningar (ingen policy: de juridiska parametrarna finns i
``parametrar/data``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from skolpeng.api import Begransning


@dataclass(frozen=True)
class Installningar:
    """In: databasens URL och säkerhetsgränser. ``saker_kaka`` sätter Secure på kakan (bakom
    TLS). ``max_uppladdning_bytes`` gäller hela förfrågan, ``max_uppackat_bytes`` summan av en
    zip-fils uppackade filer och ``max_komprimeringsgrad`` uppackad/packad storlek per fil.
    ``samtidiga_berakningar`` är hur många fördelningar en process räknar samtidigt (fler
    köar; se ``cache.Berakningsminne``)."""

    databas_url: str = "sqlite:///skolpeng-webb/skolpeng.db"
    saker_kaka: bool = False
    max_uppladdning_bytes: int = 50 * 1024 * 1024
    max_uppackat_bytes: int = 300 * 1024 * 1024
    max_komprimeringsgrad: float = 200.0
    max_filer_i_zip: int = 50
    max_filer_per_forfragan: int = 30
    max_falt_per_forfragan: int = 200
    sessionstid_timmar: int = 8
    begransning: Begransning = field(default_factory=Begransning)
    importera_medfoljande: bool = True
    samtidiga_berakningar: int = 1
    forvarm_minnet: bool = False  # skolpeng serve: underlag och normer läses vid start


def standard_databas(katalog: Path) -> str:
    """SQLite-URL för en databasfil i ``katalog`` (katalogen skapas)."""
    katalog.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(katalog / 'skolpeng.db').resolve()}"

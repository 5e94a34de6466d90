"""De verkliga källfilerna för datasetet ``sverige``, lästa med projektets importörer.

In: katalogen ``data/real`` (se dess README och varje SOURCE.md). Ut: ``Kallor`` med ett
``Importresultat`` per fil och SKR:s kommungrupper; ``filer`` listar varje läst fil med
SHA-256 för README.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from skolpeng.data.officiella import Importresultat, importera
from skolpeng.utdata import sha256_fil

from .antaganden import LASAR_REGISTER

SKOLNIVA = "urbanpulse/Grundskola - Antal elever per årskurs 2025 Skolnivå.csv"
REGISTER = "skolstatistik-jplusplus/skolenhetsregistret_2020_grundskola.csv"
KOMMUN = "skolverket-examen/Grundskola - Antal elever per årskurs {ar} Kommun.csv"
KOSTNADER = "skolverket-examen/Grundskola - Kostnader per kommun {ar} Kommun.csv"
SLUTBETYG = (
    "skolverket-data-extractor/Grundskola - Slutbetyg årskurs 9, samtliga elever 2025 Skolenhet.csv"
)
INKOMST = "urbanpulse/sverige_snittinkomst_2024.csv"
KOMMUNGRUPP = "rkolada/kolada_kommungrupp_snapshot_2026-03.csv"
KOMMUNAR: tuple[int, ...] = (2021, 2022, 2023, 2024)
"""Läsår 2021/22–2024/25 på kommunnivå (kalenderår 2022–2024 behöver två läsår vardera)."""
KOSTNADSAR: tuple[int, ...] = (2022, 2023, 2024)


@dataclass
class Kallor:
    """Alla inlästa källor. ``kommun`` och ``kostnader`` har läsårets startår/kalenderår som
    nyckel."""

    skolniva: Importresultat
    register: Importresultat
    kommun: dict[int, Importresultat]
    kostnader: dict[int, Importresultat]
    slutbetyg: Importresultat
    inkomst: Importresultat
    kommungrupp: pl.DataFrame
    filer: dict[str, str] = field(default_factory=dict)


def las_kallor(rot: Path) -> Kallor:
    """Läser alla källfiler under ``rot`` (``data/real``). Kastar ``IndataFel`` om en fil
    saknas eller inte kan läsas."""
    filer: dict[str, str] = {}

    def imp(relativ: str, typ: str, period: str | None = None) -> Importresultat:
        path = rot / relativ
        resultat = importera(path, typ, period)
        filer[relativ] = sha256_fil(path)
        return resultat

    skolniva = imp(SKOLNIVA, "elever-skolniva")
    register = imp(REGISTER, "skolenhetsregister", LASAR_REGISTER)
    kommun = {ar: imp(KOMMUN.format(ar=ar), "elever-kommun") for ar in KOMMUNAR}
    kostnader = {ar: imp(KOSTNADER.format(ar=ar), "kostnader-kommun") for ar in KOSTNADSAR}
    slutbetyg = imp(SLUTBETYG, "slutbetyg")
    inkomst = imp(INKOMST, "scb-pxweb")
    grupp_path = rot / KOMMUNGRUPP
    kommungrupp = pl.read_csv(grupp_path, infer_schema=False).select(
        "kommunkod",
        pl.col("kommun").alias("kommunnamn"),
        pl.col("skr_group_code_assumed").alias("kommungrupp"),
    )
    filer[KOMMUNGRUPP] = sha256_fil(grupp_path)
    return Kallor(skolniva, register, kommun, kostnader, slutbetyg, inkomst, kommungrupp, filer)

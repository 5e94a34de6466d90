"""Testhjälp för exempelmodellerna i ``modeller/``: sökvägar, källexemplen som data, SKL:s
påhittade exempelkommun som ``Underlag`` och det medföljande datasetet ``sverige`` (läses en
gång per testkörning).

In: inget. Ut: funktioner som ger modeller, exempeldata och underlag.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.data.schema import ARSKURSER, POLARS_TYP, TABELLER, Underlag
from skolpeng.fordelning import Fordelning, forbered_underlag, fordela, las_modell
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell
from tests.exempel.lasning import las_exempel

ROT = Path(__file__).resolve().parents[2]
MODELLER = ROT / "src" / "skolpeng" / "modeller"

#: Varje modellfil som följer med projektet.
MODELLFILER: tuple[str, ...] = (
    "skl_2014_tabell1_2.yaml",
    "skl_2014_tabell3.yaml",
    "skl_2014_forstarkt.yaml",
    "huddinge_2019.yaml",
    "goteborg_typ.yaml",
    "goteborg_typ_fritidshem.yaml",
    "normen_som_lokal_modell.yaml",
    "anpassad_gr_nivamodell.yaml",
)
#: SKL:s exempelkommun: skola A, skola B och "övriga skolor" C (exemplets konstruktion).
SKL_ENHETER: dict[str, str] = {"A": "00000001", "B": "00000002", "C": "00000003"}
SKL_KOMMUN = "0000"


def modell(namn: str) -> Fordelningsmodell:
    """Modellfilen ``modeller/<namn>`` läst och validerad."""
    return las_modell(MODELLER / namn)


def exempel(namn: str) -> dict[str, Any]:
    """Källexemplet ``tests/exempel/fordelning/<namn>`` som data (``tests.exempel.lasning``)."""
    return las_exempel("fordelning", namn)


def tom_tabell(namn: str) -> pl.DataFrame:
    """En tom tabell med datasetets kolumner och typer."""
    t = TABELLER[namn]
    return pl.DataFrame(schema={k.namn: POLARS_TYP[k.typ] for k in t.kolumner})


def skl_underlag(elever: dict[str, int]) -> Underlag:
    """SKL:s exempelkommun (kommunkod 0000) med skolenheterna A, B och C och de givna
    elevantalen, jämnt fördelade på årskurserna F–9 (verksamhet fk_gr, läsåret 2013/14).
    Index kommer ur modellernas filer; övriga tabeller är tomma."""
    enheter = pl.DataFrame(
        {
            "skolenhetskod": list(SKL_ENHETER.values()),
            "namn": [f"Skola {k}" if k != "C" else "Övriga skolor" for k in SKL_ENHETER],
            "kommunkod": [SKL_KOMMUN] * 3,
            "huvudmannatyp": ["kommunal"] * 3,
            "huvudman_id": [SKL_KOMMUN] * 3,
            "huvudman_namn": ["Exempelkommunen"] * 3,
            "internationell": [0, 0, 0],
        },
        schema_overrides={"internationell": pl.Int8},
    )
    rader = [
        (kod, "fk_gr", "2013/14", a, elever[k] // len(ARSKURSER))
        for k, kod in SKL_ENHETER.items()
        for a in ARSKURSER
    ]
    elevtabell = pl.DataFrame(
        rader,
        schema={
            k: POLARS_TYP[c.typ] for k, c in ((c.namn, c) for c in TABELLER["elever"].kolumner)
        },
        orient="row",
    )
    kommuner = pl.DataFrame(
        {
            "kommunkod": [SKL_KOMMUN],
            "kommunnamn": ["Exempelkommunen"],
            "kommungrupp": ["B3"],
            "nuts2": ["SE11"],
            "loneindex": [100.0],
            "gleshetsindex": [100.0],
        }
    )
    return Underlag(
        skolenheter=enheter,
        elever=elevtabell,
        socioekonomiskt_index=tom_tabell("socioekonomiskt_index"),
        kommuner=kommuner,
        lokalkostnadsunderlag=tom_tabell("lokalkostnadsunderlag"),
        rakenskapssammandrag=tom_tabell("rakenskapssammandrag"),
        modersmal=tom_tabell("modersmal"),
        nationellt=tom_tabell("nationellt"),
        namn="SKL:s exempelkommun",
    )


@cache
def sverige() -> Underlag:
    """Det medföljande datasetet ``sverige`` (läses en gång)."""
    return las_underlag(hitta_underlag("sverige"))


@cache
def huddinges_malgrupper() -> pl.DataFrame:
    """``modeller/data/huddinge_malgrupper.csv`` som datasetets tabell ``malgrupper``."""
    return pl.read_csv(
        MODELLER / "data" / "huddinge_malgrupper.csv",
        schema={"skolenhetskod": pl.String, "lasar": pl.String, "malgrupp": pl.String,
                "antal": pl.Float64},
    )  # fmt: skip


@cache
def sverige_med_huddinges_malgrupper() -> Underlag:
    """``sverige`` med Huddinges målgrupper (README: kopiera filen som ``malgrupper.csv``)."""
    return dataclasses.replace(sverige(), malgrupper=huddinges_malgrupper())


def kor(m: Fordelningsmodell, underlag: Underlag) -> Fordelning:
    """Förbered underlaget (filer relativt ``modeller/``) och fördela."""
    return fordela(m, forbered_underlag(m, underlag, MODELLER))


def per_enhet(f: Fordelning, pott: str | None = None) -> dict[str, float]:
    """Kronor per elev per skolenhet (för en pott, eller totalt)."""
    rader = f.rader if pott is None else f.rader.filter(pl.col("pott") == pott)
    summa = rader.group_by("skolenhetskod").agg(pl.col("belopp_kr").sum())
    ram = f.enheter.select("skolenhetskod", "elever").join(summa, on="skolenhetskod")
    return {r["skolenhetskod"]: r["belopp_kr"] / r["elever"] for r in ram.iter_rows(named=True)}

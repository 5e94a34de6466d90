"""``skolpeng utbudsansvar elasticitet``: panelregressionen i SOU 2025:72 tabell 10.2.

Tunt: en kostnadspanel (den medföljande från Skolverket eller en egen CSV) -> ``tabell_10_2``
-> ``elasticitet.csv``, ``elasticitet.html`` och ``manifest.json`` och en svensk tabell i
terminalen.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from skolpeng.api import KOSTNADSSLAG_TABELL_10_2, MELLANSLAG, decimal
from skolpeng.cli.gemensamt import konsol, med_felhantering

MEDFOLJANDE_PANEL = (
    "Kommunernas kostnader för grundskola i egen regi 2020–2024 per kostnadsslag och "
    "genomsnittligt elevantal (Skolverket)"
)


def _tal(x: float, decimaler: int) -> str:
    return decimal(x, decimaler, mellanrum=MELLANSLAG)


def elasticitet(
    ut: Annotated[Path, typer.Option("--ut", help="Utdatakatalog.")],
    panel: Annotated[
        str,
        typer.Option(
            "--panel",
            help="'kommuner' (medföljande panel från Skolverket 2020–2024) eller en CSV med "
            "kommunkod, ar, antal_elever och en kolumn per kostnadsslag.",
        ),
    ] = "kommuner",
    kostnader: Annotated[
        str,
        typer.Option("--kostnader", help="Kostnadskolumner, kommaseparerade."),
    ] = ",".join(KOSTNADSSLAG_TABELL_10_2),
    statsbidrag: Annotated[
        str | None,
        typer.Option("--statsbidrag", help="Kolumn med statsbidrag (modell 2 och 3)."),
    ] = None,
) -> None:
    """Kostnadernas elasticitet med avseende på elevantalet (tabell 10.2): modell 1–3 per
    kostnadsslag, klustrade standardfel på kommun."""

    def arbete() -> None:
        from skolpeng.api import (
            ETIKETTER,
            KOSTNADSPANEL,
            IndataFel,
            Problem,
            atomisk_katalog,
            elasticitet_enligt_sou,
            las_kostnadspanel,
            load_parameters,
            sha256_fil,
            signifikansstjarnor,
            skriv_elasticitet,
            skriv_manifest,
            tabell_10_2,
        )

        kolumner = [k.strip() for k in kostnader.split(",") if k.strip()]
        if not kolumner:
            raise IndataFel(
                [Problem("kommandoraden", "ange minst en kostnadskolumn med --kostnader")]
            )
        fil = KOSTNADSPANEL if panel == "kommuner" else Path(panel)
        namn = MEDFOLJANDE_PANEL if panel == "kommuner" else f"Kostnadspanel ur {fil.name}"
        data = las_kostnadspanel(fil, kolumner, statsbidrag)
        tabell = tabell_10_2(data, kolumner, statsbidrag=statsbidrag)
        p = load_parameters(dt.date.today())
        sou = elasticitet_enligt_sou(p)
        with atomisk_katalog(ut) as tmp:
            skriv_elasticitet(tabell, tmp, namn, sou)
            skriv_manifest(
                tmp,
                "utbudsansvar elasticitet",
                {"panel": panel, "kostnader": kolumner, "statsbidrag": statsbidrag},
                {fil.name: sha256_fil(fil)},
                p.filhashar,
            )
        tab = Table(title=f"Elasticitet med avseende på elevantalet (tabell 10.2) – {namn}")
        for c in (
            "Kostnadsslag",
            "Modell",
            "Elasticitet",
            "(standardfel)",
            "Statsbidrag",
            "Årsfixa",
            "N",
            "R² inom",
        ):
            tab.add_column(c)
        for r in tabell.iter_rows(named=True):
            tab.add_row(
                ETIKETTER.get(r["kostnad"], r["kostnad"]),
                str(r["modell"]),
                _tal(r["elasticitet"], 2) + signifikansstjarnor(r["p_varde"]),
                f"({_tal(r['standardfel'], 3)})",
                "Ja" if r["statsbidrag"] else "Nej",
                "Ja" if r["arsfixa"] else "Nej",
                str(r["antal_observationer"]),
                _tal(r["r2_inom"], 2),
            )
        konsol.print(tab)
        konsol.print(f"Skrev elasticitet.csv och elasticitet.html till {ut}", soft_wrap=True)

    med_felhantering(arbete)


def registrera_elasticitet(grupp: typer.Typer) -> None:
    """Lägger till underkommandot ``elasticitet`` i gruppen ``utbudsansvar``."""
    grupp.command("elasticitet")(elasticitet)

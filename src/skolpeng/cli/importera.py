"""``skolpeng importera``: gör om en officiell export till datasetets tabellfiler.

In: ``--fran`` (exportfilen som Skolverket/SCB publicerar den), ``--typ`` (exporttypen),
``--ut`` (katalog), valfritt ``--period`` (läsår eller år när filen inte anger det).
Ut: en CSV-fil per tabell i ``--ut`` och ``manifest.json``, skrivna atomiskt; noteringar om
prickade celler skrivs ut. Vid fel: alla problem på svenska, exitkod 2, inget skrivs.
"""

from __future__ import annotations

from pathlib import Path

import typer

from skolpeng.api import IMPORTTYPER
from skolpeng.cli.gemensamt import konsol, med_felhantering


def importera_elevregister_export(fran: Path, mappning: Path | None, ut: Path) -> list[Path]:
    """En kommuns elevregisterexport med mappningsfil -> ``elever_hemkommun.csv`` i ``ut``
    (aggregerad; ``data.elevregister``). Kastar ``IndataFel``."""
    from skolpeng.api import (
        IndataFel,
        Problem,
        atomisk_katalog,
        importera_elevregister,
        las_mappning,
        sha256_fil,
        skriv_csv,
        skriv_manifest,
    )

    if mappning is None:
        raise IndataFel([Problem("--mappning", "typen elevregister kräver en mappningsfil")])
    tabell, noteringar = importera_elevregister(fran, las_mappning(mappning))
    with atomisk_katalog(ut) as tmp:
        skriv_csv(tabell, tmp / "elever_hemkommun.csv")
        skriv_manifest(
            tmp,
            "importera",
            {"fran": str(fran), "typ": "elevregister"},
            {
                Path(fran).name: sha256_fil(Path(fran)),
                Path(mappning).name: sha256_fil(Path(mappning)),
            },
            {},
        )
    konsol.print(
        f"Importerade {Path(fran).name} till {ut}: elever_hemkommun.csv, {tabell.height} rader",
        highlight=False,
    )
    for n in noteringar:
        konsol.print(f"  - {n}", highlight=False, markup=False)
    return [Path(ut) / "elever_hemkommun.csv"]


def importera_export(
    fran: Path, typ: str, ut: Path, period: str | None, mappning: Path | None = None
) -> list[Path]:
    """Läser exporten, gör om den och skriver tabellfilerna och manifestet i ``ut``.
    Ut: de skrivna tabellfilernas sökvägar (i ``ut``). Kastar ``IndataFel``."""
    from skolpeng.api import (
        TABELLER,
        IndataFel,
        Problem,
        atomisk_katalog,
        importera,
        sha256_fil,
        skriv_csv,
        skriv_manifest,
        till_tabellfiler,
    )

    if typ == "elevregister":
        return importera_elevregister_export(fran, mappning, ut)
    if typ not in IMPORTTYPER:
        raise IndataFel(
            [Problem("--typ", f"okänd exporttyp {typ!r}; välj en av {', '.join(IMPORTTYPER)}")]
        )
    resultat = importera(fran, typ, period)
    tabeller, noteringar = till_tabellfiler(resultat)
    with atomisk_katalog(ut) as tmp:
        for namn, ram in tabeller.items():
            skriv_csv(ram, tmp / f"{namn}.csv")
        skriv_manifest(
            tmp,
            "importera",
            {"fran": str(fran), "typ": typ, "period": resultat.period},
            {Path(fran).name: sha256_fil(Path(fran))},
            {},
        )
    konsol.print(
        f"[bold]Importerade[/bold] {resultat.fil} ({typ}, period {resultat.period or 'okänd'}) "
        f"till {ut}:",
        highlight=False,
    )
    for namn, ram in tabeller.items():
        slag = "datasettabell" if namn in TABELLER else "hjälptabell, ingår inte i datasetet"
        konsol.print(f"  {namn}.csv: {ram.height} rader ({slag})", highlight=False)
    alla = [*resultat.anteckningar, *noteringar]
    if alla:
        konsol.print("[bold]Noteringar:[/bold]")
        for n in alla:
            konsol.print(f"  - {n}", highlight=False, markup=False)
    return [Path(ut) / f"{namn}.csv" for namn in tabeller]


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandot ``importera`` i CLI-appen."""

    @app.command("importera")
    def importera_kommando(
        fran: str = typer.Option(
            ..., "--fran", help="Exportfilen (CSV eller XLSX) som den publiceras."
        ),
        typ: str = typer.Option(
            ..., "--typ", help="Exporttyp: " + ", ".join(IMPORTTYPER) + ", elevregister."
        ),
        ut: str = typer.Option(..., "--ut", help="Katalog att skriva tabellfilerna i."),
        period: str | None = typer.Option(
            None,
            "--period",
            help="Läsår (2025/26) eller år (2024) när filen inte anger det; krävs för skolenhetsregister.",
        ),
        mappning: str | None = typer.Option(
            None,
            "--mappning",
            help="Mappningsfil (YAML) för typen elevregister: exportens kolumnnamn.",
        ),
    ) -> None:
        """Gör om en export från Skolverket, Skolenhetsregistret eller SCB till datasetets
        tabellfiler (docs/regler/dataformat.md). Prickade celler blir saknade värden, aldrig noll. Typen
        elevregister gör om kommunens egen elevregisterexport till elever_hemkommun."""
        med_felhantering(
            lambda: importera_export(
                Path(fran), typ, Path(ut), period, None if mappning is None else Path(mappning)
            )
        )

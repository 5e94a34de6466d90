"""Kommandot ``skolpeng lokalindex``: fastställ lokalkostnadsindexet per kommun.

Källan: "Lokalindex kvarstår över tid och uppdateras i samband med utvärdering av modellen
och normen" (SOU 2025:72, bilagan, Strukturtillägg). Kommandot beräknar indexet ur
datasetets ``lokalkostnadsunderlag`` som normen gör (docs/regler/norm.md#steg-7) och skriver tabellen
``lokalindex``; läggs den i datasetkatalogen använder ``skolpeng norm`` den som den är.

In: en datasetkatalog (eller ett medföljande dataset), valfritt det sista indexåret och ett
scenario. Ut: i utkatalogen (atomiskt) ``lokalindex.csv`` och ``manifest.json``; en
sammanfattning i terminalen. Dålig indata: svenskt meddelande, exitkod 2, ingenting skrivet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from skolpeng.cli.gemensamt import konsol, med_felhantering

if TYPE_CHECKING:
    import polars as pl

UTFILER: tuple[str, ...] = ("lokalindex.csv", "manifest.json")


def kor_lokalindex(
    data: str, ut: Path, sista_ar: int | None = None, scenario: Path | None = None
) -> pl.DataFrame:
    """Hela kommandot: läs, beräkna, skriv, skriv ut. Ut: tabellen som skrevs.

    Parametrarna (antal år och byggkostnadsvikt) gäller vid 1 januari året efter det sista
    indexåret, det första normår som kan använda indexet.
    """
    from skolpeng.api import (
        Arsparametrar,
        atomisk_katalog,
        decimal,
        hitta_underlag,
        las_underlag,
        load_parameters,
        lokalindextabell,
        skriv_csv,
        skriv_manifest,
    )

    katalog = hitta_underlag(data)
    underlag = las_underlag(katalog)
    if sista_ar is None and underlag.lokalkostnadsunderlag.height:
        sista_ar = int(underlag.lokalkostnadsunderlag.get_column("ar").max())
    datum = dt.date((sista_ar or dt.date.today().year) + 1, 1, 1)
    lage = load_parameters(datum, scenario)
    arsparametrar = Arsparametrar.fran_lage(lage)
    tabell = lokalindextabell(
        underlag,
        sista_ar,
        arsparametrar.lokalindex_antal_ar,
        arsparametrar.byggkostnad_vikt,
    )
    argument: dict[str, object] = {
        "data": data,
        "ut": str(ut),
        "sista_ar": sista_ar,
        "scenario": str(scenario) if scenario else None,
    }
    with atomisk_katalog(Path(ut)) as tmp:
        skriv_csv(tabell, tmp / "lokalindex.csv")
        skriv_manifest(
            tmp,
            "lokalindex",
            argument,
            dict(underlag.filhashar),
            dict(lage.filhashar),
            scenario=lage.scenario,
            extra={"underlag": {"namn": underlag.namn, "katalog": str(katalog)}},
        )
    forsta, sista = tabell.get_column("forsta_ar")[0], tabell.get_column("sista_ar")[0]
    index = tabell.get_column("index")
    konsol.print(
        f"Lokalkostnadsindex för {tabell.height} kommuner beräknat ur "
        f"lokalkostnadsunderlaget {underlag.namn}, åren {forsta}–{sista} "
        f"(lägst {decimal(float(index.min()), 1)}, högst {decimal(float(index.max()), 1)}).",
        highlight=False,
    )
    konsol.print(
        f"Skrev {Path(ut) / 'lokalindex.csv'}. Lägg filen i datasetkatalogen för att "
        "fastställa indexet: normen använder det då som det är.",
        highlight=False,
    )
    return tabell


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandot ``lokalindex`` i appen."""

    @app.command("lokalindex")
    def lokalindex(
        data: Annotated[
            str,
            typer.Option(
                "--data", help="Datasetet med lokalkostnadsunderlag (katalog eller namn)."
            ),
        ],
        ut: Annotated[
            Path, typer.Option("--ut", help="Utkatalog för lokalindex.csv (skrivs atomiskt).")
        ],
        sista_ar: Annotated[
            int | None,
            typer.Option(
                "--sista-ar",
                help="Det sista året i indexet; standard: det senaste året i "
                "lokalkostnadsunderlaget. Indexet är medelvärdet över de senaste åren "
                "till och med detta (parametern norm.strukturtillagg.lokalindex_antal_ar).",
            ),
        ] = None,
        scenario: Annotated[
            Path | None,
            typer.Option(
                "--scenario",
                exists=True,
                dir_okay=False,
                help="Scenariofil (YAML) som ändrar parametrar.",
            ),
        ] = None,
    ) -> None:
        """Fastställ lokalkostnadsindexet per kommun ur lokalkostnadsunderlaget.

        Indexet ska ligga fast mellan utvärderingarna av normen (SOU 2025:72, bilagan,
        Strukturtillägg). Lägg lokalindex.csv i datasetkatalogen så använder
        skolpeng norm det i stället för att räkna om det.
        """
        med_felhantering(lambda: kor_lokalindex(data, ut, sista_ar, scenario))


__all__ = ["UTFILER", "kor_lokalindex", "registrera"]

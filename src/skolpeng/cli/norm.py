"""Kommandot ``skolpeng norm``: beräkna skolpengsnormen för ett normår och skriv utdata.

In: en datasetkatalog (eller namnet på ett medföljande dataset), normåret, varianten, en
utkatalog och valfritt ett scenario och elevernas kalenderår. Ut: i utkatalogen (atomiskt)
``norm_skolenheter.csv``, ``norm_huvudman.csv``, ``norm_publicering.csv``,
``sammanfattning.json``, ``norm.xlsx`` och ``manifest.json``; en sammanfattning i
terminalen. Dålig indata: svenskt meddelande, exitkod 2, ingenting skrivet.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from skolpeng.cli.gemensamt import konsol, med_felhantering

if TYPE_CHECKING:
    from skolpeng.api import NormResultat, Parameterlage, Underlag

UTFILER: tuple[str, ...] = (
    "norm_skolenheter.csv",
    "norm_huvudman.csv",
    "norm_publicering.csv",
    "sammanfattning.json",
    "norm.xlsx",
    "manifest.json",
)


class Variant(StrEnum):
    """Normens varianter (docs/regler/norm.md#varianter)."""

    vagledande = "vagledande"
    bindande = "bindande"
    fritidshem = "fritidshem"


@dataclass(frozen=True)
class Indata:
    """Det som lästs in före beräkningen."""

    katalog: Path
    underlag: Underlag
    lage: Parameterlage


def las_indata(data: str, normar: int, variant: str, scenario: Path | None) -> Indata:
    """Hittar och läser underlaget, löser parametrarna vid normårets 1 januari (med
    scenario) och kontrollerar att underlaget räcker för normen. Alla problem -> ``IndataFel``."""
    from skolpeng.api import IndataFel, forbered_norm, hitta_underlag, las_underlag

    katalog = hitta_underlag(data)
    underlag = las_underlag(katalog, "norm")
    f = forbered_norm(underlag, normar, variant, scenario=scenario)
    if f.problem:
        raise IndataFel(list(f.problem))
    return Indata(katalog, underlag, f.lage)


def skriv_normutdata(
    resultat: NormResultat,
    indata: Indata,
    ut: Path,
    argument: dict[str, object],
) -> list[str]:
    """Skriver alla utdatafiler i ``ut`` atomiskt (först en tillfällig katalog). Ut: filnamnen."""
    from skolpeng.api import (
        ENHET_KOLUMNER,
        HUVUDMAN_KOLUMNER,
        Dataproveniens,
        atomisk_katalog,
        publiceringstabell,
        sammanfattning_data,
        skriv_csv,
        skriv_manifest,
        skriv_norm_excel,
        skriv_sammanfattning_json,
    )

    publicering = publiceringstabell(resultat)
    with atomisk_katalog(ut) as tmp:
        skriv_csv(resultat.enheter.select(ENHET_KOLUMNER), tmp / "norm_skolenheter.csv")
        skriv_csv(resultat.huvudman.select(HUVUDMAN_KOLUMNER), tmp / "norm_huvudman.csv")
        skriv_csv(publicering, tmp / "norm_publicering.csv")
        data = sammanfattning_data(resultat, UTFILER, indata.lage.scenario)
        skriv_sammanfattning_json(data, tmp / "sammanfattning.json")
        proveniens = Dataproveniens(
            indata.underlag.namn, indata.katalog.resolve(), dict(indata.underlag.filhashar)
        )
        skriv_norm_excel(resultat, tmp / "norm.xlsx", indata.lage, proveniens, publicering)
        skriv_manifest(
            tmp,
            "norm",
            argument,
            dict(indata.underlag.filhashar),
            dict(indata.lage.filhashar),
            scenario=indata.lage.scenario,
            extra={
                "underlag": {"namn": indata.underlag.namn, "katalog": str(indata.katalog)},
                "elevar": resultat.elevar,
                "kostnadsar": resultat.kostnadsar,
            },
        )
    return list(UTFILER)


def kor_norm(
    data: str,
    ar: int,
    variant: str,
    ut: Path,
    scenario: Path | None = None,
    elevar: int | None = None,
) -> NormResultat:
    """Hela kommandot: läs, kontrollera, beräkna, skriv, skriv ut. Ut: resultatet."""
    from skolpeng.api import berakna_norm, skriv_ut_sammanfattning

    argument: dict[str, object] = {
        "data": data,
        "ar": ar,
        "variant": variant,
        "ut": str(ut),
        "scenario": str(scenario) if scenario else None,
        "elevar": elevar,
    }
    with konsol.status("Läser underlag och parametrar …"):
        indata = las_indata(data, ar, variant, scenario)
    konsol.print(
        f"Läste underlaget [bold]{indata.underlag.namn}[/bold] "
        f"({indata.underlag.skolenheter.height} skolenheter) från {indata.katalog}",
        highlight=False,
    )
    for anteckning in indata.underlag.anteckningar:
        konsol.print(f"  Notering: {anteckning}", highlight=False)
    with konsol.status(f"Beräknar normen för {ar} ({variant}) …"):
        resultat = berakna_norm(indata.underlag, indata.lage, ar, variant, elevar)
    with konsol.status(f"Skriver utdata till {ut} …"):
        filer = skriv_normutdata(resultat, indata, Path(ut), argument)
    skriv_ut_sammanfattning(resultat, konsol, Path(ut), filer)
    return resultat


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandot ``norm`` i appen."""

    @app.command("norm")
    def norm(
        data: Annotated[
            str,
            typer.Option(
                "--data",
                help="Datasetkatalog (en CSV/XLSX-fil per tabell) eller namnet på ett "
                "medföljande dataset, t.ex. sverige.",
            ),
        ],
        ar: Annotated[int, typer.Option("--ar", help="Normåret N (kostnadsår N − 2).")],
        ut: Annotated[Path, typer.Option("--ut", help="Utkatalog (skrivs atomiskt).")],
        variant: Annotated[
            Variant,
            typer.Option(
                "--variant",
                help="vagledande (förslaget, 100 %), bindande (95 %, +6 % moms för enskild) "
                "eller fritidshem.",
            ),
        ] = Variant.vagledande,
        scenario: Annotated[
            Path | None,
            typer.Option(
                "--scenario",
                exists=True,
                dir_okay=False,
                help="Scenariofil (YAML) som ändrar parametrar, t.ex. ur "
                "skolpeng/parametrar/scenarier/.",
            ),
        ] = None,
        elevar: Annotated[
            int | None,
            typer.Option(
                "--elevar",
                help="Elevernas kalenderår Y (½·läsår (Y−1)/Y + ½·läsår Y/(Y+1)); "
                "standard: normåret om båda läsåren finns, annars det senaste möjliga.",
            ),
        ] = None,
    ) -> None:
        """Beräkna skolpengsnormen (SOU 2025:72) per skolenhet, stadium och huvudman.

        Skriver CSV, publiceringstabell (tabell 9.2), Excelbok, sammanfattning och manifest.
        """
        med_felhantering(lambda: kor_norm(data, ar, variant.value, ut, scenario, elevar))


__all__ = ["UTFILER", "Variant", "kor_norm", "las_indata", "registrera", "skriv_normutdata"]

"""Kommandot ``skolpeng syntetisk``: skriver en syntetisk nation som datasetkatalog.

In: målkatalog, frö, antal kommuner, skala, normår. Ut: katalogen med en CSV per tabell,
``README.md`` och ``manifest.json`` (skrivs atomiskt), och en svensk sammanfattning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from skolpeng.cli.gemensamt import felkonsol, konsol


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandot ``syntetisk`` i ``app``."""

    @app.command("syntetisk")
    def syntetisk(
        ut: Annotated[Path, typer.Option("--ut", help="Katalog som datasetet skrivs till.")],
        seed: Annotated[int, typer.Option("--seed", help="Frö för slumpgeneratorn.")] = 0,
        kommuner: Annotated[
            int, typer.Option("--kommuner", help="Antal kommuner (290 = Sverige).")
        ] = 290,
        skala: Annotated[
            float,
            typer.Option("--skala", help="Skala för antalet elever och enheter (1 = Sverige)."),
        ] = 1.0,
        ar: Annotated[
            int, typer.Option("--ar", help="Normåret N (kostnadsåret blir N − 2).")
        ] = 2026,
    ) -> None:
        """Skapar en syntetisk nation (ett påhittat Sverige) som datasetkatalog."""
        from skolpeng.api import (
            atomisk_katalog,
            generera_nation,
            readme_text,
            sammanfatta,
            sammanfattningstext,
            skriv_manifest,
            skriv_underlag,
        )

        try:
            underlag = generera_nation(seed=seed, antal_kommuner=kommuner, skala=skala, normar=ar)
        except ValueError as fel:
            felkonsol.print("[bold red]Ogiltiga argument – ingenting har skrivits.[/bold red]")
            felkonsol.print(str(fel), highlight=False, markup=False)
            raise typer.Exit(code=2) from None
        argument = {"seed": seed, "kommuner": kommuner, "skala": skala, "ar": ar}
        with atomisk_katalog(ut) as tmp:
            skriv_underlag(underlag, tmp)
            (tmp / "README.md").write_text(readme_text(underlag, argument), encoding="utf-8")
            skriv_manifest(tmp, "syntetisk", argument, {}, {}, extra={"namn": underlag.namn})
        konsol.print(f"Syntetisk nation skriven till {ut}:", highlight=False, markup=False)
        konsol.print(sammanfattningstext(sammanfatta(underlag)), highlight=False, markup=False)

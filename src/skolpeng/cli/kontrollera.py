"""``skolpeng kontrollera``: läs och validera ett dataset och skriv en kort sammanfattning.

In: ``--data`` (katalog eller namnet på ett medföljande dataset), valfritt ``--ar`` och
``--variant`` för att också kontrollera att de år normen behöver finns. Ut: en sammanfattning
på svenska (tabeller, rader, skolenheter, elever per läsår, noteringar) – eller alla problem
och exitkod 2. Inget skrivs till disk; inga uppgifter på elevnivå skrivs ut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from skolpeng.cli.gemensamt import konsol, med_felhantering

if TYPE_CHECKING:
    from skolpeng.api import Underlag


def _heltal(n: float) -> str:
    """Heltal med mellanslag som tusentalsavgränsare (svensk stil)."""
    return f"{round(n):,}".replace(",", "\u00a0")


def _tabellsammanfattning(underlag: Underlag) -> Table:
    """En tabell med varje tabell i datasetet, dess fil och antal rader."""
    from skolpeng.api import TABELLER

    tabell = Table(title="Tabeller")
    tabell.add_column("Tabell")
    tabell.add_column("Fil")
    tabell.add_column("Rader", justify="right")
    filer = {namn.rsplit(".", 1)[0]: namn for namn in underlag.filhashar}
    for namn in TABELLER:
        df = underlag.tabell(namn)
        rader = "saknas (valfri)" if df is None else _heltal(df.height)
        tabell.add_row(namn, filer.get(namn, "–"), rader)
    return tabell


def _skolenheter(underlag: Underlag) -> Table:
    """Antal skolenheter per huvudmannatyp och hur många som är internationella."""
    import polars as pl

    tabell = Table(title="Skolenheter")
    tabell.add_column("Huvudmannatyp")
    tabell.add_column("Skolenheter", justify="right")
    tabell.add_column("varav internationella", justify="right")
    per_typ = (
        underlag.skolenheter.group_by("huvudmannatyp")
        .agg(antal=pl.len(), internationella=pl.col("internationell").sum())
        .sort("huvudmannatyp")
    )
    for typ, antal, internationella in per_typ.iter_rows():
        tabell.add_row(typ, _heltal(antal), _heltal(internationella or 0))
    tabell.add_row("totalt", _heltal(underlag.skolenheter.height), "", style="bold")
    return tabell


def _elever(underlag: Underlag) -> Table:
    """Antal elever per läsår och verksamhet (summor, aldrig enskilda rader)."""
    import polars as pl

    tabell = Table(title="Elever per läsår")
    tabell.add_column("Läsår")
    tabell.add_column("Verksamhet")
    tabell.add_column("Elever", justify="right")
    tabell.add_column("Skolenheter", justify="right")
    per_lasar = (
        underlag.elever.group_by("lasar", "verksamhet")
        .agg(elever=pl.col("antal").sum(), enheter=pl.col("skolenhetskod").n_unique())
        .sort("lasar", "verksamhet")
    )
    for lasar, verksamhet, elever, enheter in per_lasar.iter_rows():
        tabell.add_row(lasar, verksamhet, _heltal(elever), _heltal(enheter))
    return tabell


def kontrollera(data: str, ar: int | None, variant: str) -> Underlag:
    """Läser och validerar datasetet (och, med ``ar``, underlaget för normen) och skriver en
    sammanfattning. Kastar ``IndataFel`` med alla problem."""
    from skolpeng.api import IndataFel, hitta_underlag, las_underlag, validera_for_norm

    katalog = hitta_underlag(data)
    underlag = las_underlag(katalog)
    if ar is not None:
        problem = validera_for_norm(underlag, ar, variant)
        if problem:
            raise IndataFel(problem)
    konsol.print(f"[bold]Dataset:[/bold] {katalog}", highlight=False)
    konsol.print(_tabellsammanfattning(underlag))
    konsol.print(_skolenheter(underlag))
    konsol.print(_elever(underlag))
    if underlag.anteckningar:
        konsol.print("[bold]Noteringar:[/bold]")
        for anteckning in underlag.anteckningar:
            konsol.print(f"  - {anteckning}", highlight=False, markup=False)
    slutsats = "Inga fel hittades i datasetet."
    if ar is not None:
        slutsats += f" Underlaget räcker för normår {ar} (variant {variant})."
    konsol.print(f"[green]{slutsats}[/green]")
    return underlag


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandot ``kontrollera`` i CLI-appen."""

    @app.command("kontrollera")
    def kontrollera_kommando(
        data: str = typer.Option(
            ...,
            "--data",
            help="Datasetkatalog eller namnet på ett medföljande dataset (t.ex. sverige).",
        ),
        ar: int | None = typer.Option(
            None, "--ar", help="Normår: kontrollera också att de år normen behöver finns."
        ),
        variant: str = typer.Option(
            "vagledande",
            "--variant",
            help="Normens variant: vagledande, bindande eller fritidshem.",
        ),
    ) -> None:
        """Läs och validera ett dataset; skriv en sammanfattning eller alla fel (exitkod 2)."""

        def arbete() -> None:
            from skolpeng.api import VARIANT_VERKSAMHET, IndataFel, Problem

            if variant not in VARIANT_VERKSAMHET:
                tillatna = ", ".join(VARIANT_VERKSAMHET)
                raise IndataFel(
                    [Problem("--variant", f"okänd variant {variant!r}; tillåtna: {tillatna}")]
                )
            kontrollera(data, ar, variant)

        med_felhantering(arbete)

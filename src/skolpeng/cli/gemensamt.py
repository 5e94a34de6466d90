"""Gemensamt för CLI-kommandona: felhantering och utskrift på svenska.

In: en funktion som gör kommandots arbete. Ut: samma resultat, eller vid ``IndataFel``
ett svenskt felmeddelande på stderr och exitkod 2 (inget har skrivits).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer
from rich.console import Console

from skolpeng.api import IndataFel

T = TypeVar("T")
konsol = Console()
felkonsol = Console(stderr=True)


def med_felhantering(arbete: Callable[[], T]) -> T:
    """Kör arbete; ``IndataFel`` blir ett svenskt meddelande och exitkod 2."""
    try:
        return arbete()
    except IndataFel as fel:
        felkonsol.print("[bold red]Fel i indata – ingenting har skrivits.[/bold red]")
        felkonsol.print(fel.text(), highlight=False, markup=False)
        raise typer.Exit(code=2) from None

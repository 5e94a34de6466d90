"""Förlopp i terminalen och i loggar: ett steg eller en förloppsindikator.

In: konsolen (rich), stegets text och (för en indikator) antalet delar. I en terminal visas
rich:s snurra eller förloppsindikator, som försvinner när steget är klart; när utdata inte är
en terminal (en logg, ett schemalagt jobb, CI) skrivs i stället en rad per steg och en rad
för var tjugondel av delarna, så att den som läser loggen ser att arbetet går framåt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console

#: Utan terminal: en rad för var tjugondel av delarna (och den sista).
RADER_PER_FORLOPP = 20


@contextmanager
def steg(konsol: Console, text: str) -> Iterator[None]:
    """Ett steg utan känd längd: en snurra i terminalen, annars en rad ``text``."""
    if konsol.is_terminal:
        with konsol.status(text):
            yield
        return
    konsol.print(text, highlight=False, markup=False, soft_wrap=True)
    yield


@contextmanager
def forlopp(konsol: Console, text: str, antal: int) -> Iterator[Callable[[], None]]:
    """Ett steg med ``antal`` delar. Ger en funktion att anropa efter varje del: en
    förloppsindikator i terminalen, annars rader som ``text: 12 av 240 (5 %)``."""
    if konsol.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=konsol,
            transient=True,
        ) as indikator:
            uppgift = indikator.add_task(text, total=antal)
            yield lambda: indikator.advance(uppgift)
        return
    klara = 0
    var = max(1, -(-antal // RADER_PER_FORLOPP))

    def rad() -> None:
        procent = 100 * klara // antal if antal else 100
        konsol.print(f"{text}: {klara} av {antal} ({procent} %)", highlight=False, markup=False)

    def fram() -> None:
        nonlocal klara
        klara += 1
        if klara % var == 0 or klara == antal:
            rad()

    rad()
    yield fram

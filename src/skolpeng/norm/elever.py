"""Steg 1 i docs/regler/norm.md#steg-1: elever per skolenhet och stadium för elevernas kalenderår.

In: tabellen ``elever`` (skolenhet, verksamhet, läsår, årskurs, antal), verksamheten,
normåret och ett valfritt kalenderår. Ut: vilket år/läsår som används (med en beskrivning
som skrivs ut med resultatet) och antalet elever per skolenhet och stadium, där
kalenderåret Y är medelvärdet av läsåren (Y−1)/Y och Y/(Y+1) och ett läsår som saknas för
en enhet räknas som 0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from skolpeng.data.schema import ARSKURS_TILL_STADIUM
from skolpeng.fel import IndataFel, Problem

_LASAR = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


@dataclass(frozen=True)
class Elevurval:
    """Valet av elevår: kalenderår (None när ett enda läsår används), läsårens
    etiketter som de står i data, och en beskrivning på svenska."""

    kalenderar: int | None
    lasar: tuple[str, ...]
    beskrivning: str


def lasar_startar(lasar: str) -> int | None:
    """Startåret för ett läsår (``"2025/26"`` -> 2025), eller None om etiketten är ogiltig."""
    m = _LASAR.match(lasar)
    if m is None:
        return None
    start, slut = int(m.group(1)), m.group(2)
    slutar = int(slut) if len(slut) == 4 else (start // 100) * 100 + int(slut)
    if len(slut) == 2 and slutar < start:
        slutar += 100
    return start if slutar == start + 1 else None


def _lasar_i_data(elever: pl.DataFrame, verksamhet: str) -> dict[int, str]:
    """Startår -> läsårsetikett för verksamhetens läsår; ogiltiga etiketter ger IndataFel."""
    etiketter = (
        elever.filter(pl.col("verksamhet") == verksamhet).get_column("lasar").unique().to_list()
    )
    ut: dict[int, str] = {}
    problem: list[Problem] = []
    for etikett in sorted(etiketter):
        start = lasar_startar(etikett)
        if start is None:
            problem.append(
                Problem(
                    "elever",
                    f"ogiltigt läsår {etikett!r}; förväntade t.ex. '2025/26'",
                    None,
                    "lasar",
                )
            )
        elif start in ut:
            problem.append(
                Problem(
                    "elever",
                    f"läsåret {start} skrivs på två sätt: {ut[start]!r} och {etikett!r}",
                    None,
                    "lasar",
                )
            )
        else:
            ut[start] = etikett
    if problem:
        raise IndataFel(problem)
    if not ut:
        raise IndataFel(
            [Problem("elever", f"inga elever i verksamheten {verksamhet!r}", None, "verksamhet")]
        )
    return ut


def valj_elevar(
    elever: pl.DataFrame, verksamhet: str, normar: int, elevar: int | None = None
) -> Elevurval:
    """Väljer elevernas kalenderår enligt docs/regler/norm.md#beslut-elevar.

    In: elevtabellen, verksamhet, normår N och valfritt kalenderår. Ut: ``Elevurval``.
    Y = N när läsåren (N−1)/N och N/(N+1) båda finns, annars det senaste Y som har båda;
    finns bara ett läsår används det som det är. Ett angivet år vars två läsår inte båda
    finns ger ``IndataFel``.
    """
    lasar = _lasar_i_data(elever, verksamhet)
    tillgangliga = ", ".join(lasar[s] for s in sorted(lasar))
    if elevar is not None:
        if elevar - 1 in lasar and elevar in lasar:
            return _kalenderar(elevar, lasar)
        raise IndataFel(
            [
                Problem(
                    "elever",
                    f"kalenderår {elevar} kräver läsåren {elevar - 1}/{elevar % 100:02d} och "
                    f"{elevar}/{(elevar + 1) % 100:02d}; data har {tillgangliga}",
                    None,
                    "lasar",
                )
            ]
        )
    if normar - 1 in lasar and normar in lasar:
        return _kalenderar(normar, lasar)
    kandidater = [y for y in lasar if y - 1 in lasar]
    if kandidater:
        return _kalenderar(max(kandidater), lasar)
    if len(lasar) == 1:
        (etikett,) = lasar.values()
        return Elevurval(None, (etikett,), f"läsår {etikett}")
    raise IndataFel(
        [
            Problem(
                "elever",
                f"läsåren {tillgangliga} innehåller inga två på varandra följande läsår "
                "att bilda ett kalenderår av",
                None,
                "lasar",
            )
        ]
    )


def _kalenderar(ar: int, lasar: dict[int, str]) -> Elevurval:
    forsta, andra = lasar[ar - 1], lasar[ar]
    return Elevurval(ar, (forsta, andra), f"kalenderår {ar} (½·{forsta} + ½·{andra})")


def elever_per_stadium(
    elever: pl.DataFrame, urval: Elevurval, verksamhet: str, stadier: Sequence[str]
) -> pl.DataFrame:
    """Elever per skolenhet och stadium (steg 1).

    In: elevtabellen, elevurvalet, verksamhet och stadierna. Ut: ``skolenhetskod, stadium,
    elever`` (float; medelvärdet över urvalets läsår, där ett saknat läsår räknas som 0),
    bara rader med fler än 0 elever. Årskurser utanför stadierna (t.ex. 7–9 i fritidshem)
    ingår inte.
    """
    vikt = 1.0 / len(urval.lasar)  # medelvärde över läsåren: ½ + ½ för ett kalenderår
    mappning = {a: s for a, s in ARSKURS_TILL_STADIUM.items() if s in stadier}
    return (
        elever.lazy()
        .filter(
            (pl.col("verksamhet") == verksamhet)
            & pl.col("lasar").is_in(list(urval.lasar))
            & pl.col("arskurs").is_in(list(mappning))
        )
        .with_columns(stadium=pl.col("arskurs").replace_strict(mappning, return_dtype=pl.String))
        .group_by("skolenhetskod", "stadium")
        .agg(elever=pl.col("antal").cast(pl.Float64).fill_null(0.0).sum() * vikt)
        .filter(pl.col("elever") > 0)
        .collect()
    )

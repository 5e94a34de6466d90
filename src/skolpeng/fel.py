"""Felklasser för dålig indata: alla problem samlas och rapporteras på en gång, på svenska.

In: problem upptäckta av läsare och validering. Ut: ett undantag som CLI och webb
översätter till ett tydligt meddelande (exitkod 2) utan att något skrivs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Ett problem i indata: fil, rad (1-baserad som i ett kalkylprogram, rubrikraden = 1),
    kolumn och vad som förväntades."""

    fil: str
    meddelande: str
    rad: int | None = None
    kolumn: str | None = None

    def __str__(self) -> str:
        plats = self.fil
        if self.rad is not None:
            plats += f", rad {self.rad}"
        if self.kolumn is not None:
            plats += f", kolumn {self.kolumn!r}"
        return f"{plats}: {self.meddelande}"


class IndataFel(Exception):
    """Indata är felaktiga. Bär alla problem som hittades, inte bara det första."""

    def __init__(self, problem: list[Problem]):
        self.problem = list(problem)
        super().__init__(self.text())

    def text(self) -> str:
        """Alla problem som en svensk text, ett per rad."""
        rader = [f"Indata innehåller {len(self.problem)} fel:"]
        rader += [f"  - {p}" for p in self.problem]
        return "\n".join(rader)

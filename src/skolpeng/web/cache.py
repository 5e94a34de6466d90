"""Beräkningarnas minne i webbprocessen: inlästa underlag per datasetversion och normen per
(datasetversion, år, variant). Datasetversioner ändras aldrig, så minnet behöver aldrig
rensas för att bli rätt, bara för att hålla storleken (högst ``max_dataset`` underlag och
fyra gånger så många normer; ``skolpeng.minne.Minne``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from skolpeng.api import Minne

if TYPE_CHECKING:
    from skolpeng.api import NormResultat, Underlag


class Berakningsminne:
    """Trådsäkert minne: ``underlag(id, las)`` och ``norm(id, ar, variant, berakna)``, och
    ``berakningsplatser``: högst ``samtidiga`` fördelningar räknas samtidigt i processen.
    Fler samtidiga omräkningar delar bara på GIL och kärnorna och blir alla långsammare; med
    en gräns räknas de i tur och ordning och var och en blir klar tidigare (lasttestet i
    ``benchmarks/webb``)."""

    def __init__(self, max_dataset: int = 4, samtidiga: int = 1) -> None:
        self.berakningsplatser = threading.BoundedSemaphore(samtidiga)
        self._underlag: Minne[Underlag] = Minne(max_dataset)
        self._norm: Minne[NormResultat | None] = Minne(4 * max_dataset)

    def underlag(self, dataset_id: int, las: Callable[[], Underlag]) -> Underlag:
        """Underlaget för datasetversionen; ``las`` anropas bara första gången."""
        return self._underlag.hamta(dataset_id, las)

    def norm(
        self,
        dataset_id: int,
        ar: int,
        variant: str,
        berakna: Callable[[], NormResultat | None],
    ) -> NormResultat | None:
        """Normen för datasetversionen, året och varianten (None = kan inte beräknas)."""
        return self._norm.hamta((dataset_id, ar, variant), berakna)

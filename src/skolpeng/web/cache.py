"""Beräkningarnas minne i webbprocessen: inlästa underlag per datasetversion och normen per
(datasetversion, år, variant). Datasetversioner ändras aldrig, så minnet behöver aldrig
rensas för att bli rätt, bara för att hålla storleken (högst ``max_dataset`` underlag)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skolpeng.data.schema import Underlag
    from skolpeng.norm.resultat import NormResultat


class Berakningsminne:
    """Trådsäkert minne: ``underlag(id, las)`` och ``norm(id, ar, variant, berakna)``, och
    ``berakningsplatser``: högst ``samtidiga`` fördelningar räknas samtidigt i processen.
    Fler samtidiga omräkningar delar bara på GIL och kärnorna och blir alla långsammare; med
    en gräns räknas de i tur och ordning och var och en blir klar tidigare (lasttestet i
    ``benchmarks/webb``)."""

    def __init__(self, max_dataset: int = 4, samtidiga: int = 1) -> None:
        self.berakningsplatser = threading.BoundedSemaphore(samtidiga)
        self._lås = threading.Lock()
        self._underlag: OrderedDict[int, Underlag] = OrderedDict()
        self._norm: dict[tuple[int, int, str], NormResultat | None] = {}
        self._max = max_dataset

    def underlag(self, dataset_id: int, las: Callable[[], Underlag]) -> Underlag:
        """Underlaget för datasetversionen; ``las`` anropas bara första gången."""
        with self._lås:
            if dataset_id in self._underlag:
                self._underlag.move_to_end(dataset_id)
                return self._underlag[dataset_id]
        u = las()
        with self._lås:
            self._underlag[dataset_id] = u
            while len(self._underlag) > self._max:
                gammal, _ = self._underlag.popitem(last=False)
                self._norm = {k: v for k, v in self._norm.items() if k[0] != gammal}
        return u

    def norm(
        self,
        dataset_id: int,
        ar: int,
        variant: str,
        berakna: Callable[[], NormResultat | None],
    ) -> NormResultat | None:
        """Normen för datasetversionen, året och varianten (None = kan inte beräknas)."""
        nyckel = (dataset_id, ar, variant)
        with self._lås:
            if nyckel in self._norm:
                return self._norm[nyckel]
        n = berakna()
        with self._lås:
            self._norm[nyckel] = n
        return n

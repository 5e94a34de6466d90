"""Normens parametrar som inte beror på varianten: vilka år normen bygger på och
lokalkostnadsindexets konstruktion (docs: docs/regler/norm.md, Inputs, steg 7 och steg 10).

In: ett ``Parameterlage``. Ut: ``Arsparametrar`` (fryst post) med kostnadsåret för ett normår
och lokalkostnadsindexets antal år och byggkostnadsvikt. Kommandoraden och webben hämtar
talen här i stället för att läsa parametrarna med namn.
"""

from __future__ import annotations

from dataclasses import dataclass

from skolpeng.parametrar import Parameterlage


@dataclass(frozen=True)
class Arsparametrar:
    """Antal år mellan kostnadsår och normår, och lokalkostnadsindexets antal år och vikt."""

    kostnadsar_fore_normar: int
    lokalindex_antal_ar: int
    byggkostnad_vikt: float

    @classmethod
    def fran_lage(cls, lage: Parameterlage) -> Arsparametrar:
        """Binder talen ur ``norm.ar.*`` och ``norm.strukturtillagg.*``."""
        return cls(
            kostnadsar_fore_normar=int(lage.tal("norm.ar.kostnadsar_fore_normar")),
            lokalindex_antal_ar=int(lage.tal("norm.strukturtillagg.lokalindex_antal_ar")),
            byggkostnad_vikt=lage.tal("norm.strukturtillagg.byggkostnad_vikt"),
        )

    def kostnadsar(self, normar: int) -> int:
        """Kostnadsåret C för normåret N: C = N − antal år före normåret."""
        return normar - self.kostnadsar_fore_normar

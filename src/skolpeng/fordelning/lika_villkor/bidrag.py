"""Bidrag till enskild huvudman per elev (docs/regler/fordelning-och-bidrag.md#bidrag).

Skolförordningen 14 kap. 4 § och, enligt förslaget i SOU 2025:72 kapitel 10, 14 kap. 7 a §:

1. ``G0`` = beloppen för undervisning, lärverktyg, elevhälsa och måltider + lokalkostnader;
2. administration = 3 % av ``G0``;
3. avdrag för merkostnader för utbudsansvar = r × (G0 + administration), där r är en daterad
   parameter (0 före 2028, 3 % 2028, 6 % från 2029); kommunen får avstå helt vid särskilda skäl
   (då 0 för alla huvudmän), aldrig välja en annan sats;
4. momskompensation = 6 % av bidraget (grundbeloppet efter avdraget, plus tilläggsbelopp och
   villkorat belopp där sådana ges; 14 kap. 4 § p. 6 i föreslagen lydelse). Tilläggsbelopp och
   villkorat belopp får ingen administration och inget avdrag.

In: belopp per elev per kostnadsslag och de bundna parametrarna. Ut: ``Bidrag`` med varje del.
"""

from __future__ import annotations

from dataclasses import dataclass

from skolpeng.parametrar import Parameterlage


@dataclass(frozen=True)
class Bidragsparametrar:
    """Satserna för bidragsberäkningen, bundna en gång för ett datum (kalenderårets start)."""

    administration_andel: float
    avdrag_utbudsansvar_andel: float
    moms_andel: float

    @classmethod
    def fran_lage(cls, lage: Parameterlage) -> Bidragsparametrar:
        """Binder satserna ur ett parameterläge (``bidrag.*``)."""
        return cls(
            administration_andel=lage.tal("bidrag.administration_andel"),
            avdrag_utbudsansvar_andel=lage.tal("bidrag.avdrag_utbudsansvar_andel"),
            moms_andel=lage.tal("bidrag.moms_andel"),
        )


@dataclass(frozen=True)
class Bidrag:
    """Bidraget per elev, uppdelat så som skolförordningen 14 kap. 10 § kräver att det redovisas."""

    grundbelopp_fore_avdrag: float  # G0 + administration
    kostnadsslag: float  # undervisning, lärverktyg, elevhälsa, måltider
    lokalkostnad: float
    administration: float
    avdrag_utbudsansvar: float
    avdrag_avstatt: bool
    tillaggsbelopp: float
    villkorat_belopp: float
    moms: float
    bidrag: float  # det som betalas ut per elev
    moms_tillaggsbelopp: float = 0.0  # varav mervärdesskatt på tilläggsbeloppet


def berakna_bidrag(
    kostnadsslag_kr: float,
    lokalkostnad_kr: float,
    parametrar: Bidragsparametrar,
    avsta_avdrag: bool = False,
    tillaggsbelopp_kr: float = 0.0,
    villkorat_belopp_kr: float = 0.0,
) -> Bidrag:
    """Bidraget per elev till en enskild huvudman.

    In: summan per elev av kostnadsslagen undervisning, lärverktyg, elevhälsa och måltider,
    lokalkostnaden per elev (kommunens genomsnitt i verksamheten), satserna, om kommunen avstår
    från avdraget (särskilda skäl), tilläggsbelopp och villkorat belopp per elev.
    Ut: ``Bidrag`` där ``bidrag`` = grundbelopp efter avdrag + tilläggsbelopp + villkorat belopp
    + moms.
    """
    g0 = kostnadsslag_kr + lokalkostnad_kr
    administration = parametrar.administration_andel * g0
    fore_avdrag = g0 + administration
    sats = 0.0 if avsta_avdrag else parametrar.avdrag_utbudsansvar_andel
    avdrag = sats * fore_avdrag
    momsunderlag = fore_avdrag - avdrag + tillaggsbelopp_kr + villkorat_belopp_kr
    moms = parametrar.moms_andel * momsunderlag
    return Bidrag(
        grundbelopp_fore_avdrag=fore_avdrag,
        kostnadsslag=kostnadsslag_kr,
        lokalkostnad=lokalkostnad_kr,
        administration=administration,
        avdrag_utbudsansvar=avdrag,
        avdrag_avstatt=avsta_avdrag,
        tillaggsbelopp=tillaggsbelopp_kr,
        villkorat_belopp=villkorat_belopp_kr,
        moms=moms,
        bidrag=momsunderlag + moms,
        moms_tillaggsbelopp=parametrar.moms_andel * tillaggsbelopp_kr,
    )

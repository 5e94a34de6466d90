"""Det som alla beslut om bidrag delar: parametrarnas namn för avdraget, administrationen och
momsen, den beslutande kommunen som text och beslutets avslutande delar (lagrum och hur man
överklagar).

In: fördelningen, kommunens namn och verksamheten. Ut: text och HTML-delar. Ingen regellogik.
"""

from __future__ import annotations

from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.rapporter.beslut_om_bidrag.text import (
    Overklagandemottagare,
    lagrum,
    overklagande,
)
from skolpeng.rapporter.html import lista, rubrik, stycke

AVDRAG = "bidrag.avdrag_utbudsansvar_andel"


ADMINISTRATION = "bidrag.administration_andel"


MOMS = "bidrag.moms_andel"


def kommuntext(fordelning: Fordelning, kommun_namn: str | None) -> str:
    """Beslutande kommun som text: namnet, annars ``"kommunen (kommunkod 0114)"``."""
    kod = fordelning.modell.kommunkod
    return f"{kommun_namn} (kommunkod {kod})" if kommun_namn else f"kommunen (kommunkod {kod})"


def lagrum_och_overklagande(
    verksamhet: str,
    kommun: str,
    med_anpassad_gr: bool = False,
    mottagare: Overklagandemottagare | None = None,
) -> list[str]:
    """Beslutets avslutande delar (HTML): lagrummen för verksamheten och hur man överklagar
    (förvaltningsrätten inom tre veckor). Delas av alla bidragsbeslut."""
    return [
        rubrik("Lagrum"),
        lista(lagrum(verksamhet, med_anpassad_gr)),
        rubrik("Hur man överklagar"),
        *(stycke(t) for t in overklagande(kommun, mottagare)),
    ]

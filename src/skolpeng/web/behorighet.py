"""Behörighet per objekt (kontrolleras på servern för varje sida, nedladdning och API-anrop).

- administratör: allt;
- handläggare: dataset, modeller, scenarier och beslut i sin kommun (och gemensamma dataset);
- rektor: bara läsa redovisningarna för sina egna skolenheter i kommunens beslut;
- enskild huvudman: bara läsa sina egna beslut om bidrag.
"""

from __future__ import annotations

from skolpeng.api import Anvandare


def ar_admin(anv: Anvandare) -> bool:
    """Administratören får allt."""
    return anv.roll == "administrator"


def far_hantera_kommun(anv: Anvandare, kommunkod: str | None) -> bool:
    """Får användaren skapa och ändra dataset, modeller, scenarier och beslut i kommunen?"""
    return ar_admin(anv) or (anv.roll == "handlaggare" and kommunkod == anv.kommunkod)


def far_se_dataset(anv: Anvandare, dataset_kommunkod: str | None) -> bool:
    """Gemensamma dataset (kommunkod None) ser alla handläggare; annars bara kommunens."""
    if ar_admin(anv):
        return True
    return anv.roll == "handlaggare" and dataset_kommunkod in (None, anv.kommunkod)


def far_se_enhet(anv: Anvandare, kommunkod: str, skolenhetskod: str) -> bool:
    """Får användaren se redovisningen för skolenheten i kommunens fördelning?"""
    if far_hantera_kommun(anv, kommunkod):
        return True
    return anv.roll == "rektor" and anv.kommunkod == kommunkod and skolenhetskod in anv.skolenheter


def far_se_bidragsbeslut(anv: Anvandare, kommunkod: str, huvudman_id: str) -> bool:
    """Får användaren se beslutet om bidrag till huvudmannen i kommunens beslut?"""
    if far_hantera_kommun(anv, kommunkod):
        return True
    return anv.roll == "huvudman" and anv.huvudman_id == huvudman_id

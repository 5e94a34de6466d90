"""Kommunala resursfördelningsmodeller och bidrag på lika villkor (ALLOCATION.md)."""

from skolpeng.fordelning.berakning import fordela
from skolpeng.fordelning.bidrag import Bidrag, Bidragsparametrar, berakna_bidrag
from skolpeng.fordelning.modell import Fordelningsmodell, las_modell
from skolpeng.fordelning.resultat import FORDELNING_KOLUMNER, Fordelning, Fordelningsunderlag
from skolpeng.fordelning.underlag import forbered_underlag

__all__ = [
    "FORDELNING_KOLUMNER",
    "Bidrag",
    "Bidragsparametrar",
    "Fordelning",
    "Fordelningsmodell",
    "Fordelningsunderlag",
    "berakna_bidrag",
    "fordela",
    "forbered_underlag",
    "las_modell",
]

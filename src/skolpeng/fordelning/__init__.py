"""Kommunala resursfördelningsmodeller och bidrag på lika villkor (docs/regler/fordelning-och-bidrag.md)."""

from skolpeng.fordelning.lika_villkor.bidrag import Bidrag, Bidragsparametrar, berakna_bidrag
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell, las_modell
from skolpeng.fordelning.motor.potter import fordela
from skolpeng.fordelning.motor.underlag import forbered_underlag
from skolpeng.fordelning.underlag_och_resultat import (
    FORDELNING_KOLUMNER,
    Fordelning,
    Fordelningsunderlag,
)

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

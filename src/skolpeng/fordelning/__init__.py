"""Kommunala resursfördelningsmodeller och bidrag på lika villkor (ALLOCATION.md)."""

from skolpeng.fordelning.bidrag import Bidrag, Bidragsparametrar, berakna_bidrag

__all__ = ["Bidrag", "Bidragsparametrar", "berakna_bidrag"]

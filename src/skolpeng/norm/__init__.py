"""Den nationella skolpengsnormen (NORM.md; SOU 2025:72 kapitel 6.2, 7.2, 9.2 och bilagan).

In: ett ``Underlag`` och ett ``Parameterlage``. Ut: ``NormResultat``. Se
``berakna_norm``.
"""

from skolpeng.norm.belopp import GleshetKonvergensFel
from skolpeng.norm.berakning import berakna_norm
from skolpeng.norm.resultat import NormResultat

__all__ = ["GleshetKonvergensFel", "NormResultat", "berakna_norm"]

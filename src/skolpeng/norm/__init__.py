"""Den nationella skolpengsnormen (docs/regler/norm.md; SOU 2025:72 kapitel 6.2, 7.2, 9.2 och bilagan).

In: ett ``Underlag`` och ett ``Parameterlage``. Ut: ``NormResultat``. Se
``berakna_norm``.
"""

from skolpeng.norm.belopp import GleshetKonvergensFel
from skolpeng.norm.resultat import NormResultat
from skolpeng.norm.stegen import berakna_norm

__all__ = ["GleshetKonvergensFel", "NormResultat", "berakna_norm"]

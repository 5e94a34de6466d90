"""En del av kommunens uppföljningsrapport – kroken för fler delar.

In: en rubrik, färdig HTML och diagrammen delen visar. Ut: ``Rapportdel``, som
``rapporter.uppfoljning_kommunrapport.kommunrapport`` (och ``cli.uppfolj_rapport.kor_rapport``)
tar emot i ``extra_delar``: delen får en numrerad rubrik och läggs efter fördelningens delar och
före avsnittet om underlaget; dess diagram skrivs som PNG bredvid rapporten och används i
PDF:en. Så kan t.ex. rektorernas redovisning av hur de riktade medlen använts läggas till
utan att rapporten ändras.
"""

from __future__ import annotations

from dataclasses import dataclass

from skolpeng.rapporter.diagram import Diagram


@dataclass(frozen=True)
class Rapportdel:
    """Rubrik (utan nummer), färdig HTML (byggd med ``rapporter.html``, alltså escapad) och
    diagrammen som delen bäddar in med ``diagramfigur`` (listas här för att skrivas som PNG).
    HTML:en får inte innehålla uppgifter om enskilda elever."""

    rubrik: str
    html: str
    diagram: tuple[Diagram, ...] = ()

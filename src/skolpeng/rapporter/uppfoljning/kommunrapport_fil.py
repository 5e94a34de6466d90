"""Kommunens uppföljningsrapport ur den medföljande resultatserien, för webben.

In: kommunkoden (och valfritt analysinställningar). Ut: ``Kommunrapport`` (HTML, diagram och
sammanfattning) och rapporten som PDF-bytes (diagrammen som PNG i en tillfällig katalog, som
``skolpeng uppfoljning rapport`` gör). Resultatseriens analyser för riket räknas en gång och
återanvänds för alla kommuner. Fel i indata blir ``IndataFel``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import skolpeng
from skolpeng.minne import Minne
from skolpeng.rapporter.diagram import spara_diagram
from skolpeng.rapporter.pdf import skriv_pdf
from skolpeng.rapporter.uppfoljning.kommunrapport import Kommunrapport, kommunrapport
from skolpeng.rapporter.uppfoljning.rapportdel import Rapportdel
from skolpeng.uppfoljning.indata import Analysinstallningar, las_tabeller
from skolpeng.uppfoljning.kommunuppfoljning import kommunuppfoljning
from skolpeng.uppfoljning.serieanalys import Serieanalys, serieanalys

SERIE = Path(skolpeng.__file__).parent / "dataset" / "resultatserie"
_SERIE: Minne = Minne(1)


def medfoljande_serie() -> tuple[Serieanalys, dict]:
    """(``Serieanalys`` för den medföljande serien med standardinställningarna, tabellerna)."""

    def berakna() -> tuple[Serieanalys, dict]:
        t = las_tabeller({n: SERIE / f"{n}.csv" for n in ("resultat", "bakgrund", "enheter")})
        return serieanalys(t["resultat"], t["bakgrund"], t["enheter"], Analysinstallningar()), t

    return _SERIE.hamta("resultatserie", berakna)


def kommunrapport_medfoljande(
    kommunkod: str, extra_delar: Sequence[Rapportdel] = ()
) -> Kommunrapport:
    """Kommunens rapport (utan fördelningens delar, med ``extra_delar``, t.ex. rektorernas
    redovisningar) ur den medföljande serien."""
    s, t = medfoljande_serie()
    inst = Analysinstallningar()
    k = kommunuppfoljning(s, t["enheter"], kommunkod, inst)
    namn = dict(t["enheter"].select("skolenhetskod", "namn").iter_rows())
    return kommunrapport(k, inst, namn, extra_delar)


def rapport_pdf(rapport: Kommunrapport) -> bytes | None:
    """Rapporten som PDF (None om WeasyPrint saknas)."""
    with tempfile.TemporaryDirectory(prefix="uppfoljning-") as tmp:
        for d in rapport.diagram:
            spara_diagram(d.diagram, Path(tmp) / f"{d.namn}.png", d.beskrivning)
        fil = Path(tmp) / "uppfoljningsrapport.pdf"
        if skriv_pdf(rapport.html, fil, png_bredvid=True) is not None:
            return None
        return fil.read_bytes()

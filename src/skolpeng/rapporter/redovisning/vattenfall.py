"""Förändringen från förra året som vattenfall: förra året → elever → index → parametrar →
i år, i hela kronor, som en liten handbyggd SVG med textalternativ.

In: en ``Enhetsforandring`` (oavrundad). Ut: de avrundade stegen (som går ihop exakt: förra året +
delarna = i år), SVG-texten och textbeskrivningen. En SVG byggd med strängmallar tar
mikrosekunder; att rendera ett altair-diagram per skolenhet tar ~0,1 s (se benchmarks), vilket
skulle spräcka tidsbudgeten för 150 enheter. Ingen regellogik.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

import numpy as np

from skolpeng.avrundning import avrunda_krona, avrunda_storsta_rest
from skolpeng.fordelning.redovisning_och_forandring.redovisning import Enhetsforandring
from skolpeng.talformat import MELLANSLAG, MINUS, kr

DELAR: tuple[tuple[str, str], ...] = (
    ("varav_elever_kr", "Elever"),
    ("varav_index_kr", "Index"),
    ("varav_parametrar_kr", "Parametrar"),
    ("varav_stabilitet_kr", "Stabilitet"),
)
ETIKETT = dict(DELAR)


def olika_hall_text(del_text: str, belopp_kr: float, per_elev_kr: float | None) -> str | None:
    """En mening när en del av förändringen går åt olika håll för enheten och per elev (t.ex.
    färre elever: −151 554 kr för enheten men +708 kr per elev); None när de går åt samma håll.
    In: delens text, delen i kronor och per elev. Ut: texten på svenska."""
    if per_elev_kr is None or round(belopp_kr) == 0 or round(per_elev_kr) == 0:
        return None
    if (belopp_kr < 0) == (per_elev_kr < 0):
        return None
    from skolpeng.talformat import kr

    riktning = "minskar" if belopp_kr < 0 else "ökar"
    per_riktning = "ökar" if per_elev_kr > 0 else "minskar"
    orsak = (
        " Enheten har färre elever än förra året (eller fler i stadier med lägre belopp), så "
        "beloppet för hela enheten minskar, medan beloppet för varje elev som finns kvar ökar."
        if belopp_kr < 0 and "elever" in del_text
        else ""
    )
    return (
        f"Delen för {del_text} {riktning} enhetens belopp med {kr(abs(belopp_kr))} men "
        f"{per_riktning} beloppet per elev med {kr(abs(per_elev_kr))}: beloppet för enheten och "
        f"beloppet per elev räknas på olika antal elever.{orsak}"
    )


DEL_TEXT = {
    "varav_elever_kr": "elever (antal och fördelning på stadier)",
    "varav_index_kr": "socioekonomiskt index (behov av stöd och stimulans)",
    "varav_parametrar_kr": "modellens parametrar (ram, potternas storlek, vikter)",
    "varav_stabilitet_kr": "stabilitetsjusteringen (golv mot förra året, inom ramen)",
}

_OKNING = "#1b6e2e"
_MINSKNING = "#b3261e"
_SUMMA = "#36536b"


@dataclass(frozen=True)
class Vattenfall:
    """Stegen i hela kronor: ``forra + Σ delar = iar`` exakt."""

    forra: int
    delar: tuple[tuple[str, int], ...]  # (kolumnnamn, kronor) i DELAR-ordning
    iar: int

    @property
    def andring(self) -> int:
        """Förändringen i hela kronor."""
        return self.iar - self.forra


def avrunda_steg(
    forra: float, delar: list[float], iar: float, iar_avrundat: int | None = None
) -> tuple[int, list[int], int]:
    """Förra året, delarna och i år i hela kronor så att förra + Σ delar = i år exakt:
    beloppen avrundas var för sig (``iar_avrundat`` = i år som redan publicerats i hela kronor,
    t.ex. summan av de avrundade pottraderna), delarna med största-rest-metoden till den
    avrundade förändringen (kronor som återstår läggs på den till beloppet största delen)."""
    a = avrunda_krona(forra)
    b = avrunda_krona(iar) if iar_avrundat is None else int(iar_avrundat)
    varden = np.array(delar, dtype=float)
    rundade = avrunda_storsta_rest(varden)
    rest = (b - a) - int(rundade.sum())
    if rest:
        rundade[int(np.argmax(np.abs(varden)))] += rest
    return a, [int(x) for x in rundade], b


def delkolumner(f: Enhetsforandring) -> list[str]:
    """Delarna som redovisas: elever, index, parametrar och – när den inte är 0 –
    stabilitetsjusteringen."""
    return [k for k, _ in DELAR if k != "varav_stabilitet_kr" or f.varav_stabilitet_kr]


def vattenfall(f: Enhetsforandring, iar_avrundat: int | None = None) -> Vattenfall:
    """Förändringen i kronor som vattenfall i hela kronor (``avrunda_steg``); med
    ``iar_avrundat`` slutar det på enhetens publicerade belopp."""
    kolumner = delkolumner(f)
    forra, delar, iar = avrunda_steg(
        f.belopp_forra_kr, [getattr(f, k) for k in kolumner], f.belopp_kr, iar_avrundat
    )
    return Vattenfall(forra, tuple(zip(kolumner, delar, strict=True)), iar)


def per_elev(f: Enhetsforandring) -> Vattenfall | None:
    """Samma uppdelning per elev i hela kronor, eller None om den saknas (t.ex. ny enhet)."""
    kolumner = delkolumner(f)
    varden = [getattr(f, f"{k}_per_elev") for k in kolumner]
    if f.kr_per_elev_forra is None or f.kr_per_elev is None or None in varden:
        return None
    forra, delar, iar = avrunda_steg(f.kr_per_elev_forra, varden, f.kr_per_elev)
    return Vattenfall(forra, tuple(zip(kolumner, delar, strict=True)), iar)


def _tecken(x: int) -> str:
    if x > 0:
        return "+" + kr(x, mellanrum=MELLANSLAG)
    if x < 0:
        return MINUS + kr(-x, mellanrum=MELLANSLAG)
    return kr(0, mellanrum=MELLANSLAG)


def vattenfall_text(v: Vattenfall) -> str:
    """Textalternativet: varje steg i ord och siffror."""
    m = MELLANSLAG
    delar = "; ".join(f"{DEL_TEXT[k]} {_tecken(d)}" for k, d in v.delar)
    return (
        f"Vattenfallsdiagram: förra året {kr(v.forra, mellanrum=m)}; {delar}; "
        f"i år {kr(v.iar, mellanrum=m)} (förändring {_tecken(v.andring)})."
    )


def vattenfall_svg(v: Vattenfall, bredd: int = 560, hojd: int = 240) -> str:
    """Vattenfallet som SVG: staplar för förra året och i år, flytande staplar för delarna
    (grön ökning, röd minskning), värdet skrivet vid varje stapel. Axeln börjar inte vid noll
    när förändringen är liten mot beloppet (det står då under diagrammet)."""
    nivaer = [v.forra]
    for _, d in v.delar:
        nivaer.append(nivaer[-1] + d)
    lo, hi = min(nivaer), max(nivaer)
    spann = max(hi - lo, abs(hi) * 0.01, 1)
    botten = lo - 0.6 * spann
    if botten < 0 or lo - botten > 0.5 * abs(lo):
        botten = min(0, lo)
    else:  # ett jämnt tal under de lägsta nivån, t.ex. 10 500 000 i stället för 10 599 828
        steg10 = 10 ** math.floor(math.log10(spann))
        botten = math.floor(botten / steg10) * steg10
    topp = hi + 0.25 * spann
    vanster, hoger, ovan, under = 10, 10, 24, 40
    ritb = bredd - vanster - hoger
    rith = hojd - ovan - under
    n = 2 + len(v.delar)
    steg = ritb / n
    stapel = steg * 0.6

    def y(varde: float) -> float:
        return ovan + rith * (topp - varde) / (topp - botten)

    delar_svg = []
    staplar = [("Förra året", botten, v.forra, _SUMMA, kr(v.forra, mellanrum=MELLANSLAG))]
    niva = v.forra
    for k, d in v.delar:
        etikett = ETIKETT[k]
        farg = _OKNING if d >= 0 else _MINSKNING
        staplar.append((etikett, niva, niva + d, farg, _tecken(d)))
        niva += d
    staplar.append(("I år", botten, v.iar, _SUMMA, kr(v.iar, mellanrum=MELLANSLAG)))
    for i, (etikett, fran, till, farg, varde) in enumerate(staplar):
        x = vanster + i * steg + (steg - stapel) / 2
        y1, y2 = sorted((y(fran), y(till)))
        h = max(y2 - y1, 1.0)
        mitt = x + stapel / 2
        delar_svg.append(
            f'<rect x="{x:.1f}" y="{y1:.1f}" width="{stapel:.1f}" height="{h:.1f}" '
            f'fill="{farg}"/>'
            f'<text x="{mitt:.1f}" y="{y1 - 5:.1f}" text-anchor="middle" font-size="11">'
            f"{escape(varde)}</text>"
            f'<text x="{mitt:.1f}" y="{hojd - under + 16:.1f}" text-anchor="middle" '
            f'font-size="12">{escape(etikett)}</text>'
        )
        if i < n - 1:
            nasta = x + steg
            delar_svg.append(
                f'<line x1="{x + stapel:.1f}" x2="{nasta:.1f}" y1="{y(till):.1f}" '
                f'y2="{y(till):.1f}" stroke="#767676" stroke-dasharray="3,2"/>'
            )
    axel = y(botten)
    notering = (
        f'<text x="{vanster}" y="{hojd - 4}" font-size="10" fill="#444">'
        + escape(f"Axeln börjar vid {kr(botten, mellanrum=MELLANSLAG)}, inte vid noll")
        + "</text>"
        if botten != 0
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{bredd}" height="{hojd}" '
        f'viewBox="0 0 {bredd} {hojd}" font-family="DejaVu Sans, sans-serif" '
        'aria-hidden="true" focusable="false">'
        + "".join(delar_svg)
        + f'<line x1="{vanster}" x2="{bredd - hoger}" y1="{axel:.1f}" y2="{axel:.1f}" '
        'stroke="#1a1a1a"/>' + notering + "</svg>"
    )

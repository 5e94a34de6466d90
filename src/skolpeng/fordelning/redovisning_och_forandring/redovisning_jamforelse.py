"""Två skolenheter sida vid sida: skillnaden i belopp per elev förklarad rad för rad
(docs/regler/fordelning-och-bidrag.md#redovisning: två enheter med liknande sammansättning och olika
belopp ska kunna förklaras ur raderna; KPMG 2020 avsnitt 3.4: "Hur kan det till exempel
skilja 5000 kronor per elev och år mellan två skolor med liknande elevsammansättning?").

In: två ``Enhetsredovisning``. Ut: en tabell med en rad per (del)pott: beloppet per elev för
var och en (pottens bidrag till enhetens belopp per elev), skillnaden och nyckelvärdena bakom.
Radernas skillnader summerar till skillnaden i enheternas totala belopp per elev.
"""

from __future__ import annotations

import re

import polars as pl

from skolpeng.fordelning.redovisning_och_forandring.redovisning import Enhetsredovisning, Pottsumma
from skolpeng.talformat import MELLANSLAG, decimal

JAMFORELSE_KOLUMNER: tuple[str, ...] = (
    "pott",
    "delpott",
    "nyckel",
    "kr_per_elev_a",
    "kr_per_elev_b",
    "skillnad_kr",
    "nyckelvarde_a",
    "nyckelvarde_b",
    "elever_a",
    "elever_b",
    "andel_elever_a",
    "andel_elever_b",
    "forklaring_a",
    "forklaring_b",
    "orsak",
)

_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "pott": pl.String,
    "delpott": pl.String,
    "nyckel": pl.String,
    "kr_per_elev_a": pl.Float64,
    "kr_per_elev_b": pl.Float64,
    "skillnad_kr": pl.Float64,
    "nyckelvarde_a": pl.Float64,
    "nyckelvarde_b": pl.Float64,
    "elever_a": pl.Float64,
    "elever_b": pl.Float64,
    "andel_elever_a": pl.Float64,
    "andel_elever_b": pl.Float64,
    "forklaring_a": pl.String,
    "forklaring_b": pl.String,
    "orsak": pl.String,
}


def jamfor_enheter(red_a: Enhetsredovisning, red_b: Enhetsredovisning) -> pl.DataFrame:
    """Två enheters redovisningar -> ``JAMFORELSE_KOLUMNER``, en rad per (del)pott i A:s
    ordning (potter som bara B har sist).

    ``kr_per_elev_a``/``_b`` = pottens belopp / enhetens alla elever (0 om potten inte når
    enheten), ``skillnad_kr`` = A − B; Σ ``skillnad_kr`` = A:s belopp per elev − B:s (exakt
    så när som på flyttalsavrundning). ``andel_elever`` = elever som potten når / enhetens
    elever (för en målgruppsnyckel: elever i målgruppen / enhetens elever). ``orsak`` säger på svenska vilket nyckelvärde som skiljer.
    """
    potter_a = {(p.pott, p.delpott): p for p in red_a.potter}
    potter_b = {(p.pott, p.delpott): p for p in red_b.potter}
    nycklar = list(potter_a) + [k for k in potter_b if k not in potter_a]
    rader = []
    for k in nycklar:
        a, b = potter_a.get(k), potter_b.get(k)
        per_a = _per_elev(a, red_a.elever)
        per_b = _per_elev(b, red_b.elever)
        andel_a = _andel(a, red_a.elever)
        andel_b = _andel(b, red_b.elever)
        nyckel = (a or b).nyckel  # type: ignore[union-attr]
        rader.append(
            {
                "pott": k[0],
                "delpott": k[1],
                "nyckel": nyckel,
                "kr_per_elev_a": per_a,
                "kr_per_elev_b": per_b,
                "skillnad_kr": per_a - per_b,
                "nyckelvarde_a": a.nyckelvarde if a else None,
                "nyckelvarde_b": b.nyckelvarde if b else None,
                "elever_a": a.elever if a else 0.0,
                "elever_b": b.elever if b else 0.0,
                "andel_elever_a": andel_a,
                "andel_elever_b": andel_b,
                "forklaring_a": a.forklaring if a else "",
                "forklaring_b": b.forklaring if b else "",
                "orsak": _orsak(nyckel, a, b, per_a - per_b, andel_a, andel_b),
            }
        )
    return pl.DataFrame(rader, schema=_SCHEMA)


def _per_elev(p: Pottsumma | None, elever: float) -> float:
    return p.belopp_kr / elever if p is not None and elever > 0 else 0.0


def _andel(p: Pottsumma | None, elever: float) -> float:
    """Andelen av enhetens elever som potten når; för en målgruppsnyckel andelen elever i
    målgruppen (nyckelvärdet är målgruppens antal)."""
    if p is None or elever <= 0:
        return 0.0
    if p.nyckel == "malgrupp" and p.nyckelvarde is not None:
        return p.nyckelvarde / elever
    return p.elever / elever


def _text(x: float | None, siffror: int = 2) -> str:
    return decimal(x, siffror, mellanrum=MELLANSLAG)


def _procent(x: float) -> str:
    return f"{_text(100 * x, 1)} %"


def _orsak(
    nyckel: str,
    a: Pottsumma | None,
    b: Pottsumma | None,
    skillnad: float,
    andel_a: float,
    andel_b: float,
) -> str:
    """En svensk mening om vad i nyckeln som skiljer A från B för potten."""
    if abs(skillnad) < 0.005:
        return "ingen skillnad"
    if a is None or b is None:
        return f"potten når bara {'A' if b is None else 'B'}"
    delar = []
    jamforbara = nyckel not in ("malgrupp", "klumpsumma", "givet")  # där är värdet ett antal
    va, vb = a.nyckelvarde, b.nyckelvarde
    if jamforbara and va is not None and vb is not None and abs(va - vb) > 1e-9:
        benamning = {
            "index": "socioekonomiskt index (behov av stöd och stimulans)",
            "elever": "elevvikt (stadiefördelning)",
        }.get(nyckel, "nyckelvärde")
        delar.append(f"{benamning} {_text(va)} mot {_text(vb)}")
    if abs(andel_a - andel_b) > 1e-9:
        mal = "elever i målgruppen" if nyckel == "malgrupp" else "elever som potten når"
        delar.append(f"{mal} {_procent(andel_a)} mot {_procent(andel_b)} av eleverna")
    if nyckel in ("klumpsumma", "givet"):
        slag = "lika belopp per skolenhet" if nyckel == "klumpsumma" else "givet belopp"
        delar.append(
            f"{slag} ({_text(a.belopp_kr, 0)} mot {_text(b.belopp_kr, 0)} kr) "
            "delat på enhetens elever"
        )
    for namn, p in (("A", a), ("B", b)):
        if re.search(r"\btak\b", p.forklaring, re.I):
            delar.append(f"taket band för {namn} ({p.forklaring})")
    if not delar:
        delar.append("samma nyckelvärden; skillnaden kommer av beloppet per nyckelenhet")
    return "; ".join(delar)

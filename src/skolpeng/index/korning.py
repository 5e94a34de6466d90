"""En hel indexkörning: läs elevdata, skatta, tillämpa och jämför (samma anrop för CLI och webb).

In: sökvägar till träningsdata (fil eller katalog), årets elever och modellfilen, valfritt en
viktmodell och en pott för jämförelsen. Ut: ``IndexKorning`` i minnet (skrivs av
``skolpeng.rapporter.index.utdata``). Elevdata på individnivå lämnar aldrig läsningen: bara
celler (antal per kombination av faktorer) och aggregat per skolenhet går vidare.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.index.jamforelse import (
    NAMN_STATISTISK_MODELL,
    NAMN_VIKTER,
    Jamforelse,
    jamfor_index,
)
from skolpeng.index.lasning import (
    aktuella_celler,
    elevfiler,
    las_aktuella,
    las_traningsdata,
    modellnivaer,
    traningsceller,
)
from skolpeng.index.modell import las_modell, las_viktmodell
from skolpeng.index.skattning import Skattning, skatta
from skolpeng.index.tillampning import tillampa
from skolpeng.index.viktning import viktindex
from skolpeng.utdata import sha256_fil


@dataclass(frozen=True)
class IndexKorning:
    """Resultatet av en körning: skattningen, index per skolenhet, ev. jämförelse, och
    SHA-256 för varje indatafil (till manifestet)."""

    skattning: Skattning
    index: pl.DataFrame
    jamforelse: Jamforelse | None
    indatahashar: dict[str, str]


def kor_index(
    elevdata: Path,
    aktuella: Path,
    modell: Path,
    vikter: Path | None = None,
    pott_kr: float | None = None,
) -> IndexKorning:
    """Läser, skattar och tillämpar riskmodellen; med ``vikter`` och ``pott_kr`` även
    vikter × andelar och jämförelsen. Alla indatafel samlas (``IndataFel``)."""
    if (vikter is None) != (pott_kr is None):
        raise IndataFel([Problem("argument", "jämförelsen kräver både --vikter och --pott")])
    m = las_modell(modell)
    vm = las_viktmodell(vikter) if vikter is not None else None
    nivaer = modellnivaer(m)
    if vm is not None:
        for f, v in vm.vikter.items():
            nivaer.setdefault(f, list(v))
    problem: list[Problem] = []
    traning = akt = None
    try:
        traning = las_traningsdata(elevdata, m)
    except IndataFel as e:
        problem += e.problem
    try:
        kommun = m.indexbas == "kommun" or (vm is not None and vm.indexbas == "kommun")
        akt = las_aktuella(aktuella, nivaer, med_kommunkod=kommun)
    except IndataFel as e:
        problem += e.problem
    if problem:
        raise IndataFel(problem)
    skattning = skatta(traningsceller(traning, m), m)
    celler = aktuella_celler(akt, list(nivaer))
    index = tillampa(skattning, celler)
    jamforelse = None
    if vm is not None and pott_kr is not None:
        jamforelse = jamfor_index(
            index, viktindex(celler, vm), pott_kr, NAMN_STATISTISK_MODELL, NAMN_VIKTER
        )
    filer = [*elevfiler(elevdata), *elevfiler(aktuella), Path(modell)]
    if vikter is not None:
        filer.append(Path(vikter))
    return IndexKorning(
        skattning=skattning,
        index=index,
        jamforelse=jamforelse,
        indatahashar={str(f): sha256_fil(f) for f in filer},
    )

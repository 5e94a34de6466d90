"""Sammanslagning av glesa faktornivåer (docs/regler/index.md#sammanslagning).

In: träningscellerna (antal elever per kombination av faktorer) och modellen.
Ut: ``Nivaindelning`` – för varje faktor vilken (ev. sammanslagen) nivå varje ursprunglig nivå
hör till, referensnivån efter sammanslagning och en rapport över sammanslagningarna.

Regel (projektets beslut, källorna säger inte mer): så länge någon nivågrupp har färre elever
än ``minsta_cell`` slås den minsta gruppen (den första i modellens ordning vid lika) ihop med
den av sina grannar i modellens ordning som har minst elever (den föregående vid lika). Den
sammanslagna nivån heter som delarna förenade med ``+``; den grupp som innehåller modellens
referensnivå är referens. En faktor som hamnar i en enda grupp saknar variation och utgår.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from skolpeng.index.modell import IndexModell


@dataclass(frozen=True)
class Nivaindelning:
    """Nivåerna efter sammanslagning.

    ``karta[faktor][ursprunglig nivå] = ny nivå``; ``nivaer[faktor]`` de nya nivåerna i ordning;
    ``referenser[faktor]`` den nya referensnivån; ``utgangna`` faktorer utan variation;
    ``sammanslagningar``: faktor, ny_niva (delarna förenade med ``+``), antal_elever och
    antal_per_niva (text, antal elever per ursprunglig nivå).
    """

    karta: dict[str, dict[str, str]]
    nivaer: dict[str, list[str]]
    referenser: dict[str, str]
    utgangna: tuple[str, ...]
    sammanslagningar: pl.DataFrame


def _grupper(antal: list[int], minsta: int) -> list[list[int]]:
    """Index-grupper efter regeln ovan. In: antal per nivå i ordning. Ut: grupper av index."""
    grupper = [[i] for i in range(len(antal))]
    summor = list(antal)
    while len(grupper) > 1 and min(summor) < minsta:
        i = summor.index(min(summor))
        grannar = [j for j in (i - 1, i + 1) if 0 <= j < len(grupper)]
        j = min(grannar, key=lambda g: (summor[g], g))
        a, b = sorted((i, j))
        grupper[a] = grupper[a] + grupper[b]
        summor[a] = summor[a] + summor[b]
        del grupper[b], summor[b]
    return grupper


def dela_in_nivaer(celler: pl.DataFrame, modell: IndexModell) -> Nivaindelning:
    """Träningsceller + modell -> ``Nivaindelning`` (se modulens regel). Ren funktion."""
    karta: dict[str, dict[str, str]] = {}
    nivaer: dict[str, list[str]] = {}
    referenser: dict[str, str] = {}
    utgangna: list[str] = []
    rapport: list[dict[str, object]] = []
    for faktor in modell.faktorer:
        per_niva = dict(celler.group_by(faktor.namn).agg(pl.col("antal").sum()).iter_rows())
        antal = [int(per_niva.get(n, 0)) for n in faktor.nivaer]
        grupper = _grupper(antal, modell.minsta_cell)
        karta[faktor.namn] = {}
        nivaer[faktor.namn] = []
        for grupp in grupper:
            delar = [faktor.nivaer[i] for i in grupp]
            ny = "+".join(delar)
            nivaer[faktor.namn].append(ny)
            for d in delar:
                karta[faktor.namn][d] = ny
            if len(delar) > 1:
                rapport.append(
                    {
                        "faktor": faktor.namn,
                        "ny_niva": ny,
                        "antal_elever": sum(antal[i] for i in grupp),
                        "antal_per_niva": ", ".join(
                            f"{faktor.nivaer[i]}: {antal[i]}" for i in grupp
                        ),
                    }
                )
        referenser[faktor.namn] = karta[faktor.namn][faktor.referens]
        if len(grupper) == 1:
            utgangna.append(faktor.namn)
    schema = {
        "faktor": pl.String,
        "ny_niva": pl.String,
        "antal_elever": pl.Int64,
        "antal_per_niva": pl.String,
    }
    return Nivaindelning(
        karta=karta,
        nivaer=nivaer,
        referenser=referenser,
        utgangna=tuple(utgangna),
        sammanslagningar=pl.DataFrame(rapport, schema=schema),
    )


def anvand_indelning(celler: pl.DataFrame, indelning: Nivaindelning) -> pl.DataFrame:
    """Byter varje faktors nivåer mot de sammanslagna och summerar cellerna på nytt
    (``antal`` och, om den finns, ``antal_utfall``). In/ut: celler."""
    ersatt = celler.with_columns(
        pl.col(f).replace_strict(k, return_dtype=pl.String) for f, k in indelning.karta.items()
    )
    summor = [c for c in ("antal", "antal_utfall") if c in celler.columns]
    grupper = [c for c in celler.columns if c not in summor]
    return ersatt.group_by(grupper).agg(pl.col(summor).sum()).sort(grupper)

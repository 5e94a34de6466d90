"""Uppföljningens argument som pekar på utdatakataloger från ``skolpeng fordela``.

In: argumentens värden för tabellerna (en text, en lista från en upprepad flagga, eller
texter med kommatecken: ``--belopp ut2025,ut2026``). Ut: värdena som lista och, för
``belopp`` och ``dekomposition``, tabellerna omvandlade ur katalogerna
(``uppfoljning.fran_fordelning``) med SHA-256 för manifestet. En tabell ges antingen som en
fil/katalog med ``<tabell>.csv`` (som förut) eller som en eller flera fordela-kataloger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from skolpeng.api import Problem

if TYPE_CHECKING:
    import polars as pl

    from skolpeng.api import FordelaKatalog

#: Tabellerna som kan komma ur fordela-kataloger.
FRAN_FORDELA: tuple[str, ...] = ("belopp", "dekomposition")
Varde = str | Path | list[str] | tuple[str, ...] | None


def varden(varde: Varde) -> list[str]:
    """Ett arguments värde -> lista: None -> [], en lista från en upprepad flagga som den är;
    varje text delas vid kommatecken om den inte själv är en befintlig sökväg."""
    if varde is None:
        return []
    lista = [str(varde)] if isinstance(varde, str | Path) else [str(v) for v in varde]
    ut: list[str] = []
    for v in lista:
        if "," in v and not Path(v).exists():
            ut += [d.strip() for d in v.split(",") if d.strip()]
        else:
            ut.append(v)
    return ut


@dataclass
class Kataloglast:
    """Tabeller ur fordela-kataloger: tabellnamn -> ram, filhashar för manifestet och problem."""

    tabeller: dict[str, pl.DataFrame] = field(default_factory=dict)
    filhashar: dict[str, str] = field(default_factory=dict)
    problem: list[Problem] = field(default_factory=list)


def _las(vardelista: list[str], flagga: str, last: Kataloglast) -> list[FordelaKatalog]:
    from skolpeng.api import IndataFel, ar_fordela_katalog, las_fordela_katalog

    kataloger: list[FordelaKatalog] = []
    for v in vardelista:
        if not ar_fordela_katalog(v):
            last.problem.append(
                Problem(
                    flagga,
                    f"{v!r} är ingen utdatakatalog från skolpeng fordela; ange antingen en "
                    "fil eller katalog med tabellen, eller bara fordela-kataloger",
                )
            )
            continue
        try:
            k = las_fordela_katalog(v)
        except IndataFel as fel:
            last.problem += fel.problem
            continue
        kataloger.append(k)
        for fil, h in k.filhashar.items():
            last.filhashar[f"{flagga.lstrip('-')}:{Path(v).name}/{fil}"] = h
    return kataloger


def las_fran_fordela(
    argument: dict[str, tuple[Varde, str, bool]],
) -> tuple[dict[str, tuple[Varde, str, bool]], Kataloglast]:
    """Argumenten (tabell -> värde, flagga, krävs) -> (argumenten kvar för den vanliga
    läsningen, tabellerna ur fordela-katalogerna). En tabell vars värden innehåller en
    fordela-katalog läses ur katalogerna (alla värden ska då vara sådana kataloger) och tas
    bort ur argumenten. När ``belopp`` kommer ur kataloger och ``dekomposition`` respektive
    ``enheter`` är ett argument utan värde hämtas de ur samma kataloger (som ``dekomposition.csv``
    bredvid ``belopp.csv``). Flera värden för en tabell som inte är kataloger är ett problem."""
    from skolpeng.api import IndataFel, ar_fordela_katalog, enheter_fran_kataloger, fran_kataloger

    kvar: dict[str, tuple[Varde, str, bool]] = {}
    last = Kataloglast()
    lasta: dict[str, list[FordelaKatalog]] = {}
    for tabell, (varde, flagga, kravs) in argument.items():
        lista = varden(varde)
        if tabell in FRAN_FORDELA and any(ar_fordela_katalog(v) for v in lista):
            lasta[tabell] = _las(lista, flagga, last)
            continue
        if len(lista) > 1:
            last.problem.append(
                Problem(
                    flagga,
                    "flera värden går bara med utdatakataloger från skolpeng fordela "
                    f"(fick {', '.join(lista)})",
                )
            )
            continue
        kvar[tabell] = (lista[0] if lista else None, flagga, kravs)
    if last.problem:
        return kvar, last
    try:
        if "belopp" in lasta:
            belopp, dek = fran_kataloger(lasta["belopp"])
            last.tabeller["belopp"] = belopp
            if dek is not None and "dekomposition" in kvar and kvar["dekomposition"][0] is None:
                last.tabeller["dekomposition"] = dek
                kvar.pop("dekomposition")
            if "enheter" in kvar and kvar["enheter"][0] is None:
                last.tabeller["enheter"] = enheter_fran_kataloger(lasta["belopp"])
                kvar.pop("enheter")
        if "dekomposition" in lasta:
            _, dek = fran_kataloger(lasta["dekomposition"])
            if dek is None:
                last.problem.append(
                    Problem(
                        argument["dekomposition"][1],
                        "ingen av katalogerna har forandring.csv (kör skolpeng fordela med "
                        "--forra-aret)",
                    )
                )
            else:
                last.tabeller["dekomposition"] = dek
    except IndataFel as fel:
        last.problem += fel.problem
    return kvar, last

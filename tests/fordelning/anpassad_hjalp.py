"""Testhjälp för anpassad grundskola: en kommun (0114) med två egna enheter med
anpassad grundskola – 10000001 (har också grundskola) och 10000004 (en resursskola, bara
anpassad grundskola) – och en enskild enhet (10000002), tre behovsnivåer A, B och C.

| enhet | typ | årskurs: elever (nivå) |
|---|---|---|
| 10000001 | kommunal | åk 2: 3 (A 2, B 1); åk 5: 2 (B 1, C 1) |
| 10000004 | kommunal, resursskola | åk 7: 4 (A 1, B 1, C 2) |
| 10000002 | enskild | åk 8: 3 (A 1, C 2) |
"""

from __future__ import annotations

from pathlib import Path

from skolpeng.data import las_underlag
from skolpeng.data.schema import TABELLER, Underlag
from tests.data.hjalp import minimala_tabeller, skriv_minimalt_underlag

LASAR = "2025/26"
#: (skolenhet, årskurs, nivå, elever)
NIVAER: tuple[tuple[str, str, str, int], ...] = (
    ("10000001", "2", "A", 2),
    ("10000001", "2", "B", 1),
    ("10000001", "5", "B", 1),
    ("10000001", "5", "C", 1),
    ("10000004", "7", "A", 1),
    ("10000004", "7", "B", 1),
    ("10000004", "7", "C", 2),
    ("10000002", "8", "A", 1),
    ("10000002", "8", "C", 2),
)


def skriv_anpassat_underlag(katalog: Path, nivaer=NIVAER, resursskolor=("10000004",)) -> Path:
    """Det minimala datasetet (``tests.data.hjalp``) med enheten 10000004 och eleverna i
    anpassad grundskola ovan (elever = summan av nivåerna per enhet och årskurs)."""
    t = minimala_tabeller()
    enh_rubrik, enheter = t["skolenheter"]
    assert list(enh_rubrik) == list(TABELLER["skolenheter"].kolumnnamn)
    enheter = [
        *enheter,
        [
            "10000004",
            "Resursskolan Väsby",
            "0114",
            "kommunal",
            "0114",
            "Upplands Väsby kommun",
            "0",
        ],
    ]
    t["skolenheter"] = (enh_rubrik, enheter)
    summa: dict[tuple[str, str], int] = {}
    for kod, ak, _, n in nivaer:
        summa[(kod, ak)] = summa.get((kod, ak), 0) + n
    rubrik, elever = t["elever"]
    elever = [*elever, *([k, "anpassad_gr", LASAR, a, str(n)] for (k, a), n in summa.items())]
    t["elever"] = (rubrik, elever)
    t["elever_behovsniva"] = (
        ["skolenhetskod", "lasar", "verksamhet", "arskurs", "behovsniva", "antal"],
        [[k, LASAR, "anpassad_gr", a, niva, str(n)] for k, a, niva, n in nivaer],
    )
    t["behovsnivaer"] = (
        ["kommunkod", "behovsniva", "namn"],
        [
            ["0114", "A", "Grundnivå"],
            ["0114", "B", "Utökat stöd"],
            ["0114", "C", "Omfattande stöd"],
        ],
    )
    t["resursskolor"] = (["skolenhetskod"], [[k] for k in resursskolor])
    return skriv_minimalt_underlag(katalog, t)


def anpassat_underlag(katalog: Path, **kw) -> Underlag:
    """``skriv_anpassat_underlag`` inläst."""
    return las_underlag(skriv_anpassat_underlag(katalog, **kw))

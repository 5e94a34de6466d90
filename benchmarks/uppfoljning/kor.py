"""Prestandamätning av uppföljningen på den verkliga resultatserien.

Stegen mäts var för sig i processen (efter import; median av flera körningar): läsningen av
det medföljande datasetet ``resultatserie``, ``serieanalys`` (behovsindex, gapet för riket och
kommunerna, förväntat mot faktiskt per läsår och beständigheten för tre utfall, ~700–960
enheter per läsår), kommunens uppföljning och rapportens HTML för Stockholm (0180, 136
enheter) och rapporten som PDF (en körning; diagrammen som PNG).

Kör: ``.venv/bin/python benchmarks/uppfoljning/kor.py [--korningar 3]``. Resultatet skrivs till
``benchmarks/uppfoljning/RESULTAT.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

HAR = Path(__file__).resolve().parent
sys.path.insert(0, str(HAR.parent))

from matning import maskinbeskrivning, resultattabell  # noqa: E402

from skolpeng.rapporter.uppfoljning.kommunrapport import kommunrapport  # noqa: E402
from skolpeng.rapporter.uppfoljning.kommunrapport_fil import SERIE, rapport_pdf  # noqa: E402
from skolpeng.uppfoljning.indata import Analysinstallningar, las_tabeller  # noqa: E402
from skolpeng.uppfoljning.kommunuppfoljning import kommunuppfoljning  # noqa: E402
from skolpeng.uppfoljning.serieanalys import serieanalys  # noqa: E402


def _tid(f):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    v = f()
    return time.perf_counter() - start, v


def main() -> None:
    """Mäter och skriver RESULTAT.md."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--korningar", type=int, default=3)
    a = p.parse_args()
    inst = Analysinstallningar()
    tider: dict[str, list[float]] = {"lasning": [], "serie": [], "rapport": []}
    for _ in range(a.korningar):
        t, tab = _tid(
            lambda: las_tabeller(
                {n: SERIE / f"{n}.csv" for n in ("resultat", "bakgrund", "enheter")}
            )
        )
        tider["lasning"].append(t)
        t, s = _tid(
            lambda tab=tab: serieanalys(tab["resultat"], tab["bakgrund"], tab["enheter"], inst)
        )
        tider["serie"].append(t)
        namn = dict(tab["enheter"].select("skolenhetskod", "namn").iter_rows())
        t, r = _tid(lambda s=s, tab=tab, namn=namn: kommunrapport(
            kommunuppfoljning(s, tab["enheter"], "0180", inst), inst, namn))  # fmt: skip
        tider["rapport"].append(t)
    t_pdf, _ = _tid(lambda: rapport_pdf(r))
    rader = [
        ("läsa resultatserien", "–", *(f(tider["lasning"]) for f in (statistics.median, min, max)), None),
        ("serieanalys (riket och kommunerna, 3 utfall)", "–",
         *(f(tider["serie"]) for f in (statistics.median, min, max)), None),
        ("kommunens uppföljning och HTML (0180)", "–",
         *(f(tider["rapport"]) for f in (statistics.median, min, max)), None),
        ("rapporten som PDF (0180, en körning)", "–", t_pdf, t_pdf, t_pdf, None),
    ]  # fmt: skip
    text = [
        "# Uppföljningen på den verkliga resultatserien",
        "",
        f"Uppmätt {dt.date.today().isoformat()} med `benchmarks/uppfoljning/kor.py "
        f"--korningar {a.korningar}`; maskin: {maskinbeskrivning()}. Maskinen delades med andra "
        "processer under mätningen.",
        "",
        *resultattabell(rader),
        "",
    ]
    (HAR / "RESULTAT.md").write_text("\n".join(text), encoding="utf-8")
    print("\n".join(text))


if __name__ == "__main__":
    main()

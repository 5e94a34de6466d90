"""Bygger tabellen ``elever_hemkommun`` i det medföljande datasetet ``sverige``.

Körs om med::

    .venv/bin/python scripts/bygg_elever_hemkommun.py [--data src/skolpeng/dataset/sverige]

Elevernas hemkommun per skolenhet är inte offentlig: tabellen är **härledd** med den uttalade
regeln i ``skolpeng.syntetisk.hemkommun`` (kommunala enheter: 2 % av eleverna folkbokförda i
de tre största grannkommunerna i länet; enskilda enheter: 20 %; resten i lägeskommunen) ur
datasetets ``skolenheter`` och ``elever`` för läsåret 2025/26, med en avläsning i januari
2026 som gäller hela budgetåret. Samma indata ger byte för byte samma fil.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from skolpeng.data import las_underlag
from skolpeng.syntetisk.hemkommun import harled_elever_hemkommun

ROT = Path(__file__).resolve().parents[1]
DATA = ROT / "src" / "skolpeng" / "dataset" / "sverige"


def main() -> None:
    """Läser datasetet och skriver ``elever_hemkommun.csv`` i det (atomiskt via en
    tillfällig fil)."""
    tolk = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    tolk.add_argument("--data", type=Path, default=DATA)
    arg = tolk.parse_args()
    fil = arg.data / "elever_hemkommun.csv"
    if fil.exists():
        fil.unlink()  # byggs ur skolenheter och elever, aldrig ur sig själv
    u = las_underlag(arg.data)
    tabell = harled_elever_hemkommun(u.skolenheter, u.elever, "2025/26", 2026)
    tmp = fil.with_suffix(".tmp")
    tabell.write_csv(tmp)
    tmp.replace(fil)
    print(f"Skrev {tabell.height} rader till {fil} ({fil.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()

"""Lägger till anpassad grundskola i det medföljande datasetet ``sverige``.

Körs om med::

    .venv/bin/python scripts/bygg_anpassad_gr.py [--data src/skolpeng/dataset/sverige]

**En dokumenterad approximation, inte verkliga antal per skolenhet**: reglerna och källan
(SOU 2025:72 avsnitt 5.1.1–5.1.4: 16 000 elever, 55 per kommun, 95 % i kommunal skola, 55
enskilda enheter) står i ``skolpeng.syntetisk.anpassad_gr``. Skriptet tar bort tidigare
rader med ``anpassad_gr`` ur ``elever.csv`` och skriver dem på nytt, liksom
``elever_behovsniva.csv`` och ``behovsnivaer.csv``. Samma indata ger samma filer.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from skolpeng.syntetisk.anpassad_gr import anpassad_gr_tabeller

ROT = Path(__file__).resolve().parents[1]
DATA = ROT / "src" / "skolpeng" / "dataset" / "sverige"


def _skriv(ram: pl.DataFrame, fil: Path) -> None:
    tmp = fil.with_suffix(".tmp")
    ram.write_csv(tmp)
    tmp.replace(fil)
    print(f"Skrev {ram.height} rader till {fil.name}")


def main() -> None:
    """Läser ``skolenheter.csv`` och ``elever.csv`` och skriver de tre tabellerna."""
    tolk = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    tolk.add_argument("--data", type=Path, default=DATA)
    arg = tolk.parse_args()
    text = {"skolenhetskod": pl.String, "kommunkod": pl.String, "arskurs": pl.String}
    enheter = pl.read_csv(arg.data / "skolenheter.csv", schema_overrides=text)
    elever = pl.read_csv(arg.data / "elever.csv", schema_overrides=text)
    elever = elever.filter(pl.col("verksamhet") != "anpassad_gr")
    lasar = tuple(sorted(elever["lasar"].unique().to_list()))
    anpassad, nivaer, namn = anpassad_gr_tabeller(enheter, elever, lasar)
    _skriv(pl.concat([elever, anpassad]), arg.data / "elever.csv")
    _skriv(nivaer, arg.data / "elever_behovsniva.csv")
    _skriv(namn, arg.data / "behovsnivaer.csv")
    per_kommun = anpassad.filter(pl.col("lasar") == lasar[-1]).join(
        enheter.select("skolenhetskod", "kommunkod"), on="skolenhetskod"
    )
    total = int(per_kommun["antal"].sum())
    print(
        f"Anpassad grundskola {lasar[-1]}: {total} elever i "
        f"{per_kommun['skolenhetskod'].n_unique()} skolenheter och "
        f"{per_kommun['kommunkod'].n_unique()} kommuner "
        f"(i genomsnitt {total / enheter['kommunkod'].n_unique():.1f} per kommun)"
    )


if __name__ == "__main__":
    main()

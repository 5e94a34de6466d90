"""Bygger målgruppstabellen för Huddingemodellen ur Skolverkets skolenhetsexport.

In: ``Grundskola - Antal elever per årskurs 2025 Skolnivå.csv`` (Skolverket, läsåret 2025/26;
projektets kopia under ``../shared/data/real/urbanpulse/``). Ut: ``huddinge_malgrupper.csv``
(skolenhetskod, lasar, malgrupp, antal) för Huddinges skolenheter (kommunkod 0126), skriven
deterministiskt. Körs så här från projektroten::

    .venv/bin/python src/skolpeng/modeller/data/bygg_huddinge_malgrupper.py \
        "../shared/data/real/urbanpulse/Grundskola - Antal elever per årskurs 2025 Skolnivå.csv"

Målgrupperna (KPMG 2020, avsnitt 3.4.1.1) och hur de approximeras ur offentlig statistik:

- ``lag_utbildning`` – elever vars föräldrar har låg utbildning. Skolverket publicerar per
  skolenhet andelen elever med föräldrar med eftergymnasial utbildning; målgruppen
  approximeras med övriga elever: elever åk 1–9 × (1 − andelen med eftergymnasial).
- ``invandrade_4ar`` – elever invandrade för mindre än fyra år sedan (och elever med
  samordningsnummer). Uppgiften publiceras inte per skolenhet; den approximeras med elever
  med utländsk bakgrund: elever åk 1–9 × andelen med utländsk bakgrund. Eftersom potten
  fördelas per elev i målgruppen ger en approximation som är en fast andel av den verkliga
  målgruppen i varje enhet samma fördelning; skillnaden mellan enheterna i hur stor del av
  eleverna med utländsk bakgrund som är nyinvandrade fångas inte.
- ``pojkar`` – elever åk 1–9 × (1 − andelen flickor), verklig.

Antalen avrundas till hela elever. En enhet med prickad andel får ingen rad för målgruppen
(och därmed inget ur den delpotten); skriptet skriver ut vilka.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

from skolpeng.csvskrivning import skriv_csv
from skolpeng.data.officiella_skolverket import las_elever_skolniva

KOMMUNKOD = "0126"
MALGRUPPER: dict[str, pl.Expr] = {
    "lag_utbildning": 1 - pl.col("andel_eftergymnasial"),
    "invandrade_4ar": pl.col("andel_utlandsk_bakgrund"),
    "pojkar": 1 - pl.col("andel_flickor"),
}


def malgrupper(export: Path) -> pl.DataFrame:
    """Skolverkets skolenhetsexport -> målgruppstabellen för Huddinge (lång form)."""
    resultat = las_elever_skolniva(export)
    enheter = resultat.tabeller["skolenheter"].filter(pl.col("kommunkod") == KOMMUNKOD)
    bakgrund = resultat.tabeller["skolenheter_bakgrund"].join(
        enheter.select("skolenhetskod"), on="skolenhetskod"
    )
    delar = [
        bakgrund.select(
            "skolenhetskod",
            "lasar",
            pl.lit(namn).alias("malgrupp"),
            (pl.col("elever_1_9") * andel).round(0).cast(pl.Int64).alias("antal"),
        )
        for namn, andel in MALGRUPPER.items()
    ]
    return pl.concat(delar).drop_nulls("antal").sort("skolenhetskod", "malgrupp")


def main() -> None:
    """Skriver ``huddinge_malgrupper.csv`` bredvid skriptet."""
    tabell = malgrupper(Path(sys.argv[1]))
    skriv_csv(tabell, Path(__file__).with_name("huddinge_malgrupper.csv"))
    print(f"{tabell.height} rader, {tabell['skolenhetskod'].n_unique()} skolenheter")


if __name__ == "__main__":
    main()

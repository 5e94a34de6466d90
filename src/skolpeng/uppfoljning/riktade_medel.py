"""Alla riktade medel per enhet (docs/regler/uppfoljning.md#riktade-medel; KPMG 2020 avsnitt 3.6.1: "bör dock en
motsvarande samlad årlig analys göras omfattande samtliga riktade medel till skolorna").

In: ``belopp`` (lång, med ``riktad`` 0/1 per pott: socioekonomiskt tillägg,
nyanländatillägg, statsbidrag efter sina nycklar …) och valfritt resultat per enhet och
budgetår (kolumnen ``ar``). Ut: ``RiktadeMedel``:

- ``per_enhet``: per enhet och år intäkten (alla potter) och de riktade medlen i kr, per elev
  och som andel av intäkten, bredvid enhetens resultat;
- ``per_pott``: varje riktad pott per enhet och år i kr, per elev och som andel av intäkten;
- ``per_ar``: summorna per år och spridningen av de riktade medlen per elev (som KPMG 3.4.2:
  "Annerstaskolan störst … 45 587 kronor, att jämföra med Snättringeskolan som fick minst:
  1378 kronor").
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from skolpeng.uppfoljning.belopp import per_enhet
from skolpeng.uppfoljning.indata import UTFALL


@dataclass(frozen=True)
class RiktadeMedel:
    """De riktade medlens tabeller (se modulens beskrivning)."""

    per_enhet: pl.DataFrame
    per_pott: pl.DataFrame
    per_ar: pl.DataFrame


def riktade_medel(belopp: pl.DataFrame, resultat: pl.DataFrame | None = None) -> RiktadeMedel:
    """``belopp`` (och resultat med ``ar``) -> ``RiktadeMedel``. Inget avrundas."""
    enheter = (
        per_enhet(belopp)
        .select(
            "skolenhetskod",
            "ar",
            "elever",
            pl.col("total_kr").alias("intakt_kr"),
            pl.col("total_kr_per_elev").alias("intakt_kr_per_elev"),
            "riktat_kr",
            "riktat_kr_per_elev",
        )
        .with_columns(riktad_andel=pl.col("riktat_kr") / pl.col("intakt_kr"))
    )
    if resultat is not None:
        utfall = [u for u in UTFALL if u in resultat.columns]
        enheter = enheter.join(
            resultat.select(
                "skolenhetskod", "ar", *utfall, pl.col("antal_elever").alias("elever_resultat")
            ),
            on=["skolenhetskod", "ar"],
            how="left",
        )
    pott = (
        belopp.filter(pl.col("riktad") == 1)
        .select(
            "skolenhetskod",
            "ar",
            "pott",
            "elever",
            "kr_per_elev",
            (pl.col("kr_per_elev") * pl.col("elever")).alias("kr"),
        )
        .join(enheter.select("skolenhetskod", "ar", "intakt_kr"), on=["skolenhetskod", "ar"])
        .with_columns(andel_av_intakt=pl.col("kr") / pl.col("intakt_kr"))
        .drop("intakt_kr")
        .sort("ar", "skolenhetskod", "pott")
    )
    r = pl.col("riktat_kr_per_elev")
    per_ar = (
        enheter.group_by("ar")
        .agg(
            antal_enheter=pl.len(),
            intakt_kr=pl.col("intakt_kr").sum(),
            riktat_kr=pl.col("riktat_kr").sum(),
            min_riktat_kr_per_elev=r.min(),
            enhet_min=pl.col("skolenhetskod").sort_by(r).first(),
            median_riktat_kr_per_elev=r.median(),
            max_riktat_kr_per_elev=r.max(),
            enhet_max=pl.col("skolenhetskod").sort_by(r).last(),
        )
        .with_columns(riktad_andel=pl.col("riktat_kr") / pl.col("intakt_kr"))
        .sort("ar")
    )
    return RiktadeMedel(per_enhet=enheter.sort("ar", "skolenhetskod"), per_pott=pott, per_ar=per_ar)

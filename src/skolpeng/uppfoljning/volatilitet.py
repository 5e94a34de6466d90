"""Volatilitet: förändringen från år till år per enhet (docs/regler/uppfoljning.md#volatilitet; KPMG 2020 avsnitt 3.4.2:
"resursfördelningsmodellen kan ge upphov till stora svängningar mellan åren").

In: ``belopp`` (lång, per enhet, år och pott), tröskeln som andel (och valfritt i kronor) och
valfritt ``dekomposition`` (förändringen per elev uppdelad på elever, index, parametrar och
stabilitet, docs/regler/fordelning-och-bidrag.md#forandring; en faktor som saknas räknas som 0). Ut: ``Volatilitet``:

- ``forandringar``: per enhet och år med ett föregående år: totalen per elev före och efter,
  förändringen i kr och som andel, ``over_troskel`` och – när dekompositionen ges – delarna
  och den största (``drivkraft``);
- ``potter``: samma per pott (en pott som saknas ett av åren räknas som 0 kr det året), för
  vattenfallet från förra årets belopp till årets.

Dekompositionens delar ska summera till förändringen (högst 1 kr per elev ifrån); annars är
det ett ``IndataFel`` med enhet och år.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.uppfoljning.belopp import per_enhet
from skolpeng.uppfoljning.indata import DRIVKRAFTER

TOLERANS_KR = 1.0


@dataclass(frozen=True)
class Volatilitet:
    """Förändringarna per enhet och per pott (se modulens beskrivning)."""

    forandringar: pl.DataFrame
    potter: pl.DataFrame

    @property
    def flaggade(self) -> pl.DataFrame:
        """Enheter och år vars förändring är över tröskeln."""
        return self.forandringar.filter(pl.col("over_troskel"))


def _foregaende(ram: pl.DataFrame, nyckel: list[str], varde: str) -> pl.DataFrame:
    """Lägger till ``<varde>_fore`` = värdet för samma nyckel året innan (ar − 1)."""
    fore = ram.select(*nyckel, pl.col("ar") + 1, pl.col(varde).alias(f"{varde}_fore"))
    return ram.join(fore, on=[*nyckel, "ar"], how="left")


def pottforandringar(belopp: pl.DataFrame) -> pl.DataFrame:
    """Per enhet, år (med föregående år) och pott: kr_per_elev_fore, kr_per_elev, andring_kr."""
    enhetsar = belopp.select("skolenhetskod", "ar").unique()
    har_fore = enhetsar.join(
        enhetsar.with_columns(pl.col("ar") + 1), on=["skolenhetskod", "ar"], how="semi"
    )
    potter = belopp.select("skolenhetskod", "pott").unique()
    rutnat = har_fore.join(potter, on="skolenhetskod")
    nu = belopp.select("skolenhetskod", "ar", "pott", "kr_per_elev")
    fore = nu.with_columns(pl.col("ar") + 1).rename({"kr_per_elev": "kr_per_elev_fore"})
    ram = (
        rutnat.join(nu, on=["skolenhetskod", "ar", "pott"], how="left")
        .join(fore, on=["skolenhetskod", "ar", "pott"], how="left")
        .with_columns(pl.col("kr_per_elev", "kr_per_elev_fore").fill_null(0.0))
        .filter((pl.col("kr_per_elev") != 0) | (pl.col("kr_per_elev_fore") != 0))
    )
    return ram.with_columns(andring_kr=pl.col("kr_per_elev") - pl.col("kr_per_elev_fore")).sort(
        "skolenhetskod", "ar", "pott"
    )


def _drivkrafter(forandringar: pl.DataFrame, dekomposition: pl.DataFrame) -> pl.DataFrame:
    """Lägger till delarna per faktor, ``drivkraft`` (största beloppet) och kontrollerar
    att delarna summerar till förändringen."""
    bred = dekomposition.pivot(
        on="faktor", index=["skolenhetskod", "ar"], values="andring_kr_per_elev"
    )
    for f in DRIVKRAFTER:
        if f not in bred.columns:
            bred = bred.with_columns(pl.lit(0.0).alias(f))
    bred = bred.select(
        "skolenhetskod", "ar", *(pl.col(f).fill_null(0.0).alias(f"{f}_kr") for f in DRIVKRAFTER)
    )
    ram = forandringar.join(bred, on=["skolenhetskod", "ar"], how="left")
    summa = pl.sum_horizontal(*(pl.col(f"{f}_kr") for f in DRIVKRAFTER))
    fel = ram.filter(
        pl.col("elever_kr").is_not_null() & ((summa - pl.col("andring_kr")).abs() > TOLERANS_KR)
    )
    if fel.height:
        raise IndataFel(
            [
                Problem(
                    "dekomposition",
                    f"enhet {kod} år {ar}: delarna summerar till {s:.0f} kr per elev men "
                    f"totalen ändrades med {d:.0f} kr per elev",
                    kolumn="andring_kr_per_elev",
                )
                for kod, ar, s, d in fel.select(
                    "skolenhetskod", "ar", summa.alias("s"), "andring_kr"
                ).iter_rows()
            ]
        )
    storst = pl.concat_list(*(pl.col(f"{f}_kr").abs() for f in DRIVKRAFTER)).list.arg_max()
    namn = pl.lit(list(DRIVKRAFTER)).list.get(storst)
    return ram.with_columns(
        drivkraft=pl.when(pl.col("elever_kr").is_not_null()).then(namn).otherwise(None)
    )


def volatilitet(
    belopp: pl.DataFrame,
    troskel_andel: float,
    troskel_kr: float | None = None,
    dekomposition: pl.DataFrame | None = None,
) -> Volatilitet:
    """Förändringen av totalen per elev och av varje pott från år till år (se modulens
    beskrivning). ``over_troskel`` = |andel| > ``troskel_andel`` eller, om ``troskel_kr``
    ges, |kr| > ``troskel_kr``."""
    totaler = per_enhet(belopp).select("skolenhetskod", "ar", "elever", "total_kr_per_elev")
    ram = _foregaende(totaler, ["skolenhetskod"], "total_kr_per_elev").drop_nulls(
        "total_kr_per_elev_fore"
    )
    over = (pl.col("andring_andel").abs() > troskel_andel).fill_null(False)
    if troskel_kr is not None:
        over = over | (pl.col("andring_kr").abs() > troskel_kr)
    ram = (
        ram.with_columns(andring_kr=pl.col("total_kr_per_elev") - pl.col("total_kr_per_elev_fore"))
        .with_columns(andring_andel=pl.col("andring_kr") / pl.col("total_kr_per_elev_fore"))
        .with_columns(over_troskel=over)
        .select(
            "skolenhetskod",
            "ar",
            "elever",
            "total_kr_per_elev_fore",
            "total_kr_per_elev",
            "andring_kr",
            "andring_andel",
            "over_troskel",
        )
    )
    if dekomposition is not None:
        ram = _drivkrafter(ram, dekomposition)
    return Volatilitet(
        forandringar=ram.sort("skolenhetskod", "ar"), potter=pottforandringar(belopp)
    )

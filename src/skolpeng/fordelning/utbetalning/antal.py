"""Elever per skolenhet, stadium, hemkommun och månad, och vilka elever som räknas en månad
enligt kommunens räknesätt (``regel.Utbetalningsregler.raknesatt``).

In: tabellen ``elever_hemkommun`` (``skolenhetskod, period, verksamhet, arskurs, hemkommun,
antal``; aggregerade tal), verksamheten och budgetåret. Ut: ramar med ``skolenhetskod,
stadium, hemkommun, manad`` (1–12) och ``antal`` respektive ``raknat`` (Float64).
Inga uppgifter om enskilda elever finns i indata eller utdata.
"""

from __future__ import annotations

import calendar

import polars as pl

from skolpeng.data.schema import ARSKURS_TILL_STADIUM

NYCKEL: tuple[str, ...] = ("skolenhetskod", "stadium", "hemkommun")


def elever_per_manad(tabell: pl.DataFrame, verksamhet: str, ar: int) -> pl.DataFrame:
    """``elever_hemkommun`` för verksamheten och budgetåret -> ``skolenhetskod, stadium,
    hemkommun, manad, antal`` för månaderna 1–12 (summa över årskurserna i stadiet; bara
    antal > 0).

    En skolenhets senaste avläsning gäller tills en ny avläsning för enheten finns: för
    månaden m används enhetens rader i den senaste perioden ≤ m där enheten har rader (en
    hemkommun som saknas i den perioden har 0 elever; ``antal = 0`` får anges). Före enhetens
    första avläsning har den inga elever. En export med alla månader ger alltså varje månad
    som den är; en export med bara ändringarna per enhet ger samma resultat."""
    d = (
        tabell.filter(
            (pl.col("verksamhet") == verksamhet) & pl.col("period").str.starts_with(f"{ar}-")
        )
        .with_columns(
            stadium=pl.col("arskurs").replace_strict(ARSKURS_TILL_STADIUM, return_dtype=pl.String),
            period_manad=pl.col("period").str.slice(5, 2).cast(pl.Int64),
        )
        .group_by(*NYCKEL, "period_manad")
        .agg(antal=pl.col("antal").cast(pl.Float64).sum())
    )
    manader = pl.DataFrame({"manad": list(range(1, 13))}, schema={"manad": pl.Int64})
    avlasta = d.select("skolenhetskod", "period_manad").unique()
    giltig = (
        d.select("skolenhetskod")
        .unique()
        .join(manader, how="cross")
        .join(
            avlasta.with_columns(manad=pl.col("period_manad")),
            on=["skolenhetskod", "manad"],
            how="left",
        )
        .sort("skolenhetskod", "manad")
        .with_columns(pl.col("period_manad").forward_fill().over("skolenhetskod"))
        .drop_nulls("period_manad")
    )
    return (
        giltig.join(d, on=["skolenhetskod", "period_manad"], how="inner")
        .filter(pl.col("antal") > 0)
        .select(*NYCKEL, "manad", "antal")
        .sort(*NYCKEL, "manad")
    )


def rutnat(linjer: pl.DataFrame, till_manad: int, nyckel: list[str]) -> pl.DataFrame:
    """Varje linje (``nyckel``) × månaderna 1 … ``till_manad``."""
    manader = pl.DataFrame({"manad": list(range(1, till_manad + 1))}, schema={"manad": pl.Int64})
    return linjer.select(nyckel).unique().join(manader, how="cross")


def raknade_elever(
    per_manad: pl.DataFrame,
    raknesatt: str,
    ar: int,
    kand_till: int,
    nyckel: list[str] | None = None,
) -> pl.DataFrame:
    """De elever som räknas för varje månad 1 … ``kand_till``, med det som är känt vid
    utbetalningen i månaden ``kand_till``.

    - ``manad``: månadens avläsning;
    - ``dag``: elevdagar / dagar i månaden;
    - ``termin``: för en termin som har slutat senast ``kand_till`` de faktiska
      månadsavläsningarna (justeringen), annars terminens preliminära avläsning (terminens
      första månad) för varje månad i terminen.

    ``nyckel`` är linjens kolumner (standard ``NYCKEL``). Ut: ``nyckel, manad, raknat`` för
    alla linjer × månader (0 där eleverna saknas)."""
    nyckel = list(NYCKEL) if nyckel is None else nyckel
    grid = rutnat(per_manad, kand_till, nyckel).join(
        per_manad.select(*nyckel, "manad", "antal"), on=[*nyckel, "manad"], how="left"
    )
    grid = grid.with_columns(pl.col("antal").fill_null(0.0))
    if raknesatt == "dag":
        dagar = {m: calendar.monthrange(ar, m)[1] for m in range(1, 13)}
        return grid.with_columns(
            raknat=pl.col("antal") / pl.col("manad").replace_strict(dagar, return_dtype=pl.Float64)
        ).drop("antal")
    if raknesatt == "manad":
        return grid.rename({"antal": "raknat"})
    forsta = pl.when(pl.col("manad") <= 6).then(1).otherwise(7)
    sista = pl.when(pl.col("manad") <= 6).then(6).otherwise(12)
    prel = grid.filter(pl.col("manad").is_in([1, 7])).select(
        *nyckel, pl.col("manad").alias("_forsta"), pl.col("antal").alias("_prel")
    )
    return (
        grid.with_columns(_forsta=forsta, _sista=sista)
        .join(prel, on=[*nyckel, "_forsta"], how="left")
        .with_columns(
            raknat=pl.when(pl.col("_sista") <= kand_till)
            .then(pl.col("antal"))
            .otherwise(pl.col("_prel").fill_null(0.0))
        )
        .select(*nyckel, "manad", "raknat")
    )

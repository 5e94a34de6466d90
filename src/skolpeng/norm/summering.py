"""Steg 9–11 i docs/regler/norm.md#steg-9: modellvärde, uppräkning med KPIF och normen.

In: enhetstabellen med alla komponenter (kostnadsårets prisnivå), KPIF per år, nivå och
momskompensation. Ut: uppräkningsfaktorn f = Π_{y=C+1..N}(1 + kpif_y) och per enhet och
stadium komponenterna i normårets prisnivå, ``modellvarde`` = f·M, ``norm`` =
nivå·f·M (·(1 + moms) för enskild huvudman i de bindande varianterna) och
``varav_lokalkostnad`` = f·(L_R + L_u).
"""

from __future__ import annotations

import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.norm.parametrar import NormParametrar
from skolpeng.norm.resultat import KOMPONENTER


def upprakningsfaktor(nationellt: pl.DataFrame, kostnadsar: int, normar: int) -> float:
    """Steg 10: f = Π_{y=C+1..N} (1 + kpif_y).

    In: tabellen ``nationellt`` (``ar, kpif``), kostnadsår C och normår N. Ut: f.
    Saknad KPIF för något av åren ger ``IndataFel``.
    """
    ar = list(range(kostnadsar + 1, normar + 1))
    kpif = dict(
        nationellt.filter(pl.col("ar").is_in(ar) & pl.col("kpif").is_not_null())
        .select("ar", pl.col("kpif").cast(pl.Float64))
        .iter_rows()
    )
    saknas = [a for a in ar if a not in kpif]
    if saknas:
        raise IndataFel(
            [
                Problem(
                    "nationellt",
                    f"KPIF saknas för år {', '.join(map(str, saknas))} (uppräkningen från "
                    f"kostnadsåret {kostnadsar} till normåret {normar})",
                    None,
                    "kpif",
                )
            ]
        )
    f = 1.0
    for a in ar:
        f *= 1.0 + kpif[a]
    return f


def med_norm(
    enheter: pl.DataFrame, f: float, lokalkostnad_riket: float, p: NormParametrar
) -> pl.DataFrame:
    """Steg 9–11 per enhet och stadium.

    In: enhetstabellen med ``KOMPONENTER`` i kostnadsårets prisnivå (PG och GL är 0 för
    enskilda enheter), f, L_R och parametrarna. Ut: samma tabell där komponenterna är
    multiplicerade med f och ``modellvarde``, ``norm``, ``varav_lokalkostnad`` är tillagda.
    """
    moms = (
        pl.when(pl.col("huvudmannatyp") == "enskild")
        .then(pl.lit(1.0 + p.momskompensation_enskild_andel))
        .otherwise(1.0)
    )
    return (
        enheter.with_columns(
            modellvarde_kostnadsar=pl.sum_horizontal(*KOMPONENTER),
            varav_lokalkostnad=f * (lokalkostnad_riket + pl.col("lokaljustering")),
        )
        .with_columns(
            *[(pl.col(k) * f).alias(k) for k in KOMPONENTER],
            modellvarde=pl.col("modellvarde_kostnadsar") * f,
        )
        .with_columns(norm=p.niva * pl.col("modellvarde") * moms)
    )

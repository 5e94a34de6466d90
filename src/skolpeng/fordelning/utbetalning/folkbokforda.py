"""Bidragen i kommunens beslut för de elever som är folkbokförda i kommunen (issue 13).

Hemkommunen betalar bidrag för *sina* elever (skollagen 10 kap. 37 §; SOU 2025:72 avsnitt
3.1.2). Med tabellen ``elever_hemkommun`` räknas bidragets total i beslutet på kommunens
folkbokförda elever vid enheten i budgetårets första månad med uppgifter (``period``);
bidraget per elev är oförändrat. Utan tabellen är beteendet som tidigare – alla inskrivna
elever räknas som folkbokförda i kommunen – och det står i noteringarna.

In: bidragsramen (``bidrag_enheter.BIDRAG_KOLUMNER``), tabellen (eller None), kommunen,
verksamheten och året. Ut: (bidragsramen, noteringar).
"""

from __future__ import annotations

import polars as pl

from skolpeng.fordelning.bidrag_ny_elev import MANADER
from skolpeng.fordelning.utbetalning.antal import elever_per_manad

#: Början på de noteringar som ``bidrag_for_folkbokforda`` ger (för besluten: ``elevgrund``).
_NOTERINGAR = ("Tabellen elever_hemkommun", "Bidragen avser elever folkbokförda")

UTAN_TABELL = (
    "Tabellen elever_hemkommun saknas: alla inskrivna elever vid de enskilda skolenheterna "
    "har räknats som folkbokförda i kommunen."
)


def bidrag_for_folkbokforda(
    bidrag: pl.DataFrame,
    elever_hemkommun: pl.DataFrame | None,
    kommunkod: str,
    verksamhet: str,
    ar: int,
) -> tuple[pl.DataFrame, list[str]]:
    """``elever`` och ``bidrag_totalt_kr`` för kommunens folkbokförda elever (rader utan
    sådana elever tas bort); utan tabellen oförändrat med en notering."""
    if elever_hemkommun is None:
        return bidrag, [UTAN_TABELL]
    per = elever_per_manad(elever_hemkommun, verksamhet, ar).filter(
        pl.col("hemkommun") == kommunkod
    )
    if per.height == 0:
        return bidrag, [
            f"Tabellen elever_hemkommun har inga elever folkbokförda i kommunen {ar}; alla "
            "inskrivna elever vid de enskilda skolenheterna har räknats som folkbokförda."
        ]
    forsta = int(per["manad"].min())
    folkbokforda = (
        per.filter(pl.col("manad") == forsta)
        .group_by("skolenhetskod", "stadium")
        .agg(_f=pl.col("antal").sum())
    )
    ut = (
        bidrag.with_row_index("_ordning")
        .join(folkbokforda, on=["skolenhetskod", "stadium"], how="inner")
        .sort("_ordning")
        .with_columns(elever=pl.col("_f"))
        .with_columns(bidrag_totalt_kr=pl.col("bidrag") * pl.col("elever"))
        .select(bidrag.columns)
    )
    return ut, [
        f"Bidragen avser elever folkbokförda i kommunen ({MANADER[forsta - 1]} {ar} enligt "
        f"elever_hemkommun): {int(ut['elever'].sum())} av {int(bidrag['elever'].sum())} "
        "inskrivna elever vid kommunens enskilda skolenheter."
    ]


def elevgrund(anteckningar: tuple[str, ...] | list[str]) -> str | None:
    """Noteringen om vilka elever bidragen räknats på (ur körningens noteringar), för
    besluten om bidrag; None när bidragen inte har räknats."""
    return next((t for t in anteckningar if t.startswith(_NOTERINGAR)), None)

"""Bidragen i kommunens beslut för de elever som är folkbokförda i kommunen.

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

from skolpeng.fordelning.lika_villkor.ny_elev import MANADER
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
        .with_columns(_kvot=pl.col("elever") / pl.col("_f"), elever=pl.col("_f"))
    )
    if "tillaggsbelopp" in bidrag.columns:
        ut = _tillagg_for_folkbokforda(ut)
    ut = ut.with_columns(bidrag_totalt_kr=pl.col("bidrag") * pl.col("elever")).select(
        bidrag.columns
    )
    return ut, [
        f"Bidragen avser elever folkbokförda i kommunen ({MANADER[forsta - 1]} {ar} enligt "
        f"elever_hemkommun): {int(ut['elever'].sum())} av {int(bidrag['elever'].sum())} "
        "inskrivna elever vid kommunens enskilda skolenheter."
    ]


def _tillagg_for_folkbokforda(ut: pl.DataFrame) -> pl.DataFrame:
    """Tilläggsbeloppet är kommunens beslutade summa per år för enheten och stadiet
    (``tillaggsbelopp_ar_kr``) och betalas helt: per elev delas det med de folkbokförda i
    stället för de inskrivna (``_kvot`` = inskrivna / folkbokförda), och bidraget och momsen
    ändras med skillnaden, så att bidraget × de folkbokförda innehåller summan × (1 + moms)."""
    ny_tillagg = pl.col("tillaggsbelopp") * pl.col("_kvot")
    ny_moms = pl.col("moms_tillaggsbelopp") * pl.col("_kvot")
    skillnad = (ny_tillagg - pl.col("tillaggsbelopp")) + (ny_moms - pl.col("moms_tillaggsbelopp"))
    return ut.with_columns(
        bidrag=pl.col("bidrag") + skillnad,
        moms=pl.col("moms") + (ny_moms - pl.col("moms_tillaggsbelopp")),
        tillaggsbelopp=ny_tillagg,
        moms_tillaggsbelopp=ny_moms,
    )


def elevgrund(anteckningar: tuple[str, ...] | list[str]) -> str | None:
    """Noteringen om vilka elever bidragen räknats på (ur körningens noteringar), för
    besluten om bidrag; None när bidragen inte har räknats."""
    return next((t for t in anteckningar if t.startswith(_NOTERINGAR)), None)

"""Belopp per elev och år som hemkommunen betalar: bidrag till enskilda skolenheter och
interkommunal ersättning till och från andra kommuner.

**Bidrag** (SOU 2025:72 avsnitt 3.1.2; skolförordningen 14 kap. 4 §): för en enskild
skolenhet i kommunens fördelning är beloppet det i kommunens beslut om bidrag för enheten
och stadiet (oförändrat: enhetens eget index, lokalkostnad efter kommunens genomsnitt,
administration, avdrag, moms). För en enskild enhet som inte finns i kommunens fördelning –
belägen i en annan kommun, eller ny i kommunen efter räkningsdatumet – räknas beloppet på
kommunens grunder: linjära indexpotter med enhetens eget index när det finns
(``priser_index``), annars ``genomsnittligt_bidrag``: kommunens genomsnitt per elev i stadiet
ur de potter på samma grunder som når en enskild enhet (``belopp_per_elev_utanfor``),
kommunens genomsnittliga lokalkostnad och samma administration, avdrag och moms
(``bidrag.berakna_bidrag``).

**Interkommunal ersättning** (SOU 3.1.1; skollagen 10 kap. 34 §; ``interkommunal.py``):
för en elev som på grund av eget val går i en annan kommuns skola ersätter hemkommunen den
mottagande kommunen efter samma grunder som för sina egna skolor, om kommunerna inte kommer
överens om annat. En överenskommen prislista (``kommunkod, stadium, kr_per_elev``) går före;
annars kommunens egna grunder (``interkommunal.hemkommunens_belopp_per_elev``). Det kommunen
kan *fordra* av en annan hemkommun bestäms av den kommunens grunder, som modellen inte
känner: prislistan, annars kommunens egna grunder som uppskattning (det står i utdatan).

In: kommunens ``Fordelning``, parameterläget, bidragen och prislistan. Ut: ramar med
``arsbelopp_kr`` (hela kronor per elev och år) och ``grund`` (svensk text).
"""

from __future__ import annotations

import polars as pl

from skolpeng.avrundning import avrunda_krona
from skolpeng.fordelning.lika_villkor.bidrag import Bidragsparametrar, berakna_bidrag
from skolpeng.fordelning.lika_villkor.interkommunal import (
    hemkommunens_belopp_per_elev as _hemkommunens_belopp,
)
from skolpeng.fordelning.lika_villkor.interkommunal import interkommunal_ersattning
from skolpeng.fordelning.lika_villkor.per_enhet import (
    KOSTNADSSLAG_ENHET,
    elever_per_stadium,
    lokalkostnad_per_elev,
    rader_per_stadium,
    skolform_uttryck,
)
from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.parametrar import Parameterlage

GRUND_BESLUT = "kommunens beslut om bidrag för skolenheten och stadiet"
GRUND_GENOMSNITT = (
    "kommunens genomsnittliga belopp per elev i stadiet på samma grunder (skolenheten ingår "
    "inte i kommunens fördelning: belägen i en annan kommun eller ny under året)"
)
GRUND_PRISLISTA = "överenskommen prislista (skollagen 10 kap. 34 §)"
GRUND_FORDRAN_EGNA = (
    "uppskattning med kommunens egna grunder: hemkommunens grunder är inte kända; en "
    "överenskommen prislista går före"
)


def potter_for_enheter_utanfor(fordelning: Fordelning) -> dict[str, str]:
    """Potterna på samma grunder (kostnadsslagen utom lokalkostnader) som når en enskild enhet
    som inte är namngiven i modellen: pottens namn -> ``alla`` eller ``enskild``."""
    return {
        p.namn: p.omfattning.huvudmannatyp
        for p in fordelning.modell.potter
        if p.samma_grunder
        and p.kostnadsslag in KOSTNADSSLAG_ENHET
        and p.omfattning.huvudmannatyp != "kommunal"
        and p.omfattning.enheter is None
    }


def belopp_per_elev_utanfor(fordelning: Fordelning, uteslut: set[str]) -> pl.DataFrame:
    """Kommunens genomsnittliga belopp per elev och stadium ur ``potter_for_enheter_utanfor``
    utom ``uteslut``: en pott till alla enheter delad med alla enheters elever i stadiet, en
    pott till enskilda enheter med de enskilda enheternas. Ut: ``stadium, kr_per_elev``."""
    elever = elever_per_stadium(fordelning.underlag)
    typ = fordelning.underlag.enheter.select("skolenhetskod", "huvudmannatyp")
    potter = {k: v for k, v in potter_for_enheter_utanfor(fordelning).items() if k not in uteslut}
    e = elever.join(typ, on="skolenhetskod")
    alla = e.group_by("stadium").agg(_alla=pl.col("elever").sum())
    enskilda = (
        e.filter(pl.col("huvudmannatyp") == "enskild")
        .group_by("stadium")
        .agg(_enskilda=pl.col("elever").sum())
    )
    rader = (
        rader_per_stadium(fordelning, elever)
        .filter(pl.col("pott").is_in(list(potter)))
        .with_columns(omf=pl.col("pott").replace_strict(potter, return_dtype=pl.String))
        .group_by("stadium", "omf")
        .agg(pl.col("belopp_kr").sum())
        .join(alla, on="stadium", how="left")
        .join(enskilda, on="stadium", how="left")
        .with_columns(
            per_elev=pl.col("belopp_kr")
            / pl.when(pl.col("omf") == "enskild").then(pl.col("_enskilda")).otherwise("_alla")
        )
        .group_by("stadium")
        .agg(pl.col("per_elev").fill_null(0.0).sum())
    )
    return alla.join(rader, on="stadium", how="left").select(
        "stadium", kr_per_elev=pl.col("per_elev").fill_null(0.0)
    )


def genomsnittligt_bidrag(fordelning: Fordelning, lage: Parameterlage) -> pl.DataFrame:
    """Bidraget per elev och stadium för en enskild enhet som inte ingår i fördelningen.

    In: kommunens fördelning och parameterläget den 1 januari. Ut: ``stadium, bidrag``
    (hela kronor per elev och år, avrundat som i besluten)."""
    modell = fordelning.modell
    satser = Bidragsparametrar.fran_lage(lage)
    lokal = lokalkostnad_per_elev(fordelning)
    rader = (
        belopp_per_elev_utanfor(fordelning, set())
        .with_columns(skolform=skolform_uttryck(modell.verksamhet))
        .join(lokal, on="skolform", how="left")
        .sort("stadium")
    )
    ut = []
    for r in rader.iter_rows(named=True):
        b = berakna_bidrag(
            r["kr_per_elev"],
            r["lokalkostnad_per_elev_kr"],
            satser,
            avsta_avdrag=modell.bidrag.avsta_avdrag,
        )
        ut.append((r["stadium"], avrunda_krona(b.bidrag)))
    return pl.DataFrame(ut, schema={"stadium": pl.String, "bidrag": pl.Int64}, orient="row")


def bidragspriser(
    linjer: pl.DataFrame,
    bidrag_avrundat: pl.DataFrame,
    genomsnitt: pl.DataFrame,
    eget_index: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Årsbeloppet per elev för varje bidragslinje.

    In: ``linjer`` (``skolenhetskod, stadium``), besluten (``avrunda_bidrag``; hela kronor),
    ``genomsnittligt_bidrag`` och valfritt ``priser_index.bidrag_med_eget_index`` (enheter
    utanför fördelningen med eget index). Ut: ``skolenhetskod, stadium, arsbelopp_kr, grund``:
    beslutet, annars det egna indexet, annars genomsnittet."""
    from skolpeng.fordelning.utbetalning.priser_index import GRUND_EGET_INDEX

    beslut = bidrag_avrundat.select(
        "skolenhetskod", "stadium", pl.col("bidrag").cast(pl.Float64).alias("_beslut")
    )
    snitt = genomsnitt.select("stadium", pl.col("bidrag").cast(pl.Float64).alias("_snitt"))
    if eget_index is None:
        eget_index = pl.DataFrame(
            schema={"skolenhetskod": pl.String, "stadium": pl.String, "bidrag": pl.Int64}
        )
    eget = eget_index.select(
        "skolenhetskod", "stadium", pl.col("bidrag").cast(pl.Float64).alias("_eget")
    )
    return (
        linjer.select("skolenhetskod", "stadium")
        .unique()
        .join(beslut, on=["skolenhetskod", "stadium"], how="left")
        .join(eget, on=["skolenhetskod", "stadium"], how="left")
        .join(snitt, on="stadium", how="left")
        .select(
            "skolenhetskod",
            "stadium",
            arsbelopp_kr=pl.coalesce("_beslut", "_eget", "_snitt", pl.lit(0.0)),
            grund=pl.when(pl.col("_beslut").is_not_null())
            .then(pl.lit(GRUND_BESLUT))
            .when(pl.col("_eget").is_not_null())
            .then(pl.lit(GRUND_EGET_INDEX))
            .otherwise(pl.lit(GRUND_GENOMSNITT)),
        )
    )


def egna_grunder(fordelning: Fordelning) -> pl.DataFrame:
    """Kommunens belopp per elev och år i stadiet på de grunder den tillämpar för sina egna
    skolor (eget val, ingen överenskommelse): ``stadium, kr_per_elev, grund`` (hela kronor)."""
    belopp = _hemkommunens_belopp(fordelning)
    rader = []
    for stadium in belopp["stadium"].to_list():
        e = interkommunal_ersattning("eget_val", stadium, hemkommunens_belopp=belopp)
        rader.append((stadium, float(round(e.kr_per_elev_och_ar)), e.grund))
    return pl.DataFrame(rader, schema=["stadium", "kr_per_elev", "grund"], orient="row")


def interkommunala_priser(
    linjer: pl.DataFrame, egna: pl.DataFrame, prislista: pl.DataFrame | None, fordran: bool
) -> pl.DataFrame:
    """Årsbeloppet per elev för linjer med en annan kommun som motpart.

    In: ``linjer`` (``motkommun, stadium``: den mottagande kommunen när kommunen betalar, den
    andra hemkommunen när kommunen fordrar), ``egna_grunder``, prislistan (``kommunkod,
    stadium, kr_per_elev``; None = ingen) och om linjerna är fordringar. Ut: ``motkommun,
    stadium, arsbelopp_kr, grund``."""
    bas = linjer.select("motkommun", "stadium").unique()
    if prislista is not None and prislista.height:
        bas = bas.join(
            prislista.select(
                pl.col("kommunkod").alias("motkommun"),
                "stadium",
                pl.col("kr_per_elev").cast(pl.Float64).alias("_lista"),
            ),
            on=["motkommun", "stadium"],
            how="left",
        )
    else:
        bas = bas.with_columns(_lista=pl.lit(None, dtype=pl.Float64))
    egen_text = pl.lit(GRUND_FORDRAN_EGNA) if fordran else pl.col("_grund")
    return bas.join(
        egna.select(
            "stadium", pl.col("kr_per_elev").alias("_egna"), pl.col("grund").alias("_grund")
        ),
        on="stadium",
        how="left",
    ).select(
        "motkommun",
        "stadium",
        arsbelopp_kr=pl.coalesce("_lista", "_egna", pl.lit(0.0)),
        grund=pl.when(pl.col("_lista").is_not_null())
        .then(pl.lit(GRUND_PRISLISTA))
        .otherwise(egen_text.fill_null(pl.lit("kommunen har inga egna elever i stadiet"))),
    )

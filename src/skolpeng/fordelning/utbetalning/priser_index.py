"""Bidraget per elev med skolenhetens eget index, för en enskild enhet som inte ingår i
kommunens fördelning (belägen i en annan kommun, eller ny efter räkningsdatumet).

Kommunens grunder gäller alla enskilda enheter som har kommunens elever (skollagen 10 kap.
37 §: hemkommunen lämnar bidrag på samma grunder som för de egna skolorna). För en pott med
nyckeln index och formen ``linjar`` är beloppet per elev i kommunens fördelning
``r × index`` med samma ``r`` för alla enheter i stadiet: ``r`` = Σ pottens belopp i stadiet /
Σ elever × index. Enheten utanför fördelningen får då ``r × sitt index`` (Kunskapsbidragets
index för modellens indexår, på kommunens skala: omskalat med samma faktor som kommunens
enheter). Övriga potter på samma grunder ingår med kommunens genomsnitt per elev i stadiet
(``priser.genomsnittligt_bidrag``), liksom lokalkostnaden; administration, avdrag och moms som
för alla (``bidrag.berakna_bidrag``). Saknar enheten index, eller har modellen ett index ur en
fil eller andra indexformer, gäller genomsnittet för hela beloppet.

In: kommunens fördelning, parameterläget, datasetet och enheterna. Ut: ``skolenhetskod,
stadium, bidrag`` (hela kronor per elev och år) för de enheter där indexet används.
"""

from __future__ import annotations

import polars as pl

from skolpeng.avrundning import avrunda_krona
from skolpeng.data.schema import Underlag
from skolpeng.fordelning.lika_villkor.bidrag import Bidragsparametrar, berakna_bidrag
from skolpeng.fordelning.lika_villkor.per_enhet import (
    KOSTNADSSLAG_ENHET,
    elever_per_stadium,
    lokalkostnad_per_elev,
    rader_per_stadium,
    skolform_uttryck,
)
from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.fordelning.utbetalning.priser import (
    belopp_per_elev_utanfor,
    potter_for_enheter_utanfor,
)
from skolpeng.parametrar import Parameterlage

GRUND_EGET_INDEX = (
    "kommunens belopp per elev i stadiet på samma grunder med skolenhetens eget "
    "socioekonomiska index (skolenheten ingår inte i kommunens fördelning)"
)


def _linjara_indexpotter(fordelning: Fordelning) -> list[str]:
    """Potter på samma grunder med nyckeln index i formen linjar (utan delpotter)."""
    return [
        p.namn
        for p in fordelning.modell.potter
        if p.samma_grunder
        and p.kostnadsslag in KOSTNADSSLAG_ENHET
        and p.nyckel is not None
        and p.nyckel.typ == "index"
        and p.nyckel.form == "linjar"
        and p.nyckel.tak_per_elev_kr is None
        and p.nyckel.vikter is None
        and p.namn in potter_for_enheter_utanfor(fordelning)
    ]


def bidrag_med_eget_index(
    fordelning: Fordelning, lage: Parameterlage, underlag: Underlag, enheter: list[str]
) -> pl.DataFrame:
    """Bidraget per elev och stadium för ``enheter`` med deras eget index (se modulen)."""
    tom = pl.DataFrame(
        schema={"skolenhetskod": pl.String, "stadium": pl.String, "bidrag": pl.Int64}
    )
    modell, fu = fordelning.modell, fordelning.underlag
    potter = _linjara_indexpotter(fordelning)
    kalla = modell.index
    if (
        not potter
        or kalla is None
        or kalla.typ != "given"
        or kalla.fil is not None
        or fu.index is None
    ):
        return tom
    ar = kalla.ar or modell.ar
    ra = underlag.socioekonomiskt_index.filter(
        (pl.col("ar") == ar) & (pl.col("verksamhet") == modell.verksamhet)
    ).select("skolenhetskod", pl.col("index").alias("_ra"))
    skala = fu.index.filter(~pl.col("index_standard")).join(ra, on="skolenhetskod")
    if skala.height == 0:
        return tom
    faktor = float((skala["index"] / skala["_ra"]).median())
    elever = elever_per_stadium(fu)
    rader = rader_per_stadium(fordelning, elever)
    nyckel = elever.join(fu.index.select("skolenhetskod", "index"), on="skolenhetskod")
    # r per pott och stadium: Σ belopp / Σ elever × index över de enheter potten når
    per_pott = (
        rader.filter(pl.col("pott").is_in(potter))
        .group_by("pott", "stadium", "skolenhetskod")
        .agg(pl.col("belopp_kr").sum())
        .join(nyckel, on=["skolenhetskod", "stadium"])
        .group_by("pott", "stadium")
        .agg(_kr=pl.col("belopp_kr").sum(), _ni=(pl.col("elever") * pl.col("index")).sum())
    )
    r = per_pott.group_by("stadium").agg(r=(pl.col("_kr") / pl.col("_ni")).sum())
    ovrigt = belopp_per_elev_utanfor(fordelning, set(potter)).rename({"kr_per_elev": "ovrigt"})
    lokal = lokalkostnad_per_elev(fordelning)
    eget = ra.filter(pl.col("skolenhetskod").is_in(enheter)).with_columns(
        index=pl.col("_ra") * faktor
    )
    tabell = (
        eget.join(r, how="cross")
        .join(ovrigt, on="stadium")
        .with_columns(skolform=skolform_uttryck(modell.verksamhet))
        .join(lokal, on="skolform", how="left")
    )
    satser = Bidragsparametrar.fran_lage(lage)
    ut = []
    for x in tabell.iter_rows(named=True):
        b = berakna_bidrag(
            x["ovrigt"] + x["r"] * x["index"],
            x["lokalkostnad_per_elev_kr"],
            satser,
            avsta_avdrag=modell.bidrag.avsta_avdrag,
        )
        ut.append((x["skolenhetskod"], x["stadium"], avrunda_krona(b.bidrag)))
    return pl.DataFrame(ut, schema=tom.schema, orient="row") if ut else tom

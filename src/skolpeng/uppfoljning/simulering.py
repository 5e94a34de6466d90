"""Simulering av normen mot dagens kostnader och intäkter (docs/regler/norm.md#simulering;
SOU 2025:72 avsnitt 6.3, 7.3, 8.1 och 9.2.3).

In: en beräknad norm (``NormResultat``), tabellen ``kostnader_huvudman`` (dagens kostnad eller
intäkt per elev och huvudman) och ett ``Parameterlage``. Ut: ``Simuleringsresultat`` – en rad
per huvudman (norm per elev mot jämförbar kostnad i dag, skillnad per elev och totalt, år till
full effekt under ett tak) och en JSON-bar sammanfattning (antal under normen, totalt tillskott,
spridning i dag och med normen, R² för förändringen mot utgångsläget och mot socioekonomiskt
index). Ren funktion: läser inga filer och skriver ingenting.

Jämförbar kostnad, jämförelseår och prisnivå: se ``simulering_kostnad`` (beslut: samma
avräkningar som normen – tilläggsbelopp och lovskola, hemkommunsansvar, modersmål – och år N,
annars kostnadsåret C uppräknat med normens faktor).

**Beslut – elever och totaler.** Normen per elev är huvudmannens elevviktade norm över sina
stadier (normens elever). Totalbelopp räknas med elevantalet i ``kostnader_huvudman`` på båda
sidor, så att skillnaden i kronor är ren prisskillnad: ``skillnad_kr = (norm − jämförbar)·elever``.
Tillskottet för att nå normen är summan av de positiva skillnaderna; dess andel räknas mot
summan av jämförbar kostnad för samma typ av huvudmän (som "4,9 procent av den jämförbara
kostnaden", 9.2.3).

Uteslutningsregler, rangordning, R² och år till full effekt: se ``simulering_urval``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.norm.resultat import NormResultat
from skolpeng.parametrar import Parameterlage
from skolpeng.uppfoljning.simulering_kostnad import (
    HUVUDMANNATYPER_SIMULERING,
    VERKSAMHET_FOR_VARIANT,
    avrakningar,
    jamforbara_rader,
    kontrollera_kostnader,
    modersmal_andel,
    valj_jamforelsear,
)
from skolpeng.uppfoljning.simulering_urval import (
    markera_avvikande,
    per_typ_sammanfattning,
    rangordna_och_ar,
)

__all__ = [
    "SIMULERING_KOLUMNER",
    "Simuleringsresultat",
    "ingaende",
    "kontrollera_kostnader",
    "modersmal_andel",
    "norm_per_huvudman",
    "simulera_mot_idag",
    "VERKSAMHET_FOR_VARIANT",
]

# simulering_huvudman.csv, i denna ordning.
SIMULERING_KOLUMNER: tuple[str, ...] = (
    "huvudman_id",
    "huvudman_namn",
    "huvudmannatyp",
    "elever",
    "elever_norm",
    "kostnad_per_elev",
    "jamforbar_kostnad_per_elev",
    "norm_per_elev",
    "skillnad_per_elev",
    "skillnad_kr",
    "under_normen",
    "tillskott_kr",
    "socioekonomiskt_index",
    "utgangslage_rang",
    "ar_till_full_effekt",
    "ingar",
    "utesluten_orsak",
)
PARAM_TAK = "simulering.tak_forandring_per_elev_och_ar"


@dataclass(frozen=True)
class Simuleringsresultat:
    """Simuleringen av normen mot i dag.

    - ``huvudman``: en rad per huvudman med ``SIMULERING_KOLUMNER`` (även uteslutna, med
      ``ingar = False`` och en orsak).
    - ``sammanfattning``: JSON-bar mappning med antal, summor, spridning, regressioner och
      fördelningen av år till full effekt per huvudmannatyp, samt de avräkningar och regler
      som användes.
    """

    huvudman: pl.DataFrame
    sammanfattning: dict[str, Any]


def norm_per_huvudman(resultat: NormResultat) -> pl.DataFrame:
    """Huvudmannens elevviktade norm över sina stadier och elevviktade socioekonomiska index.

    In: normens ``huvudman``- och ``enheter``-tabeller. Ut: huvudman_id, huvudmannatyp,
    huvudman_namn, elever_norm, norm_per_elev, socioekonomiskt_index.
    """
    norm = (
        resultat.huvudman.filter(pl.col("elever") > 0)
        .group_by("huvudman_id", "huvudmannatyp")
        .agg(
            pl.col("huvudman_namn").first(),
            pl.col("elever").sum().alias("elever_norm"),
            ((pl.col("elever") * pl.col("norm")).sum() / pl.col("elever").sum()).alias(
                "norm_per_elev"
            ),
        )
    )
    index = (
        resultat.enheter.filter(pl.col("elever") > 0)
        .group_by("huvudman_id", "huvudmannatyp")
        .agg(
            (
                (pl.col("elever") * pl.col("socioekonomiskt_index")).sum() / pl.col("elever").sum()
            ).alias("socioekonomiskt_index")
        )
    )
    return norm.join(index, on=["huvudman_id", "huvudmannatyp"], how="left")


def simulera_mot_idag(
    resultat: NormResultat,
    kostnader: pl.DataFrame,
    lage: Parameterlage,
    tak_per_elev_och_ar: float | None = None,
    uteslut_avvikande: bool = True,
    jamforelsear: int | None = None,
) -> Simuleringsresultat:
    """Jämför normen med dagens jämförbara kostnad (kommunal) eller intäkt (enskild) per huvudman.

    In: normresultatet för år N, ``kostnader_huvudman`` (raderna för normens verksamhet och
    jämförelseåret: N om det finns, annars kostnadsåret C uppräknat till N:s prisnivå),
    parameterläget, ett valfritt tak per elev och år (annars parametern
    ``simulering.tak_forandring_per_elev_och_ar``, 5 000 kr), om kraftigt
    avvikande huvudmän ska uteslutas och valfritt jämförelseåret (N eller C).
    Ut: ``Simuleringsresultat``.

    Per huvudman: ``skillnad_per_elev = norm_per_elev − jamforbar_kostnad_per_elev`` (positiv:
    normen ligger över i dag, kommunen behöver skjuta till / den enskilda får mer),
    ``skillnad_kr = skillnad_per_elev · elever``, ``tillskott_kr = max(skillnad_kr, 0)``,
    ``ar_till_full_effekt = ceil(|skillnad_per_elev| / tak)``. ``IndataFel`` om tabellen saknar
    rader för verksamheten år N och C.
    """
    verksamhet = VERKSAMHET_FOR_VARIANT[resultat.variant]
    tak = float(tak_per_elev_och_ar if tak_per_elev_och_ar is not None else lage.tal(PARAM_TAK))
    if not tak > 0:
        raise IndataFel([Problem("tak", f"taket per elev och år måste vara > 0, fick {tak}")])
    ar = valj_jamforelsear(
        kostnader, resultat.normar, resultat.kostnadsar, verksamhet, jamforelsear
    )
    avr = avrakningar(resultat, lage, ar)
    rader = jamforbara_rader(kostnader, verksamhet, avr)
    norm = norm_per_huvudman(resultat)
    df = rader.join(norm, on=["huvudman_id", "huvudmannatyp"], how="left").with_columns(
        (pl.col("norm_per_elev") - pl.col("jamforbar_kostnad_per_elev")).alias("skillnad_per_elev"),
    )
    df = df.with_columns(
        (pl.col("skillnad_per_elev") * pl.col("elever")).alias("skillnad_kr"),
        (pl.col("skillnad_per_elev") > 0).alias("under_normen"),
    ).with_columns(pl.col("skillnad_kr").clip(lower_bound=0.0).alias("tillskott_kr"))

    df, regel = markera_avvikande(df, verksamhet, lage, uteslut_avvikande)
    df = rangordna_och_ar(df, tak)
    df = df.select(SIMULERING_KOLUMNER).sort("huvudmannatyp", "huvudman_id")

    utan_kostnad = norm.join(rader, on=["huvudman_id", "huvudmannatyp"], how="anti")
    sammanfattning: dict[str, Any] = {
        "variant": resultat.variant,
        "verksamhet": verksamhet,
        "normar": resultat.normar,
        "kostnadsar_norm": resultat.kostnadsar,
        "jamforelsear": ar,
        "elevar": resultat.elevar,
        "niva": resultat.niva,
        "tak_per_elev_och_ar": tak,
        "uteslut_avvikande": uteslut_avvikande,
        "regel_for_avvikande": regel,
        "avrakningar": avr.som_dict(),
        "antal_huvudman_med_kostnad": df.height,
        "antal_huvudman_med_norm_utan_kostnad": {
            t: int((utan_kostnad["huvudmannatyp"] == t).sum()) for t in HUVUDMANNATYPER_SIMULERING
        },
        "uteslutna": _uteslutna(df),
        "per_typ": {
            t: per_typ_sammanfattning(df.filter(pl.col("huvudmannatyp") == t), tak)
            for t in HUVUDMANNATYPER_SIMULERING
        },
    }
    return Simuleringsresultat(df, sammanfattning)


def _uteslutna(df: pl.DataFrame) -> dict[str, int]:
    """Antal uteslutna huvudmän per orsak."""
    ut = df.filter(~pl.col("ingar")).group_by("utesluten_orsak").len()
    return {str(r["utesluten_orsak"]): int(r["len"]) for r in ut.iter_rows(named=True)}


def ingaende(resultat: Simuleringsresultat, huvudmannatyp: str) -> pl.DataFrame:
    """De huvudmän av en typ som ingår i simuleringen (inte uteslutna)."""
    return resultat.huvudman.filter(
        pl.col("ingar") & (pl.col("huvudmannatyp") == huvudmannatyp)
    ).sort("jamforbar_kostnad_per_elev")

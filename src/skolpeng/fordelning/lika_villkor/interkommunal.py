"""Interkommunal ersättning: hemkommunens ersättning till en annan kommun för en elev i den
kommunens skola (SOU 2025:72 avsnitt 3.1.1 och 10.5.3; skollagen 9 kap. 13 och 16 §§,
10 kap. 25, 30 och 34 §§).

Två regler, beroende på hur eleven togs emot:

- **eget val** (10 kap. 34 §): hemkommunen ersätter den mottagande kommunen efter samma
  grunder som den tillämpar för sina egna skolor, om kommunerna inte kommer överens om annat.
  Här: hemkommunens belopp per elev i stadiet ur potterna med ``samma_grunder = true``
  (alla kostnadsslag, lokalkostnader som fördelade), elevviktat medel över hemkommunens egna
  (kommunala) enheter – en pott med index- eller målgruppsnyckel ingår alltså med kommunens
  genomsnitt. Inget avdrag för utbudsansvar (SOU 10.5.3: alla kommuner har utbudsansvaret),
  ingen administration eller moms (de gäller bidrag till enskild huvudman, skolförordningen
  14 kap. 4 §). Ett överenskommet belopp går före.
- **placerad** (särskilda skäl, placerad av eller boende genom socialtjänsten,
  riksrekryterande utbildning; 10 kap. 25 och 30 §§): hemkommunen ersätter med den mottagande
  kommunens kostnad, som anges som ett belopp per elev och år.

En elev som börjar under året ersätts från och med månaden för bytet
(``bidrag_ny_elev.andel_av_aret``).

In: hemkommunens ``Fordelning`` (för eget val) och beloppen. Ut: ``InterkommunalErsattning``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.fordelning.lika_villkor.ny_elev import andel_av_aret
from skolpeng.fordelning.lika_villkor.per_enhet import elever_per_stadium, rader_per_stadium
from skolpeng.fordelning.underlag_och_resultat import Fordelning

Mottagning = Literal["eget_val", "placerad"]


@dataclass(frozen=True)
class InterkommunalErsattning:
    """Ersättningen för en elev: grunden (svensk text med lagrum), beloppet per elev och år,
    andelen av året och beloppet för perioden."""

    mottagning: str
    stadium: str
    grund: str
    kr_per_elev_och_ar: float
    fran_manad: int
    andel_av_aret: float
    belopp_kr: float


def hemkommunens_belopp_per_elev(fordelning: Fordelning) -> pl.DataFrame:
    """Hemkommunens belopp per elev och stadium på de grunder den tillämpar för sina egna
    skolor. In: hemkommunens fördelning. Ut: ``stadium, elever, kr_per_elev`` där
    ``kr_per_elev`` = Σ belopp ur potter med ``samma_grunder = true`` till kommunens egna
    enheter i stadiet / de enheternas elever i stadiet."""
    elever = elever_per_stadium(fordelning.underlag)
    kommunala = fordelning.underlag.enheter.filter(pl.col("huvudmannatyp") == "kommunal").select(
        "skolenhetskod"
    )
    elever_k = (
        elever.join(kommunala, on="skolenhetskod").group_by("stadium").agg(pl.col("elever").sum())
    )
    pengar = (
        rader_per_stadium(fordelning, elever)
        .filter(pl.col("samma_grunder"))
        .join(kommunala, on="skolenhetskod")
        .group_by("stadium")
        .agg(belopp_kr=pl.col("belopp_kr").sum())
    )
    return (
        elever_k.join(pengar, on="stadium", how="left")
        .with_columns(kr_per_elev=pl.col("belopp_kr").fill_null(0.0) / pl.col("elever"))
        .select("stadium", "elever", "kr_per_elev")
        .sort("stadium")
    )


def interkommunal_ersattning(
    mottagning: Mottagning,
    stadium: str,
    hemkommunens_belopp: pl.DataFrame | None = None,
    mottagande_kommunens_kostnad_kr: float | None = None,
    overenskommet_kr: float | None = None,
    fran_manad: int = 1,
) -> InterkommunalErsattning:
    """Ersättningen för en elev i en annan kommuns skola.

    In: hur eleven togs emot (``eget_val`` eller ``placerad``), stadiet,
    ``hemkommunens_belopp`` (``hemkommunens_belopp_per_elev``; krävs för eget val utan
    överenskommelse), den mottagande kommunens kostnad per elev och år (krävs för placerad),
    ett överenskommet belopp per elev och år (bara eget val) och månaden eleven börjar.
    Ut: ``InterkommunalErsattning``; saknade eller motsägande uppgifter -> ``IndataFel``."""
    problem: list[Problem] = []
    andel = andel_av_aret(fran_manad) if 1 <= fran_manad <= 12 else 0.0
    if not 1 <= fran_manad <= 12:
        problem.append(
            Problem("interkommunal ersättning", "månaden ska vara 1–12", kolumn="fran_manad")
        )
    belopp = 0.0
    grund = ""
    if mottagning == "placerad":
        if overenskommet_kr is not None:
            problem.append(
                Problem(
                    "interkommunal ersättning",
                    "för en placerad elev gäller "
                    "den mottagande kommunens kostnad, inte ett överenskommet "
                    "belopp",
                    kolumn="overenskommet_kr",
                )
            )
        if mottagande_kommunens_kostnad_kr is None or mottagande_kommunens_kostnad_kr < 0:
            problem.append(
                Problem(
                    "interkommunal ersättning",
                    "den mottagande kommunens "
                    "kostnad per elev ska anges (≥ 0 kr) för en placerad elev",
                    kolumn="mottagande_kommunens_kostnad_kr",
                )
            )
        else:
            belopp = float(mottagande_kommunens_kostnad_kr)
        grund = (
            "placerad elev: hemkommunen ersätter den mottagande kommunens kostnad "
            "(skollagen 10 kap. 25 och 30 §§; SOU 2025:72 avsnitt 3.1.1)"
        )
    elif overenskommet_kr is not None:
        if overenskommet_kr < 0:
            problem.append(
                Problem(
                    "interkommunal ersättning",
                    "det överenskomna beloppet ska vara ≥ 0 kr",
                    kolumn="overenskommet_kr",
                )
            )
        belopp = float(overenskommet_kr)
        grund = "eget val: det belopp kommunerna har kommit överens om (skollagen 10 kap. 34 §)"
    else:
        rad = (
            hemkommunens_belopp.filter(pl.col("stadium") == stadium)
            if hemkommunens_belopp is not None
            else None
        )
        if rad is None or rad.height != 1:
            problem.append(
                Problem(
                    "interkommunal ersättning",
                    f"hemkommunen har inget belopp "
                    f"per elev för stadium {stadium} (inga egna elever i "
                    "stadiet); ange ett överenskommet belopp",
                    kolumn="stadium",
                )
            )
        else:
            belopp = float(rad["kr_per_elev"][0])
        grund = (
            "eget val: hemkommunens belopp per elev på samma grunder som för de egna "
            "skolorna (skollagen 10 kap. 34 §; SOU 2025:72 avsnitt 3.1.1), utan avdrag "
            "för utbudsansvar (avsnitt 10.5.3)"
        )
    if problem:
        raise IndataFel(problem)
    return InterkommunalErsattning(
        mottagning=mottagning,
        stadium=stadium,
        grund=grund,
        kr_per_elev_och_ar=belopp,
        fran_manad=fran_manad,
        andel_av_aret=andel,
        belopp_kr=belopp * andel,
    )

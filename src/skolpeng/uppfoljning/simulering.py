"""Simulering av normen mot dagens kostnader och intäkter (NORM.md, "Simulation against today";
SOU 2025:72 avsnitt 6.3, 7.3, 8.1 och 9.2.3).

In: en beräknad norm (``NormResultat``), tabellen ``kostnader_huvudman`` (dagens kostnad eller
intäkt per elev och huvudman) och ett ``Parameterlage``. Ut: ``Simuleringsresultat`` – en rad
per huvudman (norm per elev mot jämförbar kostnad i dag, skillnad per elev och totalt, år till
full effekt under ett tak) och en JSON-bar sammanfattning (antal under normen, totalt tillskott,
spridning i dag och med normen, R² för förändringen mot utgångsläget och mot socioekonomiskt
index). Ren funktion: läser inga filer och skriver ingenting.

**Beslut – jämförbar kostnad.** ``kostnad_per_elev`` i ``kostnader_huvudman`` är huvudmannens
*redovisade* belopp för normårets år N (kommunal: kostnad per elev i egen regi för verksamheten;
enskild: intäkt per elev), och görs jämförbar med normen genom samma avräkningar som normen gör
från nettokostnaden, så som utredningen gjorde i avsnitt 6.3 och 7.3:

- kommunal, förskoleklass och grundskola:
  ``jämförbar = kostnad · (1 − tilläggsbeloppsschablon − modersmålsandel)``;
- enskild, förskoleklass och grundskola: ``jämförbar = intäkt · (1 − modersmålsandel)``;
- kommunal, fritidshem: ``jämförbar = kostnad · (1 − tilläggsbeloppsschablon)``;
- enskild, fritidshem: ``jämförbar = intäkt`` (källan har inga sådana uppgifter, 7.3.2).

Tilläggsbeloppsschablonen är normens egen parameter ``norm.avrakningar.tillaggsbelopp_schablon_andel``
(1,5 %, tilläggsbelopp och lovskola). Modersmålsandelen är normens nationella avräkning för
modersmål delad med den nationella nettokostnaden (ur normens sammanfattning), alltså en
schablon som andel av kostnaden – utredningen räknade av "en schablon för modersmål".
Schablonen för hemkommunsansvar (1 %) räknas *inte* av: den avser myndighetsuppgifter som
ligger utanför skolenheternas kostnader och utredningen räknade inte av den i simuleringen.

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

import numpy as np
import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.norm.resultat import NormResultat
from skolpeng.parametrar import Parameterlage
from skolpeng.uppfoljning.simulering_statistik import flyttal_eller_none
from skolpeng.uppfoljning.simulering_urval import (
    markera_avvikande,
    per_typ_sammanfattning,
    rangordna_och_ar,
)

VERKSAMHET_FOR_VARIANT: dict[str, str] = {
    "vagledande": "fk_gr",
    "bindande": "fk_gr",
    "fritidshem": "fritidshem",
}
HUVUDMANNATYPER_SIMULERING: tuple[str, ...] = ("kommunal", "enskild")
KOSTNADSKOLUMNER: tuple[str, ...] = (
    "huvudman_id",
    "ar",
    "verksamhet",
    "huvudmannatyp",
    "kostnad_per_elev",
    "elever",
)
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
# Nycklar i normens sammanfattning för modersmålsavräkningen och nettokostnaden.
# (``skolpeng.norm.berakning``: summor över kommunerna i kostnadsårets prisnivå).
_NYCKEL_MODERSMAL = "modersmal"
_NYCKEL_NETTOKOSTNAD = "nettokostnad"

PARAM_TAK = "simulering.simulering.tak_forandring_per_elev_och_ar"
PARAM_TILLAGGSBELOPP = "norm.avrakningar.tillaggsbelopp_schablon_andel"


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


def modersmal_andel(resultat: NormResultat) -> float:
    """Normens modersmålsavräkning som andel av den nationella nettokostnaden.

    In: normens sammanfattning. Ut: andelen (0 för fritidshem, som saknar avräkningen, och
    när sammanfattningen inte har beloppen).
    """
    if VERKSAMHET_FOR_VARIANT.get(resultat.variant) == "fritidshem":
        return 0.0
    s = resultat.sammanfattning
    modersmal, nk = s.get(_NYCKEL_MODERSMAL), s.get(_NYCKEL_NETTOKOSTNAD)
    if modersmal is None or not nk:
        return 0.0
    return float(modersmal) / float(nk)


def kontrollera_kostnader(
    kostnader: pl.DataFrame | None, ar: int, variant: str, fil: str = "kostnader_huvudman"
) -> list[Problem]:
    """Problem som hindrar simuleringen: tabellen saknas, kolumner saknas eller inga rader för
    året och normens verksamhet. In: tabellen (None om den saknas), normår, variant. Ut: lista."""
    if variant not in VERKSAMHET_FOR_VARIANT:
        tillatna = ", ".join(VERKSAMHET_FOR_VARIANT)
        return [Problem("--variant", f"okänd variant {variant!r}; tillåtna: {tillatna}")]
    if kostnader is None:
        return [
            Problem(
                fil,
                f"tabellen saknas i datasetet; simuleringen behöver dagens kostnad eller intäkt "
                f"per huvudman för år {ar} ({VERKSAMHET_FOR_VARIANT[variant]})",
            )
        ]
    try:
        kostnadsrader(kostnader, ar, VERKSAMHET_FOR_VARIANT[variant], fil)
    except IndataFel as fel:
        return fel.problem
    return []


def kostnadsrader(
    kostnader: pl.DataFrame, ar: int, verksamhet: str, fil: str = "kostnader_huvudman"
) -> pl.DataFrame:
    """Raderna i ``kostnader_huvudman`` för år och verksamhet (kommunala och enskilda).

    In: tabellen, året och verksamheten. Ut: de raderna; ``IndataFel`` om kolumner saknas eller
    om det inte finns någon rad för året och verksamheten.
    """
    saknas = [k for k in KOSTNADSKOLUMNER if k not in kostnader.columns]
    if saknas:
        raise IndataFel([Problem(fil, "kolumnen saknas", kolumn=k) for k in saknas])
    rader = kostnader.filter(
        (pl.col("ar") == ar)
        & (pl.col("verksamhet") == verksamhet)
        & pl.col("huvudmannatyp").is_in(HUVUDMANNATYPER_SIMULERING)
    )
    if rader.height == 0:
        finns = sorted(
            kostnader.filter(pl.col("verksamhet") == verksamhet)["ar"].unique().to_list()
        )
        raise IndataFel(
            [
                Problem(
                    fil,
                    f"inga kostnadsuppgifter för år {ar} och verksamhet {verksamhet!r} "
                    f"(år som finns för verksamheten: {', '.join(map(str, finns)) or 'inga'})",
                    kolumn="ar",
                )
            ]
        )
    return rader


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


def jamforbar_kostnad(
    rader: pl.DataFrame, verksamhet: str, tillaggsbelopp_andel: float, modersmal: float
) -> pl.DataFrame:
    """Lägger till ``jamforbar_kostnad_per_elev`` enligt beslutet i modulens beskrivning."""
    if verksamhet == "fritidshem":
        kommunal, enskild = 1.0 - tillaggsbelopp_andel, 1.0
    else:
        kommunal, enskild = 1.0 - tillaggsbelopp_andel - modersmal, 1.0 - modersmal
    faktor = pl.when(pl.col("huvudmannatyp") == "kommunal").then(kommunal).otherwise(enskild)
    return rader.with_columns(
        (pl.col("kostnad_per_elev").cast(pl.Float64) * faktor).alias("jamforbar_kostnad_per_elev")
    )


def simulera_mot_idag(
    resultat: NormResultat,
    kostnader: pl.DataFrame,
    lage: Parameterlage,
    tak_per_elev_och_ar: float | None = None,
    uteslut_avvikande: bool = True,
) -> Simuleringsresultat:
    """Jämför normen med dagens jämförbara kostnad (kommunal) eller intäkt (enskild) per huvudman.

    In: normresultatet för år N, ``kostnader_huvudman`` (raderna för år N och normens
    verksamhet används), parameterläget, ett valfritt tak per elev och år (annars parametern
    ``simulering.simulering.tak_forandring_per_elev_och_ar``, 5 000 kr) och om kraftigt
    avvikande huvudmän ska uteslutas. Ut: ``Simuleringsresultat``.

    Per huvudman: ``skillnad_per_elev = norm_per_elev − jamforbar_kostnad_per_elev`` (positiv:
    normen ligger över i dag, kommunen behöver skjuta till / den enskilda får mer),
    ``skillnad_kr = skillnad_per_elev · elever``, ``tillskott_kr = max(skillnad_kr, 0)``,
    ``ar_till_full_effekt = ceil(|skillnad_per_elev| / tak)``. ``IndataFel`` om tabellen saknar
    rader för året och verksamheten.
    """
    verksamhet = VERKSAMHET_FOR_VARIANT[resultat.variant]
    tak = float(tak_per_elev_och_ar if tak_per_elev_och_ar is not None else lage.tal(PARAM_TAK))
    if not tak > 0:
        raise IndataFel([Problem("tak", f"taket per elev och år måste vara > 0, fick {tak}")])
    tillaggsbelopp_andel = lage.tal(PARAM_TILLAGGSBELOPP)
    modersmal = modersmal_andel(resultat)

    rader = kostnadsrader(kostnader, resultat.normar, verksamhet)
    rader = jamforbar_kostnad(
        rader.select(KOSTNADSKOLUMNER), verksamhet, tillaggsbelopp_andel, modersmal
    )
    norm = norm_per_huvudman(resultat)
    df = rader.join(norm, on=["huvudman_id", "huvudmannatyp"], how="left").with_columns(
        pl.col("elever").cast(pl.Float64),
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
        "jamforelsear": resultat.normar,
        "elevar": resultat.elevar,
        "niva": resultat.niva,
        "tak_per_elev_och_ar": tak,
        "uteslut_avvikande": uteslut_avvikande,
        "regel_for_avvikande": regel,
        "avrakningar": {
            "tillaggsbelopp_schablon_andel": tillaggsbelopp_andel,
            "modersmal_andel": flyttal_eller_none(modersmal),
            "kommunal_faktor": float(
                1.0 - tillaggsbelopp_andel - (modersmal if verksamhet == "fk_gr" else 0.0)
            ),
            "enskild_faktor": float(1.0 - (modersmal if verksamhet == "fk_gr" else 0.0)),
        },
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


def som_numpy(df: pl.DataFrame, kolumn: str) -> np.ndarray:
    """En kolumn som float-vektor (null blir NaN)."""
    return df[kolumn].cast(pl.Float64).fill_null(float("nan")).to_numpy()

"""Dagens jämförbara kostnad per huvudman för simuleringen av normen mot i dag.

In: ``kostnader_huvudman`` (redovisad kostnad eller intäkt per elev och huvudman), normresultatet
och parameterläget. Ut: raderna för jämförelseåret och verksamheten med
``jamforbar_kostnad_per_elev`` i normårets prisnivå, och de avräkningar som användes.

**Beslut – jämförbar kostnad** (docs/regler/norm.md#beslut-jamforbar-kostnad: "its own cost per student in the norm's scope, less the
same schablons"; SOU 2025:72 avsnitt 6.3 och 7.3). ``kostnad_per_elev`` är huvudmannens
*redovisade* belopp (kommunal: kostnad per elev i egen regi för verksamheten, exklusive
skolskjuts, köp och lämnade bidrag; enskild: intäkt per elev). Det görs jämförbart med normen
genom samma avräkningar som normen gör från nettokostnaden:

- kommunal: ``jämförbar = kostnad · (1 − t − h − m) · u``, där t är schablonen för
  tilläggsbelopp och lovskola (``norm.avrakningar.tillaggsbelopp_schablon_andel``, 1,5 %),
  h schablonen för hemkommunsansvar (``norm.avrakningar.hemkommunsansvar_schablon_andel``,
  1 %) och m normens modersmålsavräkning som andel av den nationella nettokostnaden (ur
  normens sammanfattning; 0 för fritidshem, vars norm inte har avräkningen). Utredningen
  nämner i 6.3 tilläggsbelopp, lovskola och modersmål; specifikationen säger "samma schabloner
  som normen", så även hemkommunsansvaret räknas av – det ingår i den redovisade kostnaden i
  egen regi men inte i normens underlag, och utan avräkningen skulle kommunernas kostnad
  systematiskt ligga omkring 1 % för högt mot normen.
- enskild: ``jämförbar = intäkt · (1 − m) · u`` – utredningen räknade bort en schablon för
  modersmål från de enskilda huvudmännens intäkt (6.3); tilläggsbelopp betalas vid sidan av
  grundbeloppet och schablonerna avser kommunens nettokostnad.

**Beslut – jämförelseår och prisnivå.** Utredningen jämförde normen för år N med kostnaderna för
samma år N (6.3: modellen för 2022 mot kostnaden 2022). Finns rader för år N används de (u = 1).
Annars används kostnadsåret C = N − 2 (det år normen bygger på; ofta det senaste med utfall),
uppräknat till normårets prisnivå med normens egen uppräkningsfaktor
u = Π_{y=C+1..N}(1 + KPIF_y). Andra år godtas inte (det vore en annan prisnivå än normens).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.norm.resultat import NormResultat
from skolpeng.parametrar import Parameterlage

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
PARAM_TILLAGGSBELOPP = "norm.avrakningar.tillaggsbelopp_schablon_andel"
PARAM_HEMKOMMUN = "norm.avrakningar.hemkommunsansvar_schablon_andel"
# Nycklar i normens sammanfattning (``skolpeng.norm.stegen``).
_NYCKEL_MODERSMAL = "modersmal"
_NYCKEL_NETTOKOSTNAD = "nettokostnad"
_NYCKEL_UPPRAKNING = "upprakningsfaktor"
STANDARDFIL = "kostnader_huvudman"


@dataclass(frozen=True)
class Avrakningar:
    """Avräkningarna från den redovisade kostnaden och uppräkningen till normårets prisnivå."""

    jamforelsear: int
    tillaggsbelopp_schablon_andel: float
    hemkommunsansvar_schablon_andel: float
    modersmal_andel: float
    upprakning: float

    @property
    def kommunal_faktor(self) -> float:
        """(1 − t − h − m) · u för kommunala huvudmän."""
        andel = (
            self.tillaggsbelopp_schablon_andel
            + self.hemkommunsansvar_schablon_andel
            + self.modersmal_andel
        )
        return (1.0 - andel) * self.upprakning

    @property
    def enskild_faktor(self) -> float:
        """(1 − m) · u för enskilda huvudmän."""
        return (1.0 - self.modersmal_andel) * self.upprakning

    def som_dict(self) -> dict[str, float | int]:
        """Avräkningarna och faktorerna som JSON-bar mappning."""
        return {
            **asdict(self),
            "kommunal_faktor": self.kommunal_faktor,
            "enskild_faktor": self.enskild_faktor,
        }


def modersmal_andel(resultat: NormResultat) -> float:
    """Normens modersmålsavräkning som andel av den nationella nettokostnaden.

    In: normens sammanfattning. Ut: andelen (0 för fritidshem, som saknar avräkningen, och när
    sammanfattningen inte har beloppen).
    """
    if VERKSAMHET_FOR_VARIANT.get(resultat.variant) == "fritidshem":
        return 0.0
    s = resultat.sammanfattning
    modersmal, nk = s.get(_NYCKEL_MODERSMAL), s.get(_NYCKEL_NETTOKOSTNAD)
    if modersmal is None or not nk:
        return 0.0
    return float(modersmal) / float(nk)


def _kolumnproblem(kostnader: pl.DataFrame, fil: str) -> list[Problem]:
    return [
        Problem(fil, "kolumnen saknas", kolumn=k)
        for k in KOSTNADSKOLUMNER
        if k not in kostnader.columns
    ]


def _ar_med_rader(kostnader: pl.DataFrame, verksamhet: str) -> list[int]:
    return sorted(
        kostnader.filter(
            (pl.col("verksamhet") == verksamhet)
            & pl.col("huvudmannatyp").is_in(HUVUDMANNATYPER_SIMULERING)
        )["ar"]
        .unique()
        .to_list()
    )


def valj_jamforelsear(
    kostnader: pl.DataFrame,
    normar: int,
    kostnadsar: int,
    verksamhet: str,
    onskat: int | None = None,
    fil: str = STANDARDFIL,
) -> int:
    """Jämförelseåret enligt beslutet i modulens beskrivning: N om det finns, annars C.

    In: tabellen, normår N, kostnadsår C, verksamhet och valfritt önskat år (N eller C).
    Ut: året. ``IndataFel`` om kolumner saknas, om det önskade året inte är N eller C, eller om
    tabellen saknar rader för verksamheten både år N och år C.
    """
    problem = _kolumnproblem(kostnader, fil)
    if problem:
        raise IndataFel(problem)
    if onskat is not None and onskat not in (normar, kostnadsar):
        raise IndataFel(
            [
                Problem(
                    "jämförelseår",
                    f"jämförelseåret måste vara normåret {normar} eller kostnadsåret "
                    f"{kostnadsar}, fick {onskat}",
                )
            ]
        )
    finns = _ar_med_rader(kostnader, verksamhet)
    kandidater = [onskat] if onskat is not None else [normar, kostnadsar]
    for ar in kandidater:
        if ar in finns:
            return ar
    onskade = " eller ".join(str(a) for a in kandidater)
    raise IndataFel(
        [
            Problem(
                fil,
                f"inga kostnadsuppgifter för år {onskade} och verksamhet {verksamhet!r} "
                f"(normår {normar}, kostnadsår {kostnadsar}); år som finns för verksamheten: "
                f"{', '.join(map(str, finns)) or 'inga'}",
                kolumn="ar",
            )
        ]
    )


def kontrollera_kostnader(
    kostnader: pl.DataFrame | None,
    normar: int,
    variant: str,
    kostnadsar: int,
    fil: str = STANDARDFIL,
) -> list[Problem]:
    """Problem som hindrar simuleringen: okänd variant, tabellen saknas, kolumner saknas eller
    inga rader för verksamheten år N eller C. In: tabellen (None om den saknas), normår N,
    variant och kostnadsår C. Ut: en lista (tom om allt finns)."""
    if variant not in VERKSAMHET_FOR_VARIANT:
        tillatna = ", ".join(VERKSAMHET_FOR_VARIANT)
        return [Problem("--variant", f"okänd variant {variant!r}; tillåtna: {tillatna}")]
    verksamhet = VERKSAMHET_FOR_VARIANT[variant]
    if kostnader is None:
        return [
            Problem(
                fil,
                "tabellen saknas i datasetet; simuleringen behöver dagens kostnad eller intäkt "
                f"per huvudman ({verksamhet}) för normåret {normar} eller kostnadsåret {kostnadsar}",
            )
        ]
    try:
        valj_jamforelsear(kostnader, normar, kostnadsar, verksamhet, fil=fil)
    except IndataFel as fel:
        return fel.problem
    return []


def avrakningar(resultat: NormResultat, lage: Parameterlage, jamforelsear: int) -> Avrakningar:
    """Avräkningarna för normresultatet och jämförelseåret (se modulens beskrivning)."""
    if jamforelsear == resultat.normar:
        upprakning = 1.0
    elif jamforelsear == resultat.kostnadsar:
        upprakning = float(resultat.sammanfattning[_NYCKEL_UPPRAKNING])
    else:
        raise ValueError(f"jämförelseåret {jamforelsear} är varken normår eller kostnadsår")
    return Avrakningar(
        jamforelsear=jamforelsear,
        tillaggsbelopp_schablon_andel=lage.tal(PARAM_TILLAGGSBELOPP),
        hemkommunsansvar_schablon_andel=lage.tal(PARAM_HEMKOMMUN),
        modersmal_andel=modersmal_andel(resultat),
        upprakning=upprakning,
    )


def jamforbara_rader(kostnader: pl.DataFrame, verksamhet: str, avr: Avrakningar) -> pl.DataFrame:
    """Raderna för jämförelseåret och verksamheten (kommunala och enskilda) med
    ``jamforbar_kostnad_per_elev = kostnad_per_elev · faktor`` (faktorn efter huvudmannatyp)."""
    rader = kostnader.filter(
        (pl.col("ar") == avr.jamforelsear)
        & (pl.col("verksamhet") == verksamhet)
        & pl.col("huvudmannatyp").is_in(HUVUDMANNATYPER_SIMULERING)
    ).select(KOSTNADSKOLUMNER)
    faktor = (
        pl.when(pl.col("huvudmannatyp") == "kommunal")
        .then(avr.kommunal_faktor)
        .otherwise(avr.enskild_faktor)
    )
    return rader.with_columns(
        pl.col("kostnad_per_elev").cast(pl.Float64),
        pl.col("elever").cast(pl.Float64),
        (pl.col("kostnad_per_elev").cast(pl.Float64) * faktor).alias("jamforbar_kostnad_per_elev"),
    )

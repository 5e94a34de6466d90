"""Resultatgapet på en verklig resultatserie: behovsindex ur bakgrunden, riket och kommunerna.

Stockholm 2022: "skillnader i resultat mellan skolor med olika socioekonomiska förutsättningar
har minskat över tid … Det minskade gapet beror på att det går allt bättre för skolor med
ogynnsamma socioekonomiska förutsättningar." Här ställs samma fråga på Skolverkets publicerade
resultat per skolenhet (datasetet ``resultatserie``).

In: ``resultat`` och ``bakgrund`` med kolumnen ``ar`` (``indata.med_ar``), ``enheter`` med
``kommunkod``, utfallen, minsta antal elever, minsta antal enheter för en kommun och
signifikansnivån. Ut: ``Omradesgap`` – gapet per år och trenderna för riket (``omrade`` =
``riket``) och för varje kommun med tillräckligt många enheter, och listan över kommunerna
med antal enheter per år och om de redovisas.

Behovet mäts med ett **behovsindex ur bakgrunden**: andelen elever vars föräldrar saknar
eftergymnasial utbildning, skalad så att det elevviktade medelvärdet över enheterna i
underlaget är 100 (högt = större behov; SKL 2014 steg 2: föräldrarnas utbildning är den
faktor som förklarar mest). När bakgrunden är mätt ett och samma läsår för alla år (som i
``resultatserie``: 2025/26) är indexet detsamma varje år.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.index.modell import LITEN_ENHET_STANDARD
from skolpeng.uppfoljning.resultatgap import gap_per_ar, trender
from skolpeng.uppfoljning.traffsakerhet import analysunderlag

BEHOVSFAKTOR = "andel_eftergymnasial"
RIKET = "riket"
#: År med tillräckligt många enheter som en kommun behöver för att dess trend ska redovisas.
MINSTA_AR_KOMMUN = 3


@dataclass(frozen=True)
class Omradesgap:
    """Gapet per område (``riket`` eller en kommunkod).

    ``per_ar``: omrade + kolumnerna i ``resultatgap.gap_per_ar``; ``trender``: omrade +
    kolumnerna i ``resultatgap.trender``; ``kommuner``: kommunkod, utfall, ar,
    antal_enheter, arets_antal_racker (bool) och redovisas (bool: minst ``MINSTA_AR_KOMMUN``
    år med tillräckligt många enheter)."""

    per_ar: pl.DataFrame
    trender: pl.DataFrame
    kommuner: pl.DataFrame
    minsta_antal_enheter: int

    def omraden(self) -> list[str]:
        """Riket först, sedan kommunerna som redovisas (i kodordning)."""
        ovriga = sorted(set(self.per_ar["omrade"].to_list()) - {RIKET})
        return [RIKET, *ovriga]

    def redovisade_kommuner(self, utfall: str) -> list[str]:
        """Kommunkoderna som redovisas för ``utfall``."""
        k = self.kommuner.filter((pl.col("utfall") == utfall) & pl.col("redovisas"))
        return sorted(k["kommunkod"].unique().to_list())

    def bedomning(self, omrade: str, utfall: str, matt: str = "gap") -> str:
        """Trendens bedömning för ett område, utfall och mått."""
        rad = self.trender.filter(
            (pl.col("omrade") == omrade) & (pl.col("utfall") == utfall) & (pl.col("matt") == matt)
        )
        return str(rad["bedomning"][0]) if rad.height else ""


def behovsindex(bakgrund: pl.DataFrame, faktor: str = BEHOVSFAKTOR) -> pl.DataFrame:
    """``bakgrund`` med ``ar`` -> skolenhetskod, ar, index = 100 × (1 − andel) / det
    elevviktade medelvärdet av (1 − andel) över årets enheter (vikt ``antal_elever``), och
    ``liten_enhet`` (färre elever än docs/regler/index.md:s gräns, standard 10: indexet publiceras då
    aldrig med andelarna). Enheter utan andel eller elevantal får inget index."""
    ram = bakgrund.drop_nulls([faktor, "antal_elever"]).filter(pl.col("antal_elever") > 0)
    behov = 1.0 - pl.col(faktor)
    w = pl.col("antal_elever")
    return ram.select(
        "skolenhetskod",
        "ar",
        index=100.0 * behov / ((behov * w).sum().over("ar") / w.sum().over("ar")),
        liten_enhet=w < LITEN_ENHET_STANDARD,
    ).sort("ar", "skolenhetskod")


def _kommunantal(underlag: pl.DataFrame, kommun: pl.DataFrame, utfall: str) -> pl.DataFrame:
    return (
        underlag.join(kommun, on="skolenhetskod")
        .group_by("kommunkod", "ar")
        .agg(antal_enheter=pl.len())
        .with_columns(utfall=pl.lit(utfall))
    )


def _gap(underlag: pl.DataFrame, utfall: str, omrade: str) -> pl.DataFrame:
    g = gap_per_ar(underlag, utfall)
    return g.with_columns(omrade=pl.lit(omrade)) if g.height else g


def omradesgap(
    resultat: pl.DataFrame,
    index: pl.DataFrame,
    enheter: pl.DataFrame,
    utfall: Sequence[str],
    minsta_antal: float,
    minsta_antal_enheter: int = 20,
    signifikans: float = 0.05,
) -> Omradesgap:
    """Gapet för riket och för varje kommun med minst ``minsta_antal_enheter`` enheter (med
    utfall, index och minst ``minsta_antal`` elever) ett år, i minst ``MINSTA_AR_KOMMUN`` år.
    En kommuns år med färre enheter tas inte med i dess trend. Kvartilerna bildas inom
    området (riket eller kommunen). Kastar ``IndataFel`` om inget utfall ger något år."""
    kommun = enheter.select("skolenhetskod", "kommunkod").drop_nulls()
    per_ar: list[pl.DataFrame] = []
    antal: list[pl.DataFrame] = []
    for u in utfall:
        underlag = analysunderlag(resultat, index, None, u, minsta_antal)
        per_ar.append(_gap(underlag, u, RIKET))
        n = _kommunantal(underlag, kommun, u).with_columns(
            arets_antal_racker=pl.col("antal_enheter") >= minsta_antal_enheter
        )
        n = n.with_columns(
            redovisas=pl.col("arets_antal_racker").sum().over("kommunkod") >= MINSTA_AR_KOMMUN
        )
        antal.append(n)
        for (kod,), del_ in n.filter(pl.col("redovisas") & pl.col("arets_antal_racker")).group_by(
            "kommunkod"
        ):
            ar = del_["ar"].to_list()
            koder = kommun.filter(pl.col("kommunkod") == kod)["skolenhetskod"].to_list()
            sub = underlag.filter(pl.col("skolenhetskod").is_in(koder) & pl.col("ar").is_in(ar))
            per_ar.append(_gap(sub, u, str(kod)))
    per_ar = [p for p in per_ar if p.height]
    if not per_ar:
        raise IndataFel(
            [Problem("resultat", "inget år har minst åtta enheter med både utfall och bakgrund")]
        )
    alla = pl.concat(per_ar).sort("omrade", "utfall", "ar")
    tr = pl.concat(
        trender(del_.drop("omrade"), signifikans).with_columns(omrade=pl.lit(o))
        for (o,), del_ in alla.group_by("omrade", maintain_order=True)
    )
    kommuner = pl.concat(antal).select(
        "kommunkod", "utfall", "ar", "antal_enheter", "arets_antal_racker", "redovisas"
    )
    return Omradesgap(
        per_ar=alla.select("omrade", *[c for c in alla.columns if c != "omrade"]),
        trender=tr.select("omrade", *[c for c in tr.columns if c != "omrade"]),
        kommuner=kommuner.sort("kommunkod", "utfall", "ar"),
        minsta_antal_enheter=minsta_antal_enheter,
    )


def ar_med_utfall(resultat: pl.DataFrame, utfall: str) -> list[str]:
    """Läsåren där minst en enhet har ``utfall`` (proven i årskurs 6 saknas 2020/21)."""
    return sorted(resultat.filter(pl.col(utfall).is_not_null())["lasar"].unique().to_list())

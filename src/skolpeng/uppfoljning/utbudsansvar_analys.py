"""Utbudsansvarsanalysen som ett anrop: serie + parametrar -> resultat, avdrag och jämförelser.

In: en validerad elevserie (tabell med ar, antal_elever och valfritt antal_elever_kommunal),
ett ``Parameterlage`` och analysens val. Ut: ``Utbudsanalys`` med överkapaciteten per år,
den totala överkapaciteten, avdraget enligt tabell 10.3 (med tabellens andelar B och C och,
om serien har elever i kommunal skola, med seriens senaste års andelar), utredningens
jämförelsevärden och avdragssatsen i förslaget, och som känslighetsanalys samma beräkning med
den andra trendmetoden (Hodrick–Prescott i stället för standardens linjära trend, eller
tvärtom). Samma anrop
används av CLI och rapport.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from typing import Any

import polars as pl

from skolpeng.parametrar import Parameterlage
from skolpeng.uppfoljning.utbudsansvar import (
    Anpassningskalla,
    Avdragsberakning,
    Trendmetod,
    Utbudsresultat,
    avdrag_andel,
    avdragsberakning,
    demografisk_overkapacitet,
    installningar_fran_parametrar,
)

AVDRAGSSATS_PARAMETER = "bidrag.avdrag_utbudsansvar_andel"
AVDRAGSSATS_DATUM = dt.date(2029, 1, 1)  # förslagets fulla sats gäller från 2029


@dataclass(frozen=True)
class FaktiskaAndelar:
    """Avdraget med seriens egna andelar elever i kommunal (B) och övrig (C) skola."""

    ar: int
    kommunal_elever: float
    ovriga_elever: float
    avdrag_andel: float


@dataclass(frozen=True)
class AlternativTrend:
    """Känslighetsanalysen: samma serie och val men den andra trendmetoden."""

    trendmetod: Trendmetod
    resultat: Utbudsresultat
    avdrag_andel: float


def andra_trendmetoden(metod: Trendmetod) -> Trendmetod:
    """Den trendmetod som inte valdes: ``hp`` -> ``linjar``, ``linjar`` -> ``hp``."""
    return "linjar" if metod == "hp" else "hp"


@dataclass(frozen=True)
class Utbudsanalys:
    """Hela analysen: resultatet, tabell 10.3 och jämförelsevärdena med källor."""

    serie: str
    resultat: Utbudsresultat
    avdrag: Avdragsberakning
    faktiska_andelar: FaktiskaAndelar | None
    jamforelse: dict[str, float]
    kallor: dict[str, str]
    cykellangd_ar: float
    alternativ_trend: AlternativTrend | None = None

    @property
    def kort_serie(self) -> bool:
        """Om serien är kortare än en demografisk cykel (då speglar den inte en hel våg)."""
        return self.resultat.per_ar.height < self.cykellangd_ar

    def som_json(self) -> dict[str, Any]:
        """Sammanfattningen som en JSON-bar mappning (utan tabellen per år)."""
        r = self.resultat
        per_ar = r.per_ar
        return {
            "serie": self.serie,
            "forsta_ar": int(per_ar["ar"].min()),  # type: ignore[arg-type]
            "sista_ar": int(per_ar["ar"].max()),  # type: ignore[arg-type]
            "antal_ar": per_ar.height,
            "installningar": asdict(r.installningar),
            "topp_ar": per_ar.filter(pl.col("ar_topp"))["ar"].to_list(),
            "toppar_reserv": r.toppar_reserv,
            "topp_avvikelse_andel": r.topp_avvikelse_andel,
            "medel_overkapacitet_andel": r.medel_overkapacitet_andel,
            "min_overkapacitet_andel": r.min_overkapacitet_andel,
            "max_overkapacitet_andel": r.max_overkapacitet_andel,
            "beredskap_andel": r.installningar.beredskap_andel,
            "total_overkapacitet_andel": r.total_overkapacitet_andel,
            "avdrag": asdict(self.avdrag),
            "avdrag_andel": self.avdrag.avdrag_andel,
            "avdrag_faktiska_andelar": (
                asdict(self.faktiska_andelar) if self.faktiska_andelar else None
            ),
            "kort_serie": self.kort_serie,
            "cykellangd_ar": self.cykellangd_ar,
            "jamforelse": self.jamforelse,
            "kallor": self.kallor,
            "alternativ_trend": _alternativ_json(self.alternativ_trend),
        }


def _alternativ_json(alt: AlternativTrend | None) -> dict[str, Any] | None:
    """Känslighetsanalysens sammanfattning för JSON (None om den inte gjorts)."""
    if alt is None:
        return None
    r = alt.resultat
    return {
        "trendmetod": alt.trendmetod,
        "topp_ar": r.per_ar.filter(pl.col("ar_topp"))["ar"].to_list(),
        "topp_avvikelse_andel": r.topp_avvikelse_andel,
        "medel_overkapacitet_andel": r.medel_overkapacitet_andel,
        "min_overkapacitet_andel": r.min_overkapacitet_andel,
        "max_overkapacitet_andel": r.max_overkapacitet_andel,
        "total_overkapacitet_andel": r.total_overkapacitet_andel,
        "avdrag_andel": alt.avdrag_andel,
    }


def utbudsanalys(
    serie: pl.DataFrame,
    p: Parameterlage,
    *,
    serienamn: str,
    trendmetod: Trendmetod | None = None,
    anpassning: Anpassningskalla = "parameter",
    hp_lambda: float | None = None,
    forslagets_avdragssats: tuple[float, str] | None = None,
) -> Utbudsanalys:
    """Kör analysen. In: serien, parametrarna, seriens namn, trendmetod (None: parameterns
    standard, den linjära trenden i log), källan för a,
    valfritt ett annat λ än parametern och valfritt förslagets avdragssats med källa
    (``AVDRAGSSATS_PARAMETER`` vid ``AVDRAGSSATS_DATUM``) att jämföra med.
    Ut: ``Utbudsanalys``, med känslighetsanalysen för den andra trendmetoden
    (``andra_trendmetoden``) i ``alternativ_trend``."""
    inst = installningar_fran_parametrar(p, trendmetod, anpassning)
    if hp_lambda is not None:
        inst = replace(inst, hp_lambda=hp_lambda)
    resultat = demografisk_overkapacitet(serie, inst)
    b = p.tal("utbudsansvar.overkapacitet.kommunal_skola_elever")
    c = p.tal("utbudsansvar.overkapacitet.enskild_skola_elever")
    f = p.tal("utbudsansvar.overkapacitet.kostnad_per_plats_kr")
    avdrag = avdragsberakning(resultat.total_overkapacitet_andel, b, c, f)
    annan = andra_trendmetoden(inst.trendmetod)
    alt_resultat = demografisk_overkapacitet(serie, replace(inst, trendmetod=annan))
    alternativ = AlternativTrend(
        trendmetod=annan,
        resultat=alt_resultat,
        avdrag_andel=avdrag_andel(alt_resultat.total_overkapacitet_andel, b, c),
    )

    faktiska = None
    if "antal_elever_kommunal" in serie.columns:
        med = serie.sort("ar").drop_nulls("antal_elever_kommunal")
        if med.height and med["antal_elever_kommunal"][-1] > 0:
            sista = med.row(-1, named=True)
            kommunal = float(sista["antal_elever_kommunal"])
            ovriga = float(sista["antal_elever"]) - kommunal
            faktiska = FaktiskaAndelar(
                ar=int(sista["ar"]),
                kommunal_elever=kommunal,
                ovriga_elever=ovriga,
                avdrag_andel=avdrag_andel(resultat.total_overkapacitet_andel, kommunal, ovriga),
            )

    namn = {
        "sou_demografisk_overkapacitet_andel": "utbudsansvar.overkapacitet.demografisk_overkapacitet_andel",
        "sou_genomsnittlig_kommun_overkapacitet_andel": (
            "utbudsansvar.overkapacitet.demografisk_overkapacitet_genomsnittlig_kommun_andel"
        ),
        "beredskap_andel": "utbudsansvar.overkapacitet.beredskap_andel",
        "anpassningsgrad_andel": "utbudsansvar.overkapacitet.anpassningsgrad_andel",
        "trendmetod": "utbudsansvar.overkapacitet.trendmetod",
        "hp_lambda": "utbudsansvar.overkapacitet.hp_lambda",
        "kommunal_skola_elever": "utbudsansvar.overkapacitet.kommunal_skola_elever",
        "enskild_skola_elever": "utbudsansvar.overkapacitet.enskild_skola_elever",
    }
    jamforelse = {k: p.tal(v) for k, v in namn.items() if k.startswith("sou_")}
    sou_total = jamforelse["sou_demografisk_overkapacitet_andel"] + inst.beredskap_andel
    jamforelse["sou_total_overkapacitet_andel"] = sou_total
    jamforelse["sou_avdrag_andel"] = avdrag_andel(sou_total, b, c)
    kallor = {k: p.kalla(v) for k, v in namn.items()}
    if forslagets_avdragssats is not None:
        jamforelse["forslagets_avdragssats_andel"] = forslagets_avdragssats[0]
        kallor["forslagets_avdragssats_andel"] = forslagets_avdragssats[1]
    return Utbudsanalys(
        serie=serienamn,
        resultat=resultat,
        avdrag=avdrag,
        faktiska_andelar=faktiska,
        jamforelse=jamforelse,
        kallor=kallor,
        cykellangd_ar=p.tal("utbudsansvar.overkapacitet.cykellangd_ar"),
        alternativ_trend=alternativ,
    )

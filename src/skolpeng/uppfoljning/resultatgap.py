"""Resultatgapet över tid (docs/regler/uppfoljning.md#resultatgap; Stockholm 2022: "skillnader i resultat mellan skolor
med olika socioekonomiska förutsättningar har minskat över tid … Det minskade gapet beror på
att det går allt bättre för skolor med ogynnsamma socioekonomiska förutsättningar").

In: resultat per enhet och budgetår (kolumnen ``ar``) och index per enhet och år, utfallen,
minsta antal elever och signifikansnivån. Ut: ``Resultatgap``:

- ``per_ar``: per utfall och år, enheterna delade i kvartiler efter index (kvartil 1 = lägst
  index, minst behov; 4 = högst), elevviktat medel i kvartil 1 och 4, gapet = kvartil 1 −
  kvartil 4, lutningen av utfallet på indexet (elevviktad) och gapet per indexenhet = −lutning;
- ``trender``: per utfall och mått (gap, gap per indexenhet, medel i kvartil 4 och 1) trenden
  per år (OLS över åren) med standardfel och konfidensintervall, och bedömningen: för gapen
  ``minskar``/``ökar``/``oförändrat``, för nivåerna ``förbättras``/``försämras``/
  ``oförändrat`` (intervallet på nivån 1 − signifikans utesluter noll eller inte); färre än
  tre år ger ``för få år``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
import statsmodels.api as sm

from skolpeng.fel import IndataFel, Problem
from skolpeng.uppfoljning.traffsakerhet import analysunderlag, regression_pa_index

MATT = {
    "gap": ("minskar", "ökar"),
    "gap_per_indexenhet": ("minskar", "ökar"),
    "medel_hogt_index": ("försämras", "förbättras"),
    "medel_lagt_index": ("försämras", "förbättras"),
}
OFORANDRAT = "oförändrat"
FOR_FA_AR = "för få år"


@dataclass(frozen=True)
class Resultatgap:
    """Gapet per år och trenderna (se modulens beskrivning)."""

    per_ar: pl.DataFrame
    trender: pl.DataFrame

    def bedomning(self, utfall: str, matt: str = "gap") -> str:
        """Bedömningen av trenden för ``matt`` och ``utfall``."""
        rad = self.trender.filter((pl.col("utfall") == utfall) & (pl.col("matt") == matt))
        return str(rad["bedomning"][0])


def kvartiler(ram: pl.DataFrame) -> pl.DataFrame:
    """Lägger till ``kvartil`` (1–4) per år efter index: rang (lika index i kodordning)
    delat i fyra lika stora grupper; 1 = lägst index."""
    return ram.sort("ar", "index", "skolenhetskod").with_columns(
        kvartil=((pl.int_range(pl.len()).over("ar") * 4 // pl.len().over("ar")).cast(pl.Int64) + 1)
    )


def gap_per_ar(underlag: pl.DataFrame, utfall: str) -> pl.DataFrame:
    """``analysunderlag`` för ett utfall -> en rad per år: utfall, ar, antal_enheter,
    medel_lagt_index, medel_hogt_index, gap, lutning, lutning_se, gap_per_indexenhet, r2.
    År med färre än åtta enheter hoppas över."""
    rader = []
    for (ar,), del_ in kvartiler(underlag).group_by("ar", maintain_order=True):
        if del_.height < 8 or del_["index"].n_unique() < 2:
            continue
        w = pl.col("antal_elever")
        medel = del_.group_by("kvartil").agg(m=(pl.col("faktiskt") * w).sum() / w.sum())
        m = dict(zip(medel["kvartil"].to_list(), medel["m"].to_list(), strict=True))
        reg, _ = regression_pa_index(
            del_["faktiskt"].to_numpy(), del_["index"].to_numpy(), del_["antal_elever"].to_numpy()
        )
        rader.append(
            {
                "utfall": utfall,
                "ar": ar,
                "antal_enheter": del_.height,
                "medel_lagt_index": m[1],
                "medel_hogt_index": m[4],
                "gap": m[1] - m[4],
                "lutning": reg["lutning"],
                "lutning_se": reg["lutning_se"],
                "gap_per_indexenhet": -reg["lutning"],
                "r2": reg["r2"],
            }
        )
    return pl.DataFrame(rader)


def trend(ar: np.ndarray, varde: np.ndarray, signifikans: float) -> dict[str, float | int | None]:
    """OLS av värdet på året -> per_ar (lutning), standardfel, p, ki_lag, ki_hog, antal_ar.
    Med färre än tre år är allt utom antal_ar None."""
    n = int(len(ar))
    if n < 3:
        return {
            "per_ar": None,
            "standardfel": None,
            "p": None,
            "ki_lag": None,
            "ki_hog": None,
            "antal_ar": n,
        }
    modell = sm.OLS(varde, sm.add_constant(ar.astype(float))).fit()
    ki = np.asarray(modell.conf_int(alpha=signifikans))[1]
    return {
        "per_ar": float(modell.params[1]),
        "standardfel": float(modell.bse[1]),
        "p": float(modell.pvalues[1]),
        "ki_lag": float(ki[0]),
        "ki_hog": float(ki[1]),
        "antal_ar": n,
    }


def _bedom(t: dict, matt: str) -> str:
    if t["per_ar"] is None:
        return FOR_FA_AR
    ner, upp = MATT[matt]
    if t["ki_hog"] < 0:
        return ner
    if t["ki_lag"] > 0:
        return upp
    return OFORANDRAT


def trender(per_ar: pl.DataFrame, signifikans: float) -> pl.DataFrame:
    """Per utfall och mått i ``MATT``: trenden över åren och bedömningen."""
    rader = []
    for (utfall,), del_ in per_ar.sort("ar").group_by("utfall", maintain_order=True):
        ar = del_["ar"].to_numpy()
        for matt in MATT:
            t = trend(ar, del_[matt].to_numpy(), signifikans)
            rader.append({"utfall": utfall, "matt": matt, **t, "bedomning": _bedom(t, matt)})
    return pl.DataFrame(rader)


def resultatgap(
    resultat: pl.DataFrame,
    index: pl.DataFrame,
    utfall: Sequence[str],
    minsta_antal: float,
    signifikans: float = 0.05,
) -> Resultatgap:
    """Hela analysen av resultatgapet (se modulens beskrivning). ``resultat`` ska ha ``ar``."""
    delar = [gap_per_ar(analysunderlag(resultat, index, None, u, minsta_antal), u) for u in utfall]
    delar = [d for d in delar if d.height]
    if not delar:
        raise IndataFel(
            [
                Problem(
                    "resultat",
                    "inget år har minst åtta enheter med både utfall och index; "
                    "kontrollera att läsåren i resultat motsvarar åren i index",
                )
            ]
        )
    per_ar = pl.concat(delar)
    return Resultatgap(per_ar=per_ar.sort("utfall", "ar"), trender=trender(per_ar, signifikans))

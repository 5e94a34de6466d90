"""Modellens träffsäkerhet (docs/regler/uppfoljning.md#traffsakerhet; SKL 2014 steg 7).

In: resultat per enhet och budgetår (med kolumnen ``ar``, se ``indata.med_ar``), index per
enhet och år, belopp per enhet och år (``belopp.per_enhet``) och valfritt bakgrund. Ut:
``Traffsakerhet``:

- ``forklaringsgrad``: per utfall och år R² (elevviktad regression av utfallet på indexet),
  rangkorrelation (Spearman, enheter ovägda) och lutningen med standardfel;
- ``kompensation``: per enhet avvikelsen i resultat och i finansiering per elev från vad
  indexet ger (residualer i elevviktade regressioner på indexet); *möjligen
  underkompenserad* = båda under kvantilen q (låga resultat och låg finansiering i
  förhållande till indexet), *möjligen överkompenserad* = båda över 1 − q (SKL steg 7:
  "De skolor som har påtagligt låga resultat – missgynnas de av resursfördelningen? …
  Skolor med påtagligt höga resultat och samtidigt hög ersättning");
- ``grupper``: vilka elevgrupper (bakgrundsandelar) som är över- eller underrepresenterade
  i de flaggade enheterna jämfört med alla (SKL steg 7: "Har de någon elevgrupp med stora
  behov som är överrepresenterad");
- ``omfordelning``: graden av omfördelning per år: de socioekonomiska potternas andel av
  budgeten, den andel av budgeten som de faktiskt flyttar jämfört med en fördelning per elev,
  och spridningen av totalen per elev (min, kvartiler, max, variationskoefficient).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.stats import spearmanr

from skolpeng.uppfoljning.forvantat import wls
from skolpeng.uppfoljning.indata import viktkolumn

UNDER = "möjligen underkompenserad"
OVER = "möjligen överkompenserad"


@dataclass(frozen=True)
class Traffsakerhet:
    """Träffsäkerhetens tabeller (se modulens beskrivning)."""

    forklaringsgrad: pl.DataFrame
    kompensation: pl.DataFrame
    grupper: pl.DataFrame | None
    omfordelning: pl.DataFrame


def regression_pa_index(y: np.ndarray, x: np.ndarray, w: np.ndarray) -> tuple[dict, np.ndarray]:
    """Elevviktad regression (WLS) av utfallet ``y`` på indexet ``x`` med vikterna ``w`` ->
    ({r2, intercept, lutning, lutning_se}, residualerna y − anpassat värde)."""
    modell, tabell = wls(y, x.reshape(-1, 1), w, ["index"], 0.95)
    rad = {
        "r2": float(modell.rsquared),
        "intercept": float(tabell["koefficient"][0]),
        "lutning": float(tabell["koefficient"][1]),
        "lutning_se": float(tabell["standardfel"][1]),
    }
    return rad, y - np.asarray(modell.fittedvalues)


def analysunderlag(
    resultat: pl.DataFrame,
    index: pl.DataFrame,
    enhetsbelopp: pl.DataFrame | None,
    utfall: str,
    minsta_antal: float,
) -> pl.DataFrame:
    """Enheter och år med utfall, index (och totalen per elev om belopp ges) och minst
    ``minsta_antal`` elever -> skolenhetskod, ar, antal_elever, faktiskt, index[,
    total_kr_per_elev, elever]."""
    ram = (
        resultat.select(
            "skolenhetskod",
            "ar",
            pl.col(viktkolumn(utfall)).alias("antal_elever"),
            pl.col(utfall).alias("faktiskt"),
        )
        .join(index.select("skolenhetskod", "ar", "index"), on=["skolenhetskod", "ar"])
        .drop_nulls(["faktiskt", "antal_elever", "index"])
        .filter(pl.col("antal_elever") >= minsta_antal)
    )
    if enhetsbelopp is not None:
        ram = ram.join(
            enhetsbelopp.select("skolenhetskod", "ar", "total_kr_per_elev", "elever"),
            on=["skolenhetskod", "ar"],
        )
    return ram.sort("ar", "skolenhetskod")


def forklaringsgrad(underlag: pl.DataFrame, utfall: str) -> pl.DataFrame:
    """Per år: utfall, ar, antal_enheter, r2, rangkorrelation, lutning, lutning_se,
    intercept. År med färre än fyra enheter hoppas över."""
    rader = []
    for (ar,), del_ in underlag.group_by("ar", maintain_order=True):
        if del_.height < 4 or del_["index"].n_unique() < 2:
            continue
        y, x = del_["faktiskt"].to_numpy(), del_["index"].to_numpy()
        reg, _ = regression_pa_index(y, x, del_["antal_elever"].to_numpy())
        rho = float(spearmanr(x, y).statistic)
        rader.append(
            {"utfall": utfall, "ar": ar, "antal_enheter": del_.height, **reg}
            | {"rangkorrelation": rho}
        )
    return pl.DataFrame(rader)


def kompensation(underlag: pl.DataFrame, utfall: str, kvantil: float) -> pl.DataFrame:
    """Per enhet och år: resultatavvikelse och finansieringsavvikelse från regressionerna på
    indexet, deras z-värden, ``bedomning`` (``UNDER``, ``OVER`` eller tom) och ``styrka`` (hur
    långt ut i båda: summan av z-värdenas belopp i bedömningens riktning)."""
    delar = []
    for (_,), del_ in underlag.group_by("ar", maintain_order=True):
        if del_.height < 4 or del_["index"].n_unique() < 2:
            continue
        x = del_["index"].to_numpy()
        _, res_r = regression_pa_index(
            del_["faktiskt"].to_numpy(), x, del_["antal_elever"].to_numpy()
        )
        _, res_f = regression_pa_index(
            del_["total_kr_per_elev"].to_numpy(), x, del_["elever"].to_numpy()
        )
        delar.append(
            del_.with_columns(
                resultatavvikelse=pl.Series(res_r), finansieringsavvikelse=pl.Series(res_f)
            )
        )
    if not delar:
        return pl.DataFrame()
    ram = pl.concat(delar)
    r, f = pl.col("resultatavvikelse"), pl.col("finansieringsavvikelse")
    ram = ram.with_columns(
        z_resultat=(r / r.std().over("ar")),
        z_finansiering=(f / f.std().over("ar")),
        r_lag=r <= r.quantile(kvantil, "linear").over("ar"),
        f_lag=f <= f.quantile(kvantil, "linear").over("ar"),
        r_hog=r >= r.quantile(1 - kvantil, "linear").over("ar"),
        f_hog=f >= f.quantile(1 - kvantil, "linear").over("ar"),
    )
    bedomning = (
        pl.when(pl.col("r_lag") & pl.col("f_lag"))
        .then(pl.lit(UNDER))
        .when(pl.col("r_hog") & pl.col("f_hog"))
        .then(pl.lit(OVER))
        .otherwise(pl.lit(""))
    )
    styrka = (
        pl.when(pl.col("bedomning") == UNDER)
        .then(-(pl.col("z_resultat") + pl.col("z_finansiering")))
        .when(pl.col("bedomning") == OVER)
        .then(pl.col("z_resultat") + pl.col("z_finansiering"))
        .otherwise(None)
    )
    return (
        ram.with_columns(bedomning=bedomning)
        .with_columns(styrka=styrka, utfall=pl.lit(utfall))
        .drop("r_lag", "f_lag", "r_hog", "f_hog")
        .sort("ar", "styrka", "skolenhetskod", descending=[False, True, False], nulls_last=True)
    )


def grupper(komp: pl.DataFrame, bakgrund: pl.DataFrame, faktorer: Sequence[str]) -> pl.DataFrame:
    """Elevgruppernas representation i flaggade enheter: per utfall, ar, bedomning och
    faktor den elevviktade andelen i de flaggade enheterna, i alla analyserade enheter och
    kvoten. ``bakgrund`` ska ha kolumnen ``ar``."""
    ram = komp.join(
        bakgrund.select("skolenhetskod", "ar", *faktorer), on=["skolenhetskod", "ar"], how="left"
    )
    rader = []
    for f in faktorer:
        w, v = pl.col("antal_elever"), pl.col(f)
        medel = (v * w).sum() / w.filter(v.is_not_null()).sum()
        alla = ram.group_by("utfall", "ar").agg(andel_alla=medel)
        flagg = (
            ram.filter(pl.col("bedomning") != "")
            .group_by("utfall", "ar", "bedomning")
            .agg(andel_flaggade=medel, antal_flaggade=pl.len())
        )
        rader.append(
            flagg.join(alla, on=["utfall", "ar"]).with_columns(
                faktor=pl.lit(f), kvot=pl.col("andel_flaggade") / pl.col("andel_alla")
            )
        )
    return (
        pl.concat(rader)
        .select(
            "utfall",
            "ar",
            "bedomning",
            "faktor",
            "antal_flaggade",
            "andel_flaggade",
            "andel_alla",
            "kvot",
        )
        .sort("utfall", "ar", "bedomning", "faktor")
    )


def omfordelning(enhetsbelopp: pl.DataFrame) -> pl.DataFrame:
    """Graden av omfördelning per år ur ``belopp.per_enhet``.

    Ut: ar, antal_enheter, budget_kr, socioekonomiska_kr, socioekonomisk_andel (potternas
    andel av budgeten), omfordelat_kr = Σ_u max(0, S_u − S·n_u/N) (det som hamnar hos andra
    enheter än om de socioekonomiska potterna fördelats lika per elev), omfordelad_andel (av
    budgeten), och totalen per elev över enheterna (ovägt): min, q1, median, q3, max, medel,
    cv (standardavvikelse / medel)."""
    per_ar = enhetsbelopp.group_by("ar").agg(
        budget_kr=pl.col("total_kr").sum(),
        socioekonomiska_kr=pl.col("socioekonomiskt_kr").sum(),
        elever_totalt=pl.col("elever").sum(),
    )
    flytt = (
        enhetsbelopp.join(per_ar, on="ar")
        .with_columns(
            lika=pl.col("socioekonomiska_kr") * pl.col("elever") / pl.col("elever_totalt")
        )
        .group_by("ar")
        .agg(omfordelat_kr=(pl.col("socioekonomiskt_kr") - pl.col("lika")).clip(0).sum())
    )
    t = pl.col("total_kr_per_elev")
    spridning = enhetsbelopp.group_by("ar").agg(
        antal_enheter=pl.len(),
        min=t.min(),
        q1=t.quantile(0.25, "linear"),
        median=t.median(),
        q3=t.quantile(0.75, "linear"),
        max=t.max(),
        medel=t.mean(),
        cv=t.std() / t.mean(),
    )
    return (
        per_ar.join(flytt, on="ar")
        .join(spridning, on="ar")
        .with_columns(
            socioekonomisk_andel=pl.col("socioekonomiska_kr") / pl.col("budget_kr"),
            omfordelad_andel=pl.col("omfordelat_kr") / pl.col("budget_kr"),
        )
        .select(
            "ar",
            "antal_enheter",
            "budget_kr",
            "socioekonomiska_kr",
            "socioekonomisk_andel",
            "omfordelat_kr",
            "omfordelad_andel",
            "min",
            "q1",
            "median",
            "q3",
            "max",
            "medel",
            "cv",
        )
        .sort("ar")
    )


def traffsakerhet(
    resultat: pl.DataFrame,
    index: pl.DataFrame,
    enhetsbelopp: pl.DataFrame,
    utfall: Sequence[str],
    minsta_antal: float,
    kvantil: float,
    bakgrund: pl.DataFrame | None = None,
    faktorer: Sequence[str] = (),
) -> Traffsakerhet:
    """Hela träffsäkerhetsanalysen (se modulens beskrivning). ``resultat`` och ``bakgrund``
    ska ha kolumnen ``ar``; ``enhetsbelopp`` kommer från ``belopp.per_enhet``."""
    forkl, komp = [], []
    for u in utfall:
        u_alla = analysunderlag(resultat, index, None, u, minsta_antal)
        forkl.append(forklaringsgrad(u_alla, u))
        k = kompensation(analysunderlag(resultat, index, enhetsbelopp, u, minsta_antal), u, kvantil)
        if k.height:
            komp.append(k)
    kompram = pl.concat(komp) if komp else pl.DataFrame()
    grupptabell = None
    if bakgrund is not None and faktorer and kompram.height:
        grupptabell = grupper(kompram, bakgrund, faktorer)
    return Traffsakerhet(
        forklaringsgrad=pl.concat([f for f in forkl if f.height]).sort("utfall", "ar"),
        kompensation=kompram,
        grupper=grupptabell,
        omfordelning=omfordelning(enhetsbelopp),
    )

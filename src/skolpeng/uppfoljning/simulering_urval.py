"""Urval, rangordning och sammanfattning i simuleringen av normen mot i dag.

In: simuleringens tabell per huvudman (se ``simulering``), verksamhet, parameterläge och tak.
Ut: samma tabell med ``ingar``/``utesluten_orsak``, ``utgangslage_rang`` och
``ar_till_full_effekt``, och en JSON-bar sammanfattning per huvudmannatyp.

**Uteslutningsregler** (i denna ordning; den första som träffar ger orsaken):

1. huvudmannen har ingen norm (inga elever i normberäkningen, t.ex. en huvudman som inte
   finns i skolenhetsregistret);
2. kostnad per elev saknas;
3. inga elever i kostnadsuppgiften;
4. med ``uteslut_avvikande`` (standard), kraftigt avvikande uppgifter:
   - fritidshem: jämförbar kostnad under ``fritidshem_jamforbar_kostnad_min`` (10 100 kr) eller
     över ``fritidshem_jamforbar_kostnad_max`` (65 900 kr) per elev (SOU 2025:72, 7.3.1);
   - förskoleklass och grundskola: kvoten jämförbar kostnad/norm utanför
     [Q1 − k·IQR, Q3 + k·IQR] bland huvudmän av samma typ med k =
     ``avvikande_kvartilavstand_faktor`` (3, Tukeys "far out"). Källan (6.3) tog bort enheter
     med kraftigt avvikande intäkter utan att ange en gräns; kvoten mot normen används så att
     strukturellt dyra huvudmän (gleshet, löneläge) inte räknas som avvikande. Kräver minst
     fyra huvudmän av typen.

**Rangordning och regressioner.** Bland de huvudmän av en typ som ingår: utgångsläget rangordnas
efter jämförbar kostnad per elev (0 = lägst, 1 = högst, som x-axeln i figur 6.2). Förändringen
(``skillnad_per_elev``) regrederas (OLS, en punkt per huvudman, ovägd) på rangen (figur 6.2,
källan: R² = 0,7862), på nivån i kronor, och på huvudmannens elevviktade socioekonomiska index
(figur 6.3, källan: R² = 0,014).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from skolpeng.parametrar import Parameterlage
from skolpeng.talformat import MELLANSLAG, decimal, heltal
from skolpeng.uppfoljning.simulering_statistik import (
    anpassa_linje,
    ar_till_full_effekt,
    flyttal_eller_none,
    fordelning_ar,
    procentrang,
    spridning,
    tukey_granser,
)

PARAM_FRITIDSHEM_MIN = "simulering.fritidshem_jamforbar_kostnad_min"
PARAM_FRITIDSHEM_MAX = "simulering.fritidshem_jamforbar_kostnad_max"
PARAM_KVARTIL_FAKTOR = "simulering.avvikande_kvartilavstand_faktor"

ORSAK_SAKNAR_NORM = "saknar norm (huvudmannen har inga elever i normberäkningen)"
ORSAK_SAKNAR_KOSTNAD = "saknar kostnad per elev"
ORSAK_INGA_ELEVER = "inga elever i kostnadsuppgiften"


def _kr(x: float) -> str:
    """Ett belopp i hela kronor med mellanslag som tusentalsavgränsare (10 100)."""
    return heltal(x, mellanrum=MELLANSLAG)


def _tal3(x: float) -> str:
    """Ett tal med tre decimaler och decimalkomma (0,790)."""
    return decimal(x, 3, mellanrum=MELLANSLAG)


def markera_avvikande(
    df: pl.DataFrame, verksamhet: str, lage: Parameterlage, uteslut_avvikande: bool
) -> tuple[pl.DataFrame, str]:
    """Sätter ``ingar`` och ``utesluten_orsak`` enligt reglerna i modulens beskrivning.

    In: tabellen per huvudman (med norm och jämförbar kostnad), verksamheten, parametrarna och
    om avvikande ska uteslutas. Ut: tabellen och regeln som text (för sammanfattning och rapport).
    """
    grund = (
        pl.when(pl.col("norm_per_elev").is_null())
        .then(pl.lit(ORSAK_SAKNAR_NORM))
        .when(pl.col("kostnad_per_elev").is_null())
        .then(pl.lit(ORSAK_SAKNAR_KOSTNAD))
        .when(pl.col("elever").fill_null(0.0) <= 0)
        .then(pl.lit(ORSAK_INGA_ELEVER))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    df = df.with_columns(grund.alias("utesluten_orsak"))
    if not uteslut_avvikande:
        regel = "Inga huvudmän har uteslutits som avvikande (uteslutning avstängd)."
    elif verksamhet == "fritidshem":
        lag, hog = lage.tal(PARAM_FRITIDSHEM_MIN), lage.tal(PARAM_FRITIDSHEM_MAX)
        orsak = f"jämförbar kostnad utanför {_kr(lag)}–{_kr(hog)} kr/elev"
        regel = (
            f"Huvudmän med jämförbar kostnad under {_kr(lag)} eller över {_kr(hog)} kr per elev "
            "har uteslutits som extremvärden (SOU 2025:72, avsnitt 7.3.1)."
        )
        j = pl.col("jamforbar_kostnad_per_elev")
        df = df.with_columns(
            pl.when(pl.col("utesluten_orsak").is_null() & ((j < lag) | (j > hog)))
            .then(pl.lit(orsak))
            .otherwise(pl.col("utesluten_orsak"))
            .alias("utesluten_orsak")
        )
    else:
        k = lage.tal(PARAM_KVARTIL_FAKTOR)
        regel = (
            "Huvudmän vars kvot mellan jämförbar kostnad och norm ligger mer än "
            f"{k:g} kvartilavstånd under första eller över tredje kvartilen bland huvudmän av "
            "samma typ har uteslutits som kraftigt avvikande (projektets uttryckliga regel för "
            "SOU 2025:72, avsnitt 6.3)."
        )
        df = _tukey_per_typ(df, k)
    return df.with_columns(pl.col("utesluten_orsak").is_null().alias("ingar")), regel


def _tukey_per_typ(df: pl.DataFrame, k: float) -> pl.DataFrame:
    """Markerar huvudmän vars kvot jämförbar/norm ligger utanför Tukeys gränser för sin typ."""
    kvot = pl.col("jamforbar_kostnad_per_elev") / pl.col("norm_per_elev")
    delar = []
    for (typ,), del_df in df.with_row_index("_rad").group_by("huvudmannatyp", maintain_order=True):
        kandidat = del_df.filter(pl.col("utesluten_orsak").is_null())
        granser = tukey_granser(kandidat.select(kvot).to_series().to_numpy(), k)
        if granser is not None:
            lag, hog = granser
            orsak = (
                f"kvoten jämförbar kostnad/norm avviker kraftigt (utanför {_tal3(lag)}–{_tal3(hog)}, "
                f"{k:g} kvartilavstånd från kvartilerna bland {typ}a huvudmän)"
            )
            del_df = del_df.with_columns(
                pl.when(pl.col("utesluten_orsak").is_null() & ((kvot < lag) | (kvot > hog)))
                .then(pl.lit(orsak))
                .otherwise(pl.col("utesluten_orsak"))
                .alias("utesluten_orsak")
            )
        delar.append(del_df)
    return pl.concat(delar).sort("_rad").drop("_rad")


def rangordna_och_ar(df: pl.DataFrame, tak: float) -> pl.DataFrame:
    """Lägger till ``utgangslage_rang`` (per typ, bland dem som ingår) och ``ar_till_full_effekt``.

    In: tabellen med ``ingar`` och taket. Ut: tabellen; uteslutna får null i båda kolumnerna.
    """
    df = df.with_row_index("_rad")
    rang = np.full(df.height, np.nan)
    ar = np.full(df.height, -1, dtype=np.int64)
    for typ in df["huvudmannatyp"].unique().to_list():
        del_df = df.filter(pl.col("ingar") & (pl.col("huvudmannatyp") == typ))
        if del_df.height == 0:
            continue
        idx = del_df["_rad"].to_numpy()
        rang[idx] = procentrang(del_df["jamforbar_kostnad_per_elev"].to_numpy())
        ar[idx] = ar_till_full_effekt(del_df["skillnad_per_elev"].to_numpy(), tak)
    return df.drop("_rad").with_columns(
        pl.Series("utgangslage_rang", rang).fill_nan(None),
        pl.Series("ar_till_full_effekt", ar).replace(-1, None),
    )


def per_typ_sammanfattning(df: pl.DataFrame, tak: float) -> dict[str, Any]:
    """Sammanfattningen för en huvudmannatyp (bara de huvudmän som ingår räknas).

    In: simuleringens rader för en typ och taket. Ut: antal, summor (kr), andelar, spridning i
    dag och med normen, regressioner och fördelningen av år till full effekt.
    """
    ing = df.filter(pl.col("ingar"))
    elever = ing["elever"].to_numpy().astype(float)
    jamf = ing["jamforbar_kostnad_per_elev"].to_numpy().astype(float)
    norm = ing["norm_per_elev"].to_numpy().astype(float)
    gap = ing["skillnad_per_elev"].to_numpy().astype(float)
    under = gap > 0
    summa_jamf = float((jamf * elever).sum())
    summa_tillskott = float((np.clip(gap, 0, None) * elever).sum())
    netto = float((gap * elever).sum())
    ar = ing["ar_till_full_effekt"].to_numpy().astype(np.int64)

    def andel(x: float) -> float | None:
        return x / summa_jamf if summa_jamf else None

    return {
        "antal_huvudman": ing.height,
        "antal_uteslutna": df.height - ing.height,
        "elever": float(elever.sum()),
        "antal_under_normen": int(under.sum()),
        "andel_under_normen": float(under.mean()) if ing.height else None,
        "summa_jamforbar_kostnad_kr": summa_jamf,
        "summa_norm_kr": float((norm * elever).sum()),
        "summa_tillskott_kr": summa_tillskott,
        "tillskott_andel_av_jamforbar_kostnad": andel(summa_tillskott),
        "summa_over_normen_kr": float((np.clip(-gap, 0, None) * elever).sum()),
        "netto_kr": netto,
        "netto_andel_av_jamforbar_kostnad": andel(netto),
        "tillskott_per_elev_min": float(gap[under].min()) if under.any() else None,
        "tillskott_per_elev_max": float(gap[under].max()) if under.any() else None,
        "antal_tillskott_minst_tak": int((gap >= tak).sum()),
        "antal_forandring_minst_tak": int((np.abs(gap) >= tak).sum()),
        "storsta_tillskott": _storsta_tillskott(ing),
        "spridning": {"idag": spridning(jamf), "med_normen": spridning(norm)},
        "regression": {
            "mot_utgangslage_rang": anpassa_linje(
                ing["utgangslage_rang"].to_numpy().astype(float), gap
            ).som_dict(),
            "mot_utgangslage_kr": anpassa_linje(jamf, gap).som_dict(),
            "mot_socioekonomiskt_index": anpassa_linje(
                ing["socioekonomiskt_index"].cast(pl.Float64).fill_null(np.nan).to_numpy(), gap
            ).som_dict(),
        },
        "ar_till_full_effekt": {
            "max": int(ar.max()) if ar.size else None,
            "median": flyttal_eller_none(float(np.median(ar))) if ar.size else None,
            "fordelning": fordelning_ar(ar),
        },
    }


def _storsta_tillskott(ing: pl.DataFrame, antal: int = 5) -> list[dict[str, Any]]:
    """De huvudmän som behöver störst tillskott per elev, med tillskottet som andel av i dag
    (jfr "16–31 procent av motsvarande kostnad i dag", avsnitt 6.3.1)."""
    topp = ing.filter(pl.col("skillnad_per_elev") > 0).sort("skillnad_per_elev", descending=True)
    return [
        {
            "huvudman_id": r["huvudman_id"],
            "huvudman_namn": r["huvudman_namn"],
            "tillskott_per_elev": float(r["skillnad_per_elev"]),
            "andel_av_jamforbar_kostnad": float(
                r["skillnad_per_elev"] / r["jamforbar_kostnad_per_elev"]
            )
            if r["jamforbar_kostnad_per_elev"]
            else None,
        }
        for r in topp.head(antal).iter_rows(named=True)
    ]

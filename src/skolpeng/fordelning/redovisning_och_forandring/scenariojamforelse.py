"""Jämförelse av scenarier: mått på en fördelning som kan ställas sida vid sida.

In: en eller flera ``Fordelningskorning`` (samma kommun och dataset, olika modelltexter).
Ut: rena tal och tabeller (polars) utan formatering; webben visar dem.

Måtten:

- **total**: Σ fördelat belopp över enheterna (kr);
- **spridning**: min, P10, median, P90 och max av kr per elev över enheter med elever
  (kvantiler med linjär interpolation);
- **behovsandel** (``behovsandel``): andelen av det fördelade beloppet som går genom potter
  (eller delpotter) vars nyckel är ``index`` eller ``malgrupp``, dvs. efter behov snarare än
  efter antal elever;
- **omfördelad andel** (``omfordelad_andel``): Σ_u |belopp_u − lika_u| / 2 / total, där
  lika_u = total × elever_u / Σ elever är vad enheten hade fått om hela beloppet fördelats
  med samma belopp per elev. 0 = ingen omfördelning; andelen av totalen som flyttats mellan
  enheter jämfört med ett lika belopp per elev;
- **avståndet till normen** (``normavstand_per_enhet``): per kommunal enhet (alla stadier)
  modellens kr per elev minus normens, och gånger elever som kronor; summan över enheterna.
  Saknas normjämförelsen anges körningens notering om varför.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from skolpeng.fordelning.korning import Fordelningskorning
    from skolpeng.fordelning.underlag_och_resultat import Fordelning

#: Nyckeltyper som fördelar efter behov (socioekonomiskt index eller målgrupp).
BEHOVSNYCKLAR: tuple[str, ...] = ("index", "malgrupp")


@dataclass(frozen=True)
class Spridning:
    """Kr per elev över enheter med elever: min, P10, median, P90, max (None utan enheter)."""

    min: float | None
    p10: float | None
    median: float | None
    p90: float | None
    max: float | None


@dataclass(frozen=True)
class Sammanfattning:
    """Ett scenarios nyckeltal (se modulens docstring för definitionerna)."""

    total_kr: float
    elever: float
    behovsandel: float
    omfordelad_andel: float
    spridning: Spridning
    normavstand_kr: float | None
    normavstand_per_elev_kr: float | None
    norm_saknas: str | None
    #: Normens lokalkostnadsdel summerad över de kommunala enheterna (kr) när modellens ram
    #: inte omfattar lokalkostnader (ingen pott med kostnadsslaget lokalkostnader); annars None.
    lokaler_utanfor_ramen_kr: float | None = None


def behovsandel(fordelning: Fordelning) -> float:
    """Andelen av fördelat belopp i (del)potter med nyckeln index eller malgrupp (0–1)."""
    rader = fordelning.rader
    total = float(rader["belopp_kr"].sum())
    if total <= 0:
        return 0.0
    behov = float(rader.filter(pl.col("nyckel").is_in(BEHOVSNYCKLAR))["belopp_kr"].sum())
    return behov / total


def omfordelad_andel(enheter: pl.DataFrame) -> float:
    """Σ |belopp − belopp vid lika kr per elev| / 2 / total över enheterna (0–1).
    In: ``Fordelning.enheter`` (``elever``, ``belopp_kr``)."""
    total = float(enheter["belopp_kr"].sum())
    elever = float(enheter["elever"].sum())
    if total <= 0 or elever <= 0:
        return 0.0
    lika = enheter["elever"] * (total / elever)
    return float((enheter["belopp_kr"] - lika).abs().sum()) / 2 / total


def spridning(enheter: pl.DataFrame) -> Spridning:
    """Kr per elev över enheter med elever (``Fordelning.enheter``)."""
    s = enheter.filter(pl.col("elever") > 0)["kr_per_elev"]
    if s.is_empty():
        return Spridning(None, None, None, None, None)

    def q(x: float) -> float:
        return float(s.quantile(x, interpolation="linear"))  # type: ignore[arg-type]

    return Spridning(float(s.min()), q(0.1), q(0.5), q(0.9), float(s.max()))  # type: ignore[arg-type]


def per_huvudman(fordelning: Fordelning) -> pl.DataFrame:
    """Totalen per huvudman: ``huvudman_id, huvudman_namn, huvudmannatyp, antal_enheter,
    elever, belopp_kr, kr_per_elev`` och ``belopp_kr_avrundat`` (Σ enheternas avrundade
    belopp i hela kronor, samma tal som i beslutet), störst belopp först."""
    namn = fordelning.underlag.enheter.select("skolenhetskod", "huvudman_namn")
    enheter = fordelning.enheter
    if "belopp_kr_avrundat" not in enheter.columns:
        enheter = enheter.with_columns(belopp_kr_avrundat=pl.col("belopp_kr").round(0))
    return (
        enheter.join(namn, on="skolenhetskod", how="left")
        .group_by("huvudman_id", "huvudmannatyp")
        .agg(
            pl.col("huvudman_namn").drop_nulls().first(),
            pl.len().alias("antal_enheter"),
            pl.col("elever").sum(),
            pl.col("belopp_kr").sum(),
            pl.col("belopp_kr_avrundat").sum(),
        )
        .with_columns(
            kr_per_elev=pl.when(pl.col("elever") > 0)
            .then(pl.col("belopp_kr") / pl.col("elever"))
            .otherwise(None)
        )
        .select(
            "huvudman_id",
            "huvudman_namn",
            "huvudmannatyp",
            "antal_enheter",
            "elever",
            "belopp_kr",
            "kr_per_elev",
            "belopp_kr_avrundat",
        )  # fmt: skip
        .sort("belopp_kr", "huvudman_id", descending=[True, False])
    )


def normavstand_per_enhet(normjamforelse: pl.DataFrame | None) -> pl.DataFrame | None:
    """Per kommunal enhet (normjämförelsens rader med nivå skolenhet och stadium ``alla``):
    ``skolenhetskod, namn, elever, modell_kr_per_elev, norm_kr_per_elev, skillnad_kr`` (per
    elev, modell − norm) och ``skillnad_totalt_kr`` (= skillnad_kr × elever). None utan
    jämförelse."""
    if normjamforelse is None:
        return None
    return (
        normjamforelse.filter((pl.col("niva") == "skolenhet") & (pl.col("stadium") == "alla"))
        .select(
            "skolenhetskod",
            "namn",
            "elever",
            "modell_kr_per_elev",
            "norm_kr_per_elev",
            "skillnad_kr",
        )  # fmt: skip
        .with_columns(skillnad_totalt_kr=pl.col("skillnad_kr") * pl.col("elever"))
        .sort("skolenhetskod")
    )


def _norm_saknas(korning: Fordelningskorning) -> str | None:
    if korning.normjamforelse is not None:
        return None
    noter = [a for a in korning.anteckningar if "normen" in a.lower()]
    return noter[0] if noter else "Jämförelsen med normen kunde inte göras med datasetet."


def lokaler_utanfor_ramen(normjamforelse: pl.DataFrame | None) -> float | None:
    """Normens lokalkostnad för de kommunala enheterna (Σ norm_varav_lokalkostnad_kr ×
    elever, kr) när modellen inte fördelar någon lokalkostnad (modellens lokaldel 0 för alla
    enheter): då ingår lokalerna i normen men inte i modellens ram. Annars None."""
    if normjamforelse is None or "modell_varav_lokalkostnad_kr" not in normjamforelse.columns:
        return None
    rader = normjamforelse.filter(
        (pl.col("niva") == "skolenhet") & (pl.col("stadium") == "alla")
    ).with_columns(
        pl.col("modell_varav_lokalkostnad_kr", "norm_varav_lokalkostnad_kr", "elever").cast(
            pl.Float64
        )
    )
    if rader.is_empty() or float(rader["modell_varav_lokalkostnad_kr"].abs().sum()) > 0:
        return None
    norm = float((rader["norm_varav_lokalkostnad_kr"] * rader["elever"]).sum())
    return norm if norm > 0 else None


def sammanfatta(korning: Fordelningskorning) -> Sammanfattning:
    """Körningen -> scenariots nyckeltal (``Sammanfattning``)."""
    f = korning.fordelning
    norm = normavstand_per_enhet(korning.normjamforelse)
    summa = per_elev = None
    if norm is not None and not norm.is_empty():
        summa = float(norm["skillnad_totalt_kr"].sum())
        elever = float(norm["elever"].sum())
        per_elev = summa / elever if elever > 0 else None
    return Sammanfattning(
        total_kr=float(f.enheter["belopp_kr"].sum()),
        elever=float(f.enheter["elever"].sum()),
        behovsandel=behovsandel(f),
        omfordelad_andel=omfordelad_andel(f.enheter),
        spridning=spridning(f.enheter),
        normavstand_kr=summa,
        normavstand_per_elev_kr=per_elev,
        norm_saknas=_norm_saknas(korning),
        lokaler_utanfor_ramen_kr=lokaler_utanfor_ramen(korning.normjamforelse),
    )


def enheter_sida_vid_sida(enheter: list[pl.DataFrame]) -> pl.DataFrame:
    """Enheterna i flera scenarier (``Fordelning.enheter``) i en tabell: ``skolenhetskod,
    namn, huvudmannatyp, elever`` (första scenariots) och per scenario i (0, 1, …)
    ``belopp_kr_i, kr_per_elev_i, skillnad_kr_i, skillnad_per_elev_i`` (skillnaden mot
    scenario 0; 0 för scenario 0). En enhet som saknas i ett scenario får null."""
    if not enheter:
        return pl.DataFrame()
    bas = enheter[0].select("skolenhetskod", "namn", "huvudmannatyp", "elever")
    for i, e in enumerate(enheter):
        bas = bas.join(
            e.select(
                "skolenhetskod",
                pl.col("belopp_kr").alias(f"belopp_kr_{i}"),
                pl.col("kr_per_elev").alias(f"kr_per_elev_{i}"),
            ),
            on="skolenhetskod",
            how="full",
            coalesce=True,
        )
    for i in range(len(enheter)):
        bas = bas.with_columns(
            (pl.col(f"belopp_kr_{i}") - pl.col("belopp_kr_0")).alias(f"skillnad_kr_{i}"),
            (pl.col(f"kr_per_elev_{i}") - pl.col("kr_per_elev_0")).alias(f"skillnad_per_elev_{i}"),
        )
    return bas.sort("skolenhetskod")

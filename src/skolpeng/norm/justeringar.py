"""Steg 6–7 i docs/regler/norm.md#steg-6: justering för löneläge och lokalkostnadsläge, båda nollsumma.

Lönejusteringen räknas sist (efter steg 7 och 8), på alla övriga komponenter.

In: enhetstabellen med P_s, S_u, L_u, PG och GL, löneindex per lägeskommun, RS:s lokalkostnader och
``lokalkostnadsunderlag`` (lokalkostnad per elev, byggkostnadsindex och elever i kommunal
F–9 per kommun och år). Ut: W_{u,s} = w⁺ − d_w och L_u = a_u − d_l per enhet, avdragen
d_w och d_l, riksgenomsnittet L_R och lokalkostnadsindex LX_k per kommun.
"""

from __future__ import annotations

import polars as pl

from skolpeng.data.validering_norm import lokalindexets_ar
from skolpeng.fel import IndataFel, Problem
from skolpeng.norm.parametrar import INDEXBAS


def _viktat_medel(kolumn: str, vikt: str = "elever") -> pl.Expr:
    return (pl.col(kolumn) * pl.col(vikt)).sum() / pl.col(vikt).sum()


# Steg 6: lönetillägget multipliceras med "summan av alla ersättningar i modellen" (bilagan,
# Löneläge; docs/regler/norm.md#beslut-lonebas): alla övriga komponenter som enheten får.
# Platsgaranti och gleshet är 0 för enskilda enheter, så hakparentesen i docs/regler/norm.md#steg-6 följer av sig.
LONEBAS: tuple[str, ...] = (
    "grundersattning",
    "socioekonomiskt_tillagg",
    "lokaljustering",
    "platsgaranti",
    "gleshet",
)


def med_nollsumma(
    enheter: pl.DataFrame, tillagg: str, justering: str
) -> tuple[pl.DataFrame, float]:
    """Gör ett tillägg till en nollsummejustering: d = Σ n·tillägg / Σ n; justering = tillägg − d.

    In: enhetstabellen (``elever`` och kolumnen ``tillagg``) och namnet på den nya kolumnen.
    Ut: tabellen med ``justering`` och avdraget d (kr/elev, lika för alla elever), så att
    Σ n·justering = 0 (steg 6 och 7).
    """
    d = float(enheter.select(_viktat_medel(tillagg)).item())
    return enheter.with_columns((pl.col(tillagg) - d).alias(justering)), d


def med_lonetillagg(enheter: pl.DataFrame, lonekostnadsandel: float) -> pl.DataFrame:
    """Steg 6, tillägget: w⁺ = (LI_k − 100)/100 · (P_s + S_u + L_u + PG + GL_{u,s}) ·
    lönekostnadsandel när LI_k > 100, annars 0 (PG och GL är 0 för enskilda enheter).

    In: enhetstabellen med ``loneindex`` och komponenterna i ``LONEBAS`` (alltså efter steg
    7 och 8). Ut: tabellen med ``lonetillagg`` (w⁺, kr/elev).
    """
    return enheter.with_columns(
        lonetillagg=pl.when(pl.col("loneindex") > INDEXBAS)
        .then(
            (pl.col("loneindex") - INDEXBAS)
            / INDEXBAS
            * pl.sum_horizontal(*LONEBAS)
            * lonekostnadsandel
        )
        .otherwise(0.0)
    )


def med_lonejustering(
    enheter: pl.DataFrame, lonekostnadsandel: float
) -> tuple[pl.DataFrame, float]:
    """Steg 6: w⁺ (``med_lonetillagg``), d_w = Σ n·w⁺ / Σ n och W = w⁺ − d_w.

    In: enhetstabellen efter steg 7 och 8 (``elever, loneindex`` och ``LONEBAS``) och
    lönekostnadsandelen. Ut: tabellen med ``lonetillagg`` (w⁺) och ``lonejustering`` (W),
    och d_w (kr/elev).
    """
    return med_nollsumma(
        med_lonetillagg(enheter, lonekostnadsandel), "lonetillagg", "lonejustering"
    )


def lokalkostnad_per_elev_riket(kommuner_ngb: pl.DataFrame) -> float:
    """Steg 7: L_R = Σ_k lokalkostnader_k / Σ_k elever_kommunal_k (RS, kostnadsåret).

    In: tabellen från ``normgrundande_belopp_per_kommun``. Ut: kr per elev.
    """
    elever = float(kommuner_ngb.get_column("elever_kommunal").sum())
    if elever <= 0:
        raise IndataFel(
            [
                Problem(
                    "rakenskapssammandrag",
                    "summan av elever i kommunal skola är 0; lokalkostnaden per elev i riket "
                    "kan inte beräknas",
                    None,
                    "elever_kommunal",
                )
            ]
        )
    return float(kommuner_ngb.get_column("lokalkostnader").sum()) / elever


def lokalindex_ar(lokalunderlag: pl.DataFrame, normar: int, antal_ar: int) -> list[int]:
    """De ``antal_ar`` senaste åren i ``lokalkostnadsunderlag`` som inte ligger efter normåret
    (samma val som valideringen gör, ``skolpeng.data.validering_norm.lokalindexets_ar``).

    Ut: åren i stigande ordning; för få år ger ``IndataFel``.
    """
    ar = lokalindexets_ar(lokalunderlag, normar, antal_ar)
    if len(ar) < antal_ar:
        raise IndataFel(
            [
                Problem(
                    "lokalkostnadsunderlag",
                    f"lokalkostnadsindex kräver {antal_ar} år till och med {normar}; "
                    f"data har {', '.join(map(str, ar)) or 'inga'}",
                    None,
                    "ar",
                )
            ]
        )
    return ar


def lokalkostnadsindex(
    lokalunderlag: pl.DataFrame,
    kommungrupper: pl.DataFrame,
    ar: list[int],
    byggkostnad_vikt: float,
) -> pl.DataFrame:
    """Steg 7, lokalkostnadsindex LX_k (bilagan, formel 1–4, medel över åren).

    För varje år y: L_{R,y} = Σ_k L_{k,y}·n_{k,y} / Σ_k n_{k,y};
    NL_{g,y} = ovägt medel av L_{k,y} över kommungrupp g / L_{R,y};
    NB_{k,y} = B_{k,y} / (n-viktat medel av B över g); K = vikt·(NB − 1);
    JL = NL_g·(1 + K); LX_k = 100 · medel_y JL_{k,y}.

    In: ``lokalkostnadsunderlag``, ``kommunkod, kommungrupp`` för alla kommuner, åren och
    byggkostnadsvikten. Ut: ``kommunkod, lokalkostnadsindex, antal_lokalar``.
    """
    df = lokalunderlag.filter(pl.col("ar").is_in(ar)).select(
        "kommunkod",
        "ar",
        pl.col("lokalkostnad_per_elev").cast(pl.Float64).alias("L"),
        pl.col("byggkostnadsindex").cast(pl.Float64).alias("B"),
        pl.col("elever_kommunal").cast(pl.Float64).alias("n"),
    )
    saknade = [
        Problem("lokalkostnadsunderlag", f"värde saknas för kommunkod {k}, år {a}", None, kol)
        for kol, namn in (
            ("lokalkostnad_per_elev", "L"),
            ("byggkostnadsindex", "B"),
            ("elever_kommunal", "n"),
        )
        for k, a in df.filter(pl.col(namn).is_null()).select("kommunkod", "ar").iter_rows()
    ]
    df = df.sort("kommunkod", "ar").join(
        kommungrupper, on="kommunkod", how="left", maintain_order="left"
    )
    saknade += [
        Problem(
            "lokalkostnadsunderlag",
            f"kommunkod {k} saknas i kommuner eller saknar kommungrupp",
            None,
            "kommunkod",
        )
        for k in df.filter(pl.col("kommungrupp").is_null()).get_column("kommunkod").unique().sort()
    ]
    if saknade:
        raise IndataFel(saknade)
    df = (
        df.with_columns(
            L_R=(pl.col("L") * pl.col("n")).sum().over("ar") / pl.col("n").sum().over("ar")
        )
        .with_columns(
            NL=pl.col("L").mean().over("ar", "kommungrupp") / pl.col("L_R"),
            B_grupp=(pl.col("B") * pl.col("n")).sum().over("ar", "kommungrupp")
            / pl.col("n").sum().over("ar", "kommungrupp"),
        )
        .with_columns(NB=pl.col("B") / pl.col("B_grupp"))
        .with_columns(K=byggkostnad_vikt * (pl.col("NB") - 1.0))
        .with_columns(JL=pl.col("NL") * (1.0 + pl.col("K")))
    )
    return (
        df.group_by("kommunkod")
        .agg(
            lokalkostnadsindex=INDEXBAS * pl.col("JL").mean(),
            antal_lokalar=pl.col("ar").n_unique(),
        )
        .sort("kommunkod")
    )


def med_lokaljustering(
    enheter: pl.DataFrame, lokalkostnad_riket: float
) -> tuple[pl.DataFrame, float]:
    """Steg 7: a_u = L_R · (LX_k − 100)/100; d_l = Σ n·a / Σ n; L_u = a_u − d_l.

    In: enhetstabellen (``elever, lokalkostnadsindex``) och L_R. Ut: tabellen med
    ``lokaltillagg`` (a_u) och ``lokaljustering`` (L_u), och d_l (kr/elev).
    """
    df = enheter.with_columns(
        lokaltillagg=lokalkostnad_riket * (pl.col("lokalkostnadsindex") - INDEXBAS) / INDEXBAS
    )
    return med_nollsumma(df, "lokaltillagg", "lokaljustering")

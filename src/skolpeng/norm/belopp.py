"""Steg 2–3 i docs/regler/norm.md#steg-2: det normgrundande beloppet och reservationerna för utbudsansvaret.

In: Räkenskapssammandraget (RS) för kostnadsåret C, modersmålslärarnas årsarbetskrafter,
lärarlön och PO-pålägg för C, parametrarna. Ut: NGB_k per kommun med varje avräkning,
och reservationerna U (platsgaranti) och G (gleshet, fixpunkt löst i sluten form och
verifierad med iteration) samt återstoden R.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from skolpeng.data.schema import Underlag
from skolpeng.fel import IndataFel, Problem
from skolpeng.norm.parametrar import NormParametrar

MANADER_PER_AR = 12  # månadslön -> årslön
GLESHET_TOLERANS_KR = 1.0  # docs/regler/norm.md#steg-3: iterationen ska nå |ΔG| < 1 kr
GLESHET_MAX_ITERATIONER = 10_000

RS_AVRAKNINGAR: tuple[str, ...] = (
    "skolskjuts",
    "kop_fran_staten",
    "kop_fran_utlandet",
    "lamnade_bidrag",
)
AVRAKNINGAR: tuple[str, ...] = (
    *RS_AVRAKNINGAR,
    "tillaggsbelopp_schablon",
    "hemkommunsansvar_schablon",
    "modersmal",
)
LOKALPOSTER_PLUS: tuple[str, ...] = (
    "externa_lokalhyror",
    "kalkylerade_kapitalkostnader",
    "interna_lokalkostnader",
)
LOKALPOSTER_MINUS: tuple[str, ...] = ("externa_hyresintakter",)
RS_KOLUMNER: tuple[str, ...] = (
    "nettokostnad",
    *RS_AVRAKNINGAR,
    *LOKALPOSTER_PLUS,
    *LOKALPOSTER_MINUS,
    "elever_kommunal",
)


class GleshetKonvergensFel(ArithmeticError):
    """Glesheten i sluten form och fixpunktsiterationen ger olika svar (docs/regler/norm.md#steg-3)."""


def _nationellt_ar(underlag: Underlag, ar: int, kolumner: tuple[str, ...], syfte: str) -> dict:
    rad = underlag.nationellt.filter(pl.col("ar") == ar)
    if rad.height == 0:
        raise IndataFel([Problem("nationellt", f"år {ar} saknas ({syfte})", None, "ar")])
    saknas = [k for k in kolumner if rad.get_column(k)[0] is None]
    if saknas:
        raise IndataFel(
            [Problem("nationellt", f"värde saknas för år {ar} ({syfte})", None, k) for k in saknas]
        )
    return {k: float(rad.get_column(k)[0]) for k in kolumner}


def modersmal_arslonekostnad(underlag: Underlag, kostnadsar: int) -> float:
    """Årslönekostnad per årsarbetskraft i modersmål: månadslön × 12 × (1 + PO) för år C.

    In: tabellen ``nationellt`` och kostnadsåret. Ut: kronor per årsarbetskraft.
    """
    v = _nationellt_ar(
        underlag,
        kostnadsar,
        ("larare_manadslon", "po_palagg"),
        "lärarlön och PO-pålägg för modersmål",
    )
    return v["larare_manadslon"] * MANADER_PER_AR * (1.0 + v["po_palagg"])


def normgrundande_belopp_per_kommun(
    underlag: Underlag, kostnadsar: int, p: NormParametrar
) -> pl.DataFrame:
    """Steg 2: NGB_k för varje kommun i RS för kostnadsåret och verksamheten.

    In: dataset, kostnadsår C, parametrar. Ut: ``kommunkod, nettokostnad, <varje avräkning>,
    normgrundande_belopp, lokalkostnader, elever_kommunal`` (lokalkostnader = hyror +
    kapitalkostnader + interna − hyresintäkter, till steg 7). Skolskjuts och modersmål är 0
    när varianten inte avräknar dem (fritidshem). En kommun utan rad i ``modersmal`` har 0
    årsarbetskrafter.
    """
    rs = underlag.rakenskapssammandrag.sort("kommunkod").filter(
        (pl.col("ar") == kostnadsar) & (pl.col("verksamhet") == p.verksamhet)
    )
    if rs.height == 0:
        raise IndataFel(
            [
                Problem(
                    "rakenskapssammandrag",
                    f"inga rader för år {kostnadsar} och verksamhet {p.verksamhet!r} "
                    f"(kostnadsåret för normen)",
                    None,
                    "ar",
                )
            ]
        )
    problem = [
        Problem(
            "rakenskapssammandrag",
            f"värde saknas för år {kostnadsar}, kommunkod {k}",
            None,
            kolumn,
        )
        for kolumn in RS_KOLUMNER
        if kolumn != "skolskjuts" or p.avrakna_skolskjuts
        for k in rs.filter(pl.col(kolumn).is_null()).get_column("kommunkod").to_list()
    ]
    if problem:
        raise IndataFel(problem)
    if p.avrakna_modersmal:
        lon = modersmal_arslonekostnad(underlag, kostnadsar)
        fte = (
            underlag.modersmal.filter(pl.col("ar") == kostnadsar)
            .group_by("kommunkod")
            .agg(pl.col("arsarbetskrafter").cast(pl.Float64).fill_null(0.0).sum())
        )
        rs = rs.join(fte, on="kommunkod", how="left", maintain_order="left").with_columns(
            modersmal=pl.col("arsarbetskrafter").fill_null(0.0) * lon
        )
    else:
        rs = rs.with_columns(modersmal=pl.lit(0.0))
    if not p.avrakna_skolskjuts:
        rs = rs.with_columns(skolskjuts=pl.lit(0.0))
    nk = pl.col("nettokostnad").cast(pl.Float64)
    rs = rs.with_columns(
        *[pl.col(k).cast(pl.Float64) for k in RS_AVRAKNINGAR],
        nettokostnad=nk,
        tillaggsbelopp_schablon=nk * p.tillaggsbelopp_schablon_andel,
        hemkommunsansvar_schablon=nk * p.hemkommunsansvar_schablon_andel,
    )
    return rs.select(
        "kommunkod",
        "nettokostnad",
        *AVRAKNINGAR,
        normgrundande_belopp=nk - pl.sum_horizontal(*AVRAKNINGAR),
        lokalkostnader=pl.sum_horizontal(*LOKALPOSTER_PLUS) - pl.sum_horizontal(*LOKALPOSTER_MINUS),
        elever_kommunal=pl.col("elever_kommunal").cast(pl.Float64),
    ).sort("kommunkod")


@dataclass(frozen=True)
class Reservationer:
    """Steg 3: NGB, U = andel·NGB, G (gleshet), R = NGB − U − G, c = G:s andel per krona
    av R, och antalet iterationer som verifierade den slutna formen."""

    normgrundande_belopp: float
    platsgaranti: float
    gleshet: float
    aterstaende: float
    gleshet_per_krona: float
    iterationer: int


def reservationer(
    normgrundande_belopp: float,
    platsgaranti_andel: float,
    gleshet_vid: Callable[[float], float],
) -> Reservationer:
    """Löser steg 3: U och fixpunkten G = Σ n·GL(R) med R = NGB − U − G.

    In: NGB, platsgarantins andel och ``gleshet_vid(R)`` = Σ n·GL när återstoden är R
    (beräknad med stegen 4, 5 och 8). Eftersom P och S är linjära i R är
    G = (NGB − U)·c/(1 + c) med c = gleshet_vid(1). Samma G beräknas också genom att
    iterera G ← gleshet_vid(NGB − U − G) från 0 tills |ΔG| < 1 kr; skiljer de sig åt med
    1 kr eller mer (eller konvergerar iterationen inte) kastas ``GleshetKonvergensFel``.
    Ut: ``Reservationer``.
    """
    u = platsgaranti_andel * normgrundande_belopp
    c = gleshet_vid(1.0)
    g_sluten = (normgrundande_belopp - u) * c / (1.0 + c)
    g, iterationer = 0.0, 0
    while True:
        iterationer += 1
        nytt = gleshet_vid(normgrundande_belopp - u - g)
        steg, g = abs(nytt - g), nytt
        if steg < GLESHET_TOLERANS_KR:
            break
        if iterationer >= GLESHET_MAX_ITERATIONER:
            raise GleshetKonvergensFel(
                f"glesheten konvergerar inte efter {iterationer} iterationer (c = {c:.6g})"
            )
    if abs(g - g_sluten) >= GLESHET_TOLERANS_KR:
        raise GleshetKonvergensFel(
            f"glesheten i sluten form ({g_sluten:.2f} kr) och iterationen ({g:.2f} kr) skiljer sig"
        )
    return Reservationer(
        normgrundande_belopp=normgrundande_belopp,
        platsgaranti=u,
        gleshet=g_sluten,
        aterstaende=normgrundande_belopp - u - g_sluten,
        gleshet_per_krona=c,
        iterationer=iterationer,
    )

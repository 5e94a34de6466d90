"""En elev som börjar under kalenderåret (skolförordningen 14 kap. 1 § andra stycket; SOU
2025:72 avsnitt 5.5): hemkommunen beslutar bidraget omgående och bidraget följer eleven från
och med den månad då bytet sker.

Konvention (månadsvis elevavläsning, den vanligaste enligt SOU 5.5.1): en elev som börjar i
månad m (1 = januari … 12 = december) ger bidrag för månaderna m … 12, dvs. andelen
(12 − m + 1) / 12 av årsbidraget per elev, oavsett vilken dag i månaden eleven börjar. En elev
som slutar efter månad n ger på samma sätt n / 12 (``andel_av_aret(1, n)``). Varje del av
bidraget (kostnadsslag, lokalkostnad, administration, avdrag, villkorat belopp, moms) räknas
om med samma andel, så delarna summerar fortfarande till bidraget. Tilläggsbeloppet i
årsbidraget per elev (enhetens beslutade tilläggsbelopp delade på dess elever) ingår inte: ett
tilläggsbelopp för den nya eleven beslutas särskilt för eleven, så tilläggsbeloppet och dess
mervärdesskatt (``moms_tillaggsbelopp``) dras ifrån innan andelen tas.

In: bidragsramen (``bidrag_enheter.berakna_bidrag_per_enhet``), skolenhet, stadium och månad.
Ut: en rad med elevens bidrag för resten av året. Inga uppgifter om eleven ingår.
"""

from __future__ import annotations

import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.fordelning.lika_villkor.per_enhet import DELAR

MANADER: tuple[str, ...] = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def andel_av_aret(fran_manad: int, till_manad: int = 12) -> float:
    """Andelen av årsbidraget för månaderna ``fran_manad`` … ``till_manad`` (båda inräknade,
    1–12): (till − från + 1) / 12. ``ValueError`` för månader utanför 1–12 eller i fel ordning."""
    if not (1 <= fran_manad <= till_manad <= 12):
        raise ValueError(f"månaderna ska uppfylla 1 ≤ {fran_manad} ≤ {till_manad} ≤ 12")
    return (till_manad - fran_manad + 1) / 12


def bidrag_for_ny_elev(
    bidrag: pl.DataFrame, skolenhetskod: str, stadium: str, fran_manad: int
) -> pl.DataFrame:
    """Bidraget för en elev som börjar vid ``skolenhetskod`` i ``stadium`` i månaden
    ``fran_manad``.

    In: bidragsramen (oavrundad eller avrundad), skolenhet, stadium, månad 1–12. Ut: en rad
    ``skolenhetskod, huvudman_id, stadium, fran_manad, manader, andel_av_aret`` + varje del i
    ``DELAR`` och ``bidrag`` för resten av kalenderåret (kr, oavrundat), ``arsbidrag`` (kr per
    elev och helt år), ``avdrag_avstatt``, ``avdrag_andel``, ``lokalkostnad_grund``. Enheten
    och stadiet ska finnas i bidragsramen (annars ``IndataFel``)."""
    if not 1 <= fran_manad <= 12:
        raise IndataFel(
            [Problem("ny elev", f"månaden ska vara 1–12, fick {fran_manad}", kolumn="fran_manad")]
        )
    rad = bidrag.filter((pl.col("skolenhetskod") == skolenhetskod) & (pl.col("stadium") == stadium))
    if rad.height != 1:
        raise IndataFel(
            [
                Problem(
                    "ny elev",
                    f"skolenheten {skolenhetskod} har inget bidrag för stadium {stadium} i "
                    "beslutet för kalenderåret (inte en enskild enhet i kommunen, eller inga "
                    "elever i stadiet vid räkningsdatumet)",
                    kolumn="skolenhetskod",
                )
            ]
        )
    andel = andel_av_aret(fran_manad)
    if "tillaggsbelopp" in rad.columns:
        utan = (pl.col("tillaggsbelopp") + pl.col("moms_tillaggsbelopp")).cast(pl.Float64)
        rad = rad.with_columns(
            bidrag=pl.col("bidrag").cast(pl.Float64) - utan,
            moms=(pl.col("moms") - pl.col("moms_tillaggsbelopp")).cast(pl.Float64),
            tillaggsbelopp=pl.lit(0.0, dtype=pl.Float64),
        )
    else:  # ett beslut från tiden före tilläggsbeloppen i bidraget
        rad = rad.with_columns(tillaggsbelopp=pl.lit(0.0, dtype=pl.Float64))
    return rad.select(
        "skolenhetskod",
        "huvudman_id",
        "stadium",
        pl.lit(fran_manad, dtype=pl.Int64).alias("fran_manad"),
        pl.lit(12 - fran_manad + 1, dtype=pl.Int64).alias("manader"),
        pl.lit(andel, dtype=pl.Float64).alias("andel_av_aret"),
        *(pl.col(d).cast(pl.Float64) * andel for d in DELAR),
        pl.col("bidrag").cast(pl.Float64) * andel,
        pl.col("bidrag").cast(pl.Float64).alias("arsbidrag"),
        "avdrag_avstatt",
        "avdrag_andel",
        "lokalkostnad_grund",
    )

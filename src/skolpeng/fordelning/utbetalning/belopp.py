"""Från månadsbelopp till utbetalda hela kronor, med rester och korrigeringar.

Regeln (en linje = t.ex. huvudman × skolenhet × stadium): ``E(m)`` = det linjen har rätt
till för månaderna 1 … m med det som är känt nu (elever som räknas × månadsbelopp per
elev, oavrundat). Efter varje utbetalning ska det som totalt har betalats ut vara
``avrunda(E(m))`` i hela kronor. Månaden M:s utbetalning delas i två delar:

- ``belopp_kr`` = avrunda(E(M)) − avrunda(E(M − 1)): månadens egen del. Resterna förs
  vidare (avrundningen görs på den löpande summan), så att tolv månader med samma elevantal
  summerar exakt till årsbidraget: avrunda(n · p) = n · p när p är hela kronor;
- ``korrigering_kr`` = avrunda(E(M − 1)) − det som redan har betalats för månaderna före M:
  en rättelse av tidigare månaders elevantal (retroaktiv korrigering) eller terminens
  justering blir en rad i nästa utbetalning, aldrig en tyst ändring av en betald månad.

In: den berättigade summan per linje och månad och det som redan betalats per linje. Ut:
månadens belopp, korrigering och att betala per linje (Int64).
"""

from __future__ import annotations

import numpy as np
import polars as pl

#: Tolerans för flyttalsfel i den löpande summan innan avrundning till hela kronor.
_TOLERANS = 1e-6


def avrunda_kronor(x: pl.Expr) -> pl.Expr:
    """Till hela kronor, halva kronor uppåt, tåligt mot flyttalsfel i löpande summor."""
    return (x + 0.5 + _TOLERANS).floor().cast(pl.Int64)


def manadens_utbetalning(
    berattigat: pl.DataFrame,
    nyckel: list[str],
    manad: int,
    betalt_fore: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Utbetalningen för ``manad`` per linje.

    In: ``berattigat`` = ``nyckel, manad, exakt_kr`` för månaderna 1 … ``manad`` (det som är
    känt nu); ``betalt_fore`` = ``nyckel, betalt_kr`` (Σ utbetalt för månaderna före ``manad``;
    None = inget). Linjer som bara finns i ``betalt_fore`` får en korrigering ned till det de
    nu har rätt till (0). Ut: ``nyckel, belopp_kr, korrigering_kr, att_betala_kr`` (Int64)."""
    e = (
        berattigat.filter(pl.col("manad") <= manad)
        .group_by(nyckel)
        .agg(
            _till=pl.col("exakt_kr").sum(),
            _fore=pl.col("exakt_kr").filter(pl.col("manad") < manad).sum(),
        )
    )
    if betalt_fore is None:
        betalt_fore = pl.DataFrame(
            {**{k: [] for k in nyckel}, "betalt_kr": []},
            schema={**{k: berattigat.schema[k] for k in nyckel}, "betalt_kr": pl.Int64},
        )
    ut = e.join(betalt_fore.select(*nyckel, "betalt_kr"), on=nyckel, how="full", coalesce=True)
    ut = ut.with_columns(
        pl.col("_till", "_fore").fill_null(0.0), pl.col("betalt_kr").fill_null(0).cast(pl.Int64)
    ).with_columns(_rt=avrunda_kronor(pl.col("_till")), _rf=avrunda_kronor(pl.col("_fore")))
    return ut.select(
        *nyckel,
        belopp_kr=pl.col("_rt") - pl.col("_rf"),
        korrigering_kr=pl.col("_rf") - pl.col("betalt_kr"),
        att_betala_kr=pl.col("_rt") - pl.col("betalt_kr"),
    )


def lopande_avrundning(exakt: np.ndarray) -> np.ndarray:
    """Månadsbelopp (oavrundade) -> hela kronor per månad vars löpande summa alltid är den
    avrundade löpande summan (resterna förs vidare). Samma regel som
    ``manadens_utbetalning`` utan korrigeringar; för kontroller och flödesmatrisen."""
    lopande = np.floor(np.cumsum(exakt) + 0.5 + _TOLERANS)
    return np.diff(np.concatenate([[0.0], lopande])).astype(np.int64)

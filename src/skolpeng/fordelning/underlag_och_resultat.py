"""Kontraktet mellan fördelningens beräkning och allt som bygger på den (bidrag, stabilitet,
förändring, redovisning, beslut, CLI, webb).

In: inget (ren deklaration). Ut: ``Fordelningsunderlag`` (det en modell räknas på, i
aggregerad form: inga elevuppgifter) och ``Fordelning`` (resultatet).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from skolpeng.fordelning.modellfil.schema import Fordelningsmodell


@dataclass(frozen=True)
class Fordelningsunderlag:
    """Underlaget för en kommuns fördelning ett år, aggregerat per skolenhet.

    - ``enheter``: ``skolenhetskod, namn, huvudmannatyp, huvudman_id, huvudman_namn,
      kommunkod`` – de enheter kommunen fördelar till (kommunala och enskilda enheter belägna
      i kommunen; statliga ingår inte);
    - ``elever``: ``skolenhetskod, arskurs, antal`` (Float64; ``F``, ``1`` … ``9``; för
      fritidshem F–6) – eleverna modellen räknar på;
    - ``index``: ``skolenhetskod, index, index_standard`` (Float64, index efter omskalning;
      ``index_standard`` = true när standardvärdet användes) – None om modellen saknar index;
    - ``malgrupper``: ``skolenhetskod, malgrupp, antal`` (elever i målgruppen) – kan vara tom;
    - ``givna_belopp``: ``skolenhetskod, pott, belopp_kr`` – kan vara tom;
    - ``verksamheter``: verksamheterna i modellens ram i rutnätets ordning (tom = bara
      modellens verksamhet); ``elever`` har då kolumnen ``verksamhet``;
    - ``behovsniva``: ``skolenhetskod, verksamhet, arskurs, behovsniva, antal`` (elever per
      behovsnivå, docs/regler/anpassad-grundskola.md) – None när datasetet saknar tabellen;
    - ``resursskolor``: skolenhetskoderna för kommunens resursskolor.
    """

    enheter: pl.DataFrame
    elever: pl.DataFrame
    index: pl.DataFrame | None
    malgrupper: pl.DataFrame
    givna_belopp: pl.DataFrame
    anteckningar: tuple[str, ...] = ()
    verksamheter: tuple[str, ...] = ()
    behovsniva: pl.DataFrame | None = None
    resursskolor: tuple[str, ...] = ()


# fordelning.csv: lång form, en rad per skolenhet, stadium och pott.
FORDELNING_KOLUMNER: tuple[str, ...] = (
    "skolenhetskod",
    "stadium",
    "pott",
    "elever",
    "kr_per_elev",
    "belopp_kr",
)

#: Kolumnerna efter ``FORDELNING_KOLUMNER`` i ``fordelning.csv`` (när raderna har dem): vad
#: ``skolpeng fordela`` skriver (``rapporter.fordelning.utdata``) och ``forra_aret`` läser.
FORDELNING_EXTRA_KOLUMNER: tuple[str, ...] = (
    "verksamhet",
    "delpott",
    "kostnadsslag",
    "samma_grunder",
    "nyckel",
    "nyckelvarde",
    "belopp_kr_avrundat",
    "forklaring",
)


@dataclass(frozen=True)
class Fordelning:
    """En beräknad fördelning.

    - ``rader``: en rad per skolenhet, stadium och (del)pott: ``FORDELNING_KOLUMNER`` och
      dessutom ``delpott`` (null när potten saknar delar), ``kostnadsslag``, ``samma_grunder``,
      ``nyckel`` (nyckelns typ), ``nyckelvarde`` (t.ex. index eller vikt som gav beloppet),
      ``forklaring`` (svensk text, t.ex. ``"index 1,15 × 8 412 kr"``) och ``belopp_kr_avrundat``
      (hela kronor, största-rest per pott så att potten stämmer exakt i kronor).
      ``belopp_kr`` är oavrundat; Σ belopp_kr per pott = pottens belopp.
    - ``potter``: ``pott, kostnadsslag, samma_grunder, belopp_kr, fordelat_kr,
      fordelat_avrundat_kr, antal_enheter, elever``.
    - ``enheter``: en rad per skolenhet: ``skolenhetskod, namn, huvudmannatyp, huvudman_id,
      elever, index, index_standard, belopp_kr, kr_per_elev`` och ``belopp_kr_avrundat``
      (hela kronor: Σ radernas ``belopp_kr_avrundat``, sätts här ur ``rader`` så att den
      alltid stämmer med dem).
    - ``anteckningar``: svenska noteringar: standardvärden som tillämpats, tak som band,
      enheter utan elever i en pott.
    """

    modell: Fordelningsmodell
    underlag: Fordelningsunderlag
    rader: pl.DataFrame
    potter: pl.DataFrame
    enheter: pl.DataFrame
    anteckningar: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if "belopp_kr_avrundat" in self.rader.columns and "skolenhetskod" in self.enheter.columns:
            enheter = self.enheter.drop("belopp_kr_avrundat", strict=False).join(
                avrundat_per_enhet(self.rader), on="skolenhetskod", how="left"
            )
            object.__setattr__(
                self, "enheter", enheter.with_columns(pl.col("belopp_kr_avrundat").fill_null(0))
            )


def avrundat_per_enhet(rader: pl.DataFrame) -> pl.DataFrame:
    """Fördelningens rader (som ``Fordelning.rader`` eller en lagrad ``fordelning.csv``) ->
    ``skolenhetskod, belopp_kr_avrundat``: enhetens belopp i hela kronor (Int64), summan av
    radernas avrundade belopp (som är avrundade per pott med största-rest-metoden)."""
    return rader.group_by("skolenhetskod").agg(
        pl.col("belopp_kr_avrundat").cast(pl.Float64).sum().round(0).cast(pl.Int64)
    )


def elever_per_enhet(elever: pl.DataFrame) -> pl.DataFrame:
    """Underlagets elever (``Fordelningsunderlag.elever`` eller en lagrad
    ``underlag_elever.csv``: ``skolenhetskod, arskurs, antal``) -> ``skolenhetskod, elever``
    (Float64, Σ antal per enhet)."""
    return elever.group_by("skolenhetskod").agg(
        pl.col("antal").cast(pl.Float64).sum().alias("elever")
    )

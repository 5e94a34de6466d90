"""Vilket lokalkostnadsindex normen använder (docs/regler/norm.md#steg-7): fastställt eller beräknat.

Källan: "Lokalindex kvarstår över tid och uppdateras i samband med utvärdering av modellen
och normen" (SOU 2025:72, bilagan, Strukturtillägg). Finns den valfria tabellen
``lokalindex`` i underlaget används den som den är; annars beräknas indexet vid körningen ur
``lokalkostnadsunderlag`` (de senaste åren t.o.m. normåret, ``justeringar.lokalkostnadsindex``).
``skolpeng lokalindex`` skriver tabellen med ``lokalindextabell``.

In: ``Underlag``, normåret (eller det sista indexåret) och parametrarna. Ut: ``Lokalindex``
(index per kommun, om det var fastställt, åren och en beskrivning på svenska) eller tabellen
att skriva.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from skolpeng.data.schema import Underlag
from skolpeng.data.validering_norm import filnamn
from skolpeng.fel import IndataFel, Problem
from skolpeng.norm.justeringar import lokalindex_ar, lokalkostnadsindex

TABELL = "lokalindex"


@dataclass(frozen=True)
class Lokalindex:
    """Lokalkostnadsindex per kommun (``kommunkod, lokalkostnadsindex``), om det var
    fastställt (tabellen ``lokalindex``) eller beräknat vid körningen, åren det bygger på
    och filen det kom ur (fastställt) eller beräknades från."""

    tabell: pl.DataFrame
    faststallt: bool
    ar: list[int]
    fil: str

    def beskrivning(self) -> str:
        """En mening på svenska om vilket index som användes (sammanfattning och Excelbok)."""
        ar = ", ".join(map(str, self.ar))
        if self.faststallt:
            return f"fastställt ur {self.fil}, beräknat på åren {ar}"
        return f"beräknat vid körningen ur {self.fil}, åren {ar}"

    def som_dict(self) -> dict[str, object]:
        """Nycklarna i ``NormResultat.sammanfattning`` (platta, JSON-vänliga)."""
        return {
            "lokalindex_ar": list(self.ar),
            "lokalindex_faststallt": self.faststallt,
            "lokalindex_fil": self.fil,
            "lokalindex_beskrivning": self.beskrivning(),
        }


def faststallda_ar(lokalindex: pl.DataFrame) -> list[int]:
    """Åren ett fastställt index bygger på: ``forsta_ar`` … ``sista_ar`` (lika på alla rader,
    vilket valideringen vid inläsningen kräver)."""
    if lokalindex.height == 0:
        return []
    forsta, sista = (int(lokalindex.get_column(k).min()) for k in ("forsta_ar", "sista_ar"))
    return list(range(forsta, sista + 1))


def valj_lokalindex(
    underlag: Underlag, normar: int, antal_ar: int, byggkostnad_vikt: float
) -> Lokalindex:
    """Det fastställda indexet om tabellen ``lokalindex`` finns, annars det beräknade.

    In: underlaget, normåret N, antalet indexår och byggkostnadsvikten (parametrarna).
    Ut: ``Lokalindex``; för få år i ``lokalkostnadsunderlag`` ger ``IndataFel``.
    """
    if underlag.lokalindex is not None:
        return Lokalindex(
            tabell=underlag.lokalindex.select(
                "kommunkod", pl.col("index").cast(pl.Float64).alias("lokalkostnadsindex")
            ).sort("kommunkod"),
            faststallt=True,
            ar=faststallda_ar(underlag.lokalindex),
            fil=filnamn(underlag, TABELL),
        )
    ar = lokalindex_ar(underlag.lokalkostnadsunderlag, normar, antal_ar)
    tabell = lokalkostnadsindex(
        underlag.lokalkostnadsunderlag,
        underlag.kommuner.select("kommunkod", "kommungrupp"),
        ar,
        byggkostnad_vikt,
    )
    ofullstandiga = tabell.filter(pl.col("antal_lokalar") < len(ar)).get_column("kommunkod")
    return Lokalindex(
        tabell=tabell.filter(~pl.col("kommunkod").is_in(ofullstandiga.implode())).select(
            "kommunkod", "lokalkostnadsindex"
        ),
        faststallt=False,
        ar=ar,
        fil=filnamn(underlag, "lokalkostnadsunderlag"),
    )


def kontrollera_tackning(enheter: pl.DataFrame, lokalindex: Lokalindex) -> None:
    """Varje lägeskommun med deltagande enheter behöver ett index (``lokalkostnadsindex``
    efter sammanslagningen med enhetstabellen); annars ``IndataFel`` som nämner filen."""
    saknas = (
        enheter.filter(pl.col("lokalkostnadsindex").is_null())
        .get_column("kommunkod")
        .unique()
        .sort()
        .to_list()
    )
    if not saknas:
        return
    if lokalindex.faststallt:
        text = "har deltagande skolenheter men saknar rad i det fastställda lokalkostnadsindexet"
    else:
        text = (
            "har deltagande skolenheter men saknar lokalkostnadsunderlag för något av "
            f"indexåren {', '.join(map(str, lokalindex.ar))}"
        )
    raise IndataFel(
        [Problem(lokalindex.fil, f"kommunkod {k} {text}", None, "kommunkod") for k in saknas]
    )


def lokalindextabell(
    underlag: Underlag, sista_ar: int | None, antal_ar: int, byggkostnad_vikt: float
) -> pl.DataFrame:
    """Tabellen ``lokalindex`` att fastställa: index per kommun ur ``lokalkostnadsunderlag``.

    In: underlaget, det sista indexåret (None: det senaste året i underlaget), antalet år och
    byggkostnadsvikten. Ut: ``kommunkod, index, forsta_ar, sista_ar`` för varje kommun i
    underlaget, beräknat som i normen (``justeringar.lokalkostnadsindex``). En kommun som
    saknar något av åren, eller år som inte följer på varandra, ger ``IndataFel``.
    """
    lok = underlag.lokalkostnadsunderlag
    fil = filnamn(underlag, "lokalkostnadsunderlag")
    if sista_ar is None:
        if lok.height == 0:
            raise IndataFel([Problem(fil, "filen har inga rader", None, "ar")])
        sista_ar = int(lok.get_column("ar").max())
    ar = lokalindex_ar(lok, sista_ar, antal_ar)
    if ar != list(range(ar[0], ar[0] + len(ar))):
        raise IndataFel(
            [
                Problem(
                    fil,
                    f"lokalkostnadsindexets år ska följa på varandra; de {antal_ar} senaste "
                    f"åren t.o.m. {sista_ar} är {', '.join(map(str, ar))}",
                    None,
                    "ar",
                )
            ]
        )
    tabell = lokalkostnadsindex(
        lok, underlag.kommuner.select("kommunkod", "kommungrupp"), ar, byggkostnad_vikt
    )
    ofullstandiga = tabell.filter(pl.col("antal_lokalar") < len(ar)).get_column("kommunkod")
    if ofullstandiga.len():
        raise IndataFel(
            [
                Problem(
                    fil,
                    f"kommunkod {k} saknar rad för något av åren {', '.join(map(str, ar))}",
                    None,
                    "ar",
                )
                for k in ofullstandiga.to_list()
            ]
        )
    return tabell.select(
        "kommunkod",
        pl.col("lokalkostnadsindex").alias("index"),
        pl.lit(ar[0], dtype=pl.Int64).alias("forsta_ar"),
        pl.lit(ar[-1], dtype=pl.Int64).alias("sista_ar"),
    )

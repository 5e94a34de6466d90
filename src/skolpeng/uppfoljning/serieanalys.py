"""Hela uppföljningen av en resultatserie: gapet (riket och kommunerna), förväntat mot
faktiskt varje år, avvikelsernas beständighet och indexets förklaringsgrad.

In: ``resultat`` och ``bakgrund`` per skolenhet och läsår (kontrakten i ``indata``),
``enheter`` med ``kommunkod`` och ``Analysinstallningar`` (med ``huvudmannatyp`` bara de
enheterna; behovsindexets skala är ändå alla enheters). Ut: ``Serieanalys``. Förväntat mot
faktiskt skattas på alla enheter (riket) per läsår och utfall, som SALSA: en kommuns enheter
jämförs med vad bakgrunden ger i hela underlaget. Ett utfall räknas bara de läsår det finns
(proven i årskurs 6 saknas 2020/21).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from skolpeng.uppfoljning.bestandighet import Bestandighet, bestandighet
from skolpeng.uppfoljning.forvantat import Forvantat, forvantat_resultat
from skolpeng.uppfoljning.indata import Analysinstallningar, med_ar
from skolpeng.uppfoljning.resultatserie import (
    Omradesgap,
    ar_med_utfall,
    behovsindex,
    omradesgap,
)
from skolpeng.uppfoljning.traffsakerhet import analysunderlag, forklaringsgrad

#: Utfallen när analysfilen inte anger några: meritvärdet, andelen med godkänt i alla ämnen
#: och provet i matematik i årskurs 6. Behörigheten tas inte med som standard: ``~100`` är
#: prickat och urvalet saknar då många av enheterna med bäst resultat.
SERIENS_UTFALL: tuple[str, ...] = ("meritvarde", "andel_alla_amnen", "np6_matematik")


@dataclass(frozen=True)
class Serieanalys:
    """Resultatseriens analyser.

    ``index``: behovsindexet (skolenhetskod, ar, index); ``gap``: ``Omradesgap``;
    ``forvantat``: ett ``Forvantat`` per utfall; ``bestandighet``: per utfall;
    ``forklaringsgrad``: per utfall och år R² och rangkorrelation av utfallet på
    behovsindexet (riket); ``resultat``: resultaten med ``ar``."""

    index: pl.DataFrame
    gap: Omradesgap
    forvantat: dict[str, Forvantat]
    bestandighet: dict[str, Bestandighet]
    forklaringsgrad: pl.DataFrame
    resultat: pl.DataFrame
    utfall: tuple[str, ...]


def seriens_utfall(inst: Analysinstallningar) -> tuple[str, ...]:
    """Utfallen: analysfilens om den anger ``utfall``, annars ``SERIENS_UTFALL``."""
    return tuple(inst.utfall) if "utfall" in inst.model_fields_set else SERIENS_UTFALL


def _forvantat(
    resultat: pl.DataFrame, bakgrund: pl.DataFrame, utfall: str, inst: Analysinstallningar
) -> Forvantat:
    ar = ar_med_utfall(resultat, utfall)
    return forvantat_resultat(
        resultat.filter(pl.col("lasar").is_in(ar)),
        bakgrund,
        [utfall],
        inst.faktorer,
        inst.minsta_antal_elever,
        inst.intervallniva,
    )


def serieanalys(
    resultat: pl.DataFrame,
    bakgrund: pl.DataFrame,
    enheter: pl.DataFrame,
    inst: Analysinstallningar,
    utfall: Sequence[str] | None = None,
) -> Serieanalys:
    """Alla analyser (se modulens beskrivning). Kastar ``IndataFel`` som delanalyserna."""
    utfall = tuple(utfall or seriens_utfall(inst))
    if inst.huvudmannatyp is not None and "huvudmannatyp" in enheter.columns:
        koder = enheter.filter(pl.col("huvudmannatyp") == inst.huvudmannatyp)["skolenhetskod"]
        resultat = resultat.filter(pl.col("skolenhetskod").is_in(koder.to_list()))
    res = med_ar(resultat, inst.lasar_till_ar)
    bak = med_ar(bakgrund, inst.lasar_till_ar, "bakgrund")
    index = behovsindex(bak)
    gap = omradesgap(
        res,
        index,
        enheter,
        utfall,
        inst.minsta_antal_elever,
        inst.trosklar.minsta_antal_enheter_kommun,
        inst.trosklar.trend_signifikans,
    )
    forv = {u: _forvantat(resultat, bakgrund, u, inst) for u in utfall}
    best = {u: bestandighet(f.enheter, inst.intervallniva) for u, f in forv.items()}
    fg = pl.concat(
        forklaringsgrad(analysunderlag(res, index, None, u, inst.minsta_antal_elever), u)
        for u in utfall
    )
    return Serieanalys(index, gap, forv, best, fg, res, utfall)


def kommunens_enheter(enheter: pl.DataFrame, kommunkod: str) -> list[str]:
    """Skolenhetskoderna i kommunen."""
    return enheter.filter(pl.col("kommunkod") == kommunkod)["skolenhetskod"].to_list()


def kommunens_forklaringsgrad(
    s: Serieanalys, koder: Sequence[str], minsta_antal: float
) -> pl.DataFrame:
    """R² och rangkorrelation av utfallet på behovsindexet per år, bara kommunens enheter."""
    res = s.resultat.filter(pl.col("skolenhetskod").is_in(list(koder)))
    delar = [
        forklaringsgrad(analysunderlag(res, s.index, None, u, minsta_antal), u) for u in s.utfall
    ]
    delar = [d for d in delar if d.height]
    return pl.concat(delar) if delar else pl.DataFrame()

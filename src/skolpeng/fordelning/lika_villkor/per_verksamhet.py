"""Bidraget till enskilda huvudmän när modellens ram har både grundskola och anpassad
grundskola (``med_anpassad_gr``).

Grundbeloppet för anpassad grundskola bestäms "efter samma grunder som hemkommunen tillämpar
vid fördelning av resurser till den egna anpassade grundskolan" (skollagen 11 kap. 37 § i den
lydelse som föreslås i SOU 2025:72), och för grundskolan efter grundskolans (10 kap. 37 §).
Fördelningen delas därför per verksamhet – raderna, eleverna och modellen med den
verksamheten – och ``berakna_bidrag_per_enhet`` räknas för var och en: kostnadsslagen ur
verksamhetens egna rader och lokalkostnaden som kommunens genomsnitt i verksamheten.

In: fördelningen och parameterläget (som ``berakna_bidrag_per_enhet``); villkorade belopp och
tilläggsbelopp med en kolumn ``verksamhet`` gäller den verksamheten, utan kolumnen modellens
huvudverksamhet. Ut: ``BIDRAG_KOLUMNER`` och, för en blandad ram, kolumnen ``verksamhet``.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from skolpeng.fordelning.lika_villkor.per_enhet import berakna_bidrag_per_enhet
from skolpeng.fordelning.modellfil.schema import verksamheter
from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.parametrar import Parameterlage


def fordelning_for_verksamhet(fordelning: Fordelning, verksamhet: str) -> Fordelning:
    """Den del av en fördelning med blandad ram som gäller ``verksamhet``: modellen med bara
    den verksamheten, underlagets elever och radernas belopp för den."""
    fu = fordelning.underlag
    elever = fu.elever
    if "verksamhet" in elever.columns:
        elever = elever.filter(pl.col("verksamhet") == verksamhet).drop("verksamhet")
    niva = fu.behovsniva
    if niva is not None and "verksamhet" in niva.columns:
        niva = niva.filter(pl.col("verksamhet") == verksamhet).drop("verksamhet")
    delunderlag = replace(fu, elever=elever, behovsniva=niva, verksamheter=(verksamhet,))
    rader = fordelning.rader.filter(pl.col("verksamhet") == verksamhet)
    koder = elever["skolenhetskod"].unique().implode()
    return replace(
        fordelning,
        modell=fordelning.modell.model_copy(
            update={"verksamhet": verksamhet, "med_anpassad_gr": False}
        ),
        underlag=replace(
            delunderlag, enheter=fu.enheter.filter(pl.col("skolenhetskod").is_in(koder))
        ),
        rader=rader,
        enheter=fordelning.enheter.filter(pl.col("skolenhetskod").is_in(koder)),
    )


def _for(tabell: pl.DataFrame | None, verksamhet: str, huvud: str) -> pl.DataFrame | None:
    if tabell is None:
        return None
    if "verksamhet" in tabell.columns:
        return tabell.filter(pl.col("verksamhet") == verksamhet).drop("verksamhet")
    return tabell if verksamhet == huvud else None


def berakna_bidrag_per_verksamhet(
    fordelning: Fordelning,
    lage: Parameterlage,
    villkorade_belopp: pl.DataFrame | None = None,
    faktiska_lokalkostnader: pl.DataFrame | None = None,
    tillaggsbelopp: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Bidraget per enskild skolenhet, verksamhet och stadium (se modulens beskrivning)."""
    verks = verksamheter(fordelning.modell)
    if len(verks) == 1:
        return berakna_bidrag_per_enhet(
            fordelning, lage, villkorade_belopp, faktiska_lokalkostnader, tillaggsbelopp
        )
    delar = []
    for v in verks:
        f = fordelning_for_verksamhet(fordelning, v)
        b = berakna_bidrag_per_enhet(
            f,
            lage,
            _for(villkorade_belopp, v, verks[0]),
            _for(faktiska_lokalkostnader, v, verks[0]),
            _for(tillaggsbelopp, v, verks[0]),
        )
        delar.append(b.with_columns(verksamhet=pl.lit(v)))
    return pl.concat(delar)

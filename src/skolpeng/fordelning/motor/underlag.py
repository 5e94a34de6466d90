"""Från ett dataset till det en fördelningsmodell räknas på (``Fordelningsunderlag``).

In: modellen, ett ``Underlag`` (``skolpeng.data.las_underlag``) och modellfilens katalog
(för indexfiler). Ut: ``Fordelningsunderlag`` för modellens kommun – eller ``IndataFel``
med alla problem på en gång (saknade år, målgrupper, givna belopp till enheter utanför
kommunen, namngivna enheter som inte finns, potter utan elever …).

- skolenheter: belägna i ``modell.kommunkod``, kommunala och enskilda (statliga ingår inte),
  som har elever i modellens verksamhet läsåret;
- läsåret: ``modell.lasar``, annars det senaste läsåret i datasetet för verksamheten och
  kommunen;
- index: enligt ``modell.index`` (``indexkalla``);
- målgrupper: den valfria tabellen ``malgrupper`` för läsåret och kommunens enheter;
- givna belopp: den valfria tabellen ``givna_belopp`` för modellens år; rader för en pott i
  modellen till en skolenhet som inte är kommunens är ett fel.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.data.schema import Underlag
from skolpeng.fel import IndataFel, Problem
from skolpeng.fordelning.modellfil.kontroll import givet_namn, kontrollera
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell, verksamheter
from skolpeng.fordelning.motor.indexkalla import kommunens_index
from skolpeng.fordelning.motor.rutnat import rutnat
from skolpeng.fordelning.underlag_och_resultat import Fordelningsunderlag

ENHETSKOLUMNER = (
    "skolenhetskod",
    "namn",
    "huvudmannatyp",
    "huvudman_id",
    "huvudman_namn",
    "kommunkod",
)


def _givna_namn(modell: Fordelningsmodell) -> set[str]:
    """Namnen i givna_belopp som modellens potter med nyckeln givet läser."""
    ut = set()
    for p in modell.potter:
        if p.nyckel is not None and p.nyckel.typ == "givet":
            ut.add(givet_namn(p.namn, None))
        for d in p.delpotter or []:
            if d.nyckel.typ == "givet":
                ut.add(givet_namn(p.namn, d.namn))
    return ut


def _malgrupper(modell: Fordelningsmodell) -> set[str]:
    nycklar = [p.nyckel for p in modell.potter if p.nyckel is not None]
    nycklar += [d.nyckel for p in modell.potter for d in p.delpotter or []]
    return {str(n.malgrupp) for n in nycklar if n.typ == "malgrupp"}


def valj_lasar(modell: Fordelningsmodell, underlag: Underlag) -> str | None:
    """Modellens läsår, annars det senaste läsåret med elever i verksamheten i kommunen."""
    if modell.lasar:
        return modell.lasar
    koder = underlag.skolenheter.filter(pl.col("kommunkod") == modell.kommunkod)["skolenhetskod"]
    lasar = underlag.elever.filter(
        (pl.col("verksamhet") == modell.verksamhet) & pl.col("skolenhetskod").is_in(koder.implode())
    )["lasar"]
    return None if lasar.len() == 0 else str(lasar.max())


def forbered_underlag(
    modell: Fordelningsmodell, underlag: Underlag, modellkatalog: Path | None = None
) -> Fordelningsunderlag:
    """Dataset + modell -> ``Fordelningsunderlag`` för modellens kommun, verksamhet och läsår.

    In: modellen, datasetet och katalogen som modellens filer (``index.fil``) är relativa
    till (None = arbetskatalogen). Ut: underlaget (se ``Fordelningsunderlag``; index på
    100-skalan). Alla problem – i data och mellan modell och data – kastas på en gång som
    ``IndataFel``."""
    problem: list[Problem] = []
    lasar = valj_lasar(modell, underlag)
    if lasar is None:
        raise IndataFel(
            [
                Problem(
                    "elever",
                    f"kommunen {modell.kommunkod} har inga kommunala eller enskilda skolenheter "
                    f"med elever i verksamheten {modell.verksamhet}",
                )
            ]
        )
    enh = underlag.skolenheter.filter(
        (pl.col("kommunkod") == modell.kommunkod)
        & pl.col("huvudmannatyp").is_in(["kommunal", "enskild"])
    )
    verks = verksamheter(modell)
    grupp = (
        ["skolenhetskod", "verksamhet", "arskurs"]
        if len(verks) > 1
        else ["skolenhetskod", "arskurs"]
    )

    def aggregera(t: pl.DataFrame, extra: tuple[str, ...] = ()) -> pl.DataFrame:
        return (
            t.filter(
                pl.col("verksamhet").is_in(verks)
                & (pl.col("lasar") == lasar)
                & pl.col("skolenhetskod").is_in(enh["skolenhetskod"].implode())
            )
            .group_by(*grupp, *extra)
            .agg(antal=pl.col("antal").cast(pl.Float64).sum())
            .filter(pl.col("antal") > 0)
            .sort(*grupp, *extra)
        )

    elever = aggregera(underlag.elever)
    per_enhet = elever.group_by("skolenhetskod").agg(elever=pl.col("antal").sum())
    enheter = (
        enh.join(per_enhet.select("skolenhetskod"), on="skolenhetskod", how="semi")
        .select(ENHETSKOLUMNER)
        .sort("skolenhetskod")
    )
    if enheter.height == 0:
        raise IndataFel(
            [
                Problem(
                    "elever",
                    f"kommunen {modell.kommunkod} har inga kommunala eller enskilda skolenheter "
                    f"med elever i verksamheten {modell.verksamhet} läsåret {lasar}",
                )
            ]
        )
    anteckningar: list[str] = []
    index = None
    if modell.index is not None:
        index, ant, p = kommunens_index(
            modell.index, modell, underlag, enheter, per_enhet, modellkatalog
        )
        anteckningar += ant
        problem += p
    malgrupper, p = _malgruppstabell(modell, underlag, enheter, str(lasar))
    problem += p
    givna, p = _givnatabell(modell, underlag, enheter)
    problem += p
    niva = underlag.elever_behovsniva
    resurs = underlag.resursskolor
    fu = Fordelningsunderlag(
        verksamheter=verks,
        behovsniva=None if niva is None else aggregera(niva, ("behovsniva",)),
        resursskolor=()
        if resurs is None
        else tuple(resurs.join(enheter, on="skolenhetskod", how="semi")["skolenhetskod"]),
        enheter=enheter,
        elever=elever,
        index=index,
        malgrupper=malgrupper,
        givna_belopp=givna,
        anteckningar=tuple(anteckningar),
    )
    if modell.index is None or index is not None:
        saknas = frozenset(t for t in ("malgrupper", "givna_belopp") if underlag.tabell(t) is None)
        problem += kontrollera(modell, rutnat(fu), saknas)
    if problem:
        raise IndataFel(problem)
    return fu


def _saknad_tabell(fil: str, nyckel: str, behov: set[str]) -> list[Problem]:
    """En valfri tabell saknas i datasetet: ett problem om modellen använder nyckeln
    ``nyckel`` (för namnen i ``behov``), annars inget."""
    if not behov:
        return []
    return [
        Problem(
            fil,
            f"tabellen saknas i datasetet men modellen har nyckeln {nyckel} "
            f"({', '.join(sorted(behov))})",
        )
    ]


def _malgruppstabell(
    modell: Fordelningsmodell, underlag: Underlag, enheter: pl.DataFrame, lasar: str
) -> tuple[pl.DataFrame, list[Problem]]:
    tom = pl.DataFrame(
        schema={"skolenhetskod": pl.String, "malgrupp": pl.String, "antal": pl.Float64}
    )
    behov = _malgrupper(modell)
    t = underlag.malgrupper
    if t is None:
        return tom, _saknad_tabell("malgrupper.csv", "malgrupp", behov)
    d = (
        t.filter(
            (pl.col("lasar") == lasar)
            & pl.col("skolenhetskod").is_in(enheter["skolenhetskod"].implode())
        )
        .group_by("skolenhetskod", "malgrupp")
        .agg(antal=pl.col("antal").cast(pl.Float64).sum())
        .sort("skolenhetskod", "malgrupp")
    )
    return d.select("skolenhetskod", "malgrupp", "antal"), []


def _givnatabell(
    modell: Fordelningsmodell, underlag: Underlag, enheter: pl.DataFrame
) -> tuple[pl.DataFrame, list[Problem]]:
    tom = pl.DataFrame(
        schema={"skolenhetskod": pl.String, "pott": pl.String, "belopp_kr": pl.Float64}
    )
    behov = _givna_namn(modell)
    t = underlag.givna_belopp
    if t is None:
        return tom, _saknad_tabell("givna_belopp.csv", "givet", behov)
    d = t.filter((pl.col("ar") == modell.ar) & pl.col("pott").is_in(sorted(behov)))
    utanfor = d.join(enheter.select("skolenhetskod"), on="skolenhetskod", how="anti")
    problem = [
        Problem(
            "givna_belopp.csv",
            f"skolenheten {k} (pott {p!r}) är inte en av kommunens {modell.kommunkod} "
            "skolenheter med elever",
            kolumn="skolenhetskod",
        )
        for k, p in utanfor.select("skolenhetskod", "pott").iter_rows()
    ]
    ut = (
        d.join(enheter.select("skolenhetskod"), on="skolenhetskod", how="semi")
        .group_by("skolenhetskod", "pott")
        .agg(belopp_kr=pl.col("belopp_kr").sum())
        .sort("pott", "skolenhetskod")
    )
    return ut.select("skolenhetskod", "pott", "belopp_kr"), problem

"""Sammanfattning och README-text för en syntetisk nation.

In: ett ``Underlag`` (och argumenten som gav det). Ut: nyckeltal (``Sammanfattning``), en
svensk sammanfattningsrad och texten till datasetkatalogens ``README.md``. Skriver inget.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from skolpeng.data.schema import TABELLER, Underlag
from skolpeng.talformat import MELLANSLAG, decimal


@dataclass(frozen=True)
class Sammanfattning:
    """Nyckeltal för en nation: kommuner, enheter per huvudmannatyp, elever F–9 det senaste
    läsåret och andelen av dem i enskilda enheter."""

    kommuner: int
    enheter: int
    enheter_kommunala: int
    enheter_enskilda: int
    enheter_statliga: int
    lasar: str
    elever: int
    andel_enskild: float


def sammanfatta(underlag: Underlag) -> Sammanfattning:
    """Räknar nyckeltalen ur ett ``Underlag`` (senaste läsåret, verksamhet fk_gr)."""
    s = underlag.skolenheter
    fk = underlag.elever.filter(pl.col("verksamhet") == "fk_gr")
    senaste = str(fk["lasar"].max()) if fk.height else ""
    typ = (
        fk.filter(pl.col("lasar") == senaste)
        .join(s.select("skolenhetskod", "huvudmannatyp"), on="skolenhetskod", how="left")
        .group_by("huvudmannatyp")
        .agg(pl.col("antal").sum())
    )
    per_typ = dict(zip(typ["huvudmannatyp"].to_list(), typ["antal"].to_list(), strict=True))
    elever = int(sum(per_typ.values()))
    antal = dict(s.group_by("huvudmannatyp").len().iter_rows())
    return Sammanfattning(
        kommuner=underlag.kommuner.height,
        enheter=s.height,
        enheter_kommunala=int(antal.get("kommunal", 0)),
        enheter_enskilda=int(antal.get("enskild", 0)),
        enheter_statliga=int(antal.get("statlig", 0)),
        lasar=senaste,
        elever=elever,
        andel_enskild=per_typ.get("enskild", 0) / elever if elever else 0.0,
    )


def _tal(x: float, decimaler: int = 0) -> str:
    """Svensk talformatering: mellanslag som tusentalsavgränsare, decimalkomma."""
    return decimal(x, decimaler, mellanrum=MELLANSLAG)


def sammanfattningstext(s: Sammanfattning) -> str:
    """En svensk mening med nationens nyckeltal."""
    return (
        f"{_tal(s.kommuner)} kommuner, {_tal(s.enheter)} skolenheter "
        f"({_tal(s.enheter_kommunala)} kommunala, {_tal(s.enheter_enskilda)} enskilda, "
        f"{_tal(s.enheter_statliga)} statliga), {_tal(s.elever)} elever i förskoleklass och "
        f"grundskola läsåret {s.lasar}, varav {_tal(100 * s.andel_enskild, 1)} % i enskilda enheter."
    )


def readme_text(underlag: Underlag, argument: dict[str, object]) -> str:
    """Texten till ``README.md`` i en skriven syntetisk datasetkatalog: vad den är, med vilka
    argument den skapades, och att varje kolumn i varje tabell är syntetisk."""
    rader = [
        "# Syntetisk nation",
        "",
        "Detta dataset är påhittat. Det har formen av det verkliga Sverige (SKR:s kommungrupper,",
        "storleksfördelningar, kostnadsnivåer) men ingen rad beskriver en verklig kommun, skolenhet,",
        "huvudman eller elev. Det är skapat av `skolpeng syntetisk` och kan återskapas exakt med",
        "samma argument.",
        "",
        f"Namn: {underlag.namn}",
        "",
        "## Argument",
        "",
        *[f"- `{k}`: {v}" for k, v in argument.items()],
        "",
        "## Sammanfattning",
        "",
        sammanfattningstext(sammanfatta(underlag)),
        "",
        "## Kolumner",
        "",
        "| tabell | kolumn | ursprung |",
        "|---|---|---|",
    ]
    for namn, tabell in TABELLER.items():
        if underlag.tabell(namn) is None:
            continue
        rader += [f"| {namn} | {k} | syntetisk |" for k in tabell.kolumnnamn]
    return "\n".join(rader) + "\n"

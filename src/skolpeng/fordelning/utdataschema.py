"""Det strikta schemat för en utdatakatalog från ``skolpeng fordela`` när den tas emot
utifrån (webbens import av förra årets fördelning): bara de filer och kolumner som
kommandot skriver, och ``manifest.json`` enligt ``utdata.skriv_manifest``.

In: filerna som ``{namn: bytes}``. Ut: ``utdataproblem`` ger alla problem (svenska, med fil,
rad och kolumn): okända filer, okända kolumner (en extra kolumn kunde bära uppgifter om
enskilda elever, och filen sparas som den är), ett manifest som inte följer schemat och
person- eller samordningsnummer i någon cell, text eller något värde.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from skolpeng.data.cellgranskning import uppraknade
from skolpeng.fel import Problem, pydantic_problem
from skolpeng.fordelning.lika_villkor.per_enhet import BIDRAG_KOLUMNER
from skolpeng.fordelning.stabilitetsregler.forra_aret import (
    FORDELNING_TABELL,
    FORDELNINGSFIL,
    MODELLFIL,
    UNDERLAGSTABELLER,
)
from skolpeng.personnummer import personnummer_i_varde

MANIFESTFIL = "manifest.json"
BIDRAGSFIL = "bidrag.csv"
#: Varje CSV-fil som ``skolpeng fordela`` skriver och som importen tar emot: dess kolumner.
KOLUMNER: dict[str, tuple[str, ...]] = {
    FORDELNINGSFIL: FORDELNING_TABELL.kolumnnamn,
    **{namn: tabell.kolumnnamn for namn, (tabell, _) in UNDERLAGSTABELLER.items()},
    BIDRAGSFIL: BIDRAG_KOLUMNER,
}
#: Alla filer som importen tar emot.
KANDA_FILER: frozenset[str] = frozenset({*KOLUMNER, MODELLFIL, MANIFESTFIL})

_Text = Annotated[str, Field(max_length=500)]
_Hash = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
_Hashar = Annotated[dict[Annotated[str, Field(max_length=300)], _Hash], Field(max_length=10_000)]
_Argument = str | int | float | bool | None | list[_Text]


class _Strikt(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ManifestModell(_Strikt):
    """Manifestets ``modell``: vilken modell som räknades."""

    namn: _Text
    kommunkod: Annotated[str, Field(pattern=r"^[0-9]{4}$")]
    ar: Annotated[int, Field(ge=2000, le=2100)]
    verksamhet: _Text


class ManifestUnderlag(_Strikt):
    """Manifestets ``underlag``: datasetets namn och katalog."""

    namn: _Text | None = None
    katalog: _Text | None = None


class Manifest(_Strikt):
    """``manifest.json`` som ``utdata.skriv_manifest`` skriver det för ``fordela``."""

    program: Literal["skolpeng"]
    version: Annotated[str, Field(max_length=40)]
    kommando: Literal["fordela"]
    argument: Annotated[dict[Annotated[str, Field(max_length=60)], _Argument], Field(max_length=50)]
    scenario: _Text | None = None
    tidpunkt: _Text
    indata_sha256: _Hashar
    parametrar_sha256: _Hashar
    utdata_sha256: _Hashar
    modell: ManifestModell | None = None
    underlag: ManifestUnderlag | None = None
    anteckningar: Annotated[
        list[Annotated[str, Field(max_length=2000)]], Field(max_length=500)
    ] = []


def manifestproblem(data: bytes) -> list[Problem]:
    """``manifest.json`` -> problemen (tom lista när det följer ``Manifest``)."""
    try:
        innehall: Any = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return [Problem(MANIFESTFIL, "filen är inte JSON (UTF-8)")]
    problem = personnummer_i_varde(MANIFESTFIL, innehall)
    try:
        m = Manifest.model_validate(innehall)
        dt.datetime.fromisoformat(m.tidpunkt)
    except ValidationError as e:
        problem += pydantic_problem(MANIFESTFIL, e, nyckel_som_kolumn=True)
    except ValueError:
        problem.append(Problem(MANIFESTFIL, "tidpunkten är inte en tidpunkt", kolumn="tidpunkt"))
    return problem


def kolumnproblem(filnamn: str, rubriker: list[str]) -> list[Problem]:
    """Rubrikerna i en av importens CSV-filer -> problemen: okända eller upprepade kolumner."""
    kanda = KOLUMNER[filnamn]
    okanda = [r for r in rubriker if r not in kanda]
    problem = []
    if okanda:
        problem.append(Problem(filnamn, f"okända kolumner: {uppraknade(okanda)}; filen ska ha "
                                        f"kolumnerna som skolpeng fordela skriver "
                                        f"({', '.join(kanda)})", 1))  # fmt: skip
    if len(set(rubriker)) < len(rubriker):
        problem.append(Problem(filnamn, "en kolumn står två gånger i rubrikraden", 1))
    return problem

"""Läsning av parameterfiler och scenarier, och upplösning av värden för ett datum.

In: katalogen med parameterfiler (YAML), ett datum, ett valfritt scenario.
Ut: ``Parameterlage`` som ger varje parameters värde och källa vid datumet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from skolpeng.fel import IndataFel, Problem, pydantic_problem
from skolpeng.parametrar.kallor import Kalla, citattext, kalltext, som_lista
from skolpeng.yamllasning import las_yaml_fil

PARAMETERKATALOG = Path(__file__).parent / "data"

Varde = float | str | dict[str, float]

BYTTA_NAMN: dict[str, str] = {
    "bidrag.bidrag.": "bidrag.",
    "simulering.simulering.": "simulering.",
}
"""Tidigare namnprefix (mappens namn upprepat i nyckeln) -> dagens, för felmeddelandet."""


def _okand(namn: str) -> KeyError:
    for fore, nu in BYTTA_NAMN.items():
        if namn.startswith(fore):
            return KeyError(f"okänd parameter {namn!r} (heter nu {nu + namn[len(fore) :]!r})")
    return KeyError(f"okänd parameter {namn!r}")


def vardeslag(v: Varde) -> str:
    """Värdets slag: ``tal``, ``text`` eller ``mappning`` (ett värde får inte byta slag)."""
    if isinstance(v, dict):
        return "mappning"
    return "text" if isinstance(v, str) else "tal"


class ParameterVarde(BaseModel):
    """Ett värde som gäller från ett datum, med en eller flera källhänvisningar (``Kalla``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    fran: dt.date
    varde: Varde
    kalla: list[Kalla]

    _en_eller_flera = field_validator("kalla", mode="before")(som_lista)

    @field_validator("kalla")
    @classmethod
    def _minst_en(cls, v: list[Kalla]) -> list[Kalla]:
        if not v:
            raise ValueError("minst en källa krävs")
        return v

    @property
    def kalltext(self) -> str:
        """Källorna som en rad (det rapporterna visar)."""
        return kalltext(self.kalla)

    @property
    def citat(self) -> str | None:
        """Källornas citat, åtskilda av ' … ', eller None."""
        return citattext(self.kalla)


class Parameter(BaseModel):
    """En parameter: beskrivning, enhet och daterade värden (stigande datum)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    beskrivning: str
    enhet: str
    varden: list[ParameterVarde]

    @field_validator("varden")
    @classmethod
    def _stigande(cls, v: list[ParameterVarde]) -> list[ParameterVarde]:
        if not v:
            raise ValueError("minst ett daterat värde krävs")
        datum = [x.fran for x in v]
        if datum != sorted(datum) or len(set(datum)) != len(datum):
            raise ValueError("värdena ska stå i stigande datumordning utan dubbletter")
        if len({vardeslag(x.varde) for x in v}) > 1:
            raise ValueError("alla värden ska vara av samma slag (tal, text eller mappning)")
        return v

    def vid(self, datum: dt.date) -> ParameterVarde | None:
        """Värdet som gäller vid datum (det senaste med fran <= datum), eller None."""
        gallande = [x for x in self.varden if x.fran <= datum]
        return gallande[-1] if gallande else None


class Forvantning(BaseModel):
    """Ett tal som scenariot ska ge: storheten , värdet och
    den absoluta toleransen; testet i ``tests/parametrar/test_scenarier.py`` räknar storheten."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    storhet: str
    varde: float
    tolerans: float

    @field_validator("tolerans")
    @classmethod
    def _icke_negativ(cls, v: float) -> float:
        if v < 0:
            raise ValueError("toleransen får inte vara negativ")
        return v


class Scenario(BaseModel):
    """Ett scenario: en överlagring som ändrar parametrar, med källa och förväntat utfall
    (``forvantat_utfall`` i ord, ``forvantat`` som tal som ett test prövar)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    namn: str
    beskrivning: str
    kalla: list[Kalla]
    forvantat_utfall: str | None = None
    forvantat: list[Forvantning] = []
    andringar: dict[str, dict[dt.date, Varde]]

    _en_eller_flera = field_validator("kalla", mode="before")(som_lista)


def _fil_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def las_parametrar(katalog: Path = PARAMETERKATALOG) -> dict[str, Parameter]:
    """Läser alla parameterfiler under katalog.

    In: en katalog med ``<ämne>/<fil>.yaml``. Ut: ``{"ämne.fil.namn": Parameter}``.
    Alla fel i alla filer rapporteras tillsammans (``IndataFel``).
    """
    resultat: dict[str, Parameter] = {}
    problem: list[Problem] = []
    for fil in sorted(katalog.rglob("*.yaml")):
        prefix = ".".join(fil.relative_to(katalog).with_suffix("").parts)
        try:
            innehall = las_yaml_fil(fil, vad="parameterfilen") or {}
        except IndataFel as e:
            problem += e.problem
            continue
        if not isinstance(innehall, dict):
            problem.append(Problem(str(fil), "filen ska innehålla en mappning namn -> parameter"))
            continue
        for namn, post in innehall.items():
            try:
                resultat[f"{prefix}.{namn}"] = Parameter.model_validate(post)
            except ValidationError as e:
                problem += pydantic_problem(str(fil), e, prefix=(namn,))
    if problem:
        raise IndataFel(problem)
    return resultat


def las_scenario(fil: Path) -> Scenario:
    """Läser en scenariofil. Okända nycklar avvisas med nyckelns sökväg."""
    innehall = las_yaml_fil(Path(fil), vad="scenariofilen")
    try:
        return Scenario.model_validate(innehall)
    except ValidationError as e:
        raise IndataFel(pydantic_problem(str(fil), e)) from None


@dataclass(frozen=True)
class Parameterlage:
    """Alla parametrar lösta för ett datum, efter eventuellt scenario.

    ``varde(namn)`` ger värdet; ``kalla(namn)`` källan. ``filhashar`` är SHA-256 för varje
    parameterfil (och scenariofilen) till manifestet.
    """

    datum: dt.date
    varden: dict[str, Varde]
    kallor: dict[str, str]
    filhashar: dict[str, str] = field(default_factory=dict)
    scenario: str | None = None

    def varde(self, namn: str) -> Varde:
        if namn not in self.varden:
            raise _okand(namn)
        return self.varden[namn]

    def tal(self, namn: str) -> float:
        """Ett skalärt värde (fel om parametern är en mappning)."""
        v = self.varde(namn)
        if isinstance(v, dict | str):
            raise TypeError(f"parametern {namn!r} är inte ett tal")
        return float(v)

    def text(self, namn: str) -> str:
        """Ett textvärde, t.ex. ett metodval (fel om parametern är ett tal eller en mappning)."""
        v = self.varde(namn)
        if not isinstance(v, str):
            raise TypeError(f"parametern {namn!r} är inte en text")
        return v

    def mappning(self, namn: str) -> dict[str, float]:
        """Ett mappningsvärde, t.ex. stadieindex."""
        v = self.varde(namn)
        if not isinstance(v, dict):
            raise TypeError(f"parametern {namn!r} är inte en mappning")
        return {k: float(x) for k, x in v.items()}

    def kalla(self, namn: str) -> str:
        return self.kallor[namn]


def load_parameters(
    datum: dt.date,
    scenario: Path | None = None,
    katalog: Path = PARAMETERKATALOG,
) -> Parameterlage:
    """Löser alla parametrar vid datum, med scenariots ändringar överlagrade.

    In: datum, valfri scenariofil, parameterkatalog. Ut: ``Parameterlage``.
    En scenarioändring av en okänd parameter är ett fel (``IndataFel``).
    """
    parametrar = las_parametrar(katalog)
    varden: dict[str, Varde] = {}
    kallor: dict[str, str] = {}
    for namn, p in parametrar.items():
        v = p.vid(datum)
        if v is not None:
            varden[namn] = v.varde
            kallor[namn] = v.kalltext
    hashar = {str(f.relative_to(katalog)): _fil_sha256(f) for f in sorted(katalog.rglob("*.yaml"))}
    scen_namn = None
    if scenario is not None:
        scen = las_scenario(scenario)
        scen_namn = scen.namn
        hashar[f"scenario:{Path(scenario).name}"] = _fil_sha256(Path(scenario))
        problem = [
            Problem(str(scenario), f"andringar.{namn}: okänd parameter")
            for namn in scen.andringar
            if namn not in parametrar
        ]
        problem += [
            Problem(
                str(scenario),
                f"andringar.{namn}: värdet {v!r} är av fel slag "
                f"(parametern är {vardeslag(parametrar[namn].varden[0].varde)})",
            )
            for namn, datumvarden in scen.andringar.items()
            if namn in parametrar
            for v in datumvarden.values()
            if vardeslag(v) != vardeslag(parametrar[namn].varden[0].varde)
        ]
        if problem:
            raise IndataFel(problem)
        for namn, datumvarden in scen.andringar.items():
            gallande = sorted(d for d in datumvarden if d <= datum)
            if gallande:
                varden[namn] = datumvarden[gallande[-1]]
                kallor[namn] = f"scenario {scen.namn}: {kalltext(scen.kalla)}"
    return Parameterlage(datum, varden, kallor, hashar, scen_namn)

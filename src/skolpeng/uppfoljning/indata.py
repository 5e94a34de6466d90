"""Indata för uppföljningen (docs/regler/uppfoljning.md): tabellernas kontrakt, läsning och analysfilen.

In: sökvägar till CSV/XLSX-filer och en analysfil (YAML). Ut: polars-ramar med kontraktets
kolumner och typer samt ``Analysinstallningar``; eller ``IndataFel`` med alla problem i alla
filer på en gång (fil, rad, kolumn). Läsningen går genom ``skolpeng.data.las_tabell``; här
finns bara kontrakten och kontrollerna av dubbla nycklar och samstämmighet.

Format (en rad per nyckel; andelar som 0–1; belopp i kronor):

- ``resultat.csv`` – datasetets tabell ``resultat`` (``skolpeng.data.schema``): skolenhetskod,
  lasar, meritvarde, andel_alla_amnen, andel_behoriga, antal_elever (elever i årskursen).
- ``bakgrund.csv`` – skolenhetskod, lasar, andelar 0–1 för bakgrundsfaktorerna
  (``FAKTORER``), antal_elever (elever som andelarna avser) och valfritt ``matt_lasar``:
  läsåret då andelarna mättes om det skiljer sig från ``lasar`` (en uttalad approximation).
- ``index.csv`` – skolenhetskod, ar (budgetår), index (> 0; t.ex. medel 1 eller 100).
- ``belopp.csv`` – lång: skolenhetskod, ar, pott, kr_per_elev, elever (enhetens elever det
  året, samma på varje pott), riktad (0/1: riktade medel enligt KPMG 3.6), valfritt
  socioekonomisk (0/1: potten fördelas efter socioekonomi; saknas = 0).
- ``dekomposition.csv`` – skolenhetskod, ar, faktor (elever, index, parametrar och valfritt
  stabilitet: stabilitetsreglernas justering), andring_kr_per_elev: förändringen av totalen
  per elev från föregående år uppdelad på faktorerna (Shapley, docs/regler/fordelning-och-bidrag.md#redovisning); delarna summerar till förändringen.

``belopp`` och ``dekomposition`` kan också komma ur utdatakataloger från ``skolpeng fordela``
(``uppfoljning.fran_fordelning``).
- ``enheter.csv`` – skolenhetskod, namn, valfritt kommunkod, kommunnamn och huvudmannatyp
  (för etiketter).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from skolpeng.data.lasning import RAD, las_tabell_med_rader
from skolpeng.data.problemlista import rad_problem
from skolpeng.data.schema import HUVUDMANNATYPER, TABELLER, Kolumn, Tabell
from skolpeng.fel import IndataFel, Problem, pydantic_problem
from skolpeng.yamllasning import las_yaml_fil

FAKTORER: tuple[str, ...] = (
    "andel_eftergymnasial",
    "andel_forgymnasial",
    "andel_utlandsk_bakgrund",
    "andel_nyanlanda",
    "andel_pojkar",
    "andel_ekonomiskt_bistand",
)
UTFALL: tuple[str, ...] = ("meritvarde", "andel_alla_amnen", "andel_behoriga")
#: Utfall utöver datasetets tabell (resultatserien, ``scripts/bygg_resultatserie.py``):
#: behörighet per programtyp i årskurs 9 och nationella prov i årskurs 6 (provbetyg 0–20).
UTFALL_SERIE: tuple[str, ...] = (
    "andel_behoriga_es",
    "andel_behoriga_saekhu",
    "andel_behoriga_nate",
    "np6_engelska",
    "np6_matematik",
    "np6_svenska",
    "np6_svenska_som_andrasprak",
)
#: Utfall i årskurs 6: vikten (antalet elever) är då ``antal_elever_ak6``.
UTFALL_AK6: tuple[str, ...] = tuple(u for u in UTFALL_SERIE if u.startswith("np6_"))
Utfall = Literal[
    "meritvarde",
    "andel_alla_amnen",
    "andel_behoriga",
    "andel_behoriga_es",
    "andel_behoriga_saekhu",
    "andel_behoriga_nate",
    "np6_engelska",
    "np6_matematik",
    "np6_svenska",
    "np6_svenska_som_andrasprak",
]


def viktkolumn(utfall: str) -> str:
    """Kolumnen i ``resultat`` med antalet elever som utfallet avser: ``antal_elever_ak6``
    för årskurs 6, annars ``antal_elever``."""
    return "antal_elever_ak6" if utfall in UTFALL_AK6 else "antal_elever"


DRIVKRAFTER: tuple[str, ...] = ("elever", "index", "parametrar", "stabilitet")


def _andel(namn: str) -> Kolumn:
    return Kolumn(namn, "float", obligatorisk=False, minst=0.0)


BAKGRUND = Tabell(
    "bakgrund",
    (
        Kolumn("skolenhetskod", "kod8"),
        Kolumn("lasar", "str"),
        *(_andel(f) for f in FAKTORER),
        Kolumn("antal_elever", "float", obligatorisk=False, minst=0.0),
        Kolumn("matt_lasar", "str", obligatorisk=False),
    ),
    ("skolenhetskod", "lasar"),
)
INDEX = Tabell(
    "index",
    (Kolumn("skolenhetskod", "kod8"), Kolumn("ar", "int"), Kolumn("index", "float", storre_an=0)),
    ("skolenhetskod", "ar"),
)
BELOPP = Tabell(
    "belopp",
    (
        Kolumn("skolenhetskod", "kod8"),
        Kolumn("ar", "int"),
        Kolumn("pott", "str"),
        Kolumn("kr_per_elev", "float"),
        Kolumn("elever", "float", storre_an=0.0),
        Kolumn("riktad", "bool01"),
        Kolumn("socioekonomisk", "bool01", obligatorisk=False),
    ),
    ("skolenhetskod", "ar", "pott"),
)
DEKOMPOSITION = Tabell(
    "dekomposition",
    (
        Kolumn("skolenhetskod", "kod8"),
        Kolumn("ar", "int"),
        Kolumn("faktor", "val", tillatna=DRIVKRAFTER),
        Kolumn("andring_kr_per_elev", "float"),
    ),
    ("skolenhetskod", "ar", "faktor"),
)
ENHETER = Tabell(
    "enheter",
    (
        Kolumn("skolenhetskod", "kod8"),
        Kolumn("namn", "str"),
        Kolumn("kommunkod", "kod4", obligatorisk=False),
        Kolumn("kommunnamn", "str", obligatorisk=False),
        Kolumn("huvudmannatyp", "val", obligatorisk=False, tillatna=(*HUVUDMANNATYPER, "region")),
    ),
    ("skolenhetskod",),
)
RESULTAT = Tabell(
    "resultat",
    (
        *TABELLER["resultat"].kolumner,
        *(Kolumn(u, "float", obligatorisk=False, minst=0.0) for u in UTFALL_SERIE),
        Kolumn("antal_elever_ak6", "float", obligatorisk=False, minst=0.0),
    ),
    TABELLER["resultat"].nyckel,
)
KONTRAKT: dict[str, Tabell] = {
    t.namn: t for t in (RESULTAT, BAKGRUND, INDEX, BELOPP, DEKOMPOSITION, ENHETER)
}


class Trosklar(BaseModel):
    """Trösklar i analysfilen (alla andelar 0–1)."""

    model_config = ConfigDict(extra="forbid")

    volatilitet_andel: float = Field(0.05, gt=0, description="|Δ total per elev| / föregående år")
    volatilitet_kr: float | None = Field(None, gt=0, description="|Δ total per elev| i kronor")
    kompensation_kvantil: float = Field(
        0.10, gt=0, lt=0.5, description="låg/hög = under/över denna kvantil av avvikelserna"
    )
    trend_signifikans: float = Field(
        0.05, gt=0, lt=1, description="signifikansnivå för trenden i resultatgapet"
    )
    minsta_antal_enheter_kommun: int = Field(
        20, ge=8, description="enheter med utfall ett år för att en kommuns gap ska redovisas"
    )


class Analysinstallningar(BaseModel):
    """Analysfilen (YAML): utfall, bakgrundsfaktorer, minsta storlek, intervall och trösklar.

    ``lasar_till_ar`` anger hur ett läsår (``2024/25``) kopplas till ett budgetår: ``slut``
    (2025, året då betygen sätts; standard) eller ``start`` (2024)."""

    model_config = ConfigDict(extra="forbid")

    utfall: list[Utfall] = Field(
        default_factory=lambda: ["meritvarde", "andel_behoriga"], min_length=1
    )
    faktorer: list[
        Literal[
            "andel_eftergymnasial",
            "andel_forgymnasial",
            "andel_utlandsk_bakgrund",
            "andel_nyanlanda",
            "andel_pojkar",
            "andel_ekonomiskt_bistand",
        ]
    ] = Field(
        default_factory=lambda: ["andel_eftergymnasial", "andel_utlandsk_bakgrund"], min_length=1
    )
    minsta_antal_elever: float = Field(15, ge=1)
    intervallniva: float = Field(0.95, gt=0.5, lt=1)
    lasar_till_ar: Literal["slut", "start"] = "slut"
    trosklar: Trosklar = Field(default_factory=Trosklar)
    huvudmannatyp: Literal["kommunal", "enskild"] | None = Field(
        None,
        description="bara enheter med denna huvudmannatyp (resultatserien; Stockholm "
        "2022 jämförde kommunala skolor)",
    )

    @model_validator(mode="after")
    def _unika(self) -> Analysinstallningar:
        if len(set(self.faktorer)) != len(self.faktorer):
            raise ValueError("faktorer får inte upprepas")
        if len(set(self.utfall)) != len(self.utfall):
            raise ValueError("utfall får inte upprepas")
        return self


def las_analysfil(path: Path | None) -> Analysinstallningar:
    """Analysfil (YAML) -> ``Analysinstallningar``; None ger standardvärdena.

    Okända nycklar och ogiltiga värden blir ``IndataFel`` med nyckelns sökväg som kolumn."""
    if path is None:
        return Analysinstallningar()
    path = Path(path)
    if not path.is_file():
        raise IndataFel([Problem(str(path), "analysfilen finns inte")])
    data = las_yaml_fil(path, path.name, "analysfilen") or {}
    try:
        return Analysinstallningar.model_validate(data)
    except ValidationError as fel:
        raise IndataFel(pydantic_problem(path.name, fel, nyckel_som_kolumn=True)) from None


def lasar_till_ar(lasar: pl.Expr, regel: str) -> pl.Expr:
    """Läsåret ``2024/25`` -> budgetåret (Int64): 2025 med regeln ``slut``, 2024 med ``start``."""
    start = lasar.str.slice(0, 4).cast(pl.Int64, strict=False)
    return start + 1 if regel == "slut" else start


def _dubbletter(ram: pl.DataFrame, tabell: Tabell, fil: str) -> list[Problem]:
    """Rader vars nyckel redan förekommit: ett problem per upprepad rad."""
    nyckel = list(tabell.nyckel)
    d = (
        ram.drop_nulls(nyckel)
        .with_columns(forsta=pl.col(RAD).min().over(nyckel))
        .filter(pl.col(RAD) != pl.col("forsta"))
        .sort(RAD)
    )
    if d.height == 0:
        return []
    text = d.select(pl.format("dubblett: samma nyckel som rad {}", "forsta")).to_series()
    return rad_problem(fil, ", ".join(nyckel), d[RAD], text)


def _belopp_kontroller(ram: pl.DataFrame, fil: str) -> list[Problem]:
    """``elever`` ska vara samma på alla potter för en enhet och ett år."""
    olika = ram.drop_nulls(["skolenhetskod", "ar", "elever"]).with_columns(
        forsta=pl.col("elever").first().over("skolenhetskod", "ar", order_by=RAD)
    )
    olika = olika.filter(pl.col("elever") != pl.col("forsta")).sort(RAD)
    if olika.height == 0:
        return []
    text = olika.select(
        pl.format(
            "elever {} skiljer sig från {} på enhetens första pott samma år", "elever", "forsta"
        )
    ).to_series()
    return rad_problem(fil, "elever", olika[RAD], text)


def las_tabeller(filer: dict[str, Path | None]) -> dict[str, pl.DataFrame]:
    """Tabellnamn (nycklar i ``KONTRAKT``) -> fil, eller None för en tabell som inte ges.

    Ut: tabellnamn -> ram med kontraktets kolumner (bara de givna tabellerna). Alla problem i
    alla filer (saknad fil, dåliga celler, dubbla nycklar, olika elevantal i ``belopp``)
    samlas och kastas som ett ``IndataFel``. ``socioekonomisk`` som saknas blir 0."""
    problem: list[Problem] = []
    ut: dict[str, pl.DataFrame] = {}
    for namn, path in filer.items():
        if path is None:
            continue
        path = Path(path)
        if not path.is_file():
            problem.append(Problem(str(path), f"filen finns inte (tabellen {namn})"))
            continue
        tabell = KONTRAKT[namn]
        last = las_tabell_med_rader(path, tabell)
        problem += last.problem
        if last.problem and last.data.height == 0:
            continue
        problem += _dubbletter(last.data, tabell, path.name)
        if namn == "belopp":
            problem += _belopp_kontroller(last.data, path.name)
        ram = last.data.drop(RAD)
        if namn == "belopp":
            ram = ram.with_columns(pl.col("socioekonomisk").fill_null(0))
        if ram.height == 0:
            problem.append(Problem(path.name, "filen har inga datarader"))
        ut[namn] = ram
    if problem:
        raise IndataFel(problem)
    return ut


def med_ar(ram: pl.DataFrame, regel: str, fil: str = "resultat") -> pl.DataFrame:
    """En ram per läsår (``resultat``, ``bakgrund``) -> samma ram med kolumnen ``ar``
    (budgetår enligt regeln). Läsår som inte har formen ``2024/25`` är ett ``IndataFel``."""
    ut = ram.with_columns(ar=lasar_till_ar(pl.col("lasar"), regel))
    fel = ut.filter(pl.col("ar").is_null() | ~pl.col("lasar").str.contains(r"^\d{4}/\d{2}$"))[
        "lasar"
    ].unique(maintain_order=True)
    if fel.len():
        raise IndataFel(
            [
                Problem(fil, f"läsåret {v!r} har inte formen 2024/25", kolumn="lasar")
                for v in fel.to_list()[:20]
            ]
        )
    return ut

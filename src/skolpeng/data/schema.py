"""Datasetets kontrakt (docs/regler/dataformat.md): tabeller, kolumner, typer och tillåtna värden.

In: inget (ren deklaration). Ut: ``TABELLER`` – för varje tabellnamn dess kolumner – och
``Underlag``, datasetet i minnet som alla beräkningar tar emot. Läsare och validering
(``skolpeng.data``) är de enda som känner till filformat; regler får ett ``Underlag``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import polars as pl

Typ = Literal["str", "int", "float", "kod4", "kod8", "bool01", "val"]

STADIER_FK_GR: tuple[str, ...] = ("F", "1-3", "4-6", "7-9")
STADIER_FRITIDSHEM: tuple[str, ...] = ("F", "1-3", "4-6")
ARSKURSER: tuple[str, ...] = ("F", "1", "2", "3", "4", "5", "6", "7", "8", "9")
ARSKURS_TILL_STADIUM: dict[str, str] = {
    "F": "F",
    "1": "1-3",
    "2": "1-3",
    "3": "1-3",
    "4": "4-6",
    "5": "4-6",
    "6": "4-6",
    "7": "7-9",
    "8": "7-9",
    "9": "7-9",
}
HUVUDMANNATYPER: tuple[str, ...] = ("kommunal", "enskild", "statlig")
VERKSAMHETER: tuple[str, ...] = ("fk_gr", "fritidshem", "anpassad_gr")
#: Anpassad grundskola (skollagen 11 kap.) har årskurserna 1–9; förskoleklassen är en egen
#: skolform och räknas i ``fk_gr``.
ARSKURSER_ANPASSAD_GR: tuple[str, ...] = ARSKURSER[1:]


@dataclass(frozen=True)
class Kolumn:
    """En kolumn i en tabell: namn, typ, om den krävs, tillåtna värden och nedre gräns."""

    namn: str
    typ: Typ
    obligatorisk: bool = True
    tillatna: tuple[str, ...] = ()
    minst: float | None = None
    storre_an: float | None = None


@dataclass(frozen=True)
class Tabell:
    """En tabell i datasetet: filnamn utan ändelse, kolumner, nyckel, om den krävs."""

    namn: str
    kolumner: tuple[Kolumn, ...]
    nyckel: tuple[str, ...]
    obligatorisk: bool = True

    @property
    def kolumnnamn(self) -> tuple[str, ...]:
        return tuple(k.namn for k in self.kolumner)


def _tal(namn: str, **kw: object) -> Kolumn:
    return Kolumn(namn, "float", **kw)  # type: ignore[arg-type]


TABELLER: dict[str, Tabell] = {
    t.namn: t
    for t in (
        Tabell(
            "skolenheter",
            (
                Kolumn("skolenhetskod", "kod8"),
                Kolumn("namn", "str"),
                Kolumn("kommunkod", "kod4"),
                Kolumn("huvudmannatyp", "val", tillatna=(*HUVUDMANNATYPER, "region")),
                Kolumn("huvudman_id", "str"),
                Kolumn("huvudman_namn", "str"),
                Kolumn("internationell", "bool01"),
            ),
            ("skolenhetskod",),
        ),
        Tabell(
            "elever",
            (
                Kolumn("skolenhetskod", "kod8"),
                Kolumn("verksamhet", "val", tillatna=VERKSAMHETER),
                Kolumn("lasar", "str"),
                Kolumn("arskurs", "val", tillatna=ARSKURSER),
                Kolumn("antal", "int", minst=0),
            ),
            ("skolenhetskod", "verksamhet", "lasar", "arskurs"),
        ),
        Tabell(
            "socioekonomiskt_index",
            (
                Kolumn("skolenhetskod", "kod8"),
                Kolumn("ar", "int"),
                Kolumn("verksamhet", "val", tillatna=VERKSAMHETER),
                _tal("index", storre_an=0.0),
            ),
            ("skolenhetskod", "ar", "verksamhet"),
        ),
        Tabell(
            "kommuner",
            (
                Kolumn("kommunkod", "kod4"),
                Kolumn("kommunnamn", "str"),
                Kolumn("kommungrupp", "str"),
                Kolumn("nuts2", "str"),
                _tal("loneindex", storre_an=0.0),
                _tal("gleshetsindex", minst=100.0),
            ),
            ("kommunkod",),
        ),
        Tabell(
            "lokalkostnadsunderlag",
            (
                Kolumn("kommunkod", "kod4"),
                Kolumn("ar", "int"),
                _tal("lokalkostnad_per_elev", minst=0.0),
                _tal("byggkostnadsindex", storre_an=0.0),
                _tal("elever_kommunal", minst=0.0),
            ),
            ("kommunkod", "ar"),
        ),
        Tabell(
            "rakenskapssammandrag",
            (
                Kolumn("kommunkod", "kod4"),
                Kolumn("ar", "int"),
                Kolumn("verksamhet", "val", tillatna=VERKSAMHETER),
                _tal("nettokostnad"),
                _tal("skolskjuts"),
                _tal("kop_fran_staten"),
                _tal("kop_fran_utlandet"),
                _tal("lamnade_bidrag"),
                _tal("externa_lokalhyror"),
                _tal("kalkylerade_kapitalkostnader"),
                _tal("interna_lokalkostnader"),
                _tal("externa_hyresintakter"),
                _tal("elever_kommunal", minst=0.0),
            ),
            ("kommunkod", "ar", "verksamhet"),
        ),
        Tabell(
            "modersmal",
            (Kolumn("kommunkod", "kod4"), Kolumn("ar", "int"), _tal("arsarbetskrafter", minst=0.0)),
            ("kommunkod", "ar"),
        ),
        Tabell(
            "nationellt",
            (
                Kolumn("ar", "int"),
                _tal("kpif"),
                Kolumn("kpif_prognos", "bool01"),
                _tal("larare_manadslon", storre_an=0.0),
                _tal("po_palagg", minst=0.0),
            ),
            ("ar",),
        ),
        Tabell(
            "kostnader_huvudman",
            (
                Kolumn("huvudman_id", "str"),
                Kolumn("ar", "int"),
                Kolumn("verksamhet", "val", tillatna=VERKSAMHETER),
                Kolumn("huvudmannatyp", "val", tillatna=(*HUVUDMANNATYPER, "region")),
                _tal("kostnad_per_elev", minst=0.0),
                _tal("elever", minst=0.0),
            ),
            ("huvudman_id", "ar", "verksamhet"),
            obligatorisk=False,
        ),
        Tabell(
            "resultat",
            (
                Kolumn("skolenhetskod", "kod8"),
                Kolumn("lasar", "str"),
                _tal("meritvarde", obligatorisk=False),
                _tal("andel_alla_amnen", obligatorisk=False),
                _tal("andel_behoriga", obligatorisk=False),
                _tal("antal_elever", obligatorisk=False),
            ),
            ("skolenhetskod", "lasar"),
            obligatorisk=False,
        ),
        # Fördelningsmodellernas underlag (docs/regler/dataformat.md#malgrupper): elever i en målgrupp per
        # skolenhet och läsår (t.ex. nyanlända) och givna belopp per skolenhet, år och pott.
        Tabell(
            "malgrupper",
            (
                Kolumn("skolenhetskod", "kod8"),
                Kolumn("lasar", "str"),
                Kolumn("malgrupp", "str"),
                _tal("antal", minst=0.0),
            ),
            ("skolenhetskod", "lasar", "malgrupp"),
            obligatorisk=False,
        ),
        Tabell(
            "givna_belopp",
            (
                Kolumn("skolenhetskod", "kod8"),
                Kolumn("ar", "int"),
                Kolumn("pott", "str"),
                _tal("belopp_kr"),
            ),
            ("skolenhetskod", "ar", "pott"),
            obligatorisk=False,
        ),
        # Ett fastställt lokalkostnadsindex per kommun (docs/regler/norm.md#steg-7; SOU 2025:72, bilagan,
        # Strukturtillägg: "Lokalindex kvarstår över tid och uppdateras i samband med
        # utvärdering av modellen och normen"), med de år det beräknades på. Skrivs av
        # ``skolpeng lokalindex``; när tabellen finns använder normen den som den är.
        Tabell(
            "lokalindex",
            (
                Kolumn("kommunkod", "kod4"),
                _tal("index", storre_an=0.0),
                Kolumn("forsta_ar", "int"),
                Kolumn("sista_ar", "int"),
            ),
            ("kommunkod",),
            obligatorisk=False,
        ),
        # Pengarna följer eleven: elever per skolenhet, månad, årskurs och
        # hemkommun (folkbokföringskommun), aggregerat – aldrig en enskild elev.
        Tabell(
            "elever_hemkommun",
            (
                Kolumn("skolenhetskod", "kod8"),
                Kolumn("period", "str"),
                Kolumn("verksamhet", "val", tillatna=VERKSAMHETER),
                Kolumn("arskurs", "val", tillatna=ARSKURSER),
                Kolumn("hemkommun", "kod4"),
                Kolumn("antal", "int", minst=0),
            ),
            ("skolenhetskod", "period", "verksamhet", "arskurs", "hemkommun"),
            obligatorisk=False,
        ),
        # Anpassad grundskola: elever per behovsnivå (kommunens egna nivåer, SOU
        # 2025:72 avsnitt 5.1.4 "nivåindelad modell"), aggregerat per skolenhet och årskurs.
        Tabell(
            "elever_behovsniva",
            (
                Kolumn("skolenhetskod", "kod8"),
                Kolumn("lasar", "str"),
                Kolumn("verksamhet", "val", tillatna=VERKSAMHETER),
                Kolumn("arskurs", "val", tillatna=ARSKURSER),
                Kolumn("behovsniva", "str"),
                Kolumn("antal", "int", minst=0),
            ),
            ("skolenhetskod", "lasar", "verksamhet", "arskurs", "behovsniva"),
            obligatorisk=False,
        ),
        # Kommunens behovsnivåer med namn (koderna i ``elever_behovsniva``).
        Tabell(
            "behovsnivaer",
            (Kolumn("kommunkod", "kod4"), Kolumn("behovsniva", "str"), Kolumn("namn", "str")),
            ("kommunkod", "behovsniva"),
            obligatorisk=False,
        ),
        # Resursskolor: skolenheter med begränsat mottagande (skollagen 10 kap. 31 a §).
        Tabell(
            "resursskolor",
            (Kolumn("skolenhetskod", "kod8"),),
            ("skolenhetskod",),
            obligatorisk=False,
        ),
    )
}

# Tabellerna som normen läser (docs/regler/norm.md); utan en av dem kan normen inte beräknas.
NORMENS_TABELLER: tuple[str, ...] = (
    "skolenheter",
    "elever",
    "socioekonomiskt_index",
    "kommuner",
    "lokalkostnadsunderlag",
    "rakenskapssammandrag",
    "modersmal",
    "nationellt",
)

# De tabeller varje kommando kräver (docs/regler/dataformat.md: ett kommando behöver bara de tabeller det
# använder). Ett kommando som inte står här kräver alla tabeller med ``obligatorisk=True``.
# ``fordela`` räknar fördelningen på skolenheter, elever och index; normens tabeller används
# bara för jämförelsen med normen, som hoppas över med en notering när någon saknas, och
# ``kommuner`` bara för kommunens namn (annars visas koden).
KOMMANDONS_TABELLER: dict[str, tuple[str, ...]] = {
    "fordela": ("skolenheter", "elever", "socioekonomiskt_index"),
    "norm": NORMENS_TABELLER,
}


def kravda_tabeller(kommando: str | None = None) -> frozenset[str]:
    """Kommandots namn (None: hela datasetet) -> namnen på tabellerna som måste finnas."""
    if kommando is None or kommando not in KOMMANDONS_TABELLER:
        return frozenset(n for n, t in TABELLER.items() if t.obligatorisk)
    return frozenset(KOMMANDONS_TABELLER[kommando])


def saknade_tabeller(underlag: Underlag, tabeller: tuple[str, ...]) -> list[str]:
    """Namnen (i ``tabeller``s ordning) på tabellerna som saknas (är None) i underlaget."""
    return [t for t in tabeller if underlag.tabell(t) is None]


POLARS_TYP: dict[Typ, pl.DataType] = {
    "str": pl.String(),
    "kod4": pl.String(),
    "kod8": pl.String(),
    "val": pl.String(),
    "int": pl.Int64(),
    "float": pl.Float64(),
    "bool01": pl.Int8(),
}


@dataclass(frozen=True)
class Underlag:
    """Ett validerat dataset i minnet: en polars-tabell per tabell i ``TABELLER``.

    Koder är strängar med inledande nollor; ``huvudmannatyp`` är normaliserad
    (``region`` -> ``kommunal``). Valfria tabeller är ``None`` när de saknas.
    ``filhashar`` är SHA-256 per inläst fil, för manifestet; ``anteckningar`` är
    icke-fatala noteringar från inläsningen (t.ex. okända kolumner som ignorerats).
    """

    skolenheter: pl.DataFrame
    elever: pl.DataFrame
    socioekonomiskt_index: pl.DataFrame
    # Normens tabeller: obligatoriska för datasetet som helhet, men ett kommando som inte
    # behöver dem (``KOMMANDONS_TABELLER``) läser ett dataset utan dem och får då None.
    kommuner: pl.DataFrame | None = None
    lokalkostnadsunderlag: pl.DataFrame | None = None
    rakenskapssammandrag: pl.DataFrame | None = None
    modersmal: pl.DataFrame | None = None
    nationellt: pl.DataFrame | None = None
    kostnader_huvudman: pl.DataFrame | None = None
    resultat: pl.DataFrame | None = None
    malgrupper: pl.DataFrame | None = None
    givna_belopp: pl.DataFrame | None = None
    lokalindex: pl.DataFrame | None = None
    elever_hemkommun: pl.DataFrame | None = None
    elever_behovsniva: pl.DataFrame | None = None
    behovsnivaer: pl.DataFrame | None = None
    resursskolor: pl.DataFrame | None = None
    namn: str = ""
    filhashar: dict[str, str] = field(default_factory=dict)
    anteckningar: tuple[str, ...] = ()

    def tabell(self, namn: str) -> pl.DataFrame | None:
        """Tabellen med namnet ``namn`` (None för en valfri tabell som saknas)."""
        return getattr(self, namn)

"""Modellfilerna för socioekonomiska index (docs/regler/index.md; SKL 2014 steg 2–3).

In: en YAML-fil. Ut: ``IndexModell`` (riskmodellen, SKL:s alternativ 2: logistisk regression
på historiska avgångselever, tillämpad på årets elever) eller ``ViktModell`` (vikter × andelar,
SKL:s tabell 1–2). Okända nycklar avvisas; alla fel rapporteras på en gång (``IndataFel``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from skolpeng.fel import ASCII_NAMN, IndataFel, pydantic_problem
from skolpeng.yamllasning import las_yaml_fil

#: docs/regler/index.md#sma-enheter: en enhet med färre elever än så flaggas (standardvärde 10).
LITEN_ENHET_STANDARD = 10

Indexbas = Literal["riket", "kommun"]


class Faktor(BaseModel):
    """En kategorisk bakgrundsfaktor: kolumnen i elevdata, dess nivåer i grannordning
    (glesa nivåer slås ihop med en granne i den här ordningen) och referensnivån."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    namn: str = Field(pattern=ASCII_NAMN)
    beskrivning: str
    nivaer: list[str] = Field(min_length=2)
    referens: str

    @model_validator(mode="after")
    def _referens_finns(self) -> Faktor:
        if len(set(self.nivaer)) != len(self.nivaer):
            raise ValueError(f"faktorn {self.namn}: nivåerna får inte upprepas")
        if self.referens not in self.nivaer:
            raise ValueError(f"faktorn {self.namn}: referensnivån {self.referens!r} finns inte")
        return self


class IndexModell(BaseModel):
    """Riskmodellen (docs/regler/index.md#modell): utfall, faktorer, kohorteffekter, minsta antal elever
    per faktornivå innan den slås ihop med en granne, indexbas och gränsen för små enheter.

    ``kohort_vid_prediktion`` anger vilken kohorts effekt som används när årets elever
    skattas: den senaste kohorten (standard) eller ingen (referenskohorten, den äldsta).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    namn: str
    kalla: str
    utfall: str = Field(pattern=ASCII_NAMN)
    utfall_beskrivning: str
    faktorer: list[Faktor] = Field(min_length=1)
    kohorteffekter: bool = False
    kohortkolumn: str = "kohort"
    kohort_vid_prediktion: Literal["senaste", "referens"] = "senaste"
    minsta_cell: int = Field(ge=1)
    indexbas: Indexbas = "riket"
    liten_enhet_grans: int = Field(default=LITEN_ENHET_STANDARD, ge=1)

    @model_validator(mode="after")
    def _unika_faktorer(self) -> IndexModell:
        namn = [f.namn for f in self.faktorer]
        if len(set(namn)) != len(namn):
            raise ValueError("faktorernas namn får inte upprepas")
        reserverade = {self.utfall, self.kohortkolumn, "skolenhetskod", "kommunkod"}
        if reserverade & set(namn):
            raise ValueError(f"faktornamn krockar med {sorted(reserverade & set(namn))}")
        return self

    @property
    def faktornamn(self) -> list[str]:
        """Faktorernas kolumnnamn i modellens ordning."""
        return [f.namn for f in self.faktorer]


class ViktModell(BaseModel):
    """Vikter × andelar (docs/regler/fordelning-och-bidrag.md#index-vikter; SKL 2014 tabell 1–2): en vikt per faktornivå;
    enhetens poäng = Σ vikt × andel, index = poäng / referensens poäng × 100."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    namn: str
    kalla: str
    vikter: dict[str, dict[str, float]] = Field(min_length=1)
    indexbas: Indexbas = "kommun"
    liten_enhet_grans: int = Field(default=LITEN_ENHET_STANDARD, ge=1)


def _las(path: Path, schema: type[BaseModel]) -> Any:
    path = Path(path)
    innehall = las_yaml_fil(path, vad="modellfilen")
    try:
        return schema.model_validate(innehall)
    except ValidationError as e:
        raise IndataFel(pydantic_problem(str(path), e)) from None


def las_modell(path: Path) -> IndexModell:
    """Läser en riskmodellfil (YAML). Ut: ``IndexModell``; fel -> ``IndataFel``."""
    return _las(path, IndexModell)


def las_viktmodell(path: Path) -> ViktModell:
    """Läser en viktmodellfil (YAML). Ut: ``ViktModell``; fel -> ``IndataFel``."""
    return _las(path, ViktModell)

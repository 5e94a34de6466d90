"""``skolpeng.fel.pydantic_problem``: pydantics valideringsfel på svenska med nyckelns sökväg.

Samma översättning används av parameterfiler, scenarier, indexmodeller, analysfiler och
fördelningsmodeller; här prövas den mot en liten modell med ett fel av varje vanlig typ.
"""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from skolpeng.fel import ASCII_NAMN, Problem, pydantic_problem


class _Del(BaseModel):
    model_config = ConfigDict(extra="forbid")
    andel: float = Field(gt=0, lt=1)


class _Modell(BaseModel):
    model_config = ConfigDict(extra="forbid")
    namn: str = Field(pattern=ASCII_NAMN)
    bas: Literal["riket", "kommun"]
    antal: int = Field(ge=1)
    delar: list[_Del] = Field(min_length=1)
    krav: str


def _fel(data: dict) -> ValidationError:
    with pytest.raises(ValidationError) as e:
        _Modell.model_validate(data)
    return e.value


FELAKTIG = {"namn": "Stor", "bas": "land", "antal": 0, "delar": [{"andel": 2}], "extra": 1}


def test_varje_feltyp_far_svensk_text_med_sokvag_forst() -> None:
    problem = pydantic_problem("m.yaml", _fel(FELAKTIG), prefix=("modell",))
    assert [p.meddelande for p in problem] == [
        "modell.namn: namnet ska vara gemener a–z, siffror och understreck (ASCII)",
        "modell.bas: otillåtet värde 'land', förväntade 'riket' eller 'kommun'",
        "modell.antal: otillåtet värde 0, ska vara minst 1",
        "modell.delar.0.andel: otillåtet värde 2, ska vara mindre än 1",
        "modell.krav: obligatorisk nyckel saknas",
        "modell.extra: okänd nyckel",
    ]
    assert all(p.fil == "m.yaml" and p.kolumn is None for p in problem)


def test_sokvagen_som_kolumn() -> None:
    problem = pydantic_problem("a.yaml", _fel({**FELAKTIG, "namn": "ok"}), nyckel_som_kolumn=True)
    assert problem[0] == Problem(
        "a.yaml", "otillåtet värde 'land', förväntade 'riket' eller 'kommun'", kolumn="bas"
    )
    assert [p.kolumn for p in problem] == ["bas", "antal", "delar.0.andel", "krav", "extra"]


def test_tom_lista_och_fel_typ() -> None:
    data = {"namn": "ok", "bas": "riket", "antal": "många", "delar": [], "krav": "x"}
    assert [str(p) for p in pydantic_problem("m.yaml", _fel(data))] == [
        "m.yaml: antal: förväntade ett heltal",
        "m.yaml: delar: för kort: minst 1 element krävs",
    ]


def test_hela_filen_fel_typ() -> None:
    problem = pydantic_problem("m.yaml", _fel([1, 2]))  # type: ignore[arg-type]
    assert len(problem) == 1
    assert problem[0].meddelande.startswith("(filen): ")

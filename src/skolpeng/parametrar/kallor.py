"""Källhänvisningen som struktur: vilket dokument, vilket avsnitt eller vilken sida, ett citat.

In: en post ``kalla`` ur en parameter- eller scenariofil, som en mappning
``{dokument, avsnitt, sida, citat, url, anmarkning}`` eller en lista av sådana (när ett värde
vilar på flera ställen). Ut: ``Kalla`` (pydantic, okända nycklar avvisas) och texten som
rapporterna visar (``kalltext``).

``dokument`` är ett av de kända dokumenten (``KANDA_DOKUMENT``) eller projektets eget beslut
som ``docs/regler/<fil>.md#<ankare>``; varje post anger ett avsnitt eller en sida (för
projektets beslut är ankaret avsnittet).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

KANDA_DOKUMENT: dict[str, str] = {
    "SOU 2025:72": "SOU 2025:72 Verktyg för en mer likvärdig resursfördelning till skolan",
    "SOU 2025:72 bilagan": (
        "SOU 2025:72, bilagan Beräkning av den vägledande normen (rikt- och nivåberäkningarna)"
    ),
    "SKL 2014": "SKL (2014), Socioekonomisk resursfördelning till skolor – så kan kommunen göra",
    "KPMG 2020": "KPMG (2020), Granskning av resursfördelningen till grundskolan, Huddinge kommun",
    "Stockholm 2022": "Stockholms stad (2022), utvärdering av det socioekonomiska stödet",
    "skollagen": "Skollagen (2010:800)",
    "skolförordningen": "Skolförordningen (2011:185)",
}
"""Dokumenten en källa får hänvisa till: förkortning -> dokumentets fullständiga namn."""

PROJEKTBESLUT = re.compile(r"^docs/regler/[a-z0-9-]+\.md#[a-z0-9-]+$")
"""Projektets eget beslut: ``docs/regler/<fil>.md#<ankare>``."""

_VISAS_SOM = {
    "SOU 2025:72 bilagan": "SOU 2025:72, bilagan Beräkning av den vägledande normen",
    "skollagen": "Skollagen (2010:800)",
    "skolförordningen": "Skolförordningen (2011:185)",
}
_AVSNITTSNUMMER = re.compile(r"^\d+(\.\d+)+")


def ar_projektbeslut(dokument: str) -> bool:
    """Sant om dokumentet är projektets eget beslut (``docs/regler/...#ankare``)."""
    return PROJEKTBESLUT.match(dokument) is not None


class Kalla(BaseModel):
    """En källhänvisning: dokument, avsnitt och/eller sida, valfritt citat, adress och anmärkning.

    ``anmarkning`` är projektets egna ord om hur källan används (t.ex. ett härlett värde);
    ``citat`` är källans ordagranna text.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    dokument: str
    avsnitt: str | None = None
    sida: str | None = None
    citat: str | None = None
    url: str | None = None
    anmarkning: str | None = None

    @field_validator("sida", mode="before")
    @classmethod
    def _sida_som_text(cls, v: object) -> object:
        return str(v) if isinstance(v, int) else v

    @field_validator("dokument")
    @classmethod
    def _kant_dokument(cls, v: str) -> str:
        if v not in KANDA_DOKUMENT and not ar_projektbeslut(v):
            kanda = ", ".join(KANDA_DOKUMENT)
            raise ValueError(
                f"okänt dokument {v!r}: ange ett av {kanda} eller projektets beslut "
                "som docs/regler/<fil>.md#<ankare>"
            )
        return v

    @model_validator(mode="after")
    def _plats(self) -> Kalla:
        if not ar_projektbeslut(self.dokument) and not (self.avsnitt or self.sida):
            raise ValueError(f"källan {self.dokument!r} ska ange ett avsnitt eller en sida")
        return self

    def text(self) -> str:
        """Hänvisningen som en rad: ``SOU 2025:72, avsnitt 6.2.1, s. 12 (anmärkning)``."""
        if ar_projektbeslut(self.dokument):
            delar = ["Projektets beslut"]
        else:
            delar = [_VISAS_SOM.get(self.dokument, self.dokument)]
        if self.avsnitt:
            nummer = _AVSNITTSNUMMER.match(self.avsnitt) or self.avsnitt.isdigit()
            delar.append(f"avsnitt {self.avsnitt}" if nummer else self.avsnitt)
        if self.sida:
            delar.append(f"s. {self.sida}")
        rad = ", ".join(delar)
        return f"{rad} ({self.anmarkning})" if self.anmarkning else rad


def som_lista(v: object) -> object:
    """En ensam mappning blir en lista med en post (för ``mode="before"``-validering); en fri
    text avvisas med ett meddelande som säger hur källan skrivs."""
    if isinstance(v, str):
        raise ValueError(
            "källan ska skrivas som struktur {dokument, avsnitt, sida, citat, url}, "
            f"inte som fri text ({v[:60]!r})"
        )
    return [v] if isinstance(v, dict) else v


def kalltext(kallor: list[Kalla]) -> str:
    """Alla hänvisningar som en rad, åtskilda av semikolon."""
    return "; ".join(k.text() for k in kallor)


def citattext(kallor: list[Kalla]) -> str | None:
    """Citaten ur hänvisningarna, åtskilda av ' … ', eller None om inget finns."""
    citat = [k.citat for k in kallor if k.citat]
    return " … ".join(citat) if citat else None

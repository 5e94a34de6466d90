"""Utbetalningsregeln i modellfilen (nyckeln ``utbetalning``; allt har standardvärden så att
befintliga modellfiler fungerar oförändrade).

Skolförordningen 14 kap.: bidraget betalas ut med en tolftedel per månad; kommunerna läser av
elevantalet på olika sätt (SOU 2025:72 avsnitt 5.5.1: vanligast månadsvis):

- ``manad``: elevantalet på brytdagen varje månad (``brytdag``, ofta den 15:e) – perioden
  ``ÅÅÅÅ-MM`` i ``elever_hemkommun`` är den månadens avläsning;
- ``termin``: en preliminär avläsning per termin (vårtermin januari–juni, hösttermin
  juli–december: terminens första månad) som justeras i terminens sista månad mot de
  faktiska månadsavläsningarna;
- ``dag``: per dag – ``antal`` i ``elever_hemkommun`` är då elevdagar i månaden, och
  eleverna som räknas är elevdagar / dagar i månaden.

``budgetandringar`` (föreslagen skolförordning 14 kap. 2 §): en ändring av kommunens ram
från och med en månad. Bidraget per elev räknas om med den nya ramen och skillnaden sprids
över årets återstående utbetalningar (``budget``). ``synnerliga_skal`` anges när kommunen av
synnerliga skäl inte ger motsvarande tillskott (eller minskning) till de enskilda huvudmännen.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

PERIOD = r"^\d{4}-(0[1-9]|1[0-2])$"


class _Strikt(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Budgetandring(_Strikt):
    """En ändring av kommunens ram under budgetåret, från och med månaden ``fran``."""

    fran: str = Field(pattern=PERIOD)
    ram_kr: float = Field(ge=0)
    beslut: str = ""
    synnerliga_skal: str | None = None

    @property
    def manad(self) -> int:
        """Månaden 1–12 då ändringen börjar gälla."""
        return int(self.fran[5:7])


class Utbetalningsregler(_Strikt):
    """Hur bidraget och den interkommunala ersättningen betalas ut under året."""

    raknesatt: Literal["manad", "termin", "dag"] = "manad"
    brytdag: int = Field(default=15, ge=1, le=28)
    utbetalningsdag: int = Field(default=25, ge=1, le=28)
    budgetandringar: list[Budgetandring] = []

    @field_validator("budgetandringar")
    @classmethod
    def _i_ordning(cls, v: list[Budgetandring]) -> list[Budgetandring]:
        manader = [b.fran for b in v]
        if manader != sorted(manader) or len(set(manader)) != len(manader):
            raise ValueError("budgetändringarna ska stå i tidsordning, högst en per månad")
        return v


RAKNESATT_TEXT: dict[str, str] = {
    "manad": "elevantalet på brytdagen varje månad",
    "termin": (
        "preliminärt elevantal per termin (terminens första månad), justerat i terminens "
        "sista månad mot de faktiska månadsavläsningarna"
    ),
    "dag": "per dag: elevdagar i månaden delat med månadens dagar",
}

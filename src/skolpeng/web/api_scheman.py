"""JSON-API:ts svarsmodeller och förfrågningar (pydantic), med svenska beskrivningar som
OpenAPI-dokumentet och sidan ``/api/dokumentation`` visar.

In: inget (ren deklaration). Ut: modellerna som API-vägarna i ``web.api*`` tar emot och
svarar med. Beloppen är kronor; oavrundade belopp har float, avrundade hela kronor.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

Normvariant = Literal["vagledande", "bindande", "fritidshem"]

#: Sökvägens parametrar med beskrivningar (syns i OpenAPI).
ModellId = Annotated[int, Path(description="Modellens id.")]
ScenarioId = Annotated[int, Path(description="Scenariots id.")]
BeslutId = Annotated[int, Path(description="Beslutets id.")]
Skolenhetskod = Annotated[str, Path(description="Skolenhetskoden (åtta siffror).", max_length=20)]


class Schema(BaseModel):
    """Bas: läser även attribut från dataklasser och tabellrader."""

    model_config = ConfigDict(from_attributes=True)


# --- inloggning ---------------------------------------------------------------------------


class InloggningIn(Schema):
    """Användarnamn och lösenord."""

    model_config = ConfigDict(extra="forbid")
    anvandarnamn: str = Field(description="Användarnamnet.", max_length=100)
    losenord: str = Field(description="Lösenordet.", max_length=1000)


class InloggningUt(Schema):
    """En sessionstoken att skicka som ``Authorization: Bearer <token>``."""

    token: str = Field(description="Sessionens token (hemlig; skickas i Authorization-rubriken).")
    giltig_till: dt.datetime = Field(description="När token slutar gälla (UTC).")
    anvandarnamn: str = Field(description="Den inloggade användaren.")
    roll: str = Field(description="Rollen: administrator, handlaggare, rektor eller huvudman.")
    kommunkod: str | None = Field(description="Kommunen (handläggare och rektorer).")


class Meddelande(Schema):
    """Ett kort svenskt besked."""

    meddelande: str = Field(description="Beskedet.")


class Felsvar(Schema):
    """Ett fel: svenskt meddelande och alla problem (fil, rad, kolumn eller nyckel)."""

    fel: str = Field(description="Felmeddelandet på svenska.")
    problem: list[str] = Field(default=[], description="Varje problem för sig.")


# --- dataset, modeller, scenarier ------------------------------------------------------------


class DatasetUt(Schema):
    """En datasetversion som användaren får se."""

    id: int = Field(description="Datasetversionens id (används som dataset_id).")
    namn: str = Field(description="Datasetets namn.")
    version: int = Field(description="Versionsnummer (1, 2, …); versioner ändras aldrig.")
    kommunkod: str | None = Field(description="Kommunen; null = gemensamt dataset.")
    sha256: str = Field(description="SHA-256 över filernas namn och innehåll.")
    beskrivning: str = Field(description="Beskrivningen.")
    skapad: dt.datetime = Field(description="När versionen sparades (UTC).")
    skapad_av: str = Field(description="Vem som sparade versionen.")


class ModellKort(Schema):
    """En fördelningsmodell utan text."""

    id: int = Field(description="Modellens id (används som modell_id).")
    namn: str = Field(description="Modellens namn.")
    kommunkod: str = Field(description="Kommunen som modellen gäller.")
    version: int = Field(description="Modelltextens version (ökar vid varje sparning).")
    dataset_id: int = Field(description="Datasetversionen som modellen räknas på.")
    andrad: dt.datetime = Field(description="Senast ändrad (UTC).")
    andrad_av: str = Field(description="Vem som ändrade senast.")


class ModellUt(ModellKort):
    """En fördelningsmodell med modellfilens text (YAML enligt docs/regler/fordelning-och-bidrag.md#modellen-som-data)."""

    text: str = Field(description="Modellfilens text (den enda sanningen om modellen).")


class ScenarioUt(Schema):
    """Ett scenario: en variant av en modell (hela modellfilens text)."""

    id: int = Field(description="Scenariots id (används som scenario_id).")
    namn: str = Field(description="Scenariots namn.")
    modell_id: int = Field(description="Modellen som scenariot är en variant av.")
    kommunkod: str = Field(description="Modellens kommun.")
    dataset_id: int = Field(description="Modellens datasetversion.")
    skapad: dt.datetime = Field(description="När scenariot skapades (UTC).")
    andrad_av: str = Field(description="Vem som ändrade senast.")
    text: str = Field(description="Scenariots modelltext.")


# --- normen ------------------------------------------------------------------------------


class NormRad(Schema):
    """Normen för en skolenhet och ett stadium (som en rad i ``norm_skolenheter.csv``)."""

    skolenhetskod: str = Field(description="Skolenhetskoden.")
    namn: str | None = Field(default=None, description="Skolenhetens namn.")
    stadium: str = Field(description="Stadiet: F, 1-3, 4-6 eller 7-9 (fritidshem: F-6).")
    huvudmannatyp: str = Field(description="kommunal, enskild eller statlig.")
    huvudman_id: str | None = Field(description="Huvudmannens id (kommunkod för kommunala).")
    kommunkod: str = Field(description="Kommunen där enheten ligger.")
    elever: float = Field(description="Elever i stadiet (normens elevår).")
    grundersattning: float = Field(description="Grundersättning, kr per elev.")
    socioekonomiskt_tillagg: float = Field(description="Socioekonomiskt tillägg, kr per elev.")
    lonejustering: float = Field(description="Lönejustering, kr per elev.")
    lokaljustering: float = Field(description="Lokaljustering, kr per elev.")
    platsgaranti: float = Field(description="Platsgaranti, kr per elev.")
    gleshet: float = Field(description="Gleshetstillägg, kr per elev.")
    modellvarde: float = Field(description="Modellvärdet (summan av komponenterna), kr per elev.")
    norm: float = Field(description="Normen, kr per elev (oavrundad).")
    varav_lokalkostnad: float = Field(description="Varav lokalkostnad, kr per elev.")


class NormUt(Schema):
    """Normen per skolenhet och stadium för ett urval."""

    dataset_id: int = Field(description="Datasetversionen.")
    ar: int = Field(description="Normåret.")
    variant: str = Field(description="Normens variant.")
    kostnadsar: int = Field(description="Kostnadsåret som normen bygger på.")
    elevar: str = Field(description="Elevåret som normen räknar elever för.")
    antal: int = Field(description="Antal rader.")
    rader: list[NormRad] = Field(description="En rad per skolenhet och stadium.")


# --- fördelningen --------------------------------------------------------------------------


class FordelningIn(Schema):
    """Vad som ska räknas: exakt en av ``modelltext``, ``modell_id`` och ``scenario_id``."""

    model_config = ConfigDict(extra="forbid")
    dataset_id: int | None = Field(
        default=None,
        description="Datasetversionen. Krävs med modelltext; annars modellens dataset som standard.",
    )
    modelltext: str | None = Field(default=None, description="En modellfil (YAML eller TOML).")
    modell_id: int | None = Field(default=None, description="En sparad modell.")
    scenario_id: int | None = Field(default=None, description="Ett sparat scenario.")
    med_forra_arets_beslut: bool = Field(
        default=True,
        description="Använd kommunens fastställda beslut för året före (stabilitetsregler och "
        "förändringen) när det finns.",
    )


class PottUt(Schema):
    """En pott: belopp och hur mycket som fördelades."""

    pott: str = Field(description="Pottens identifierare.")
    kostnadsslag: str = Field(description="Kostnadsslaget.")
    samma_grunder: bool = Field(description="Ingår i bidraget till enskilda på samma grunder.")
    belopp_kr: float = Field(description="Pottens belopp (oavrundat).")
    fordelat_kr: float = Field(description="Fördelat belopp (oavrundat).")
    fordelat_avrundat_kr: int = Field(description="Fördelat i hela kronor (största rest).")
    antal_enheter: int = Field(description="Skolenheter som fick ur potten.")
    elever: float = Field(description="Elever som potten nådde.")


class EnhetsbeloppUt(Schema):
    """Skolenhetens belopp (summan över potter och stadier i ``fordelning.csv``)."""

    skolenhetskod: str = Field(description="Skolenhetskoden.")
    namn: str = Field(description="Skolenhetens namn.")
    huvudmannatyp: str = Field(description="kommunal eller enskild.")
    huvudman_id: str | None = Field(description="Huvudmannens id.")
    elever: float = Field(description="Enhetens elever.")
    belopp_kr: float = Field(description="Enhetens belopp (oavrundat).")
    belopp_kr_avrundat: int = Field(description="Σ radernas belopp i hela kronor.")
    kr_per_elev: float | None = Field(description="Belopp per elev (null utan elever).")


class BidragUt(Schema):
    """Bidraget till en enskild skolenhet i ett stadium, i hela kronor (som ``bidrag.csv``)."""

    skolenhetskod: str = Field(description="Skolenhetskoden.")
    huvudman_id: str | None = Field(description="Huvudmannens organisationsnummer.")
    stadium: str = Field(description="Stadiet.")
    elever: float = Field(description="Elever i stadiet.")
    undervisning: int = Field(description="Undervisning, kr per elev.")
    larverktyg: int = Field(description="Lärverktyg, kr per elev.")
    elevhalsa: int = Field(description="Elevhälsa, kr per elev.")
    maltider: int = Field(description="Måltider, kr per elev.")
    lokalkostnad: int = Field(description="Lokalkostnad, kr per elev.")
    administration: int = Field(description="Administration (3 %), kr per elev.")
    avdrag_utbudsansvar: int = Field(description="Avdrag för utbudsansvar, kr per elev.")
    tillaggsbelopp: int = Field(
        0, description="Tilläggsbelopp, kr per elev (summan per år delad på stadiets elever)."
    )
    villkorat_belopp: int = Field(description="Villkorat belopp, kr per elev.")
    moms: int = Field(description="Momskompensation (6 %), kr per elev.")
    bidrag: int = Field(description="Bidraget, kr per elev (= summan av delarna).")
    bidrag_totalt_kr: int = Field(description="Bidraget × elever, hela kronor.")
    tillaggsbelopp_ar_kr: int = Field(
        0, description="Kommunens tilläggsbelopp för enheten och stadiet per år, sammanlagt."
    )


class NormjamforelseUt(Schema):
    """Kommunens belopp per elev jämfört med normen, per stadium (och alla stadier)."""

    stadium: str = Field(description="Stadiet eller 'alla'.")
    elever: float = Field(description="Elever.")
    modell_kr_per_elev: float | None = Field(description="Modellens belopp per elev.")
    norm_kr_per_elev: float | None = Field(description="Normen per elev.")
    skillnad_kr: float | None = Field(description="Modell − norm, kr per elev.")
    skillnad_andel: float | None = Field(description="Skillnaden / normen.")


class FordelningUt(Schema):
    """Fördelningen: samma tal som ``skolpeng fordela`` skriver i fordelning.csv och bidrag.csv."""

    modellnamn: str = Field(description="Modellens namn.")
    kommunkod: str = Field(description="Kommunen.")
    ar: int = Field(description="Kalenderåret.")
    verksamhet: str = Field(description="Verksamheten (fk_gr eller fritidshem).")
    dataset_id: int = Field(description="Datasetversionen.")
    potter: list[PottUt] = Field(description="Per pott.")
    enheter: list[EnhetsbeloppUt] = Field(description="Per skolenhet.")
    bidrag: list[BidragUt] = Field(description="Bidrag till enskilda skolenheter per stadium.")
    normjamforelse: list[NormjamforelseUt] | None = Field(
        description="Kommunens jämförelse med normen; null när normen inte kan beräknas."
    )
    beaktande: str | None = Field(description="Texten om beaktandet av normen (Markdown).")
    anteckningar: list[str] = Field(description="Körningens noteringar på svenska.")

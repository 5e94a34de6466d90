"""JSON-API:ts modeller för beslut och redovisningar (pydantic, svenska beskrivningar).

In: inget (ren deklaration). Ut: ``BeslutKort``/``BeslutUt`` och ``RedovisningUt`` som
återger ``fordelning.redovisning_och_forandring.redovisning.Enhetsredovisning`` (docs/regler/fordelning-och-bidrag.md#redovisning).
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from skolpeng.web.api_scheman import Schema


class BeslutKort(Schema):
    """Ett fastställt beslut (oföränderligt)."""

    id: int = Field(description="Beslutets id.")
    kommunkod: str = Field(description="Kommunen.")
    ar: int = Field(description="Kalenderåret.")
    verksamhet: str = Field(description="Verksamheten (fk_gr eller fritidshem).")
    lopnummer: int = Field(description="Löpnummer inom kommun, år och verksamhet.")
    namn: str = Field(description="Beslutets namn.")
    dataset_id: int = Field(description="Datasetversionen som beslutet räknades på.")
    innehall_sha256: str = Field(description="SHA-256 över filernas namn och hashar.")
    skapad: dt.datetime = Field(description="När beslutet fastställdes (UTC).")
    skapad_av: str = Field(description="Vem som fastställde beslutet.")
    status: str = Field(default="gallande",
                        description="gallande eller aterkallat (av en administratör).")  # fmt: skip
    aterkallat: dt.datetime | None = Field(default=None, description="När det återkallades (UTC).")
    aterkallat_orsak: str | None = Field(default=None, description="Varför det återkallades.")


class BeslutUt(BeslutKort):
    """Ett beslut med kontrollen av innehållshashen."""

    hash_stammer: bool = Field(description="De lagrade filerna ger fortfarande hashen.")
    filer: list[str] | None = Field(
        description="Filernas namn (bara för kommunens handläggare och administratören)."
    )


class PottradUt(Schema):
    """En rad i redovisningen: en (del)pott i ett stadium och nyckeln som gav beloppet."""

    pott: str = Field(description="Pottens identifierare.")
    delpott: str | None = Field(description="Delpotten (null utan delar).")
    stadium: str | None = Field(description="Stadiet (null om potten inte delas på stadier).")
    kostnadsslag: str = Field(description="Kostnadsslaget.")
    samma_grunder: bool = Field(description="Ingår i bidraget på samma grunder.")
    nyckel: str = Field(description="Nyckelns typ.")
    nyckelvarde: float | None = Field(description="Nyckelns värde (t.ex. index eller vikt).")
    forklaring: str = Field(description="Förklaringen, t.ex. 'index 1,15 × 8 412 kr'.")
    elever: float = Field(description="Elever som raden gäller.")
    kr_per_elev: float | None = Field(description="Kronor per elev (oavrundat).")
    belopp_kr: float = Field(description="Belopp (oavrundat).")
    belopp_kr_avrundat: int = Field(description="Belopp i hela kronor (största rest per pott).")
    tak_band: bool = Field(description="Ett tak eller golv band raden.")


class PottsummaUt(Schema):
    """En (del)pott för enheten summerad över stadierna."""

    pott: str = Field(description="Pottens identifierare.")
    delpott: str | None = Field(description="Delpotten.")
    kostnadsslag: str = Field(description="Kostnadsslaget.")
    nyckel: str = Field(description="Nyckelns typ.")
    forklaring: str = Field(description="Förklaringen.")
    elever: float = Field(description="Elever som potten når.")
    kr_per_elev: float | None = Field(description="Belopp / elever som potten når.")
    kr_per_elev_enhet: float | None = Field(description="Belopp / enhetens alla elever.")
    belopp_kr: float = Field(description="Belopp (oavrundat).")
    belopp_kr_avrundat: int = Field(description="Belopp i hela kronor.")


class StadiumElever(Schema):
    """Elever i ett stadium."""

    stadium: str = Field(description="Stadiet.")
    elever: float = Field(description="Elever.")


class ForandringUt(Schema):
    """Förändringen från förra året: andring_kr = elever + index + parametrar (+ stabilitet)."""

    belopp_forra_kr: float = Field(description="Förra årets belopp.")
    belopp_kr: float = Field(description="Årets belopp.")
    andring_kr: float = Field(description="Förändringen.")
    varav_elever_kr: float = Field(description="Varav ändrat elevantal.")
    varav_index_kr: float = Field(description="Varav ändrat index.")
    varav_parametrar_kr: float = Field(description="Varav ändrade parametrar (modellen, ramen).")
    varav_stabilitet_kr: float = Field(description="Varav stabilitetsregler.")


class RedovisningUt(Schema):
    """Redovisningen för en skolenhet: varje krona förklarad (docs/regler/fordelning-och-bidrag.md#redovisning)."""

    kalla: str = Field(description="'scenario' eller 'beslut'.")
    kalla_id: int = Field(description="Scenariots eller beslutets id.")
    skolenhetskod: str = Field(description="Skolenhetskoden.")
    namn: str = Field(description="Skolenhetens namn.")
    huvudmannatyp: str = Field(description="kommunal eller enskild.")
    huvudman_id: str | None = Field(description="Huvudmannens id.")
    modellnamn: str = Field(description="Modellens namn.")
    ar: int = Field(description="Kalenderåret.")
    verksamhet: str = Field(description="Verksamheten.")
    elever_per_stadium: list[StadiumElever] = Field(description="Elever per stadium.")
    elever: float = Field(description="Enhetens elever.")
    index: float | None = Field(description="Socioekonomiskt index (efter omskalning).")
    index_standard: bool = Field(description="Standardvärdet för index användes.")
    rader: list[PottradUt] = Field(description="Raderna per (del)pott och stadium.")
    potter: list[PottsummaUt] = Field(description="Per (del)pott summerat över stadierna.")
    belopp_kr: float = Field(description="Enhetens belopp (oavrundat).")
    belopp_kr_avrundat: int = Field(description="Σ radernas avrundade belopp.")
    kr_per_elev: float | None = Field(description="Belopp per elev.")
    standardvarden: list[str] = Field(description="Standardvärden som tillämpats.")
    begransningar: list[str] = Field(description="Tak och golv som band.")
    anteckningar: list[str] = Field(description="Övriga noteringar om enheten.")
    forandring: ForandringUt | None = Field(description="Förändringen från förra året.")

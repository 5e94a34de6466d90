"""Resursfördelningsmodellen som data (docs/regler/fordelning-och-bidrag.md#modellen-som-data).

In: en modellfil (YAML eller TOML) med namn, år, budgetram och en ordnad lista av potter. Ut: en
validerad ``Fordelningsmodell`` (pydantic, okända nycklar avvisas med nyckelns sökväg på
svenska). Detta är kontraktet som beräkning, stabilitetsregler, bidrag, redovisning och
exempelmodellerna bygger på.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from skolpeng.fel import IndataFel, Problem, pydantic_problem
from skolpeng.fordelning.utbetalning.regel import Utbetalningsregler
from skolpeng.talformat import decimal
from skolpeng.yamllasning import MAX_BYTES, las_yaml

Kostnadsslag = Literal["undervisning", "larverktyg", "elevhalsa", "maltider", "lokalkostnader"]
KOSTNADSSLAG: tuple[str, ...] = (
    "undervisning",
    "larverktyg",
    "elevhalsa",
    "maltider",
    "lokalkostnader",
)


#: Gränserna för tal i en modellfil (inga regler: de stoppar bara värden som inte kan vara
#: menade, t.ex. 1.0e308 kr, så att beräkningen aldrig får oändliga tal): belopp i kronor,
#: vikter och faktorer, och kalenderåren.
MAX_BELOPP_KR = 1e12
MAX_VIKT = 1e6
FORSTA_AR, SISTA_AR = 1990, 2100
_Ar = Annotated[int, Field(ge=FORSTA_AR, le=SISTA_AR)]
_Vikt = Annotated[float, Field(ge=-MAX_VIKT, le=MAX_VIKT)]


class _Strikt(BaseModel):
    """Bas för modellfilens delar: okända nycklar avvisas, inga oändliga tal eller NaN."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Belopp(_Strikt):
    """Pottens storlek: exakt en av andel av ramen, summa i kronor eller kronor per elev
    (per elev i pottens omfattning)."""

    andel_av_ram: float | None = Field(default=None, ge=0, le=1)
    summa_kr: float | None = Field(default=None, ge=0, le=MAX_BELOPP_KR)
    per_elev_kr: float | None = Field(default=None, ge=0, le=MAX_BELOPP_KR)
    per_niva_kr: dict[str, float] | None = None

    @model_validator(mode="after")
    def _exakt_en(self) -> Belopp:
        alla = (self.andel_av_ram, self.summa_kr, self.per_elev_kr, self.per_niva_kr)
        if len([x for x in alla if x is not None]) != 1:
            raise ValueError("ange exakt en av andel_av_ram, summa_kr, per_elev_kr och per_niva_kr")
        if self.per_niva_kr is not None and any(v < 0 for v in self.per_niva_kr.values()):
            raise ValueError("beloppen per behovsnivå får inte vara negativa")
        if self.per_niva_kr is not None and not all(
            math.isfinite(v) and v <= MAX_BELOPP_KR for v in self.per_niva_kr.values()
        ):
            raise ValueError("beloppen per behovsnivå måste vara ändliga och högst 10^12 kr")
        return self


class Omfattning(_Strikt):
    """Vilka skolenheter och elever potten når: huvudmannatyp, stadier eller årskurser
    (inte båda), och valfritt en lista med namngivna skolenheter (fokusskolor). ``verksamhet``
    begränsar potten till grundskolan (``fk_gr``) eller anpassade grundskolan
    (``anpassad_gr``) i en modell med båda; ``resursskolor`` true = bara resursskolor
    (datasetets ``resursskolor``), false = alla utom dem."""

    huvudmannatyp: Literal["alla", "kommunal", "enskild"] = "alla"
    verksamhet: Literal["fk_gr", "anpassad_gr"] | None = None
    resursskolor: bool | None = None
    stadier: list[str] | None = None
    arskurser: list[str] | None = None
    enheter: list[str] | None = None

    @model_validator(mode="after")
    def _inte_bada(self) -> Omfattning:
        if self.stadier is not None and self.arskurser is not None:
            raise ValueError("ange stadier eller arskurser, inte båda")
        return self


class Vikter(_Strikt):
    """Elevvikter per årskurs (F, 1 … 9), stadium (F, 1-3, 4-6, 7-9) eller åldersgrupp i
    fritidshem (``6-9``: F–3, ``10-12``: 4–6). En årskurs utan vikt har vikt 0."""

    per: Literal["arskurs", "stadium", "aldersgrupp"]
    varden: dict[str, _Vikt]


class Nyckel(_Strikt):
    """Fördelningsnyckeln.

    - ``elever``: per (viktad) elev;
    - ``index``: elever × skolenhetens socioekonomiska index, i formen ``form``:
      ``linjar`` (∝ index), ``forstarkt`` (potten räknas med faktorn ``faktor`` och ett lika
      belopp per elev dras av så att summan står kvar; SKL: 15 000·index − 5 000),
      ``troskel`` (∝ max(0, index − ``troskel``)), ``progressiv`` (∝ index^``exponent``);
      ``tak_per_elev_kr`` begränsar varje enhets belopp per elev och omfördelar överskottet
      till övriga i proportion till nyckeln tills ingen överstiger taket;
    - ``malgrupp``: elever i målgruppen ``malgrupp`` (antal per enhet ur underlaget);
      ``malgrupp_rubrik`` är målgruppens namn i redovisningens text (annars identifieraren
      med mellanslag för understreck);
    - ``klumpsumma``: lika belopp per skolenhet;
    - ``givet``: belopp per enhet ur underlagets tabell över givna belopp (pottens namn);
    - ``behovsniva``: per elev viktad med elevens behovsnivå (``behovsnivaer``: vikt per
      nivåkod, eller pottens ``belopp.per_niva_kr``; SOU 2025:72 avsnitt 5.1.4).
    Vikter (``vikter``) kan kombineras med ``elever``, ``index`` och ``behovsniva``;
    ``behovsnivaer`` kan också kombineras med ``elever`` och ``index`` (nivåviktade elever).
    """

    typ: Literal["elever", "index", "malgrupp", "klumpsumma", "givet", "behovsniva"]
    behovsnivaer: dict[str, float] | None = None
    vikter: Vikter | None = None
    form: Literal["linjar", "forstarkt", "troskel", "progressiv"] = "linjar"
    faktor: float | None = Field(default=None, gt=0, le=MAX_VIKT)
    troskel: float | None = Field(default=None, ge=-MAX_BELOPP_KR, le=MAX_BELOPP_KR)
    exponent: float | None = Field(default=None, gt=0, le=100)
    tak_per_elev_kr: float | None = Field(default=None, gt=0, le=MAX_BELOPP_KR)
    malgrupp: str | None = None
    malgrupp_rubrik: str | None = None

    @model_validator(mode="after")
    def _formens_parametrar(self) -> Nyckel:
        if self.behovsnivaer is not None and any(v < 0 for v in self.behovsnivaer.values()):
            raise ValueError("vikterna per behovsnivå får inte vara negativa")
        if self.behovsnivaer is not None and self.typ not in ("elever", "index", "behovsniva"):
            raise ValueError("behovsnivaer kan bara anges med nycklarna elever, index, behovsniva")
        if self.typ == "malgrupp" and not self.malgrupp:
            raise ValueError("nyckeln malgrupp kräver malgrupp (målgruppens namn)")
        krav = {"forstarkt": "faktor", "troskel": "troskel", "progressiv": "exponent"}
        if self.typ == "index" and self.form in krav and getattr(self, krav[self.form]) is None:
            raise ValueError(f"formen {self.form} kräver {krav[self.form]}")
        return self


class Delpott(_Strikt):
    """En del av en pott: andel av pottens belopp med en egen nyckel (och ev. omfattning).
    Delarnas andelar summerar till 1 (t.ex. Huddinges 70,7 / 25,1 / 4,2 %). ``namn`` är
    nyckeln i utdata (CSV); ``rubrik`` är namnet i redovisningar och beslut (``visningsnamn``)."""

    namn: str
    rubrik: str | None = None
    andel: float = Field(gt=0, le=1)
    nyckel: Nyckel
    omfattning: Omfattning | None = None


class Pott(_Strikt):
    """En pott: namn, kostnadsslag, belopp, omfattning och antingen en nyckel eller delpotter.
    ``samma_grunder`` = potten ingår i grunden för bidrag till enskilda huvudmän (lika villkor);
    false för t.ex. statsbidrag och kommunens egna ansvarstillägg. ``namn`` är en identifierare
    (nyckeln i utdata); ``rubrik`` är namnet med å/ä/ö i redovisningar och beslut
    (``visningsnamn``)."""

    namn: str
    rubrik: str | None = None
    beskrivning: str = ""
    kalla: str | None = None
    kostnadsslag: Kostnadsslag = "undervisning"
    belopp: Belopp
    omfattning: Omfattning = Omfattning()
    nyckel: Nyckel | None = None
    delpotter: list[Delpott] | None = None
    samma_grunder: bool = True

    @model_validator(mode="after")
    def _nyckel_eller_delar(self) -> Pott:
        if (self.nyckel is None) == (self.delpotter is None):
            raise ValueError("ange antingen nyckel eller delpotter")
        if self.delpotter is not None and abs(sum(d.andel for d in self.delpotter) - 1) > 1e-9:
            raise ValueError("delpotternas andelar ska summera till 1")
        nycklar = [self.nyckel] if self.nyckel else [d.nyckel for d in self.delpotter or []]
        if any(n.typ == "behovsniva" and n.behovsnivaer is None for n in nycklar) and (
            self.belopp.per_niva_kr is None
        ):
            raise ValueError("nyckeln behovsniva kräver behovsnivaer eller belopp.per_niva_kr")
        return self


class Indexkalla(_Strikt):
    """Skolenhetens socioekonomiska index (docs/regler/fordelning-och-bidrag.md#index).

    - ``given``: indexet i datasetets ``socioekonomiskt_index`` (året ``ar``, standard
      modellens år) eller i filen ``fil`` (kolumner skolenhetskod, index; t.ex. utdata från
      ``skolpeng index``), valfritt omskalat till elevviktat medel 100 över kommunens enheter;
    - ``vikter``: poäng = Σ vikt·andel ur tabellen ``fil`` (skolenhetskod + en kolumn per
      faktor, andelar 0–1), index = poäng / kommunens poäng (SKL tabell 1–2).
    En enhet utan index får ``standard_saknas``: ett tal, eller medel över enskilda enheter
    (Göteborg) eller över alla; varje tillämpat standardvärde redovisas. Med omskalning
    skalas först enheterna med index om, och standardvärdet ges sedan på den skalan: enheten
    får exakt det angivna värdet och kommunens medel över alla enheter skiljer sig från 100
    med standardvärdets effekt (docs/regler/fordelning-och-bidrag.md#beslut-standardindex; enhetens redovisning
    säger det).
    """

    typ: Literal["given", "vikter"] = "given"
    fil: str | None = None
    ar: _Ar | None = None
    vikter: dict[str, _Vikt] | None = None
    skala_om_till_kommunmedel: bool = True
    standard_saknas: Literal["medel_enskilda", "medel_alla"] | float = 100.0

    @field_validator("standard_saknas", mode="before")
    @classmethod
    def _standardvarde(cls, v: object) -> object:
        # Ett fel i stället för ett per alternativ i unionen (med pydantics interna sökvägar).
        if v in ("medel_enskilda", "medel_alla") or (
            isinstance(v, int | float) and not isinstance(v, bool)
        ):
            return v
        raise ValueError(
            f"otillåtet värde {v!r}, förväntade ett indexvärde (tal), medel_enskilda eller "
            "medel_alla"
        )

    @model_validator(mode="after")
    def _vikter_kraver_fil(self) -> Indexkalla:
        if self.typ == "vikter" and (not self.vikter or not self.fil):
            raise ValueError("typ vikter kräver vikter och fil med andelar")
        return self


class Stabilitet(_Strikt):
    """Stabilitetsregler mot förra årets beslutade belopp per elev (SKL steg 4; KPMG):
    största minskning per elev och år (kr eller andel), infasning av minskningar över
    ``infasning_ar`` år, och utjämning av index över ``indexutjamning_ar`` år. Allt finansieras
    inom ramen."""

    max_minskning_kr_per_elev: float | None = Field(default=None, ge=0, le=MAX_BELOPP_KR)
    max_minskning_andel: float | None = Field(default=None, ge=0, le=1)
    infasning_ar: int | None = Field(default=None, ge=1, le=100)
    indexutjamning_ar: int | None = Field(default=None, ge=1, le=100)


class Bidragsregler(_Strikt):
    """Hur bidraget till enskilda huvudmän beräknas (docs/regler/fordelning-och-bidrag.md#bidrag).
    ``avsta_avdrag`` = kommunen avstår från avdraget för utbudsansvar av särskilda skäl
    (``avsta_skal`` anger skälen); ``lokalkostnad_per_elev_kr`` anger kommunens
    genomsnittliga lokalkostnad per elev (annars beräknad ur lokalkostnadspotterna)."""

    avsta_avdrag: bool = False
    avsta_skal: str | None = None
    lokalkostnad_per_elev_kr: float | None = Field(default=None, ge=0, le=MAX_BELOPP_KR)
    rakningsdatum: str = "15 oktober"


class Fordelningsmodell(_Strikt):
    """En kommuns resursfördelningsmodell för ett kalenderår och en verksamhet."""

    namn: str
    beskrivning: str = ""
    kalla: str = ""
    kommunkod: str = Field(pattern=r"^\d{4}$")
    ar: _Ar
    verksamhet: Literal["fk_gr", "fritidshem", "anpassad_gr"] = "fk_gr"
    med_anpassad_gr: bool = False
    lasar: str | None = None
    ram_kr: float | None = Field(default=None, ge=0, le=MAX_BELOPP_KR)
    index: Indexkalla | None = None
    potter: list[Pott] = Field(min_length=1)
    stabilitet: Stabilitet | None = None
    bidrag: Bidragsregler = Bidragsregler()
    utbetalning: Utbetalningsregler = Utbetalningsregler()

    @model_validator(mode="after")
    def _sammanhang(self) -> Fordelningsmodell:
        namn = [p.namn for p in self.potter]
        if len(set(namn)) != len(namn):
            raise ValueError("potternas namn ska vara unika")
        if self.ram_kr is None and any(p.belopp.andel_av_ram is not None for p in self.potter):
            raise ValueError("ram_kr krävs när en pott anges som andel_av_ram")
        andelar = sum(p.belopp.andel_av_ram or 0.0 for p in self.potter)
        if andelar > 1 + 1e-9:
            procent = decimal(100 * andelar, 1)
            raise ValueError(
                f"potternas andel_av_ram summerar till {procent} % av ramen: potterna skulle "
                "fördela mer än ramen (högst 100 %)"
            )
        if self.index is None and any(_anvander_index(p) for p in self.potter):
            raise ValueError("en pott har nyckeln index men modellen saknar index")
        if self.med_anpassad_gr and self.verksamhet != "fk_gr":
            raise ValueError("med_anpassad_gr kan bara anges för verksamheten fk_gr")
        if self.ram_kr is None and self.utbetalning.budgetandringar:
            raise ValueError("ram_kr krävs när utbetalning.budgetandringar anges")
        if any(not b.fran.startswith(f"{self.ar}-") for b in self.utbetalning.budgetandringar):
            raise ValueError("budgetändringarna ska gälla från en månad i modellens år")
        return self


def verksamheter(modell: Fordelningsmodell) -> tuple[str, ...]:
    """Verksamheterna i modellens ram: ``verksamhet``, och ``anpassad_gr`` med
    ``med_anpassad_gr`` (grundskola och anpassad grundskola i en ram)."""
    return (modell.verksamhet, "anpassad_gr") if modell.med_anpassad_gr else (modell.verksamhet,)


def _anvander_index(p: Pott) -> bool:
    nycklar = [p.nyckel] if p.nyckel is not None else [d.nyckel for d in p.delpotter or []]
    return any(n.typ == "index" for n in nycklar)


# Ord i potternas ASCII-namn (modellfilernas identifierare) med svenska tecken återställda.
_ORD_MED_SVENSKA_TECKEN = {
    "tillagg": "tillägg",
    "ersattning": "ersättning",
    "grundersattning": "grundersättning",
    "tillaggsersattning": "tilläggsersättning",
    "elevhalsa": "elevhälsa",
    "maltider": "måltider",
    "larverktyg": "lärverktyg",
    "likvardig": "likvärdig",
    "lagstadiesatsning": "lågstadiesatsning",
    "nyanlanda": "nyanlända",
    "lag": "låg",
    "ar": "år",
    "arskurs": "årskurs",
    "malgrupp": "målgrupp",
    "stod": "stöd",
    "forstarkt": "förstärkt",
    "sarskilt": "särskilt",
    "sarskild": "särskild",
    "overgang": "övergång",
    "forskoleklass": "förskoleklass",
    "behovsniva": "behovsnivå",
}


def lasbart_namn(identifierare: str, versal: bool = True) -> str:
    """En identifierare som läsbar text när rubrik saknas: ``_`` -> mellanslag, kända ord
    får tillbaka å/ä/ö och (med ``versal``) stor första bokstav: ``"lag_utbildning"`` ->
    ``"Låg utbildning"``, ``"socioekonomiskt_tillagg"`` -> ``"Socioekonomiskt tillägg"``."""
    ord_ = [
        _ORD_MED_SVENSKA_TECKEN.get(o.lower(), o) for o in identifierare.replace("_", " ").split()
    ]
    text = " ".join(ord_)
    return text[:1].upper() + text[1:] if versal else text


def visningsnamn(objekt: Pott | Delpott) -> str:
    """En potts eller delpotts namn för läsaren: ``rubrik``, annars ``lasbart_namn(namn)``
    (för en delpott med liten första bokstav: den står efter pottens namn, ``pottnamn``)."""
    return objekt.rubrik or lasbart_namn(objekt.namn, versal=isinstance(objekt, Pott))


def malgruppsnamn(nyckel: Nyckel) -> str:
    """Målgruppens namn mitt i en mening: ``malgrupp_rubrik``, annars identifieraren med
    mellanslag (``"lag_utbildning"`` -> ``"lag utbildning"``)."""
    return nyckel.malgrupp_rubrik or lasbart_namn(nyckel.malgrupp or "", versal=False)


Pottrubriker = dict[tuple[str, str | None], str]


def pottrubriker(modell: Fordelningsmodell) -> Pottrubriker:
    """Modellen -> (pott, delpott eller None) -> ``visningsnamn`` för varje pott och delpott."""
    ut: Pottrubriker = {}
    for p in modell.potter:
        ut[(p.namn, None)] = visningsnamn(p)
        for d in p.delpotter or []:
            ut[(p.namn, d.namn)] = visningsnamn(d)
    return ut


def pottnamn(pott: str, delpott: str | None = None, rubriker: Pottrubriker | None = None) -> str:
    """(pott, delpott) som text för läsaren: rubrikerna ur ``pottrubriker`` där de finns,
    annars läsbara identifierare (``lasbart_namn``); en delpott som ``"Pott – delpott"``. Utan
    ``rubriker``: ``("tillagg", "lag_utbildning")`` -> ``"Tillagg – lag utbildning"``."""
    r = rubriker or {}
    text = r.get((pott, None)) or lasbart_namn(pott)
    if delpott is None:
        return text
    return f"{text} – {r.get((pott, delpott)) or lasbart_namn(delpott, versal=False)}"


def las_modell(fil: Path) -> Fordelningsmodell:
    """Läser och validerar en modellfil: YAML, eller TOML om filen slutar på ``.toml``
    (samma nycklar). Alla fel rapporteras på en gång med nyckelns sökväg (``IndataFel``)."""
    fil = Path(fil)
    try:
        text = fil.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise IndataFel([Problem(str(fil), f"modellfilen kan inte läsas: {e}")]) from None
    return las_modell_text(text, str(fil), toml=fil.suffix.lower() == ".toml")


def las_modell_text(
    text: str, kalla: str = "modell.yaml", toml: bool = False, tidsgrans: float | None = None
) -> Fordelningsmodell:
    """Modellfilens text (YAML, eller TOML med ``toml=True``) -> validerad modell. ``kalla``
    är namnet i felmeddelandena. YAML läses med den begränsade läsaren
    (``yamllasning.las_yaml``: inga alias, inga dubbla nycklar, högst ``tidsgrans`` s).
    ``IndataFel`` med alla fel och nyckelns sökväg."""
    if toml:
        if len(text) > MAX_BYTES:
            raise IndataFel([Problem(kalla, "modellfilen är för stor")])
        try:
            innehall = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise IndataFel([Problem(kalla, f"modellfilen kan inte läsas: {e}")]) from None
    else:
        innehall = las_yaml(text, kalla, "modellfilen", tidsgrans)
    try:
        return Fordelningsmodell.model_validate(innehall)
    except ValidationError as e:
        raise IndataFel(pydantic_problem(kalla, e)) from None

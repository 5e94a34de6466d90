"""Körningen bakom ``skolpeng fordela`` och webbens scenarier: läs, kontrollera, beräkna (utan att
skriva något). ``berakna_fordelning`` räknar på en modell och ett underlag i minnet (webben
anropar den direkt); ``berakna_korning`` läser först filerna (kommandoraden).

In: modellfilen, datasetet (katalog eller namnet på ett medföljande dataset), kalenderåret och
valfritt förra årets resultat (utdatakatalog eller tabell). Ut: ``Fordelningskorning`` med
allt som utdatan byggs av. Alla fel i indata blir ``IndataFel`` innan något skrivs.

Ordningen (docs/regler/fordelning-och-bidrag.md): modell -> underlag (``forbered_underlag``) -> indexutjämning (om
modellen har den och historik finns) -> ``fordela`` -> stabilitetsregler mot förra årets
beslut -> förändringens uppdelning (när förra årets modell och underlag finns) -> bidrag till
enskilda huvudmän (parameterläget den 1 januari kalenderåret).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.data.schema import Underlag
from skolpeng.fel import IndataFel, Problem
from skolpeng.fordelning.modellfil.exempel import hitta_modellfil
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell, las_modell
from skolpeng.fordelning.redovisning_och_forandring.forandring import (
    Forandring,
    dela_upp_forandring,
)
from skolpeng.fordelning.stabilitetsregler.forra_aret import ForraAret, las_forra_aret
from skolpeng.fordelning.underlag_och_resultat import Fordelning

if TYPE_CHECKING:
    from skolpeng.norm.resultat import NormResultat
from skolpeng.parametrar import Parameterlage, load_parameters


@dataclass(frozen=True)
class Fordelningskorning:
    """Allt en körning av ``skolpeng fordela`` har räknat fram.

    ``bidrag`` är ``bidrag_enheter.BIDRAG_KOLUMNER`` (oavrundat), ``forandring`` None utan
    förra årets modell och underlag; ``normjamforelse`` (``NORMJAMFORELSE_KOLUMNER``) och
    ``beaktande`` (Markdown) None när normen inte kan beräknas med datasetet; ``anteckningar`` är körningens svenska noteringar
    (underlag, beräkning, stabilitet, förändring); ``villkorade_belopp`` de kontrollerade
    villkorade beloppen (None utan fil) och ``bidragsfiler`` de lästa filerna för bidragen
    (villkorade belopp, faktiska lokalkostnader)."""

    modellfil: Path | None
    modell: Fordelningsmodell
    datakatalog: Path | None
    underlag: Underlag
    fordelning: Fordelning
    lage: Parameterlage
    bidrag: pl.DataFrame
    forra: ForraAret | None
    forandring: Forandring | None
    normjamforelse: pl.DataFrame | None
    beaktande: str | None
    anteckningar: tuple[str, ...]
    villkorade_belopp: pl.DataFrame | None = None
    bidragsfiler: tuple[Path, ...] = ()


def las_modell_for_ar(modellfil: Path, ar: int | None) -> tuple[Fordelningsmodell, list[str]]:
    """Modellfilen (eller namnet på en medföljande exempelmodell) och kalenderåret -> modellen
    för året. Anges ett annat år än modellfilens
    räknas modellen för det året (samma potter och nycklar); det står i noteringarna."""
    modell = las_modell(hitta_modellfil(modellfil))
    noter: list[str] = []
    if ar is not None and ar != modell.ar:
        noter.append(f"Modellfilen anger år {modell.ar}; fördelningen beräknas för år {ar}.")
        modell = modell.model_copy(update={"ar": ar})
    return modell, noter


@functools.lru_cache(maxsize=16)
def parameterlage(ar: int) -> Parameterlage:
    """Parameterläget den 1 januari kalenderåret (bidraget fastställs inför årets början).
    Minns de senaste åren: parameterfilerna ändras inte medan programmet kör."""
    try:
        lage = load_parameters(dt.date(ar, 1, 1))
        from skolpeng.fordelning.lika_villkor.bidrag import Bidragsparametrar

        Bidragsparametrar.fran_lage(lage)
    except KeyError as fel:
        raise IndataFel(
            [Problem("--ar", f"parametrarna för bidrag saknas för år {ar}: {fel}")]
        ) from None
    return lage


def normvariant(modell: Fordelningsmodell) -> str:
    """Normens variant som modellen jämförs med: fritidshemsnormen för fritidshem, annars den
    vägledande normen."""
    return "fritidshem" if modell.verksamhet == "fritidshem" else "vagledande"


#: Varför normen saknas för anpassad grundskola (SOU 2025:72 avsnitt 5.1.5, bedömningen).
NORM_SAKNAS_ANPASSAD_GR = (
    "Normen beräknas inte för anpassad grundskola: utredningen bedömer att en beräkningsmodell "
    "med en norm för den anpassade grundskolan inte bör tas fram, eftersom en nationell modell "
    "inte kan bli tillräckligt träffsäker (SOU 2025:72 avsnitt 5.1.5)."
)


def jamfor_med_normen_om_mojligt(
    fordelning: Fordelning,
    underlag: Underlag,
    lage: Parameterlage,
    norm: NormResultat | None = None,
) -> tuple[pl.DataFrame | None, str | None, list[str]]:
    """Jämförelsen med den vägledande normen (fritidshem: fritidshemsnormen) för modellens år,
    när datasetet och parametrarna räcker för att beräkna normen. ``norm`` är en redan beräknad
    norm för samma underlag, år och variant (``normvariant``; webben håller den i minnet), annars
    beräknas den. Ut: jämförelsen, texten om beaktandet och noteringar (varför den saknas)."""
    from skolpeng.data.schema import NORMENS_TABELLER, saknade_tabeller
    from skolpeng.fordelning.redovisning_och_forandring.normjamforelse import jamfor_med_normen
    from skolpeng.fordelning.redovisning_och_forandring.normjamforelse_text import beaktande_text
    from skolpeng.norm import berakna_norm
    from skolpeng.norm.forberedelse import forbered_norm

    modell = fordelning.modell
    if modell.verksamhet == "anpassad_gr":
        return None, None, [NORM_SAKNAS_ANPASSAD_GR]
    if modell.med_anpassad_gr:
        from skolpeng.fordelning.lika_villkor.per_verksamhet import fordelning_for_verksamhet

        jamforelse, text, noter = jamfor_med_normen_om_mojligt(
            fordelning_for_verksamhet(fordelning, modell.verksamhet), underlag, lage, norm
        )
        return (
            jamforelse,
            text,
            [*noter, NORM_SAKNAS_ANPASSAD_GR + " Jämförelsen gäller grundskolan."],
        )
    variant = normvariant(modell)
    orsak: str | None = None
    if norm is not None:
        jamforelse = jamfor_med_normen(fordelning, norm)
        return jamforelse, beaktande_text(fordelning, norm, jamforelse), []
    saknas = saknade_tabeller(underlag, NORMENS_TABELLER)
    if saknas:
        filer = ", ".join(f"{t}.csv" for t in saknas)
        return None, None, [f"Jämförelsen med normen har inte gjorts: underlaget saknar {filer}."]
    try:
        forberedelse = forbered_norm(underlag, modell.ar, variant, lage=lage)
        problem = forberedelse.problem
        if problem:
            orsak = f"{len(problem)} problem i underlaget, t.ex. {problem[0]}"
        else:
            norm = berakna_norm(underlag, forberedelse.lage, modell.ar, variant)
            jamforelse = jamfor_med_normen(fordelning, norm)
            return jamforelse, beaktande_text(fordelning, norm, jamforelse), []
    except KeyError as fel:
        orsak = f"normens parametrar saknas för år {modell.ar} ({fel})"
    except IndataFel as fel:
        orsak = str(fel.problem[0]) if fel.problem else "okänt fel"
    return None, None, [f"Jämförelsen med normen har inte gjorts: {orsak}."]


def _las_bidragsfiler(
    villkorade_belopp: Path | None,
    faktiska_lokalkostnader: Path | None,
    tillaggsbelopp: Path | None = None,
) -> tuple[list[pl.DataFrame | None], list[Problem]]:
    """Läser de valfria filerna för bidragen (CSV eller XLSX). Ut: [villkorade belopp,
    faktiska lokalkostnader, tilläggsbelopp] (None för en fil som inte angetts eller inte
    kunde läsas) och alla problem (filernas celler)."""
    from skolpeng.fordelning.lika_villkor.indata import (
        las_faktiska_lokalkostnader,
        las_villkorade_belopp,
    )
    from skolpeng.fordelning.lika_villkor.tillaggsbelopp import las_tillaggsbelopp

    problem: list[Problem] = []
    lasta: list[pl.DataFrame | None] = []
    for fil, las in ((villkorade_belopp, las_villkorade_belopp),
                     (faktiska_lokalkostnader, las_faktiska_lokalkostnader),
                     (tillaggsbelopp, las_tillaggsbelopp)):  # fmt: skip
        lasta.append(None)
        if fil is None:
            continue
        if not Path(fil).is_file():
            problem.append(Problem(str(fil), "filen finns inte"))
            continue
        try:
            lasta[-1] = las(Path(fil))
        except IndataFel as fel:
            problem += fel.problem
    return lasta, problem


def berakna_korning(
    modellfil: Path,
    data: str,
    ar: int | None = None,
    forra_aret: Path | None = None,
    villkorade_belopp: Path | None = None,
    faktiska_lokalkostnader: Path | None = None,
    tillaggsbelopp: Path | None = None,
) -> Fordelningskorning:
    """Hela beräkningen av ``skolpeng fordela`` (ren med avseende på utdata: skriver inget).

    In: modellfil, dataset, kalenderår (None: modellens), förra årets resultat (valfritt),
    valfritt filerna med villkorade belopp (``skolenhetskod, stadium, andamal, villkor,
    kr_per_elev``), faktiska lokalkostnader av särskilda skäl (``skolenhetskod,
    kr_per_elev, skal``) och tilläggsbelopp (``skolenhetskod, stadium, andamal, belopp_kr``
    per år, summor per enhet) för bidragen till enskilda huvudmän.
    Ut: ``Fordelningskorning``. ``IndataFel`` med alla problem vid dålig indata."""
    modellfil = hitta_modellfil(modellfil)
    problem: list[Problem] = []
    modell: Fordelningsmodell | None = None
    noter: list[str] = []
    try:
        modell, noter = las_modell_for_ar(modellfil, ar)
    except IndataFel as fel:
        problem += fel.problem
    forra: ForraAret | None = None
    if forra_aret is not None:
        try:
            forra = las_forra_aret(Path(forra_aret))
        except IndataFel as fel:
            problem += fel.problem
    (villkorade, faktiska, tillagg), p = _las_bidragsfiler(
        villkorade_belopp, faktiska_lokalkostnader, tillaggsbelopp
    )
    problem += p
    katalog: Path | None = None
    underlag: Underlag | None = None
    try:
        katalog = hitta_underlag(data)
        underlag = las_underlag(katalog, "fordela")
    except IndataFel as fel:
        problem += fel.problem
    if problem or modell is None or underlag is None or katalog is None:
        raise IndataFel(problem)
    korning = berakna_fordelning(
        modell,
        underlag,
        modellfil.parent,
        forra,
        villkorade,
        faktiska,
        str(villkorade_belopp),
        tillaggsbelopp=tillagg,
        tillaggsbelopp_namn=str(tillaggsbelopp),
    )
    return replace(
        korning,
        modellfil=modellfil,
        datakatalog=katalog,
        anteckningar=tuple(dict.fromkeys((*noter, *korning.anteckningar))),
        bidragsfiler=tuple(
            Path(f)
            for f in (villkorade_belopp, faktiska_lokalkostnader, tillaggsbelopp)
            if f is not None
        ),
    )


def berakna_fordelning(
    modell: Fordelningsmodell,
    underlag: Underlag,
    modellkatalog: Path | None = None,
    forra: ForraAret | None = None,
    villkorade: pl.DataFrame | None = None,
    faktiska: pl.DataFrame | None = None,
    villkorade_namn: str = "villkorade belopp",
    norm: NormResultat | None = None,
    med_bidrag: bool = True,
    tillaggsbelopp: pl.DataFrame | None = None,
    tillaggsbelopp_namn: str = "tilläggsbelopp",
) -> Fordelningskorning:
    """Fördelningen för en modell och ett underlag i minnet (samma ordning som docs/regler/fordelning-och-bidrag.md):
    underlag -> indexutjämning -> ``fordela`` -> stabilitet -> förändringen -> bidragen ->
    jämförelsen med normen. ``modellkatalog`` är katalogen som modellens relativa filer
    (indexfil, målgrupper) läses från; ``norm`` en redan beräknad norm för underlaget (annars
    beräknas den). ``med_bidrag=False`` hoppar över bidragen till enskilda huvudmän (webbens
    omräkning av ett scenario visar dem inte): ``bidrag`` blir då en tom tabell med
    ``BIDRAG_KOLUMNER``. ``tillaggsbelopp`` är tilläggsbeloppen per enhet, stadium och
    ändamål (``fordelning.tillaggsbelopp``), kontrollerade här mot fördelningen.
    Ut: ``Fordelningskorning`` utan filsökvägar. ``IndataFel`` när underlaget inte räcker för
    modellen eller tilläggsbeloppen inte stämmer med den."""
    from skolpeng.fordelning import forbered_underlag, fordela
    from skolpeng.fordelning.lika_villkor.indata import kontrollera_villkorade_belopp
    from skolpeng.fordelning.lika_villkor.per_enhet import BIDRAG_KOLUMNER
    from skolpeng.fordelning.lika_villkor.tillaggsbelopp import kontrollera_tillaggsbelopp
    from skolpeng.fordelning.stabilitetsregler.golv import har_golvregler, tillampa_stabilitet
    from skolpeng.fordelning.stabilitetsregler.indexutjamning import utjamna_enligt_modell

    noter: list[str] = []
    lage = parameterlage(modell.ar)
    fu = forbered_underlag(modell, underlag, modellkatalog or Path.cwd())
    fu = utjamna_enligt_modell(modell, fu, underlag, forra)
    fordelning = fordela(modell, fu)
    if forra is not None and har_golvregler(modell.stabilitet):
        fordelning = tillampa_stabilitet(fordelning, forra.per_elev(), modell.stabilitet)
    elif forra is None and har_golvregler(modell.stabilitet):
        noter.append(
            "Modellen har stabilitetsregler men förra årets resultat är inte angivet "
            "(--forra-aret); reglerna har inte tillämpats."
        )
    forandring: Forandring | None = None
    if forra is not None and forra.har_underlag:
        forandring = dela_upp_forandring(fordelning, forra)
    elif forra is not None:
        noter.append(
            "Förra årets resultat är en tabell med belopp per elev; förändringen kan bara "
            "delas upp på elever, index och parametrar med förra årets utdatakatalog."
        )
    problem: list[Problem] = []
    if villkorade is not None:
        try:
            villkorade = kontrollera_villkorade_belopp(villkorade, fordelning, villkorade_namn)
        except IndataFel as fel:
            problem += fel.problem
    if tillaggsbelopp is not None:
        try:
            tillaggsbelopp = kontrollera_tillaggsbelopp(
                tillaggsbelopp, fordelning, tillaggsbelopp_namn
            )
        except IndataFel as fel:
            problem += fel.problem
    if problem:
        raise IndataFel(problem)
    if med_bidrag:
        from skolpeng.fordelning.lika_villkor.per_verksamhet import (
            berakna_bidrag_per_verksamhet,
        )
        from skolpeng.fordelning.utbetalning.folkbokforda import bidrag_for_folkbokforda

        bidrag = berakna_bidrag_per_verksamhet(
            fordelning, lage, villkorade, faktiska, tillaggsbelopp=tillaggsbelopp
        )
        bidrag, p = bidrag_for_folkbokforda(
            bidrag, underlag.elever_hemkommun, modell.kommunkod, modell.verksamhet, modell.ar
        )
        noter += p
    else:
        bidrag = pl.DataFrame({k: [] for k in BIDRAG_KOLUMNER})
    jamforelse, beaktande, p = jamfor_med_normen_om_mojligt(fordelning, underlag, lage, norm)
    noter += p
    anteckningar = (
        *noter,
        *underlag.anteckningar,
        *fordelning.underlag.anteckningar,
        *fordelning.anteckningar,
        *(forra.anteckningar if forra is not None else ()),
        *(forandring.anteckningar if forandring is not None else ()),
    )
    return Fordelningskorning(
        modellfil=None,
        modell=modell,
        datakatalog=None,
        underlag=underlag,
        fordelning=fordelning,
        lage=lage,
        bidrag=bidrag,
        forra=forra,
        forandring=forandring,
        normjamforelse=jamforelse,
        beaktande=beaktande,
        anteckningar=tuple(dict.fromkeys(anteckningar)),
        villkorade_belopp=villkorade,
    )

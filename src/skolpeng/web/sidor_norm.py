"""Normen i webben (docs/webb.md), för handläggare och administratören.

Adresser (GET-formulär: ``dataset``, ``ar`` (standard 2026), ``variant`` (vagledande,
bindande, fritidshem)):

- ``/norm`` – normen per skolenhet och stadium (``NormResultat.enheter``: prislappens delar,
  normen per elev, elever och belopp) med sökning på namn eller kod och filter för kommun,
  huvudmannatyp, stadium och kommungrupp; 50 rader per sida (``sida``);
- ``/norm/publicering`` – publiceringstabellen (``norm.publicering``, tabell 9.2);
- ``/norm/simulering`` – normen mot dagens kostnader (``uppfoljning.simulering``), samma
  tabeller och diagram som ``skolpeng simulera``; diagrammen som bilder ur
  ``diagrambilder``.

Normen hämtas ur webbens minne (``web.korning.norm_for``). Kan den inte beräknas visas
varför (underlagets problem eller saknade parametrar). Ingen regellogik här: bara urval,
sortering och sidindelning av bibliotekets tabeller.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import asdict, dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

import polars as pl
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from sqlalchemy.orm import Session

from skolpeng.api import (
    KOMPONENTER,
    STADIUM_ORDNING,
    STADIUM_TEXT,
    VARAV,
    VARAV_RUBRIKER,
    VARIANTER,
    Dataset,
    IndataFel,
    Minne,
    NormResultat,
    publiceringstabell,
    sortera_ram,
    svensk_nyckel,
)
from skolpeng.web.behoriga_objekt import synliga_dataset
from skolpeng.web.beroenden import Db, Handlaggare, neka_om
from skolpeng.web.korning import norm_for, underlag_for
from skolpeng.web.mallar import sida

router = APIRouter()

RADER_PER_SIDA = 50
VARIANTNAMN = {
    "vagledande": "Vägledande (förskoleklass och grundskola)",
    "bindande": "Bindande (förskoleklass och grundskola, 95 %)",
    "fritidshem": "Fritidshem",
}
KOMPONENTNAMN = {
    "grundersattning": "Grundersättning",
    "socioekonomiskt_tillagg": "Socioekonomiskt tillägg",
    "lonejustering": "Lönejustering",
    "lokaljustering": "Lokaljustering",
    "platsgaranti": "Platsgaranti",
    "gleshet": "Gleshet",
}
_PUBLICERING = Minne(4)
_SIMULERING = Minne(8)


def valbara_dataset(db: Session, anv: Any) -> list[Dataset]:
    """De synliga datasetversionerna (``objekt.synliga_dataset``) i namnordning, nyaste
    versionen först."""
    return sorted(synliga_dataset(db, anv), key=lambda d: (svensk_nyckel(d.namn), -d.version))


def valt_dataset(db: Session, anv: Any, dataset_id: int | None) -> Dataset | None:
    """Den valda datasetversionen om användaren får se den; utan val den senaste versionen av
    ``sverige`` (annars den första synliga)."""
    synliga = valbara_dataset(db, anv)
    if dataset_id is not None:
        return next((d for d in synliga if d.id == dataset_id), None)
    return next((d for d in synliga if d.namn == "sverige"), synliga[0] if synliga else None)


def varfor_ingen_norm(tillstand: Any, ds: Dataset, ar: int, variant: str) -> list[str]:
    """Varför normen inte kan beräknas för datasetet, året och varianten (svenska rader)."""
    from skolpeng.api import forbered_norm

    try:
        problem = forbered_norm(underlag_for(tillstand, ds), ar, variant).problem
    except KeyError as fel:
        return [f"Normens parametrar saknas för år {ar} ({fel})."]
    except IndataFel as fel:
        return [str(p) for p in fel.problem]
    return [str(p) for p in problem] or ["Normen kunde inte beräknas för datasetet och året."]


def simulering_for(tillstand: Any, ds: Dataset, ar: int, variant: str) -> tuple[Any, list[str]]:
    """Simuleringen mot i dag som ``skolpeng simulera`` gör den (standardtak, avvikande
    uteslutna). Ut: (``Simuleringsresultat`` eller None, svenska problem)."""
    from skolpeng.api import (
        Arsparametrar,
        kontrollera_kostnader,
        load_parameters,
        simulera_mot_idag,
    )

    def berakna() -> tuple[Any, list[str]]:
        norm = norm_for(tillstand, ds, ar, variant)
        if norm is None:
            return None, varfor_ingen_norm(tillstand, ds, ar, variant)
        underlag = underlag_for(tillstand, ds)
        try:
            lage = load_parameters(dt.date(ar, 1, 1))
            kostnadsar = Arsparametrar.fran_lage(lage).kostnadsar(ar)
            fil = next((f for f in underlag.filhashar if f.startswith("kostnader_huvudman.")),
                       "kostnader_huvudman.csv")  # fmt: skip
            problem = kontrollera_kostnader(
                underlag.kostnader_huvudman, ar, variant, kostnadsar, fil
            )
            if problem or underlag.kostnader_huvudman is None:
                return None, [str(p) for p in problem] or ["kostnader_huvudman saknas."]
            return simulera_mot_idag(norm, underlag.kostnader_huvudman, lage), []
        except KeyError as fel:
            return None, [f"Parametrarna saknas för år {ar} ({fel})."]
        except IndataFel as fel:
            return None, [str(p) for p in fel.problem]

    return _SIMULERING.hamta((ds.id, ar, variant), berakna)  # type: ignore[no-any-return]


def _val(request: Request, db: Session, anv: Any, dataset: int | None, ar: int,
         variant: str) -> dict[str, Any]:  # fmt: skip
    """Gemensamt för normens sidor: datasetet, normen (eller varför den saknas) och väljarna."""
    problem: list[str] = []
    if variant not in VARIANTER:
        problem.append(f"Okänd variant ”{variant}”; välj vägledande, bindande eller fritidshem.")
    if not 2000 <= ar <= 2100:
        problem.append(f"Året {ar} är utanför det tillåtna intervallet 2000–2100.")
    ds = valt_dataset(db, anv, dataset)
    if dataset is not None:
        neka_om(ds is None)
    if ds is None:
        problem.append("Det finns inget dataset som du får se.")
    norm: NormResultat | None = None
    if not problem and ds is not None:
        norm = norm_for(request.app.state, ds, ar, variant)
        if norm is None:
            problem = varfor_ingen_norm(request.app.state, ds, ar, variant)
    return {
        "dataset_lista": valbara_dataset(db, anv),
        "ds": ds,
        "ar": ar,
        "variant": variant,
        "VARIANTNAMN": VARIANTNAMN,
        "norm": norm,
        "problem": problem,
        "STADIUM_TEXT": STADIUM_TEXT,
    }


def _filtrera(df: pl.DataFrame, sok: str, kommun: str, huvudmannatyp: str, stadium: str,
              kommungrupp: str) -> pl.DataFrame:  # fmt: skip
    """Urvalet: sökning på namn (del av namnet, utan hänsyn till versaler) eller skolenhetskod
    och lika-med-filter på övriga kolumner (tomt = alla)."""
    sok = sok.strip()
    if sok:
        namn = pl.col("namn").fill_null("").str.to_lowercase()
        villkor = namn.str.contains(sok.lower(), literal=True)
        if "skolenhetskod" in df.columns:
            villkor = villkor | pl.col("skolenhetskod").fill_null("").str.starts_with(sok)
        df = df.filter(villkor)
    for kolumn, varde in (("kommunkod", kommun), ("huvudmannatyp", huvudmannatyp),
                          ("stadium", stadium), ("kommungrupp", kommungrupp)):  # fmt: skip
        if varde and kolumn in df.columns:
            df = df.filter(pl.col(kolumn) == varde)
    return df


def _sidindelning(request: Request, antal: int, sida_nr: int) -> dict[str, Any]:
    """Sidan (1-baserad, begränsad), antal sidor och länkar till sidorna (frågan behålls)."""
    sidor = max(1, math.ceil(antal / RADER_PER_SIDA))
    sida_nr = min(max(1, sida_nr), sidor)
    fraga = {k: v for k, v in request.query_params.items() if k != "sida"}

    def lank(n: int) -> str:
        return f"{request.url.path}?{urlencode({**fraga, 'sida': n})}"

    nummer = sorted({1, sidor, *range(max(1, sida_nr - 3), min(sidor, sida_nr + 3) + 1)})
    return {
        "sida_nr": sida_nr,
        "sidor": sidor,
        "antal": antal,
        "lankar": [(n, lank(n)) for n in nummer],
        "foregaende": lank(sida_nr - 1) if sida_nr > 1 else None,
        "nasta": lank(sida_nr + 1) if sida_nr < sidor else None,
        "forsta_rad": (sida_nr - 1) * RADER_PER_SIDA,
    }


def _stadiesortering(df: pl.DataFrame, *forst: str) -> pl.DataFrame:
    """Raderna efter kolumnerna ``forst`` (textkolumner i svensk ordning) och stadiet."""
    ordning = pl.col("stadium").replace_strict(STADIUM_ORDNING, default=99, return_dtype=pl.Int32)
    nycklar = [
        pl.Series(f"_nyckel_{k}", [svensk_nyckel(v) for v in df[k].to_list()], dtype=pl.Binary)
        if df.schema[k] == pl.String
        else pl.col(k).alias(f"_nyckel_{k}")
        for k in forst
    ]
    namn = [f"_nyckel_{k}" for k in forst]
    return df.with_columns(nycklar).sort(*namn, ordning, maintain_order=True).drop(namn)


def _kommunval(norm: NormResultat) -> list[tuple[str, str]]:
    k = sortera_ram(
        norm.kommuner.select("kommunkod", "kommunnamn").unique("kommunkod"), "kommunnamn"
    )
    return [(str(a), str(b)) for a, b in k.iter_rows()]


@dataclass(frozen=True)
class Normfilter:
    """Normsidans urval (sökning och filter), samma för sidan och nedladdningen."""

    sok: str = ""
    kommun: str = ""
    huvudmannatyp: str = ""
    stadium: str = ""
    kommungrupp: str = ""


def normfilter(
    sok: str = Query("", max_length=100),
    kommun: str = Query("", max_length=4),
    huvudmannatyp: str = Query("", max_length=20),
    stadium: str = Query("", max_length=5),
    kommungrupp: str = Query("", max_length=100),
) -> Normfilter:
    """Frågeparametrarna -> ``Normfilter`` (ett FastAPI-beroende för sidan och nedladdningen)."""
    return Normfilter(sok, kommun, huvudmannatyp, stadium, kommungrupp)


NormfilterDep = Annotated[Normfilter, Depends(normfilter)]


def normens_urval(norm: NormResultat, f: Normfilter) -> pl.DataFrame:
    """Normens rader per skolenhet och stadium i urvalet, sorterade som på sidan, med
    kommunens namn och beloppet (normen per elev gånger elever); sidan och nedladdningen."""
    kommuner = norm.kommuner.select("kommunkod", "kommunnamn").unique("kommunkod")
    df = norm.enheter.join(kommuner, on="kommunkod", how="left")
    df = _filtrera(df, f.sok, f.kommun, f.huvudmannatyp, f.stadium, f.kommungrupp)
    df = _stadiesortering(df, "kommunnamn", "namn", "skolenhetskod")
    return df.with_columns((pl.col("norm") * pl.col("elever")).alias("belopp_kr"))


@router.get("/norm", response_class=HTMLResponse)
def norm_sida(
    request: Request,
    inl: Handlaggare,
    db: Db,
    urval: NormfilterDep,
    dataset: int | None = None,
    ar: int = 2026,
    variant: str = "vagledande",
    sida_nr: int = Query(1, alias="sida"),
) -> HTMLResponse:
    """Normen per skolenhet och stadium med sökning, filter och sidindelning."""
    val = _val(request, db, inl.anvandare, dataset, ar, variant)
    norm: NormResultat | None = val["norm"]
    innehall: dict[str, Any] = {"rader": [], "kommuner": [], "kommungrupper": []}
    if norm is not None:
        df = normens_urval(norm, urval)
        sidning = _sidindelning(request, df.height, sida_nr)
        visas = df.slice(sidning["forsta_rad"], RADER_PER_SIDA)
        grupper = norm.enheter.get_column("kommungrupp").drop_nulls().unique().sort().to_list()
        innehall = {
            "rader": list(visas.iter_rows(named=True)),
            "kommuner": _kommunval(norm),
            "kommungrupper": [str(g) for g in grupper],
            **sidning,
        }
    return sida(request, "norm.html", inl, flik="enheter", **val, **innehall,
                **asdict(urval), KOMPONENTER=KOMPONENTER,
                KOMPONENTNAMN=KOMPONENTNAMN)  # fmt: skip


def publiceringens_urval(
    ds: Dataset, norm: NormResultat, ar: int, variant: str, sok: str, kommun: str, stadium: str
) -> pl.DataFrame:
    """Publiceringstabellens rader i urvalet (ur minnet); sidan och nedladdningen."""
    tabell = _PUBLICERING.hamta((ds.id, ar, variant), lambda: publiceringstabell(norm))
    return _filtrera(tabell, sok, kommun, "", stadium, "")


@router.get("/norm/publicering", response_class=HTMLResponse)
def publicering_sida(
    request: Request,
    inl: Handlaggare,
    db: Db,
    dataset: int | None = None,
    ar: int = 2026,
    variant: str = "vagledande",
    sok: str = Query("", max_length=100),
    kommun: str = Query("", max_length=4),
    stadium: str = Query("", max_length=5),
    sida_nr: int = Query(1, alias="sida"),
) -> HTMLResponse:
    """Publiceringstabellen (tabell 9.2) i hela kronor, med urval och sidindelning."""
    val = _val(request, db, inl.anvandare, dataset, ar, variant)
    norm: NormResultat | None = val["norm"]
    innehall: dict[str, Any] = {"rader": [], "kommuner": []}
    if norm is not None and val["ds"] is not None:
        df = publiceringens_urval(val["ds"], norm, ar, variant, sok, kommun, stadium)
        sidning = _sidindelning(request, df.height, sida_nr)
        innehall = {
            "rader": list(df.slice(sidning["forsta_rad"], RADER_PER_SIDA).iter_rows(named=True)),
            "kommuner": _kommunval(norm),
            **sidning,
        }
    return sida(request, "norm_publicering.html", inl, flik="publicering", **val, **innehall,
                sok=sok, kommun=kommun, stadium=stadium, VARAV=VARAV,
                VARAV_RUBRIKER=VARAV_RUBRIKER)  # fmt: skip


_RAPPORTKROPP = re.compile(r"</h1>\n(.*?)<h2>Diagram</h2>", re.DOTALL)


def simuleringens_tabeller(sim: Any) -> Markup:
    """Simuleringsrapportens text och tabeller (``rapporter.simulering.rapport``, samma som
    ``skolpeng simulera`` skriver) utan sidans skal och utan de inbäddade diagrammen; HTML:en
    är byggd och escapad av rapportmodulen."""
    from skolpeng.api import simuleringsrapport_html

    m = _RAPPORTKROPP.search(simuleringsrapport_html(sim, []))
    return Markup(m.group(1) if m else "")  # noqa: S704 – rapportens egen, escapade HTML


@router.get("/norm/simulering", response_class=HTMLResponse)
def simulering_sida(
    request: Request,
    inl: Handlaggare,
    db: Db,
    dataset: int | None = None,
    ar: int = 2026,
    variant: str = "vagledande",
) -> HTMLResponse:
    """Normen mot dagens kostnader per huvudman: tabellerna och diagrammen (bilder med
    textalternativ) som ``skolpeng simulera`` ger."""
    from skolpeng.api import simuleringsdiagram

    val = _val(request, db, inl.anvandare, dataset, ar, variant)
    innehall: dict[str, Any] = {"rapport": None, "diagram": []}
    if val["norm"] is not None and val["ds"] is not None:
        sim, problem = simulering_for(request.app.state, val["ds"], ar, variant)
        if sim is None:
            val["problem"] = problem
        else:
            fraga = urlencode({"dataset": val["ds"].id, "ar": ar, "variant": variant})
            innehall = {
                "rapport": simuleringens_tabeller(sim),
                "diagram": [
                    (d, f"/norm/simulering/diagram/{d.namn}.png?{fraga}")
                    for d in simuleringsdiagram(sim)
                ],
            }
    return sida(request, "norm_simulering.html", inl, flik="simulering", **val, **innehall)

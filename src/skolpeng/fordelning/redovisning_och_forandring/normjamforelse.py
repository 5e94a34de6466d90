"""Jämförelse med den vägledande nationella normen (docs/regler/fordelning-och-bidrag.md#normjamforelse; SOU 2025:72 avsnitt 9.4.1: kommunen ska beakta normen och dokumentera
beslutsunderlaget).

In: en beräknad ``Fordelning`` och ett ``NormResultat`` för samma verksamhet. Ut: en tabell
per kommunal skolenhet och stadium, per skolenhet (alla stadier) och för kommunen som
huvudman (per stadium och alla stadier): modellens belopp per elev bredvid normen och dess
delar (socioekonomi, lokalkostnad, platsgaranti, gleshet) och skillnaden i kr och procent.
Ren funktion. Texten till budgetbeslutet finns i ``normjamforelse_text``.

Beslut (jämförbarhet):

- Normens delar är desamma som i publiceringen (tabell 9.2): komponenterna skalade med samma
  faktor som normen (norm / modellvärde), så att de är delar av normen.
- Modellens belopp per elev i ett stadium = Σ radernas belopp i stadiet / stadiets elever.
  Rader utan stadium (om en motor skulle ge sådana) fördelas på enhetens stadier efter
  elever. Modellens socioekonomiska del = raderna med nyckeln index eller målgrupp
  (ersättning för behov av stöd och stimulans); lokaldelen = potter med kostnadsslaget
  lokalkostnader.
- Kommunens rader vägs med modellens elever (inte normens elevår): normen per elev för samma
  elever som modellen fördelar till, så att skillnaden × elever är en skillnad i kronor.
  Bara enheter och stadier som finns i både modellen och normen ingår.
"""

from __future__ import annotations

import polars as pl

from skolpeng.data.schema import ARSKURS_TILL_STADIUM
from skolpeng.fel import IndataFel, Problem
from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.norm.publicering import skalade_delar
from skolpeng.norm.resultat import NormResultat

ALLA = "alla"
SOCIOEKONOMISKA_NYCKLAR: tuple[str, ...] = ("index", "malgrupp")
LOKALKOSTNADER = "lokalkostnader"

NORMJAMFORELSE_KOLUMNER: tuple[str, ...] = (
    "niva",
    "skolenhetskod",
    "namn",
    "stadium",
    "elever",
    "modell_kr_per_elev",
    "modell_varav_socioekonomi_kr",
    "modell_varav_lokalkostnad_kr",
    "norm_kr_per_elev",
    "norm_varav_socioekonomi_kr",
    "norm_varav_lokalkostnad_kr",
    "norm_varav_platsgaranti_kr",
    "norm_varav_gleshet_kr",
    "skillnad_kr",
    "skillnad_andel",
)
_BELOPP = ("modell", "modell_socio", "modell_lokal")
_NORMDELAR = ("norm", "norm_socio", "norm_lokal", "norm_pg", "norm_gl")
_STADIUM_ORDNING = {"F": 0, "1-3": 1, "4-6": 2, "7-9": 3, ALLA: 9}


def _modell_per_stadium(fordelning: Fordelning) -> pl.DataFrame:
    """Kommunala enheter: ``skolenhetskod, stadium, elever, modell, modell_socio,
    modell_lokal`` (kronor, inte per elev)."""
    kommunala = fordelning.enheter.filter(pl.col("huvudmannatyp") == "kommunal").select(
        "skolenhetskod", "namn"
    )
    elever = (
        fordelning.underlag.elever.join(kommunala, on="skolenhetskod", how="semi")
        .with_columns(
            pl.col("arskurs")
            .cast(pl.String)
            .replace_strict(ARSKURS_TILL_STADIUM, default=None)
            .alias("stadium")
        )
        .filter(pl.col("stadium").is_not_null())
        .group_by("skolenhetskod", "stadium")
        .agg(pl.col("antal").cast(pl.Float64).sum().alias("elever"))
        .filter(pl.col("elever") > 0)
    )
    rader = fordelning.rader.join(kommunala, on="skolenhetskod", how="semi").select(
        "skolenhetskod",
        "stadium",
        pl.col("belopp_kr").alias("modell"),
        pl.when(pl.col("nyckel").is_in(SOCIOEKONOMISKA_NYCKLAR))
        .then(pl.col("belopp_kr"))
        .otherwise(0.0)
        .alias("modell_socio"),
        pl.when(pl.col("kostnadsslag") == LOKALKOSTNADER)
        .then(pl.col("belopp_kr"))
        .otherwise(0.0)
        .alias("modell_lokal"),
    )
    med = rader.filter(pl.col("stadium").is_not_null())
    utan = rader.filter(pl.col("stadium").is_null())
    if utan.height:  # fördelas på enhetens stadier efter elever
        andel = elever.with_columns(
            (pl.col("elever") / pl.col("elever").sum().over("skolenhetskod")).alias("_andel")
        ).select("skolenhetskod", "stadium", "_andel")
        utan = (
            utan.drop("stadium")
            .join(andel, on="skolenhetskod", how="inner")
            .select(
                "skolenhetskod",
                "stadium",
                *[(pl.col(k) * pl.col("_andel")).alias(k) for k in _BELOPP],
            )
        )
        med = pl.concat([med, utan], how="vertical")
    # fast ordning före summeringarna: samma indata ger samma bitar i varje körning (polars
    # grupperar parallellt, och flyttal summerade i annan ordning kan skilja i sista siffran)
    med = med.sort("skolenhetskod", "stadium", maintain_order=True)
    belopp = med.group_by("skolenhetskod", "stadium").agg(pl.col(k).sum() for k in _BELOPP)
    return (
        elever.join(belopp, on=["skolenhetskod", "stadium"], how="left")
        .with_columns(pl.col(k).fill_null(0.0) for k in _BELOPP)
        .join(kommunala, on="skolenhetskod", how="left")
    )


def _norm_per_stadium(norm: NormResultat) -> pl.DataFrame:
    """Normens enheter: ``skolenhetskod, stadium`` och delarna per elev (normens nivå)."""
    socio, lokal, pg, gl = skalade_delar()
    return norm.enheter.select(
        pl.col("skolenhetskod").cast(pl.String),
        pl.col("stadium").cast(pl.String),
        pl.col("norm").cast(pl.Float64),
        socio.alias("norm_socio"),
        lokal.alias("norm_lokal"),
        pg.alias("norm_pg"),
        gl.alias("norm_gl"),
    )


def _kontrollera(fordelning: Fordelning, norm: NormResultat, matchade: int) -> None:
    verksamhet = fordelning.modell.verksamhet
    problem = []
    if (verksamhet == "fritidshem") != (norm.variant == "fritidshem"):
        problem.append(
            Problem(
                "norm",
                f"modellen gäller {'fritidshem' if verksamhet == 'fritidshem' else 'förskoleklass och grundskola'} "
                f"men normen är varianten {norm.variant!r}; jämför med normen för samma verksamhet",
            )
        )
    if not problem and matchade == 0:
        problem.append(
            Problem(
                "norm",
                f"normen saknar kommunens skolenheter (kommunkod {fordelning.modell.kommunkod}); "
                "ingen kommunal skolenhet i modellen finns i normens resultat",
            )
        )
    if problem:
        raise IndataFel(problem)


def jamfor_med_normen(fordelning: Fordelning, norm: NormResultat) -> pl.DataFrame:
    """Modellens belopp per elev mot normen (se modulens beskrivning).

    In: fördelningen och normens resultat (samma verksamhet). Ut: ``NORMJAMFORELSE_KOLUMNER``
    med ``niva`` = ``"huvudman"`` (kommunen; ``skolenhetskod`` = kommunkod) eller
    ``"skolenhet"`` och ``stadium`` = F, 1-3, 4-6, 7-9 eller ``"alla"``; kommunens rader
    först. Belopp per elev, oavrundade; ``skillnad_kr`` = modell − norm, ``skillnad_andel`` =
    skillnad / norm. Enheter och stadier som saknas i normen har null i normens kolumner och
    ingår varken i kommunens rader eller i enhetens rad för alla stadier. ``IndataFel`` om verksamheterna skiljer sig eller ingen
    kommunal enhet finns i normen.
    """
    modell = _modell_per_stadium(fordelning)
    ihop = modell.join(_norm_per_stadium(norm), on=["skolenhetskod", "stadium"], how="left").sort(
        "skolenhetskod", "stadium", maintain_order=True
    )
    matchade = ihop.filter(pl.col("norm").is_not_null())
    _kontrollera(fordelning, norm, matchade.height)
    # normens delar som kronor (per elev × elever) så att de kan summeras
    ihop = ihop.with_columns((pl.col(k) * pl.col("elever")).alias(k) for k in _NORMDELAR)
    enhetsrader = ihop.with_columns(pl.lit("skolenhet").alias("niva"))
    # alla stadier för en enhet: de stadier som finns i både modellen och normen (som
    # kommunens rader); en enhet utan något sådant stadium har modellens belopp och ingen norm
    har_norm = pl.col("norm").is_not_null()

    def summa(k: str, bara_norm: bool = False) -> pl.Expr:
        alla_stadier = pl.lit(None, pl.Float64) if bara_norm else pl.col(k).sum()
        return (
            pl.when(har_norm.any()).then(pl.col(k).filter(har_norm).sum()).otherwise(alla_stadier)
        ).alias(k)

    enhet_alla = (
        ihop.group_by("skolenhetskod", "namn")
        .agg(summa("elever"), *[summa(k) for k in _BELOPP], *[summa(k, True) for k in _NORMDELAR])
        .with_columns(pl.lit(ALLA).alias("stadium"), pl.lit("skolenhet").alias("niva"))
    )
    m = ihop.filter(pl.col("norm").is_not_null())
    kommun = m.group_by("stadium").agg(
        pl.col("elever").sum(), *[pl.col(k).sum() for k in (*_BELOPP, *_NORMDELAR)]
    )
    kommun_alla = m.select(
        pl.col("elever").sum(), *[pl.col(k).sum() for k in (*_BELOPP, *_NORMDELAR)]
    ).with_columns(pl.lit(ALLA).alias("stadium"))
    kod = fordelning.modell.kommunkod
    kommunnamn = _kommunnamn(norm, kod)
    kommunrader = pl.concat(
        [kommun, kommun_alla.select(kommun.columns)], how="vertical"
    ).with_columns(
        pl.lit("huvudman").alias("niva"),
        pl.lit(kod).alias("skolenhetskod"),
        pl.lit(kommunnamn).alias("namn"),
    )
    kolumner = ["niva", "skolenhetskod", "namn", "stadium", "elever", *_BELOPP, *_NORMDELAR]
    alla = pl.concat(
        [
            kommunrader.select(kolumner),
            enhetsrader.select(kolumner),
            enhet_alla.select(kolumner),
        ],
        how="vertical_relaxed",
    )
    per_elev = {
        "modell": "modell_kr_per_elev",
        "modell_socio": "modell_varav_socioekonomi_kr",
        "modell_lokal": "modell_varav_lokalkostnad_kr",
        "norm": "norm_kr_per_elev",
        "norm_socio": "norm_varav_socioekonomi_kr",
        "norm_lokal": "norm_varav_lokalkostnad_kr",
        "norm_pg": "norm_varav_platsgaranti_kr",
        "norm_gl": "norm_varav_gleshet_kr",
    }
    ut = alla.with_columns(
        (pl.col(k) / pl.col("elever")).alias(namn) for k, namn in per_elev.items()
    ).with_columns(
        (pl.col("modell_kr_per_elev") - pl.col("norm_kr_per_elev")).alias("skillnad_kr"),
    )
    ut = ut.with_columns(
        pl.when(pl.col("norm_kr_per_elev") != 0)
        .then(pl.col("skillnad_kr") / pl.col("norm_kr_per_elev"))
        .otherwise(None)
        .alias("skillnad_andel")
    )
    return ut.sort(
        pl.col("niva") != "huvudman",
        "skolenhetskod",
        pl.col("stadium").replace_strict(_STADIUM_ORDNING, default=8, return_dtype=pl.Int32),
    ).select(NORMJAMFORELSE_KOLUMNER)


def _kommunnamn(norm: NormResultat, kommunkod: str) -> str:
    """Kommunens namn ur normens kommuntabell, annars ``"kommunen <kod>"``."""
    k = norm.kommuner
    if "kommunnamn" in k.columns:
        rad = k.filter(pl.col("kommunkod") == kommunkod)
        if rad.height and rad["kommunnamn"][0]:
            return str(rad["kommunnamn"][0])
    return f"kommunen {kommunkod}"


def socioekonomisk_andel_normen(norm: NormResultat) -> float | None:
    """Normens socioekonomiska andel av det normgrundande beloppet efter reservationer
    (parametern ``norm.fordelning.socioekonomisk_andel``, 8 % i SOU 2025:72 6.2.1) ur
    normens sammanfattning, eller None om den saknas."""
    s = norm.sammanfattning
    andel = (s.get("parametrar") or {}).get("socioekonomisk_andel")
    if andel is None and s.get("aterstaende"):
        andel = s.get("socioekonomiskt_total", 0.0) / s["aterstaende"]
    return None if andel is None else float(andel)

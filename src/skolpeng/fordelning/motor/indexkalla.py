"""Skolenheternas socioekonomiska index för en fördelningsmodell (docs/regler/fordelning-och-bidrag.md#index; SKL 2014 steg 3, tabell 1–3).

In: modellens ``Indexkalla``, datasetet, kommunens skolenheter med elever och modellens
katalog (för filer). Ut: ``skolenhetskod, index, index_standard`` på 100-skalan för varje
skolenhet, anteckningar (standardvärden, skalbyten) och problem.

- ``given`` ur datasetets ``socioekonomiskt_index`` (året ``ar`` eller modellens år,
  modellens verksamhet; riksmedel 100) eller ur en CSV/XLSX-fil (kolumnerna
  skolenhetskod, index – t.ex. ``index.csv`` från ``skolpeng index``; övriga kolumner
  ignoreras). En fil som inte skalas om och vars elevviktade medel i kommunen är under 10
  tolkas som skalan medel 1 (SKL tabell 2–3) och multipliceras med 100 (antecknas).
- ``vikter``: andelar per skolenhet ur filen (skolenhetskod + en kolumn per faktor,
  andelar 0–1); poäng = Σ vikt × andel (``skolpeng.index.viktning.poang_fran_andelar``)
  och index = 100 × poäng / kommunens poäng, där kommunens poäng räknas på andelarna över
  alla kommunens elever, dvs. det elevviktade medlet av enheternas poäng
  (``skolpeng.index.tillampning.enhetsindex`` med kommunen som bas). SKL tabell 1–2:
  A 4,395 / 3,825 = 1,149, B 3,22 / 3,825 = 0,842.
- ``skala_om_till_kommunmedel``: indexet multipliceras så att det elevviktade medlet över
  kommunens enheter med index blir 100 (SKL tabell 3: risk 20 % / 12 % = 1,67).
- En enhet utan index får ``standard_saknas`` – efter omskalningen: ett tal (på
  100-skalan) eller det elevviktade medlet över enskilda enheter (Göteborg) eller över alla
  enheter med index. Varje tillämpat standardvärde antecknas och flaggas
  (``index_standard``).

Ordningen när indexet också skalas om (docs/regler/fordelning-och-bidrag.md#beslut-standardindex): först skalas
enheterna *med* index om till elevviktat medel 100, sedan ges standardvärdet på den skalan.
Enheten får alltså exakt det angivna värdet (100 = kommunens medel), och kommunens
elevviktade medel över alla enheter skiljer sig från 100 med standardvärdets effekt; det
står i enhetens anteckning (och därmed i dess redovisning).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.data.lasning import RAD, las_tabell_med_rader
from skolpeng.data.problemlista import rad_problem
from skolpeng.data.schema import Kolumn, Tabell, Underlag
from skolpeng.fel import Problem
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell, Indexkalla
from skolpeng.talformat import decimal as tal_text

#: Ett elevviktat medel under detta tolkas som skalan medel 1 (SKL) i en given indexfil.
GRANS_MEDEL_ETT = 10.0

INDEXFIL = Tabell(
    "indexfil",
    (Kolumn("skolenhetskod", "kod8"), Kolumn("index", "float", storre_an=0.0)),
    ("skolenhetskod",),
)


def _andelsfil(faktorer: list[str]) -> Tabell:
    return Tabell(
        "andelar",
        (Kolumn("skolenhetskod", "kod8"), *(Kolumn(f, "float", minst=0.0) for f in faktorer)),
        ("skolenhetskod",),
    )


def _las(
    fil: str, katalog: Path | None, tabell: Tabell
) -> tuple[pl.DataFrame | None, list[Problem]]:
    """Läser en indexfil (relativ modellens katalog) med kontraktet ``tabell``."""
    path = (katalog or Path(".")) / fil
    if not path.is_file():
        return None, [Problem(str(path), "filen finns inte (index.fil i modellen)")]
    last = las_tabell_med_rader(path, tabell)
    problem = list(last.problem)
    data = last.data
    dubbla = data.filter(
        pl.col("skolenhetskod").is_duplicated() & pl.col("skolenhetskod").is_not_null()
    )
    if dubbla.height:
        problem += rad_problem(
            path.name,
            "skolenhetskod",
            dubbla[RAD],
            pl.Series(["skolenheten förekommer flera gånger"] * dubbla.height),
        )
    for k in tabell.kolumner[1:]:
        over = data.filter(pl.col(k.namn) > 1) if tabell.namn == "andelar" else data.clear()
        if over.height:
            problem += rad_problem(
                path.name,
                k.namn,
                over[RAD],
                pl.Series(["andelen ska vara mellan 0 och 1"] * over.height),
            )
    return (None if problem else data.drop(RAD)), problem


def index_fran_vikter(
    andelar: pl.DataFrame, vikter: dict[str, float], elever: pl.DataFrame
) -> pl.DataFrame:
    """Andelar (skolenhetskod + en kolumn per faktor, 0–1), vikter per faktor och elever
    per skolenhet (skolenhetskod, elever) -> skolenhetskod, poang, index (100 × poäng /
    kommunens elevviktade poäng) för enheterna som har både andelar och elever."""
    # Importeras här: skolpeng.index.tillampning drar in statsmodels (≈ 1,7 s), som bara
    # behövs för skattningen, inte för att fördela med ett givet index.
    from skolpeng.index.tillampning import enhetsindex
    from skolpeng.index.viktning import poang_fran_andelar

    lang = andelar.unpivot(
        index="skolenhetskod", on=list(vikter), variable_name="faktor", value_name="andel"
    ).with_columns(niva=pl.col("faktor"))
    poang = poang_fran_andelar(lang, {f: {f: w} for f, w in vikter.items()})
    enheter = poang.join(elever, on="skolenhetskod", how="inner").with_columns(
        kommunkod=pl.lit("kommunen")
    )
    return enhetsindex(enheter, "kommun", 1, matt="poang").select("skolenhetskod", "poang", "index")


def skala_om(index: pl.DataFrame, elever: pl.DataFrame) -> pl.DataFrame:
    """Index (skolenhetskod, index) -> samma multiplicerat så att det elevviktade medlet
    över enheterna (med elever i ``elever``) blir 100."""
    d = index.join(elever, on="skolenhetskod", how="inner")
    medel = float((d["index"] * d["elever"]).sum() / d["elever"].sum())
    return index.with_columns(pl.col("index") * (100.0 / medel))


def _elevviktat(d: pl.DataFrame) -> float | None:
    if d.height == 0 or float(d["elever"].sum()) <= 0:
        return None
    return float((d["index"] * d["elever"]).sum() / d["elever"].sum())


def tillampa_standard(
    enheter: pl.DataFrame,
    index: pl.DataFrame,
    elever: pl.DataFrame,
    kalla: Indexkalla,
    omskalat: bool = False,
) -> tuple[pl.DataFrame, list[str], list[Problem]]:
    """Kommunens enheter (skolenhetskod, namn, huvudmannatyp), index för dem som har ett
    och elever -> (skolenhetskod, index, index_standard för alla enheter, anteckningar,
    problem). Standardvärdet enligt ``kalla.standard_saknas``. ``omskalat``: indexet har
    redan skalats om till medel 100 över enheterna med index; då säger anteckningen att
    standardvärdet ges på den skalan och vad kommunens medel över alla enheter blir."""
    d = (
        enheter.select("skolenhetskod", "namn", "huvudmannatyp")
        .join(index.select("skolenhetskod", "index"), on="skolenhetskod", how="left")
        .join(elever, on="skolenhetskod", how="left")
    )
    saknas = d.filter(pl.col("index").is_null())
    med = d.filter(pl.col("index").is_not_null())
    problem: list[Problem] = []
    if med.height == 0:
        return (
            d.select("skolenhetskod", "index").with_columns(index_standard=pl.lit(True)),
            [],
            [Problem("index", "ingen av kommunens skolenheter har ett socioekonomiskt index")],
        )
    val = kalla.standard_saknas
    if val == "medel_enskilda":
        varde = _elevviktat(med.filter(pl.col("huvudmannatyp") == "enskild"))
        beskrivning = "elevviktat medel för kommunens enskilda enheter"
    elif val == "medel_alla":
        varde = _elevviktat(med)
        beskrivning = "elevviktat medel för kommunens enheter med index"
    else:
        varde, beskrivning = float(val), "modellens standardvärde"
    if varde is None and saknas.height:
        problem.append(
            Problem("index", "standard_saknas = medel_enskilda men ingen enskild enhet har index")
        )
        varde = 100.0
    ut = d.select(
        "skolenhetskod",
        pl.col("index").fill_null(float(varde or 0.0)),
        index_standard=pl.col("index").is_null(),
    )
    ordning = ""
    if omskalat and saknas.height:
        medel = tal_text(float(_elevviktat(ut.join(elever, on="skolenhetskod")) or 0.0), 1)
        ordning = (
            " Indexet har först skalats om så att kommunens enheter med eget index har "
            "elevviktat medel 100; standardvärdet ges därefter på den skalan, så enheten får "
            f"exakt {tal_text(float(varde or 0.0), 1)}. Kommunens elevviktade medel över alla "
            + (
                "enheter förblir därför 100."
                if medel == tal_text(100.0, 1)
                else f"enheter blir därför {medel} i stället för 100."
            )
        )
    anteckningar = [
        f"Skolenheten {k} ({n}) saknar socioekonomiskt index; standardvärdet "
        f"{tal_text(float(varde or 0.0), 1)} ({beskrivning}) används.{ordning}"
        for k, n in saknas.select("skolenhetskod", "namn").iter_rows()
    ]
    return ut, anteckningar, problem


def _ra_index(
    kalla: Indexkalla,
    modell: Fordelningsmodell,
    underlag: Underlag,
    elever: pl.DataFrame,
    modellkatalog: Path | None,
) -> tuple[pl.DataFrame | None, list[str], list[Problem]]:
    """Indexet före omskalning och standardvärden: (skolenhetskod, index) eller None."""
    if kalla.typ == "vikter":
        assert kalla.vikter is not None and kalla.fil is not None
        andelar, problem = _las(kalla.fil, modellkatalog, _andelsfil(list(kalla.vikter)))
        if andelar is None:
            return None, [], problem
        return (
            index_fran_vikter(andelar, kalla.vikter, elever).select("skolenhetskod", "index"),
            [],
            [],
        )
    if kalla.fil is not None:
        data, problem = _las(kalla.fil, modellkatalog, INDEXFIL)
        if data is None:
            return None, [], problem
        noter = _oanvanda(
            data["skolenhetskod"],
            elever,
            f"Indexfilen {kalla.fil} har {{n}} rader för skolenheter som inte ingår i modellen "
            "(inga elever i modellens verksamhet i kommunen); de används inte: {koder}.",
        )
        data = data.join(elever.select("skolenhetskod"), on="skolenhetskod", how="semi")
        medel = _elevviktat(data.join(elever, on="skolenhetskod"))
        if not kalla.skala_om_till_kommunmedel and medel is not None and medel < GRANS_MEDEL_ETT:
            return (
                data.with_columns(pl.col("index") * 100.0),
                [
                    f"Indexfilen {kalla.fil} har elevviktat medel {tal_text(medel, 3)} i kommunen "
                    "och tolkas som skalan medel 1; indexet multipliceras med 100.",
                    *noter,
                ],
                [],
            )
        return data, noter, []
    ar = kalla.ar or modell.ar
    si = underlag.socioekonomiskt_index.filter(
        (pl.col("ar") == ar) & (pl.col("verksamhet") == modell.verksamhet)
    )
    if si.height == 0:
        finns = sorted(set(underlag.socioekonomiskt_index["ar"].to_list()))
        return (
            None,
            [],
            [
                Problem(
                    "socioekonomiskt_index",
                    f"inget index för år {ar} och verksamheten {modell.verksamhet} "
                    f"(året finns för: {', '.join(map(str, finns)) or 'inga år'})",
                    kolumn="ar",
                )
            ],
        )
    kommunens = underlag.skolenheter.filter(pl.col("kommunkod") == modell.kommunkod)
    noter = _oanvanda(
        si.join(kommunens.select("skolenhetskod"), on="skolenhetskod", how="semi")["skolenhetskod"],
        elever,
        "Socioekonomiskt index finns för {n} av kommunens skolenheter som inte ingår i modellen "
        "(inga elever i modellens verksamhet); det används inte: {koder}.",
    )
    return (
        si.select("skolenhetskod", "index").join(
            elever.select("skolenhetskod"), on="skolenhetskod", how="semi"
        ),
        noter,
        [],
    )


def _oanvanda(koder: pl.Series, elever: pl.DataFrame, mall: str, visade: int = 5) -> list[str]:
    """Indexets skolenhetskoder och modellens elever -> en anteckning (``mall`` med ``{n}``
    och ``{koder}``) om de koder som inte ingår i modellen, eller ingen. Högst ``visade``
    koder skrivs ut."""
    utanfor = sorted(set(koder.drop_nulls().to_list()) - set(elever["skolenhetskod"].to_list()))
    if not utanfor:
        return []
    visa = ", ".join(utanfor[:visade]) + (" …" if len(utanfor) > visade else "")
    return [mall.format(n=len(utanfor), koder=visa)]


def kommunens_index(
    kalla: Indexkalla,
    modell: Fordelningsmodell,
    underlag: Underlag,
    enheter: pl.DataFrame,
    elever: pl.DataFrame,
    modellkatalog: Path | None = None,
) -> tuple[pl.DataFrame | None, list[str], list[Problem]]:
    """Indexet för kommunens enheter enligt ``kalla``.

    In: källan, modellen, datasetet, kommunens enheter (skolenhetskod, namn,
    huvudmannatyp), elever per enhet (skolenhetskod, elever) och modellens katalog. Ut:
    (skolenhetskod, index, index_standard – eller None vid problem, anteckningar, problem)."""
    ra, anteckningar, problem = _ra_index(kalla, modell, underlag, elever, modellkatalog)
    if ra is None:
        return None, anteckningar, problem
    omskalat = bool(kalla.skala_om_till_kommunmedel and ra.height)
    if omskalat:
        ra = skala_om(ra, elever)
    ut, ant, p = tillampa_standard(enheter, ra, elever, kalla, omskalat)
    return (None if p else ut), anteckningar + ant, problem + p

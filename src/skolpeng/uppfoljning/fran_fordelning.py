"""Uppföljningens ``belopp`` och ``dekomposition`` ur utdatakataloger från ``skolpeng fordela``
(docs/regler/uppfoljning.md#fran-fordelning: jämförelserna med fördelningen använder fördelningens resultat där de finns).

In: en eller flera kataloger som ``skolpeng fordela`` skrivit, en per budgetår. Ur varje
katalog läses ``fordelning.csv`` (beloppen per skolenhet, stadium och (del)pott),
``modell.yaml`` (året och potternas nycklar), ``underlag_elever.csv`` (enhetens elever) –
med läsarna i ``skolpeng.fordelning.stabilitetsregler.forra_aret`` – och, när den finns (körning med
``--forra-aret``), ``forandring.csv``. Ut: ramarna ``belopp`` och ``dekomposition`` med
kontrakten i ``uppfoljning.indata`` (``BELOPP``, ``DEKOMPOSITION``).

Regler (rena funktioner; läsningen är skild från omvandlingen):

- ``ar`` = modellens år (``modell.yaml``: ``ar``);
- per enhet och pott: ``elever`` = enhetens elever (Σ ``underlag_elever.csv``, samma tal som
  ``forandring.csv`` och förra årets läsning använder), ``kr_per_elev`` = Σ ``belopp_kr``
  över potens rader (alla stadier och delpotter, oavrundat) / ``elever``. Alltså är
  Σ över potterna av ``kr_per_elev × elever`` = enhetens totala belopp i ``fordelning.csv``.
  Enheter utan elever har inget belopp per elev och tas inte med;
- ``riktad`` = 1 när pottens nyckel (eller varje delpotts nyckel) är ``index`` eller
  ``malgrupp`` – medel som följer elevernas behov och inte bara antalet elever – eller när
  potten inte ingår i grunden för bidrag till enskilda huvudmän (``samma_grunder: false``:
  statsbidrag och kommunens egna satsningar utanför lika villkor, KPMG 2020 avsnitt 3.6);
  annars 0. Potten ``stabilitetsjustering`` (stabilitetsreglernas omfördelning mellan åren,
  ingen pott i modellen) är inte riktad;
- ``socioekonomisk`` = 1 när pottens nyckel (eller varje delpotts nyckel) är ``index``;
  målgruppspotter räknas som riktade men inte som socioekonomiska, eftersom målgruppen kan
  vara vad som helst (nyanlända, pojkar …);
- ``dekomposition``: en rad per enhet och faktor ur ``forandring.csv``:s kolumner
  ``varav_<faktor>_kr_per_elev`` för faktorerna elever, index, parametrar och stabilitet
  (stabilitetsjusteringens förändring som en egen faktor). Kolumnerna är publicerade i hela
  kronor; delarna summerar exakt till den avrundade förändringen per elev, och högst 1 kr
  per elev från den oavrundade (uppföljningens tolerans). Enheter som är nya eller nedlagda
  (tomma delar) tas inte med.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from skolpeng.data.lasning import RAD, las_tabell_med_rader
from skolpeng.data.schema import Kolumn, Tabell
from skolpeng.fel import IndataFel, Problem
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell, Pott
from skolpeng.fordelning.stabilitetsregler.forra_aret import (
    FORDELNING_TABELL,
    FORDELNINGSFIL,
    MODELLFIL,
    STABILITETSPOTT,
    las_forra_aret,
)
from skolpeng.utdata import sha256_fil

FORANDRINGSFIL = "forandring.csv"
#: Förändringens faktorer i ``forandring.csv`` (``varav_<faktor>_kr_per_elev``).
FAKTORER: tuple[str, ...] = ("elever", "index", "parametrar", "stabilitet")
RIKTADE_NYCKLAR: frozenset[str] = frozenset({"index", "malgrupp"})
SOCIOEKONOMISKA_NYCKLAR: frozenset[str] = frozenset({"index"})

FORANDRING_TABELL = Tabell(
    "forandring",
    (
        Kolumn("skolenhetskod", "kod8"),
        *(Kolumn(f"varav_{f}_kr_per_elev", "float", obligatorisk=False) for f in FAKTORER),
    ),
    ("skolenhetskod",),
)


@dataclass(frozen=True)
class FordelaKatalog:
    """Det som lästs ur en utdatakatalog från ``skolpeng fordela``.

    - ``modell``: modellen (``modell.yaml``);
    - ``rader``: ``fordelning.csv`` (skolenhetskod, stadium, pott, belopp_kr …);
    - ``elever``: ``skolenhetskod, elever`` – enhetens elever ur ``underlag_elever.csv``;
    - ``enheter``: ``skolenhetskod, namn, kommunkod, huvudmannatyp`` ur ``underlag_enheter.csv``;
    - ``forandring``: ``forandring.csv`` (skolenhetskod, varav_<faktor>_kr_per_elev) eller None;
    - ``filhashar``: filnamn -> SHA-256 för manifestet.
    """

    katalog: Path
    modell: Fordelningsmodell
    rader: pl.DataFrame
    elever: pl.DataFrame
    enheter: pl.DataFrame
    forandring: pl.DataFrame | None = None
    filhashar: dict[str, str] = field(default_factory=dict)


def ar_fordela_katalog(sokvag: str | Path) -> bool:
    """Sant när sökvägen är en katalog med ``fordelning.csv`` och ``modell.yaml`` (utdata från
    ``skolpeng fordela``)."""
    p = Path(sokvag)
    return p.is_dir() and (p / FORDELNINGSFIL).is_file() and (p / MODELLFIL).is_file()


def potts_nycklar(pott: Pott) -> list[str]:
    """Pottens nyckeltyper: nyckelns typ, eller varje delpotts."""
    if pott.nyckel is not None:
        return [pott.nyckel.typ]
    return [d.nyckel.typ for d in pott.delpotter or []]


def pottklassning(modell: Fordelningsmodell) -> pl.DataFrame:
    """Modellen -> ``pott, riktad, socioekonomisk`` (Int64 0/1) per pott enligt reglerna i
    modulens beskrivning, plus ``stabilitetsjustering`` (0, 0)."""
    rader = []
    for p in modell.potter:
        nycklar = potts_nycklar(p)
        riktad = (bool(nycklar) and all(n in RIKTADE_NYCKLAR for n in nycklar)) or (
            not p.samma_grunder
        )
        socio = bool(nycklar) and all(n in SOCIOEKONOMISKA_NYCKLAR for n in nycklar)
        rader.append((p.namn, int(riktad), int(socio)))
    rader.append((STABILITETSPOTT, 0, 0))
    return pl.DataFrame(
        rader,
        schema={"pott": pl.String, "riktad": pl.Int64, "socioekonomisk": pl.Int64},
        orient="row",
    )


def belopp_fran_fordelning(
    rader: pl.DataFrame, elever: pl.DataFrame, modell: Fordelningsmodell
) -> pl.DataFrame:
    """``fordelning.csv``:s rader, enhetens elever (skolenhetskod, elever) och modellen ->
    ``belopp`` (skolenhetskod, ar, pott, kr_per_elev, elever, riktad, socioekonomisk), en rad
    per enhet med elever och pott. En pott som inte finns i modellen (utom
    ``stabilitetsjustering``) är ett ``IndataFel``."""
    klass = pottklassning(modell)
    okanda = sorted(set(rader["pott"].unique().to_list()) - set(klass["pott"].to_list()))
    if okanda:
        raise IndataFel(
            [
                Problem(FORDELNINGSFIL, f"potten {p!r} finns inte i {MODELLFIL}", kolumn="pott")
                for p in okanda
            ]
        )
    return (
        rader.group_by("skolenhetskod", "pott")
        .agg(belopp_kr=pl.col("belopp_kr").sum())
        .join(elever.filter(pl.col("elever") > 0), on="skolenhetskod", how="inner")
        .join(klass, on="pott", how="left")
        .select(
            "skolenhetskod",
            pl.lit(modell.ar, dtype=pl.Int64).alias("ar"),
            "pott",
            (pl.col("belopp_kr") / pl.col("elever")).alias("kr_per_elev"),
            pl.col("elever").cast(pl.Float64),
            "riktad",
            "socioekonomisk",
        )
        .sort("skolenhetskod", "pott")
    )


def dekomposition_fran_forandring(forandring: pl.DataFrame, ar: int) -> pl.DataFrame:
    """``forandring.csv`` (skolenhetskod, varav_<faktor>_kr_per_elev) och året ->
    ``dekomposition`` (skolenhetskod, ar, faktor, andring_kr_per_elev), en rad per enhet och
    faktor; enheter med någon tom del (nya och nedlagda) tas inte med. En saknad kolumn för
    stabiliteten (körning utan stabilitetsregler) räknas som 0."""
    kol = {f: f"varav_{f}_kr_per_elev" for f in FAKTORER}
    ram = forandring.with_columns(
        pl.lit(0.0).alias(k) for f, k in kol.items() if k not in forandring.columns
    ).drop_nulls(list(kol.values()))
    return (
        ram.select("skolenhetskod", *(pl.col(k).alias(f) for f, k in kol.items()))
        .unpivot(index="skolenhetskod", variable_name="faktor", value_name="andring_kr_per_elev")
        .select(
            "skolenhetskod",
            pl.lit(ar, dtype=pl.Int64).alias("ar"),
            "faktor",
            pl.col("andring_kr_per_elev").cast(pl.Float64),
        )
        .sort("skolenhetskod", "faktor")
    )


def _med_katalog(problem: list[Problem], katalog: Path) -> list[Problem]:
    """Problemens filnamn med katalogen framför (flera kataloger har samma filnamn)."""
    return [
        Problem(str(katalog / p.fil) if p.fil else str(katalog), p.meddelande, p.rad, p.kolumn)
        for p in problem
    ]


def las_fordela_katalog(katalog: str | Path) -> FordelaKatalog:
    """En utdatakatalog från ``skolpeng fordela`` -> ``FordelaKatalog``. Modellen, raderna och
    underlaget läses och kontrolleras som förra årets katalog (``las_forra_aret``);
    ``forandring.csv`` läses när den finns. ``IndataFel`` med alla problem (filerna med
    katalogen i namnet)."""
    katalog = Path(katalog)
    if not ar_fordela_katalog(katalog):
        raise IndataFel(
            [
                Problem(
                    str(katalog),
                    f"ingen utdatakatalog från skolpeng fordela ({FORDELNINGSFIL} "
                    f"och {MODELLFIL} saknas)",
                )
            ]  # fmt: skip
        )
    problem: list[Problem] = []
    try:
        forra = las_forra_aret(katalog)
    except IndataFel as fel:
        raise IndataFel(_med_katalog(fel.problem, katalog)) from None
    last = las_tabell_med_rader(katalog / FORDELNINGSFIL, FORDELNING_TABELL)
    problem += last.problem
    forandring = None
    hashar = dict(forra.filhashar)
    if (katalog / FORANDRINGSFIL).is_file():
        f = las_tabell_med_rader(katalog / FORANDRINGSFIL, FORANDRING_TABELL)
        problem += f.problem
        forandring = f.data.drop(RAD)
        hashar[FORANDRINGSFIL] = sha256_fil(katalog / FORANDRINGSFIL)
    if problem:
        raise IndataFel(_med_katalog(problem, katalog))
    assert forra.modell is not None
    return FordelaKatalog(
        katalog=katalog,
        modell=forra.modell,
        rader=last.data.drop(RAD),
        elever=forra.enheter.select("skolenhetskod", "elever"),
        enheter=forra.underlag.enheter.select("skolenhetskod", "namn", "kommunkod", "huvudmannatyp")
        if forra.underlag is not None
        else pl.DataFrame(),
        forandring=forandring,
        filhashar=hashar,
    )


def enheter_fran_kataloger(kataloger: list[FordelaKatalog]) -> pl.DataFrame:
    """Lästa kataloger -> ``enheter`` (skolenhetskod, namn, kommunkod, huvudmannatyp) för
    etiketterna; vid samma enhet i flera kataloger gäller den senaste årets namn."""
    ordnade = sorted(kataloger, key=lambda k: k.modell.ar, reverse=True)
    return (
        pl.concat([k.enheter for k in ordnade], how="diagonal_relaxed")
        .unique("skolenhetskod", keep="first", maintain_order=True)
        .sort("skolenhetskod")
    )


def fran_kataloger(
    kataloger: list[FordelaKatalog],
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """Lästa kataloger (en per år) -> (``belopp``, ``dekomposition`` eller None när ingen
    katalog har ``forandring.csv``). Två kataloger för samma år är ett ``IndataFel``."""
    ar: dict[int, Path] = {}
    problem = []
    for k in kataloger:
        if k.modell.ar in ar:
            problem.append(
                Problem(str(k.katalog), f"året {k.modell.ar} finns redan i {ar[k.modell.ar]}")
            )
        ar[k.modell.ar] = k.katalog
    if problem:
        raise IndataFel(problem)
    belopp = pl.concat([belopp_fran_fordelning(k.rader, k.elever, k.modell) for k in kataloger])
    dek = [
        dekomposition_fran_forandring(k.forandring, k.modell.ar)
        for k in kataloger
        if k.forandring is not None
    ]
    return belopp.sort("ar", "skolenhetskod", "pott"), pl.concat(dek) if dek else None

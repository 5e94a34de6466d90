"""Hur enheterna använt de riktade medlen (SKL 2014 steg 6 "Följa upp vad
ersättningen leder till", KPMG 2020 avsnitt 3.8.2 "Hur har dessa ytterligare medel använts?").

Reglerna (rena funktioner, inga filer och ingen databas):

- **De riktade medlen** per enhet är summan av de fastställda beloppen (``belopp_kr_avrundat``
  i beslutets ``fordelning.csv``) för potterna som ``uppfoljning.fran_fordelning.pottklassning``
  klassar som riktade: nyckeln är index eller målgrupp, eller potten ingår inte i grunden för
  bidrag (statsbidrag och kommunens egna satsningar, ``samma_grunder: false``)
  (``riktat_per_enhet``).
- **Kategorierna** är KPMG:s sju och "Annat" (``parametrar/data/uppfoljning/anvandning.yaml``)
  om kommunen inte har ändrat listan; varje kategori är förväntad eller inte.
- **En redovisning** (``kontrollera_redovisning``): kategorin finns i listan och förekommer en
  gång; belopp och årsarbetare är inte negativa; texten innehåller inget personnummer eller
  samordningsnummer; en inskickad redovisning har minst en rad med belopp eller årsarbetare,
  och summan av beloppen får vara större än de riktade medlen bara med en förklaring.
- **Sammanställningen** (``sammanstall``): per kategori summan av beloppen och årsarbetarna och
  andelen av de riktade medlen hos enheterna som redovisat; per enhet det redovisade, andelen
  av enhetens riktade medel och andelen som redovisats utanför de förväntade kategorierna.
  En enhet där mer än hälften av de riktade medlen redovisats utanför de förväntade
  kategorierna listas (``mest_utanfor``). Inget avrundas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from skolpeng.uppfoljning.personnummer import innehaller_personnummer

#: Parametern med standardlistan (``parametrar/data/uppfoljning/anvandning.yaml``).
KATEGORIPARAMETER = "uppfoljning.anvandning.kategorier"


@dataclass(frozen=True)
class Kategori:
    """En kategori i listan: namnet och om kommunen förväntar sig att medlen används till den."""

    namn: str
    forvantad: bool


@dataclass(frozen=True)
class Rad:
    """En rad i en redovisning: kategorin, beloppet i kr och/eller årsarbetarna, en kort text."""

    kategori: str
    belopp_kr: float | None
    arsarbetare: float | None
    text: str = ""


@dataclass(frozen=True)
class Avvikelse:
    """Ett fel i en redovisning: fältet (``rad-<n>-<kolumn>`` eller ``forklaring``; rad från 1)
    och meddelandet på svenska (upprepar aldrig ett personnummer)."""

    falt: str
    meddelande: str


def standardkategorier(datum: dt.date | None = None) -> list[Kategori]:
    """Standardlistan som gäller vid datumet (i dag utan datum), i parameterfilens ordning."""
    from skolpeng.parametrar import las_parametrar

    p = las_parametrar()[KATEGORIPARAMETER]
    varde = p.vid(datum or dt.date.today())
    assert varde is not None and isinstance(varde.varde, dict)
    return [Kategori(namn, bool(v)) for namn, v in varde.varde.items()]


def riktat_per_enhet(fordelning: pl.DataFrame, klass: pl.DataFrame) -> pl.DataFrame:
    """``fordelning.csv`` (skolenhetskod, pott, belopp_kr_avrundat) och pottklassningen (pott,
    riktad) -> skolenhetskod, pott, belopp_kr (Int64, hela kronor som fastställts) för de
    riktade potterna, en rad per enhet och pott, i kod- och pottordning."""
    riktade = klass.filter(pl.col("riktad") == 1).select("pott")
    return (
        fordelning.join(riktade, on="pott", how="semi")
        .group_by("skolenhetskod", "pott")
        .agg(pl.col("belopp_kr_avrundat").cast(pl.Float64).sum().round(0).cast(pl.Int64))
        .rename({"belopp_kr_avrundat": "belopp_kr"})
        .sort("skolenhetskod", "pott")
    )


def _falt(i: int, kolumn: str) -> str:
    return f"rad-{i}-{kolumn}"


PERSONNUMMER_FEL = (
    "texten innehåller något som ser ut som ett personnummer eller samordningsnummer; "
    "ta bort det (redovisningen får inte innehålla uppgifter om enskilda elever)"
)


def kontrollera_redovisning(
    rader: Sequence[Rad],
    kategorier: Sequence[str],
    riktat_kr: float,
    forklaring: str,
    inskickning: bool,
) -> list[Avvikelse]:
    """Raderna (i formulärets ordning), kategorierna i kommunens lista, enhetens riktade medel,
    förklaringen och om redovisningen skickas in -> alla fel (tom lista = godkänd)."""
    fel: list[Avvikelse] = []
    sedda: set[str] = set()
    for i, r in enumerate(rader, start=1):
        if r.kategori not in kategorier:
            fel.append(Avvikelse(_falt(i, "kategori"),
                                 f"kategorin ”{r.kategori}” finns inte i kommunens lista"))  # fmt: skip
        elif r.kategori in sedda:
            fel.append(Avvikelse(_falt(i, "kategori"),
                                 f"kategorin ”{r.kategori}” förekommer mer än en gång"))  # fmt: skip
        sedda.add(r.kategori)
        for kolumn, varde in (("belopp_kr", r.belopp_kr), ("arsarbetare", r.arsarbetare)):
            if varde is not None and varde < 0:
                fel.append(Avvikelse(_falt(i, kolumn), "får inte vara negativt"))
        if innehaller_personnummer(r.text):
            fel.append(Avvikelse(_falt(i, "text"), PERSONNUMMER_FEL))
    if innehaller_personnummer(forklaring):
        fel.append(Avvikelse("forklaring", PERSONNUMMER_FEL))
    if inskickning:
        if not any(r.belopp_kr is not None or r.arsarbetare is not None for r in rader):
            fel.append(Avvikelse("rad-1-belopp_kr", "ange belopp eller årsarbetare för "
                                 "minst en kategori innan redovisningen skickas in"))  # fmt: skip
        summa = sum(r.belopp_kr or 0.0 for r in rader)
        if summa > riktat_kr and not forklaring.strip():
            fel.append(Avvikelse("forklaring", "beloppen är större än de riktade medel "
                                 "enheten fick; förklara skillnaden"))  # fmt: skip
    return fel


def over_riktat(rader: Sequence[Rad], riktat_kr: float) -> bool:
    """True när summan av beloppen är större än enhetens riktade medel."""
    return sum(r.belopp_kr or 0.0 for r in rader) > riktat_kr


@dataclass(frozen=True)
class Sammanstallning:
    """``per_kategori``: kategori, forvantad, enheter, belopp_kr, arsarbetare, andel_av_riktat
    (listans ordning, sedan kategorier som inte längre finns i listan); ``per_enhet``:
    skolenhetskod, riktat_kr, redovisat_kr, arsarbetare, andel_redovisad, utanfor_kr,
    andel_utanfor, mest_utanfor; ``riktat_kr``: Σ riktade medel hos enheterna som redovisat."""

    per_kategori: pl.DataFrame
    per_enhet: pl.DataFrame
    riktat_kr: float


def sammanstall(
    rader: pl.DataFrame, riktat: pl.DataFrame, kategorier: Sequence[Kategori]
) -> Sammanstallning:
    """De inskickade redovisningarnas rader (skolenhetskod, kategori, belopp_kr, arsarbetare;
    tomma värden = null) och de riktade medlen per enhet (skolenhetskod, riktat_kr) ->
    ``Sammanstallning``. Bara enheter med både redovisning och riktade medel i beslutet räknas
    i andelarna; en kategori som inte finns i listan räknas som utanför de förväntade."""
    forvantade = [k.namn for k in kategorier if k.forvantad]
    r = rader.select(
        "skolenhetskod",
        "kategori",
        pl.col("belopp_kr").cast(pl.Float64),
        pl.col("arsarbetare").cast(pl.Float64),
    ).with_columns(forvantad=pl.col("kategori").is_in(forvantade))
    enh = (
        r.group_by("skolenhetskod")
        .agg(
            redovisat_kr=pl.col("belopp_kr").fill_null(0.0).sum(),
            arsarbetare=pl.col("arsarbetare").fill_null(0.0).sum(),
            utanfor_kr=pl.col("belopp_kr").filter(~pl.col("forvantad")).fill_null(0.0).sum(),
        )
        .join(
            riktat.select("skolenhetskod", pl.col("riktat_kr").cast(pl.Float64)),
            on="skolenhetskod",
            how="inner",
        )  # fmt: skip
        .with_columns(
            andel_redovisad=_kvot(pl.col("redovisat_kr"), pl.col("riktat_kr")),
            andel_utanfor=_kvot(pl.col("utanfor_kr"), pl.col("riktat_kr")),
        )
        .with_columns(mest_utanfor=pl.col("andel_utanfor").fill_null(0.0) > 0.5)
        .select(
            "skolenhetskod",
            "riktat_kr",
            "redovisat_kr",
            "arsarbetare",
            "andel_redovisad",
            "utanfor_kr",
            "andel_utanfor",
            "mest_utanfor",
        )  # fmt: skip
        .sort("skolenhetskod")
    )
    totalt = float(enh["riktat_kr"].sum()) if enh.height else 0.0
    med = r.join(enh.select("skolenhetskod"), on="skolenhetskod", how="semi")
    summor = med.group_by("kategori").agg(
        enheter=pl.col("skolenhetskod").n_unique(),
        belopp_kr=pl.col("belopp_kr").fill_null(0.0).sum(),
        arsarbetare=pl.col("arsarbetare").fill_null(0.0).sum(),
    )
    ordning = [k.namn for k in kategorier]
    ovriga = sorted(set(summor["kategori"].to_list()) - set(ordning))
    lista = pl.DataFrame(
        {
            "kategori": ordning + ovriga,
            "forvantad": [k.forvantad for k in kategorier] + [False] * len(ovriga),
            "ordning": list(range(len(ordning) + len(ovriga))),
        }
    )
    per_kat = (
        lista.join(summor, on="kategori", how="left")
        .with_columns(
            pl.col("enheter").fill_null(0),
            pl.col("belopp_kr").fill_null(0.0),
            pl.col("arsarbetare").fill_null(0.0),
        )
        .with_columns(andel_av_riktat=pl.col("belopp_kr") / totalt if totalt else pl.lit(None))
        .sort("ordning")
        .drop("ordning")
    )
    return Sammanstallning(per_kategori=per_kat, per_enhet=enh, riktat_kr=totalt)


def _kvot(taljare: pl.Expr, namnare: pl.Expr) -> pl.Expr:
    """taljare / namnare, null när nämnaren är 0."""
    return pl.when(namnare > 0).then(taljare / namnare).otherwise(None)


def per_ar(
    rader: pl.DataFrame, riktat: pl.DataFrame, kategorier: Sequence[Kategori]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Som ``sammanstall`` för flera budgetår: ``rader`` och ``riktat`` har kolumnen ``ar``.
    Ut: (per kategori och år, per enhet och år), med ``ar`` först."""
    kat, enh = [], []
    for ar in sorted(set(rader["ar"].to_list())):
        s = sammanstall(
            rader.filter(pl.col("ar") == ar), riktat.filter(pl.col("ar") == ar), kategorier
        )
        kat.append(s.per_kategori.select(pl.lit(ar, dtype=pl.Int64).alias("ar"), pl.all()))
        enh.append(s.per_enhet.select(pl.lit(ar, dtype=pl.Int64).alias("ar"), pl.all()))
    if not kat:
        return pl.DataFrame(), pl.DataFrame()
    return pl.concat(kat), pl.concat(enh)

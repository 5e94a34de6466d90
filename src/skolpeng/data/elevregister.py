"""En kommuns egen export ur elevregistret -> tabellen ``elever_hemkommun``.

Skolverket och SCB publicerar elever per skolenhet och per kommun, men inte per skolenhet och
hemkommun: den uppgiften finns bara i kommunernas egna elevregister (och i den
folkbokföringsavstämning som kommunerna gör för interkommunal ersättning). Exporten kan vara
aggregerad (en kolumn med antal) eller en rad per elev; kolumnnamnen anges i en liten
mappningsfil (YAML):

.. code-block:: yaml

    kolumner:                    # datasetets kolumn: exportens kolumnnamn
      skolenhetskod: Skolenhetskod
      period: Avläsningsdatum    # 2026-03, 202603 eller 2026-03-15 blir 2026-03
      arskurs: Årskurs
      hemkommun: Folkbokföringskommun   # "1480" eller "1480 Göteborg"
      antal: Antal               # valfri: utan den är varje rad en elev
    verksamhet: fk_gr            # eller kolumner.verksamhet
    varden:
      arskurs: {FK: F, "0": F}   # exportens värden -> F, 1 … 9

Bara de mappade kolumnerna läses; allt annat i exporten (t.ex. personnummer) lämnas och
skrivs aldrig. Utdata är aggregerad: antal per skolenhet, period, verksamhet, årskurs och
hemkommun. Fel i cellerna rapporteras med exportens radnummer och kolumnnamn.

In: exportfilen (CSV eller XLSX) och mappningsfilen. Ut: (tabellen, noteringar) eller
``IndataFel``.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import fastexcel
import polars as pl
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from skolpeng.csvskrivning import skriv_csv
from skolpeng.data.format import avkoda, gissa_separator
from skolpeng.data.lasning import RAD, las_tabell_med_rader
from skolpeng.data.schema import TABELLER, VERKSAMHETER
from skolpeng.data.validering_hemkommun import ogiltiga_perioder
from skolpeng.fel import IndataFel, Problem, pydantic_problem

MAX_BYTE = 200 * 1024 * 1024
NYCKEL = ("skolenhetskod", "period", "verksamhet", "arskurs", "hemkommun")


class Mappning(BaseModel):
    """Mappningsfilen: kolumnnamnen i exporten och värden som ska översättas."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kolumner: dict[str, str]
    verksamhet: str | None = None
    varden: dict[str, dict[str, str]] = {}


def las_mappning(fil: Path) -> Mappning:
    """Mappningsfilen -> ``Mappning``; okända nycklar och saknade kolumner -> ``IndataFel``."""
    fil = Path(fil)
    if not fil.is_file() or fil.stat().st_size > 1024 * 1024:
        raise IndataFel([Problem(str(fil), "mappningsfilen finns inte eller är för stor")])
    try:
        m = Mappning.model_validate(yaml.safe_load(fil.read_text("utf-8")) or {})
    except yaml.YAMLError as fel:
        raise IndataFel([Problem(fil.name, f"kunde inte läsas som YAML: {fel}")]) from None
    except ValidationError as fel:
        raise IndataFel(pydantic_problem(fil.name, fel)) from None
    kanda = set(TABELLER["elever_hemkommun"].kolumnnamn)
    problem = [
        Problem(fil.name, f"okänd kolumn {k!r}", kolumn=k) for k in m.kolumner if k not in kanda
    ]
    for k in ("skolenhetskod", "period", "arskurs", "hemkommun"):
        if k not in m.kolumner:
            problem.append(Problem(fil.name, f"kolumnen {k!r} ska mappas", kolumn=k))
    if "verksamhet" not in m.kolumner and m.verksamhet not in VERKSAMHETER:
        problem.append(
            Problem(fil.name, f"ange verksamhet ({', '.join(VERKSAMHETER)}) eller mappa kolumnen")
        )
    if problem:
        raise IndataFel(problem)
    return m


def _las_text(fil: Path) -> pl.DataFrame:
    """Exporten som text (alla celler), rubriker från första raden."""
    if fil.suffix.lower() == ".xlsx":
        ram = fastexcel.read_excel(fil).load_sheet(0, header_row=0).to_polars()
        return ram.select(pl.all().cast(pl.String))
    text, _ = avkoda(fil.read_bytes())
    sep = gissa_separator(text.split("\n", 1)[0])
    return pl.read_csv(text.encode("utf-8"), separator=sep, infer_schema=False)


def _period(uttryck: pl.Expr) -> pl.Expr:
    """2026-03, 202603 och 2026-03-15 -> 2026-03; annat lämnas för kontrollen."""
    s = uttryck.str.strip_chars()
    return (
        pl.when(s.str.contains(r"^\d{6}$"))
        .then(pl.concat_str(s.str.slice(0, 4), pl.lit("-"), s.str.slice(4, 2)))
        .when(s.str.contains(r"^\d{4}-\d{2}(-\d{2})?$"))
        .then(s.str.slice(0, 7))
        .otherwise(s)
    )


def importera_elevregister(fil: Path, mappning: Mappning) -> tuple[pl.DataFrame, list[str]]:
    """Exporten -> ``elever_hemkommun`` (aggregerad). Ut: (tabellen, noteringar)."""
    fil = Path(fil)
    if not fil.is_file() or fil.stat().st_size > MAX_BYTE:
        raise IndataFel([Problem(str(fil), "filen finns inte eller är större än 200 MB")])
    try:
        ram = _las_text(fil)
    except Exception as fel:  # polars och fastexcel har många feltyper: oläslig fil
        raise IndataFel(
            [Problem(fil.name, f"kunde inte läsas: {str(fel).splitlines()[0]}")]
        ) from None
    saknas = [v for v in mappning.kolumner.values() if v not in ram.columns]
    if saknas:
        raise IndataFel(
            [Problem(fil.name, f"kolumnen {v!r} saknas i exporten", kolumn=v) for v in saknas]
        )
    d = ram.select(pl.col(v).alias(k) for k, v in mappning.kolumner.items())
    if "verksamhet" not in d.columns:
        d = d.with_columns(verksamhet=pl.lit(mappning.verksamhet))
    radvis = "antal" not in d.columns
    if radvis:
        d = d.with_columns(antal=pl.lit("1"))
    for kolumn, tabell in mappning.varden.items():
        if kolumn in d.columns:
            d = d.with_columns(pl.col(kolumn).replace(tabell))
    d = d.with_columns(
        period=_period(pl.col("period")),
        hemkommun=pl.col("hemkommun")
        .str.extract(r"^\s*(\d{4})\b", 1)
        .fill_null(pl.col("hemkommun")),
    )
    with tempfile.TemporaryDirectory(prefix="skolpeng-elevregister-") as tmp:
        mellan = Path(tmp) / fil.with_suffix(".csv").name
        skriv_csv(d.select(TABELLER["elever_hemkommun"].kolumnnamn), mellan)
        last = las_tabell_med_rader(mellan, TABELLER["elever_hemkommun"])
    problem = [*last.problem, *ogiltiga_perioder(last.data, mellan.name)]
    if problem:
        namn = dict(mappning.kolumner)
        raise IndataFel(
            [
                Problem(fil.name, p.meddelande, p.rad, namn.get(p.kolumn or "", p.kolumn))
                for p in problem
            ]
        )
    ut = (
        last.data.drop(RAD)
        .group_by(NYCKEL)
        .agg(pl.col("antal").sum())
        .sort(NYCKEL)
        .select(TABELLER["elever_hemkommun"].kolumnnamn)
    )
    noter = [f"{fil.name}: {ram.height} rader blev {ut.height} rader i elever_hemkommun"]
    if radvis:
        noter.append(f"{fil.name}: exporten saknar antal; varje rad har räknats som en elev")
    ovriga = [c for c in ram.columns if c not in mappning.kolumner.values()]
    if ovriga:
        noter.append(f"{fil.name}: {len(ovriga)} kolumner som inte mappats har inte lästs")
    if any(re.search(r"person|pnr|namn", c, re.IGNORECASE) for c in ovriga):
        noter.append(f"{fil.name}: kolumner med personuppgifter har inte lästs och skrivs inte")
    return ut, noter

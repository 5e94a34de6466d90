"""Läsning av elevdata på individnivå, utan att hela filen läses in (INDEX.md "Data protection",
"Scale and speed").

In: en fil eller en katalog med parquet- och CSV-filer (en rad per elev) och modellen.
Ut: en polars ``LazyFrame`` med just de kolumner modellen behöver, kontrollerad fil för fil
(saknade kolumner, okända faktornivåer, utfall som inte är 0/1, tomma koder) – alla problem på
en gång som ``IndataFel`` – och celler: antal elever (och utfall) per kombination av faktorer.
Frågorna körs strömmande (polars streaming), så en fil med tiotals miljoner rader ryms i minnet.
Elevdata skrivs aldrig någonstans; bara aggregat per cell eller enhet lämnar modulen.
Radnummer räknas som i ett kalkylprogram: rubrikraden är rad 1, första elevraden rad 2.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.data.format import gissa_separator
from skolpeng.fel import IndataFel, Problem
from skolpeng.index.modell import IndexModell

MAX_EXEMPEL = 5
_ANDELSER = (".parquet", ".csv")


def elevfiler(kalla: Path) -> list[Path]:
    """En fil eller katalog -> elevfilerna (parquet/CSV) i namnordning. Tom -> ``IndataFel``."""
    kalla = Path(kalla)
    if kalla.is_dir():
        filer = sorted(p for p in kalla.iterdir() if p.suffix.lower() in _ANDELSER)
        if not filer:
            raise IndataFel(
                [Problem(str(kalla), "katalogen innehåller inga .parquet- eller .csv-filer")]
            )
        return filer
    if not kalla.exists():
        raise IndataFel([Problem(str(kalla), "filen finns inte")])
    if kalla.suffix.lower() not in _ANDELSER:
        raise IndataFel([Problem(str(kalla), "förväntade en .parquet- eller .csv-fil")])
    return [kalla]


def _ar_utf8(path: Path) -> bool:
    with open(path, "rb") as f:
        bit = f.read(1 << 16)
    try:
        bit.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start > len(bit) - 4  # ett tecken som delats vid blockgränsen
    return True


def skanna_fil(path: Path) -> pl.LazyFrame:
    """En elevfil -> LazyFrame. CSV läses som text (separator ; eller , gissas från rubriken);
    en CSV-fil i Windows-1252 måste läsas in helt (polars strömmar bara UTF-8)."""
    if path.suffix.lower() == ".parquet":
        return pl.scan_parquet(path)
    with open(path, "rb") as f:
        rubrik = f.readline().decode("utf-8", errors="replace")
    sep = gissa_separator(rubrik)
    if _ar_utf8(path):
        return pl.scan_csv(path, separator=sep, infer_schema=False)
    return pl.read_csv(path, separator=sep, infer_schema=False, encoding="windows-1252").lazy()


def _kontrollera_fil(
    lf: pl.LazyFrame, fil: str, nivaer: dict[str, list[str]], binara: list[str], koder: list[str]
) -> tuple[pl.LazyFrame | None, list[Problem]]:
    """Kontrollerar en fils kolumner och värden; ut: LazyFrame med typade kolumner eller problem."""
    namn = set(lf.collect_schema().names())
    kravda = [*koder, *nivaer, *binara]
    saknas = [k for k in kravda if k not in namn]
    if saknas:
        return None, [Problem(fil, "kolumnen saknas", kolumn=k) for k in saknas]
    typad = lf.with_row_index("__rad", offset=2).select(
        "__rad",
        *[pl.col(k).cast(pl.String) for k in koder],
        *[pl.col(k).cast(pl.String) for k in nivaer],
        *[pl.col(k).cast(pl.Int64, strict=False) for k in binara],
        *[pl.col(k).cast(pl.String).alias(f"__text_{k}") for k in binara],
    )
    fel: dict[str, tuple[pl.Expr, str]] = {}
    for k in koder:
        fel[k] = (pl.col(k).is_null() | (pl.col(k).str.strip_chars() == ""), "koden saknas")
    for k, tillatna in nivaer.items():
        fel[k] = (
            pl.col(k).is_null() | ~pl.col(k).is_in(tillatna),
            f"okänd nivå; tillåtna är {', '.join(tillatna)}",
        )
    for k in binara:
        fel[k] = (~pl.col(k).is_in([0, 1]).fill_null(False), "förväntade 0 eller 1")
    antal = typad.select([e.sum().alias(k) for k, (e, _) in fel.items()]).collect(
        engine="streaming"
    )
    problem: list[Problem] = []
    for k, (uttryck, text) in fel.items():
        n = int(antal[k][0])
        if n == 0:
            continue
        visad = f"__text_{k}" if k in binara else k
        exempel = typad.filter(uttryck).select("__rad", visad).head(MAX_EXEMPEL).collect()
        for rad, varde in exempel.iter_rows():
            problem.append(Problem(fil, f"{text} (värde {varde!r})", rad=rad, kolumn=k))
        if n > MAX_EXEMPEL:
            problem.append(
                Problem(fil, f"ytterligare {n - MAX_EXEMPEL} rader med samma fel", kolumn=k)
            )
    if problem:
        return None, problem
    return typad.select([*koder, *nivaer, *[pl.col(k).cast(pl.Int8) for k in binara]]), []


def las_elevdata(
    kalla: Path,
    nivaer: dict[str, list[str]],
    binara: list[str] = (),  # type: ignore[assignment]
    koder: list[str] = (),  # type: ignore[assignment]
) -> pl.LazyFrame:
    """Elevfil(er) -> en kontrollerad LazyFrame med kolumnerna ``koder`` (text, ej tomma),
    ``nivaer`` (text, bara tillåtna nivåer) och ``binara`` (Int8, 0/1). Alla fel i alla filer
    rapporteras på en gång (``IndataFel``). Ingenting skrivs."""
    delar: list[pl.LazyFrame] = []
    problem: list[Problem] = []
    for path in elevfiler(kalla):
        lf, fel = _kontrollera_fil(skanna_fil(path), str(path), nivaer, list(binara), list(koder))
        problem += fel
        if lf is not None:
            delar.append(lf)
    if problem:
        raise IndataFel(problem)
    return pl.concat(delar, how="vertical")


def las_traningsdata(kalla: Path, modell: IndexModell) -> pl.LazyFrame:
    """Historiska avgångselever -> LazyFrame med faktorerna, utfallet och (vid kohorteffekter)
    kohorten. In: fil eller katalog, modellen. Fel -> ``IndataFel``."""
    nivaer = modellnivaer(modell)
    koder = [modell.kohortkolumn] if modell.kohorteffekter else []
    return las_elevdata(kalla, nivaer, binara=[modell.utfall], koder=koder)


def las_aktuella(kalla: Path, nivaer: dict[str, list[str]]) -> pl.LazyFrame:
    """Årets elever (F–9) -> LazyFrame med skolenhetskod, kommunkod och faktorerna i
    ``nivaer`` (faktor -> tillåtna nivåer, t.ex. ``modellnivaer(modell)``)."""
    return las_elevdata(kalla, nivaer, koder=["skolenhetskod", "kommunkod"])


def modellnivaer(modell: IndexModell) -> dict[str, list[str]]:
    """Modellens faktorer -> {faktor: tillåtna nivåer}."""
    return {f.namn: list(f.nivaer) for f in modell.faktorer}


def traningsceller(data: pl.LazyFrame | pl.DataFrame, modell: IndexModell) -> pl.DataFrame:
    """Elevrader -> celler: en rad per kombination av faktorer (och kohort) med ``antal``
    elever och ``antal_utfall``. Logistisk regression på celler ger samma skattningar,
    standardfel och log-likelihood som på elevraderna (faktorerna är kategoriska)."""
    grupper = [*modell.faktornamn]
    if modell.kohorteffekter:
        grupper.append(modell.kohortkolumn)
    return (
        data.lazy()
        .group_by(grupper)
        .agg(antal=pl.len().cast(pl.Int64), antal_utfall=pl.col(modell.utfall).cast(pl.Int64).sum())
        .sort(grupper)
        .collect(engine="streaming")
    )


def aktuella_celler(data: pl.LazyFrame | pl.DataFrame, faktorer: list[str]) -> pl.DataFrame:
    """Årets elever -> antal elever (``antal``) per skolenhet, kommun och kombination av
    ``faktorer``. Ut: celler, utan elevrader."""
    grupper = ["skolenhetskod", "kommunkod", *faktorer]
    return (
        data.lazy()
        .group_by(grupper)
        .agg(antal=pl.len().cast(pl.Int64))
        .sort(grupper)
        .collect(engine="streaming")
    )

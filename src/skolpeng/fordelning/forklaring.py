"""Svensk text för fördelningens förklaringar (ALLOCATION.md "Explaining every krona").

In: polars-uttryck med tal (belopp, index, vikter). Ut: uttryck med svensk text:
decimalkomma, hårt mellanslag (U+00A0) som tusentalsavgränsare och mellan tal och ``kr``,
äkta minustecken (−). Vektoriserat så att en fördelning med tusentals rader förklaras på
någon millisekund (fördelningen räknas om vid varje reglage i webben). Samma konventioner
som ``skolpeng.rapporter.talformat`` (som ligger i ett lager ovanför och inte får användas
här); ``kr_text`` och ``tal_text`` är skalära motsvarigheter för anteckningar.
"""

from __future__ import annotations

import polars as pl

NBSP = "\u00a0"
MINUS = "\u2212"


def _tusental(a: pl.Expr) -> pl.Expr:
    """Icke-negativa heltal (Int64) -> text med tusentalsavgränsare (upp till 10^15)."""

    def grupp(k: int) -> pl.Expr:
        return (a // 1000**k) % 1000

    def fylld(k: int) -> pl.Expr:
        return grupp(k).cast(pl.String).str.zfill(3)

    return (
        pl.when(a >= 10**12)
        .then(
            pl.concat_str(
                [(a // 10**12).cast(pl.String), fylld(3), fylld(2), fylld(1), fylld(0)],
                separator=NBSP,
            )
        )
        .when(a >= 10**9)
        .then(
            pl.concat_str([grupp(3).cast(pl.String), fylld(2), fylld(1), fylld(0)], separator=NBSP)
        )
        .when(a >= 10**6)
        .then(pl.concat_str([grupp(2).cast(pl.String), fylld(1), fylld(0)], separator=NBSP))
        .when(a >= 1000)
        .then(pl.concat_str([grupp(1).cast(pl.String), fylld(0)], separator=NBSP))
        .otherwise(a.cast(pl.String))
    )


def decimal_uttryck(x: pl.Expr, n: int = 2) -> pl.Expr:
    """Tal -> text med ``n`` decimaler och decimalkomma: 1.149 -> ``1,15``; −2500 -> ``−2 500``
    (n = 0). Avrundning halva bort från noll."""
    q = (x * 10**n).round(0).cast(pl.Int64)
    a = q.abs()
    heltal = _tusental(a // 10**n)
    text = (
        pl.concat_str([heltal, (a % 10**n).cast(pl.String).str.zfill(n)], separator=",")
        if n > 0
        else heltal
    )
    return pl.when(q < 0).then(pl.lit(MINUS) + text).otherwise(text)


def kr_uttryck(x: pl.Expr) -> pl.Expr:
    """Belopp -> ``8 412 kr`` (hela kronor)."""
    return decimal_uttryck(x, 0) + pl.lit(f"{NBSP}kr")


def antal_uttryck(x: pl.Expr) -> pl.Expr:
    """Ett antal elever: heltal utan decimaler, annars med en decimal (``12`` / ``12,4``)."""
    return (
        pl.when((x - x.round(0)).abs() < 1e-9)
        .then(decimal_uttryck(x, 0))
        .otherwise(decimal_uttryck(x, 1))
    )


def tal_text(x: float, n: int = 2) -> str:
    """Skalärt tal -> svensk text med ``n`` decimaler (``1,15``, ``12 500``)."""
    text = f"{abs(x):,.{n}f}".replace(",", "_").replace(".", ",").replace("_", NBSP)
    return (MINUS + text) if round(x, n) < 0 else text


def kr_text(x: float) -> str:
    """Skalärt belopp -> ``8 412 kr``."""
    return f"{tal_text(x, 0)}{NBSP}kr"


def kort_tal(x: float) -> str:
    """Ett parametervärde kort (``1,5``, ``0,9``, ``2``) med decimalkomma."""
    return f"{x:g}".replace(".", ",").replace("-", MINUS)


def _lit(text: str) -> pl.Expr:
    return pl.lit(text, dtype=pl.String)


def index_forklaring(
    form: str,
    alfa: float,
    beta: float,
    troskel: float | None,
    exponent: float | None,
    tak: float | None,
    viktad: bool,
) -> pl.Expr:
    """Förklaringen för en indexnyckel per rad. Kolumner: ``h`` (index, medel 1), ``wbar``
    (stadiets genomsnittliga vikt), ``tak_band`` (taket band enheten). Exempel:
    ``index 1,15 × 8 412 kr``, ``vikt 1,31 × index 1,15 × 8 412 kr``,
    ``index 0,50 × 15 000 kr − 5 000 kr`` (förstärkt), ``(index 1,15 − 0,90) × 33 000 kr``
    (tröskel), ``index 1,15^2 × 8 000 kr`` (progressiv), ``tak 20 000 kr per elev …``."""
    h = decimal_uttryck(pl.col("h"), 2)
    a = _lit(kr_text(alfa))
    if form == "forstarkt":
        karna = pl.concat_str([_lit("index "), h, _lit(" × "), a, _lit(f" − {kr_text(beta)}")])
        if viktad:
            karna = pl.concat_str([_lit("("), karna, _lit(")")])
    elif form == "troskel":
        t = kort_tal(float(troskel or 0.0))
        karna = pl.concat_str([_lit("(index "), h, _lit(f" − {t}) × "), a])
    elif form == "progressiv":
        karna = pl.concat_str([_lit("index "), h, _lit(f"^{kort_tal(float(exponent or 1))} × "), a])
    else:
        karna = pl.concat_str([_lit("index "), h, _lit(" × "), a])
    if viktad:
        karna = pl.concat_str(
            [_lit("vikt "), decimal_uttryck(pl.col("wbar"), 2), _lit(" × "), karna]
        )
    if form == "troskel":
        under = pl.concat_str(
            [
                _lit("index "),
                h,
                _lit(f" vid eller under tröskeln {kort_tal(float(troskel or 0))}: 0 kr"),
            ]
        )
        karna = pl.when(pl.col("h") <= float(troskel or 0.0)).then(under).otherwise(karna)
    if tak is not None:
        bunden = pl.concat_str(
            [_lit(f"tak {kr_text(tak)} per elev (enhetens genomsnitt; index "), h, _lit(")")]
        )
        karna = pl.when(pl.col("tak_band")).then(bunden).otherwise(karna)
    return karna


def elever_forklaring(sats: float, viktad: bool) -> pl.Expr:
    """``vikt 1,31 × 41 000 kr`` eller ``41 000 kr per elev``."""
    if viktad:
        return pl.concat_str(
            [_lit("vikt "), decimal_uttryck(pl.col("wbar"), 2), _lit(f" × {kr_text(sats)}")]
        )
    return _lit(f"{kr_text(sats)} per elev")


def malgrupp_forklaring(sats: float, malgrupp: str) -> pl.Expr:
    """``12 elever i målgruppen nyanlanda × 30 000 kr`` (kolumn ``m``)."""
    return pl.concat_str(
        [antal_uttryck(pl.col("m")), _lit(f" elever i målgruppen {malgrupp} × {kr_text(sats)}")]
    )


def enhetsbelopp_forklaring(etikett: str) -> pl.Expr:
    """``klumpsumma 250 000 kr`` / ``givet belopp 1 200 000 kr`` (kolumn ``enhetsbelopp``),
    med stadiets andel när enhetens belopp delas på flera stadier (kolumn ``andel``)."""
    bas = pl.concat_str([_lit(f"{etikett} "), kr_uttryck(pl.col("enhetsbelopp"))])
    delad = pl.concat_str(
        [
            bas,
            _lit(" × "),
            decimal_uttryck(pl.col("andel") * 100, 1),
            _lit(f"{NBSP}% (stadiets andel av enhetens elever i potten)"),
        ]
    )
    return pl.when(pl.col("andel") < 1 - 1e-12).then(delad).otherwise(bas)

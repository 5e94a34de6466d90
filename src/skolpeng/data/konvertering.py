"""Typomvandling av tabellkolumner som polars-uttryck: text (eller tal från Excel) -> typ.

In: namnet och datatypen på en rå kolumn (text från CSV; text, tal eller sant/falskt från
Excel) och kolumnens kontrakt (``Kolumn``). Ut: ``Uttryck`` – ett uttryck för det omvandlade
värdet, ett för ett svenskt felmeddelande per dålig cell (null där cellen är bra) och
flaggor för icke-fatala noteringar. Alla kolumner i en fil omvandlas i en enda ``select``:
ingen Python-loop över celler.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from skolpeng.data.schema import POLARS_TYP, Kolumn

MELLANRUM = r"[\s\u00a0\u202f\u2009]"
KODLANGD = {"kod4": 4, "kod8": 8}


@dataclass(frozen=True)
class Uttryck:
    """En kolumns omvandling: hjälpkolumner i steg (namn -> uttryck, läggs till med
    ``with_columns`` i tur och ordning), värde, felmeddelande (null = ok) och flaggor
    (notering -> sant/falskt per rad). Stegen håller uttrycken små: varje senare uttryck
    refererar hjälpkolumner i stället för att upprepa hela tolkningen."""

    steg: tuple[dict[str, pl.Expr], ...]
    varde: pl.Expr
    fel: pl.Expr
    flaggor: dict[str, pl.Expr] = field(default_factory=dict)


def ar_numerisk(dtype: pl.DataType) -> bool:
    """Sant om en rå kolumn redan är numerisk eller boolesk (en .xlsx-kolumn med tal)."""
    return dtype.is_numeric() or dtype == pl.Boolean


def text_uttryck(namn: str, dtype: pl.DataType) -> pl.Expr:
    """Rå kolumn -> text utan omgivande blanktecken, tom cell -> null. Tal från Excel som är
    heltal skrivs utan decimaler (``114.0`` -> ``114``), sant/falskt som ``1``/``0``."""
    c = pl.col(namn)
    if dtype == pl.Boolean:
        t = c.cast(pl.Int8).cast(pl.String)
    elif dtype.is_float():
        heltal = c.is_finite() & (c == c.floor()) & (c.abs() < 1e15)
        t = pl.when(heltal).then(c.cast(pl.Int64, strict=False).cast(pl.String))
        t = t.otherwise(c.cast(pl.String))
    elif dtype == pl.String:
        t = c
    else:
        t = c.cast(pl.String)
    t = t.str.strip_chars()
    return pl.when(t == "").then(None).otherwise(t)


def _fel(villkor: pl.Expr, mall: str, text: pl.Expr) -> pl.Expr:
    """Felmeddelande där ``villkor`` är sant: ``mall`` med ``{}`` ersatt av cellens text."""
    meddelande = pl.format(mall, text.fill_null("")) if "{}" in mall else pl.lit(mall)
    return pl.when(villkor.fill_null(False)).then(meddelande).otherwise(None)


def _inget_fel() -> pl.Expr:
    return pl.lit(None, dtype=pl.String)


def tal_uttryck(
    namn: str, dtype: pl.DataType, decimalkomma: bool, text: pl.Expr
) -> tuple[pl.Expr, pl.Expr]:
    """Rå kolumn (och dess text) -> (Float64 före felrensning, sant där cellen inte är ett
    ändligt tal). Tusentalsavgränsare (mellanslag, hårt mellanslag) tas bort; med
    ``decimalkomma`` är ``,`` decimaltecken (som ``format.tolka_tal``)."""
    if ar_numerisk(dtype):
        v = pl.col(namn).cast(pl.Float64)
        return v, (v.is_not_null() & ~v.is_finite()).fill_null(False)
    t = text.str.replace_all(MELLANRUM, "").str.replace_all("\u2212", "-", literal=True)
    bada = pl.lit(False)
    if decimalkomma:
        bada = t.str.contains(".", literal=True) & t.str.contains(",", literal=True)
        t = t.str.replace(",", ".", literal=True)
    v = t.cast(pl.Float64, strict=False)
    return v, (text.is_not_null() & (v.is_null() | ~v.is_finite() | bada)).fill_null(False)


def _granser(v: pl.Expr, kolumn: Kolumn, text: pl.Expr) -> list[pl.Expr]:
    """Felmeddelanden för värden under ``minst`` eller inte över ``storre_an``."""
    fel = []
    if kolumn.minst is not None:
        fel.append(_fel(v < kolumn.minst, f"värdet {{}} är mindre än {kolumn.minst:g}", text))
    if kolumn.storre_an is not None:
        mall = f"värdet {{}} måste vara större än {kolumn.storre_an:g}"
        fel.append(_fel(v <= kolumn.storre_an, mall, text))
    return fel


def _kod(text: pl.Expr, kolumn: Kolumn) -> Uttryck:
    """Koder: exakt n siffror; kortare sifferkoder fylls ut med nollor (flagga ``utfylld``)."""
    langd = KODLANGD[kolumn.typ]
    siffror = text.str.contains(r"^\d+$")
    n = text.str.len_chars()
    kort = (siffror & (n < langd)).fill_null(False)
    dalig = text.is_not_null() & ~(siffror & (n <= langd)).fill_null(False)
    fel = _fel(dalig, f"'{{}}' är ingen giltig {kolumn.namn}: {langd} siffror förväntades", text)
    varde = pl.when(dalig).then(None).when(kort).then(text.str.zfill(langd)).otherwise(text)
    return Uttryck((), varde, fel, {"utfylld": kort})


def _val(text: pl.Expr, kolumn: Kolumn) -> Uttryck:
    """Värden ur en fast lista (skiftlägesokänsligt); ``huvudmannatyp`` ``region`` ->
    ``kommunal`` (flagga ``region``)."""
    mappning = {t.lower(): t for t in kolumn.tillatna}
    flaggor = {}
    if kolumn.namn == "huvudmannatyp" and "region" in mappning:
        mappning["region"] = "kommunal"
        flaggor["region"] = (text.str.to_lowercase() == "region").fill_null(False)
    varde = text.str.to_lowercase().replace_strict(mappning, default=None, return_dtype=pl.String)
    dalig = text.is_not_null() & varde.is_null()
    mall = f"ogiltigt värde '{{}}'; tillåtna värden: {', '.join(kolumn.tillatna)}"
    return Uttryck((), varde, _fel(dalig, mall, text), flaggor)


def omvandla(namn: str, dtype: pl.DataType, kolumn: Kolumn, decimalkomma: bool) -> Uttryck:
    """Den råa kolumnen ``namn`` -> kolumnens typ enligt kontraktet, med fel och flaggor.

    Tom cell i en obligatorisk kolumn är ett fel. Koder behåller inledande nollor; en kod
    av enbart siffror som är för kort fylls ut med nollor. ``huvudmannatyp`` ``region``
    blir ``kommunal``. Gränserna ``minst``/``storre_an`` kontrolleras. Värdet i en dålig
    cell blir null. Hjälpkolumnerna heter ``__t_<kolumn>`` (texten) m.fl."""
    t_namn = f"__t_{kolumn.namn}"
    steg: list[dict[str, pl.Expr]] = [{t_namn: text_uttryck(namn, dtype)}]
    text = pl.col(t_namn)
    fel: list[pl.Expr] = []
    if kolumn.obligatorisk:
        fel.append(_fel(text.is_null(), "värde saknas", text))
    flaggor: dict[str, pl.Expr] = {}
    if kolumn.typ in ("int", "float"):
        v0_namn, b_namn = f"__v0_{kolumn.namn}", f"__b_{kolumn.namn}"
        v0, dalig = tal_uttryck(namn, dtype, decimalkomma, text)
        steg.append({v0_namn: v0, b_namn: dalig})
        v0, dalig = pl.col(v0_namn), pl.col(b_namn)
        fel.append(_fel(dalig, "'{}' är inte ett tal", text))
        if kolumn.typ == "int":
            ej_heltal = ~dalig & v0.is_not_null() & (v0 != v0.floor())
            fel.append(_fel(ej_heltal, "'{}' är inte ett heltal", text))
            dalig = dalig | ej_heltal.fill_null(False)
        v = pl.when(dalig).then(None).otherwise(v0)
        fel += _granser(v, kolumn, text)
    elif kolumn.typ in KODLANGD or kolumn.typ == "val":
        u = _kod(text, kolumn) if kolumn.typ in KODLANGD else _val(text, kolumn)
        v, flaggor = u.varde, u.flaggor
        fel.append(u.fel)
    elif kolumn.typ == "bool01":
        dalig = text.is_not_null() & ~text.is_in(["0", "1"])
        fel.append(_fel(dalig, "'{}' ska vara 0 eller 1", text))
        v = pl.when(dalig).then(None).otherwise(text)
    else:
        v = text
    forsta_fel = pl.coalesce(fel) if fel else _inget_fel()
    return Uttryck(tuple(steg), v.cast(POLARS_TYP[kolumn.typ], strict=False), forsta_fel, flaggor)


def notering(kolumn: Kolumn, flagga: str, antal: int, exempel: str | None) -> str:
    """Svensk notering för ``antal`` rader med en flagga från ``omvandla``."""
    if flagga == "utfylld":
        langd = KODLANGD[kolumn.typ]
        ex = f" (t.ex. {exempel} -> {exempel.zfill(langd)})" if exempel else ""
        return (
            f"{antal} värden i kolumnen {kolumn.namn} saknade inledande nollor och har fyllts "
            f"ut till {langd} siffror{ex}"
        )
    if flagga == "region":
        return f"{antal} rader med huvudmannatyp 'region' räknas som 'kommunal'"
    raise ValueError(flagga)

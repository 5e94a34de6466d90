"""Utjämning av skolenheternas index över flera år (docs/regler/fordelning-och-bidrag.md#indexutjamning; KPMG 3.4 om svängningar mellan åren).

In: årets ``Fordelningsunderlag`` (indexet som det går in i modellen, efter omskalning och
standardvärden) och en indexhistorik ``skolenhetskod, ar, index`` (tidigare års index som de
gick in i modellen). Ut: underlaget med utjämnat index, innan ``fordela`` räknar.

Regeln: enhetens utjämnade index = medelvärdet av årets index och historikens index för
åren ``ar − m + 1`` … ``ar − 1`` som finns för enheten (en ny enhet har bara årets). Därefter
skalas de utjämnade indexen om så att det elevviktade medelvärdet över enheterna är
detsamma som för årets index: utjämningen jämnar ut skillnaderna över tid men ändrar inte
nivån. Indexet före utjämningen står kvar i kolumnen ``index_fore_utjamning`` (och i
förra årets ``underlag_index.csv``), så att historiken alltid är outjämnad. Historiken hämtas ur datasetet (``indexhistorik``, samma indexkälla och omskalning
som modellen, ett år i taget) eller ur förra årets utdatakatalog (``historik_ur_forra``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import polars as pl

from skolpeng.data.schema import Underlag
from skolpeng.fel import IndataFel
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell
from skolpeng.fordelning.stabilitetsregler.forra_aret import ForraAret
from skolpeng.fordelning.underlag_och_resultat import Fordelningsunderlag

FORE = "index_fore_utjamning"
HISTORIK_KOLUMNER = {"skolenhetskod": pl.String, "ar": pl.Int64, "index": pl.Float64}


def utjamna_index(
    underlag: Fordelningsunderlag, historik: pl.DataFrame, ar: int, antal_ar: int
) -> Fordelningsunderlag:
    """Årets index ersatt av medelvärdet över ``antal_ar`` år (se modulens beskrivning).

    In: underlaget, historiken (``skolenhetskod, ar, index``; år ≥ ``ar`` och år före
    ``ar − antal_ar + 1`` används inte), året och m = ``antal_ar``. Ut: nytt underlag; med
    m = 1, utan index eller utan historik oförändrat (samma objekt)."""
    if underlag.index is None or antal_ar <= 1:
        return underlag
    hist = historik.filter(
        (pl.col("ar") < ar) & (pl.col("ar") >= ar - antal_ar + 1) & pl.col("index").is_not_null()
    ).select(pl.col("skolenhetskod").cast(pl.String), pl.col("index").cast(pl.Float64))
    hist = hist.filter(pl.col("skolenhetskod").is_in(underlag.index["skolenhetskod"].implode()))
    if hist.height == 0:
        return underlag
    arets = underlag.index.select("skolenhetskod", "index")
    medel = (
        pl.concat([arets, hist], how="vertical")
        .group_by("skolenhetskod")
        .agg(pl.col("index").mean().alias("utjamnat"), pl.len().alias("antal_ar"))
    )
    elever = underlag.elever.group_by("skolenhetskod").agg(pl.col("antal").sum().alias("elever"))
    ram = (
        underlag.index.join(medel, on="skolenhetskod", how="left")
        .join(elever, on="skolenhetskod", how="left")
        .with_columns(pl.col("elever").fill_null(0.0).cast(pl.Float64))
    )
    vikt = ram["elever"] if float(ram["elever"].sum()) > 0 else pl.Series([1.0] * ram.height)
    fore = float((ram["index"] * vikt).sum() / vikt.sum())
    efter = float((ram["utjamnat"] * vikt).sum() / vikt.sum())
    skala = fore / efter if efter > 0 else 1.0
    index = ram.with_columns(
        pl.col("index").alias(FORE),
        (pl.col("utjamnat") * skala).alias("index"),
    ).select(*[c for c in underlag.index.columns if c != FORE], FORE)
    flerar = int((ram["antal_ar"] > 1).sum())
    anteckning = (
        f"Index utjämnat över {antal_ar} år (medelvärde av årets och tidigare års index) för "
        f"{flerar} av {ram.height} enheter; enheter utan historik behåller årets index. "
        "De utjämnade indexen har skalats om till årets elevviktade medelvärde."
    )
    return dataclasses.replace(
        underlag, index=index, anteckningar=(*underlag.anteckningar, anteckning)
    )


def historik_ur_forra(forra: ForraAret) -> pl.DataFrame:
    """Indexhistorik (ett år) ur förra årets utdatakatalog: ``skolenhetskod, ar, index`` för
    enheter vars index inte var ett standardvärde; tom om katalogen saknar index."""
    if forra.modell is None or forra.underlag is None or forra.underlag.index is None:
        return pl.DataFrame(schema=HISTORIK_KOLUMNER)
    idx = forra.underlag.index
    varde = pl.col(FORE).fill_null(pl.col("index")) if FORE in idx.columns else pl.col("index")
    return idx.filter(~pl.col("index_standard")).select(
        pl.col("skolenhetskod").cast(pl.String),
        pl.lit(indexets_ar(forra.modell), pl.Int64).alias("ar"),
        varde.cast(pl.Float64).alias("index"),
    )


def indexets_ar(modell: Fordelningsmodell) -> int:
    """Året för modellens index: ``index.ar`` om det anges, annars modellens år."""
    if modell.index is not None and modell.index.ar is not None:
        return modell.index.ar
    return modell.ar


def utjamna_enligt_modell(
    modell: Fordelningsmodell,
    fu: Fordelningsunderlag,
    underlag: Underlag | None = None,
    forra: ForraAret | None = None,
    forbered: Callable[..., Fordelningsunderlag] | None = None,
) -> Fordelningsunderlag:
    """Indexutjämningen som modellen anger (``stabilitet.indexutjamning_ar``), med historik
    ur datasetet ``underlag`` och förra årets katalog ``forra`` (datasetet går före när båda
    har samma år). Ut: ``fu`` med utjämnat index; oförändrat utan regeln."""
    m = modell.stabilitet.indexutjamning_ar if modell.stabilitet is not None else None
    if m is None or m <= 1 or fu.index is None:
        return fu
    delar = []
    if underlag is not None:
        delar.append(indexhistorik(modell, underlag, m, forbered))
    if forra is not None:
        delar.append(historik_ur_forra(forra))
    if not delar:
        return fu
    historik = pl.concat(delar, how="vertical").unique(
        subset=["skolenhetskod", "ar"], keep="first", maintain_order=True
    )
    return utjamna_index(fu, historik, indexets_ar(modell), m)


def indexhistorik(
    modell: Fordelningsmodell,
    underlag: Underlag,
    antal_ar: int,
    forbered: Callable[..., Fordelningsunderlag] | None = None,
) -> pl.DataFrame:
    """Indexhistorik ur datasetet: för vart och ett av åren ``modell.ar − antal_ar + 1`` …
    ``modell.ar − 1`` förbereds underlaget med modellens indexkälla för det året (samma
    omskalning och samma elever) och enheternas index tas med där det inte är ett
    standardvärde; ett år som saknas i datasetet hoppas över. Bara för indexkällan ``given`` utan fil (datasetets tabell har ett index per
    år). Ut: ``skolenhetskod, ar, index``.

    ``forbered`` är ``forbered_underlag`` (parameter för test)."""
    if modell.index is None or modell.index.typ != "given" or modell.index.fil is not None:
        return pl.DataFrame(schema=HISTORIK_KOLUMNER)
    if forbered is None:
        from skolpeng.fordelning import forbered_underlag

        forbered = forbered_underlag
    bas = indexets_ar(modell)
    delar = []
    for ar in range(bas - antal_ar + 1, bas):
        tidigare = modell.model_copy(update={"index": modell.index.model_copy(update={"ar": ar})})
        try:
            fu = forbered(tidigare, underlag)
        except IndataFel:  # året saknas i datasetet: ingen historik för det året
            continue
        if fu.index is None:
            continue
        delar.append(
            fu.index.filter(~pl.col("index_standard")).select(
                pl.col("skolenhetskod").cast(pl.String),
                pl.lit(ar, pl.Int64).alias("ar"),
                pl.col("index").cast(pl.Float64),
            )
        )
    return pl.concat(delar) if delar else pl.DataFrame(schema=HISTORIK_KOLUMNER)

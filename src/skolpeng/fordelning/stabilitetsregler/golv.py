"""Stabilitetsregler (docs/regler/fordelning-och-bidrag.md#stabilitet; SKL 2014 steg 4 "infasning"; KPMG 3.4 om
svängningar mellan åren): golv för skolenhetens totala belopp per elev mot förra årets
beslutade belopp, finansierade inom ramen.

In: en beräknad ``Fordelning``, förra årets beslutade belopp per elev per skolenhet
(``skolenhetskod, kr_per_elev``) och reglerna (``Stabilitet``). Ut: en ny ``Fordelning`` där

- varje enhet med förra årets belopp och elever i år får ett golv per elev: det högsta av
  förra årets belopp − ``max_minskning_kr_per_elev``, förra årets belopp ×
  (1 − ``max_minskning_andel``) och, med infasning över k = ``infasning_ar`` år, förra årets
  belopp − (förra årets belopp − årets belopp enligt modellen)/k (ökningar direkt, en
  minskning med 1/k per år – SKL: "i två steg" är k = 2). Utan förra årets belopp (ny
  enhet) eller utan elever i år finns inget golv;
- golven finansieras inom ramen: enheter under sitt golv lyfts till golvet och kostnaden tas
  från övriga enheter i proportion till deras belopp (en gemensam faktor λ < 1), upprepat
  tills ingen enhet ligger under sitt golv. Summan över alla enheter är oförändrad;
- justeringen står som en egen pott ``stabilitetsjustering`` i ``rader`` (positiv för
  enheter som hålls uppe, negativ för de som finansierar), fördelad på enhetens stadier i
  proportion till stadiernas belopp; de ursprungliga potternas rader är orörda (varje pott
  bevaras fortfarande exakt) och stabilitetspotten summerar till 0 (även avrundad);
- ``enheter`` får kolumnerna ``kr_per_elev_fore_stabilitet, forra_kr_per_elev,
  golv_kr_per_elev, golv_bundet, stabilitetsjustering_kr`` och belopp efter justeringen;
  bindande golv står också i ``anteckningar``.

Räcker ramen inte till alla golv (summan av golven överstiger ramen, t.ex. när ramen sänks
mer än reglerna tillåter) får varje enhet sitt golv eller, om det är högre, sitt belopp enligt
modellen, minskat med samma procentsats så att ramen håller; det står i anteckningarna.

Indexutjämningen (``indexutjamning_ar``) verkar på indexet före beräkningen, se
``skolpeng.fordelning.stabilitetsregler.indexutjamning``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl

from skolpeng.avrundning import avrunda_storsta_rest
from skolpeng.data.schema import ARSKURS_TILL_STADIUM
from skolpeng.fordelning.modellfil.schema import Stabilitet
from skolpeng.fordelning.stabilitetsregler.forra_aret import STABILITETSPOTT
from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.talformat import MELLANSLAG, decimal, kr, procent

_TOL = 1e-9
#: Högst så många bindande golv beskrivs var för sig i anteckningarna (alla står i enheter).
VISADE_GOLV = 20


def har_golvregler(regler: Stabilitet | None) -> bool:
    """Sant om reglerna ger golv (största minskning i kr eller andel, eller infasning)."""
    return regler is not None and any(
        x is not None
        for x in (regler.max_minskning_kr_per_elev, regler.max_minskning_andel, regler.infasning_ar)
    )


def golv_per_elev(fore: pl.DataFrame, forra: pl.DataFrame, regler: Stabilitet) -> pl.DataFrame:
    """Golvet per elev för varje enhet.

    In: ``fore`` (``skolenhetskod, elever, kr_per_elev`` – årets belopp enligt modellen),
    ``forra`` (``skolenhetskod, kr_per_elev`` – förra årets beslutade belopp) och reglerna.
    Ut: ``fore`` med ``forra_kr_per_elev``, ``golv_kr_per_elev`` (null = inget golv) och
    ``golv_regel`` (vilken regel som gav golvet, på svenska)."""
    ram = fore.join(
        forra.select("skolenhetskod", pl.col("kr_per_elev").alias("forra_kr_per_elev")),
        on="skolenhetskod",
        how="left",
    )
    f = pl.col("forra_kr_per_elev")
    kandidater: list[tuple[pl.Expr, str]] = []
    if regler.max_minskning_kr_per_elev is not None:
        d = regler.max_minskning_kr_per_elev
        kandidater.append((f - d, f"högst {kr(d, mellanrum=MELLANSLAG)} minskning per elev"))
    if regler.max_minskning_andel is not None:
        s = regler.max_minskning_andel
        kandidater.append((f * (1 - s), f"högst {procent(s, mellanrum=MELLANSLAG)} minskning"))
    if regler.infasning_ar is not None:
        k = regler.infasning_ar
        minskning = pl.max_horizontal(f - pl.col("kr_per_elev"), pl.lit(0.0))
        kandidater.append((f - minskning / k, f"minskningen fasas in över {k} år"))
    if not kandidater:
        return ram.with_columns(
            pl.lit(None, pl.Float64).alias("golv_kr_per_elev"),
            pl.lit(None, pl.String).alias("golv_regel"),
        )
    golv = pl.max_horizontal([g for g, _ in kandidater])
    regel: pl.Expr = pl.lit(kandidater[0][1])
    for g, text in kandidater[1:]:
        regel = pl.when(g >= golv).then(pl.lit(text)).otherwise(regel)
    har_golv = f.is_not_null() & (pl.col("elever") > 0)
    return ram.with_columns(
        pl.when(har_golv).then(pl.max_horizontal(golv, pl.lit(0.0))).alias("golv_kr_per_elev"),
        pl.when(har_golv).then(regel).alias("golv_regel"),
    )


@dataclasses.dataclass(frozen=True)
class Finansiering:
    """Resultatet av ``finansiera_golv``: belopp efter justering, vilka som binder,
    faktorn λ för de obundna och om alla golv gick att finansiera."""

    belopp: np.ndarray
    bunden: np.ndarray
    faktor: float
    mojlig: bool


def finansiera_golv(belopp: np.ndarray, golv: np.ndarray) -> Finansiering:
    """Lyfter enheter till sina golv och finansierar det inom summan.

    In: ``belopp`` (enheternas belopp före justering, ≥ 0) och ``golv`` (enheternas golv i
    kronor, NaN = inget golv). Ut: ``Finansiering`` där Σ belopp är oförändrad, bundna enheter
    har exakt sitt golv och obundna sitt belopp × λ (samma λ för alla, 0 ≤ λ ≤ 1).

    Metod (vattenfyllnad): bind alla enheter vars belopp × λ understiger golvet, räkna om
    λ = (summa − Σ golv för bundna) / Σ belopp för obundna och upprepa tills inget ändras;
    λ minskar för varje varv så att en bunden enhet förblir bunden. Resultatet är
    max(λ·belopp, golv) per enhet. Är Σ golv > summan kan inte alla golv hållas: då får varje
    enhet c·max(belopp, golv) med c = summan / Σ max(belopp, golv) (``mojlig`` = False): det
    som ramen saknar tas lika procentuellt från alla."""
    a = np.asarray(belopp, dtype=np.float64)
    g = np.asarray(golv, dtype=np.float64)
    harg = ~np.isnan(g)
    gg = np.where(harg, g, 0.0)
    total = float(a.sum())
    if gg.sum() > total * (1 + _TOL) + _TOL:
        hogst = np.maximum(a, gg)
        skala = total / hogst.sum()
        return Finansiering(hogst * skala, harg & (gg > a), skala, False)
    bunden = np.zeros(len(a), dtype=bool)
    lam = 1.0
    for _ in range(len(a) + 1):
        ny = harg & ~bunden & (a * lam < gg * (1 - _TOL) - _TOL)
        if not ny.any():
            break
        bunden |= ny
        fria = a[~bunden].sum()
        rest = total - gg[bunden].sum()
        lam = max(rest, 0.0) / fria if fria > 0 else 1.0
    ut = np.where(bunden, gg, a * lam)
    # Flyttalsrest (storleksordningen 1e-9 kr) läggs på den största obundna enheten så att
    # summan står kvar exakt som i indata.
    if (~bunden).any():
        storst = int(np.argmax(np.where(bunden, -np.inf, ut)))
        ut[storst] += total - ut.sum()
    return Finansiering(ut, bunden, lam, True)


def tillampa_stabilitet(
    fordelning: Fordelning, forra: pl.DataFrame, regler: Stabilitet | None
) -> Fordelning:
    """Stabilitetsreglerna på en beräknad fördelning (se modulens beskrivning).

    In: ``fordelning`` (utan stabilitetsjustering), ``forra`` (``skolenhetskod,
    kr_per_elev``: förra årets beslutade totala belopp per elev, t.ex.
    ``ForraAret.per_elev()``), ``regler``. Ut: fördelningen med potten
    ``stabilitetsjustering``; utan golvregler oförändrad (samma objekt)."""
    if not har_golvregler(regler):
        return fordelning
    assert regler is not None
    if (fordelning.rader["pott"] == STABILITETSPOTT).any():
        raise ValueError("fördelningen har redan en stabilitetsjustering")
    belopp = fordelning.rader.group_by("skolenhetskod").agg(pl.col("belopp_kr").sum())
    fore = (
        fordelning.enheter.select("skolenhetskod", "elever")
        .join(belopp, on="skolenhetskod", how="left")
        .with_columns(pl.col("belopp_kr").fill_null(0.0))
        .with_columns(
            pl.when(pl.col("elever") > 0)
            .then(pl.col("belopp_kr") / pl.col("elever"))
            .alias("kr_per_elev")
        )
    )
    golv = golv_per_elev(fore, forra, regler)
    fin = finansiera_golv(
        golv["belopp_kr"].to_numpy(),
        (golv["golv_kr_per_elev"] * golv["elever"]).fill_null(np.nan).to_numpy(),
    )
    justering = fin.belopp - golv["belopp_kr"].to_numpy()
    info = golv.select(
        "skolenhetskod",
        pl.col("kr_per_elev").alias("kr_per_elev_fore_stabilitet"),
        "forra_kr_per_elev",
        "golv_kr_per_elev",
        "golv_regel",
        pl.Series("golv_bundet", fin.bunden),
        pl.Series("stabilitetsjustering_kr", justering),
    )
    enheter = _nya_enheter(fordelning.enheter, info)
    anteckningar = list(fordelning.anteckningar) + _anteckningar(info, fordelning.enheter, fin)
    if not np.any(np.abs(justering) > 0):
        return dataclasses.replace(fordelning, enheter=enheter, anteckningar=tuple(anteckningar))
    nya = _justeringsrader(fordelning, info, fin)
    rader = pl.concat([fordelning.rader, nya], how="vertical")
    potter = pl.concat([fordelning.potter, _pottrad(fordelning.potter, nya)], how="vertical")
    return dataclasses.replace(
        fordelning, rader=rader, potter=potter, enheter=enheter, anteckningar=tuple(anteckningar)
    )


def _nya_enheter(enheter: pl.DataFrame, info: pl.DataFrame) -> pl.DataFrame:
    """``enheter`` med belopp efter justering och stabilitetskolumnerna."""
    ut = enheter.join(info.drop("golv_regel"), on="skolenhetskod", how="left")
    return ut.with_columns(
        (pl.col("belopp_kr") + pl.col("stabilitetsjustering_kr")).alias("belopp_kr"),
    ).with_columns(
        pl.when(pl.col("elever") > 0)
        .then(pl.col("belopp_kr") / pl.col("elever"))
        .otherwise(pl.col("kr_per_elev"))
        .alias("kr_per_elev")
    )


def _stadiebelopp(fordelning: Fordelning) -> pl.DataFrame:
    """Belopp och elever per skolenhet och stadium (``skolenhetskod, stadium, elever,
    belopp_kr``) – grunden för att fördela en enhets justering på dess stadier."""
    elever = (
        fordelning.underlag.elever.with_columns(
            pl.col("arskurs").replace_strict(ARSKURS_TILL_STADIUM).alias("stadium")
        )
        .group_by("skolenhetskod", "stadium")
        .agg(pl.col("antal").sum().cast(pl.Float64).alias("elever"))
    )
    belopp = fordelning.rader.group_by("skolenhetskod", "stadium").agg(pl.col("belopp_kr").sum())
    return elever.join(belopp, on=["skolenhetskod", "stadium"], how="full", coalesce=True).select(
        "skolenhetskod",
        "stadium",
        pl.col("elever").fill_null(0.0),
        pl.col("belopp_kr").fill_null(0.0),
    )


def _justeringsrader(fordelning: Fordelning, info: pl.DataFrame, fin: Finansiering) -> pl.DataFrame:
    """Raderna för potten ``stabilitetsjustering``: enhetens justering fördelad på stadierna
    i proportion till stadiernas belopp (elever om enheten saknar belopp), med förklaring;
    avrundade med största rest så att potten summerar till 0 kr."""
    st = _stadiebelopp(fordelning).join(
        info.filter(pl.col("stabilitetsjustering_kr") != 0), on="skolenhetskod", how="inner"
    )
    u = pl.col("skolenhetskod")
    andel = (
        pl.when(pl.col("belopp_kr").sum().over(u) > 0)
        .then(pl.col("belopp_kr") / pl.col("belopp_kr").sum().over(u))
        .otherwise(pl.col("elever") / pl.col("elever").sum().over(u))
    )
    st = st.with_columns((pl.col("stabilitetsjustering_kr") * andel).alias("just")).filter(
        pl.col("elever") > 0
    )
    st = st.sort("skolenhetskod", "stadium")
    avrundat = avrunda_storsta_rest(st["just"].to_numpy(), total=0.0)
    forklaring = [
        _forklaring(r, fin)
        for r in st.select(
            "golv_bundet", "golv_kr_per_elev", "forra_kr_per_elev", "golv_regel"
        ).to_dicts()
    ]
    varden = {
        "skolenhetskod": st["skolenhetskod"],
        "stadium": st["stadium"],
        "pott": pl.Series([STABILITETSPOTT] * st.height),
        "delpott": pl.Series([None] * st.height, dtype=pl.String),
        "elever": st["elever"],
        "kr_per_elev": st["just"] / st["elever"],
        "belopp_kr": st["just"],
        "kostnadsslag": pl.Series(["undervisning"] * st.height),
        "samma_grunder": pl.Series([True] * st.height),
        "nyckel": pl.Series(["stabilitet"] * st.height),
        "nyckelvarde": st["golv_kr_per_elev"].fill_null(fin.faktor),
        "forklaring": pl.Series(forklaring, dtype=pl.String),
        "belopp_kr_avrundat": pl.Series(avrundat),
        "tak_band": pl.Series([False] * st.height),
    }
    return _som_schema(varden, fordelning.rader.schema, st.height)


def _forklaring(rad: dict, fin: Finansiering) -> str:
    """Radens förklaring: golvet som band, eller finansieringen (faktorn på beloppet)."""
    m = MELLANSLAG
    if rad["golv_bundet"]:
        text = (
            f"golv {kr(rad['golv_kr_per_elev'], mellanrum=m)} per elev "
            f"(förra året {kr(rad['forra_kr_per_elev'], mellanrum=m)}, {rad['golv_regel']})"
        )
        if not fin.mojlig:
            text += f", minskat med {procent(1 - fin.faktor, 2, mellanrum=m)} (ramen räcker inte)"
        return text
    orsak = "finansiering av golv inom ramen" if fin.mojlig else "ramen räcker inte till golven"
    faktor = decimal(fin.faktor, 6)
    return f"{orsak}: beloppet × {faktor} ({procent(fin.faktor - 1, 2, mellanrum=m)})"


def _som_schema(varden: dict[str, pl.Series], schema: pl.Schema, hojd: int) -> pl.DataFrame:
    """Ramen med exakt kolumnerna och typerna i ``schema``; okända kolumner blir null."""
    return pl.DataFrame(
        [
            (varden[k] if k in varden else pl.Series([None] * hojd)).alias(k).cast(t)
            for k, t in schema.items()
        ]
    )


def _pottrad(potter: pl.DataFrame, rader: pl.DataFrame) -> pl.DataFrame:
    """Raden för potten ``stabilitetsjustering`` i ``potter`` (belopp 0 kr)."""
    varden = {
        "pott": pl.Series([STABILITETSPOTT]),
        "kostnadsslag": pl.Series(["undervisning"]),
        "samma_grunder": pl.Series([True]),
        "belopp_kr": pl.Series([0.0]),
        "fordelat_kr": pl.Series([float(rader["belopp_kr"].sum())]),
        "fordelat_avrundat_kr": pl.Series([int(rader["belopp_kr_avrundat"].sum())]),
        "antal_enheter": pl.Series([rader["skolenhetskod"].n_unique()]),
        "elever": pl.Series([float(rader["elever"].sum())]),
    }
    return _som_schema(varden, potter.schema, 1)


def _anteckningar(info: pl.DataFrame, enheter: pl.DataFrame, fin: Finansiering) -> list[str]:
    """Svenska noteringar: varje bindande golv och hur golven finansierades."""
    namn = dict(zip(enheter["skolenhetskod"], enheter["namn"], strict=True))
    bundna = info.filter(pl.col("golv_bundet"))
    m = MELLANSLAG
    ut = []
    for r in bundna.head(VISADE_GOLV).to_dicts():
        ut.append(
            f"Stabilitet: {r['skolenhetskod']} ({namn.get(r['skolenhetskod']) or 'namn saknas'})"
            f" hålls uppe av golvet {kr(r['golv_kr_per_elev'], mellanrum=m)} per elev "
            f"(förra året {kr(r['forra_kr_per_elev'], mellanrum=m)}, {r['golv_regel']}); "
            f"enligt modellen {kr(r['kr_per_elev_fore_stabilitet'], mellanrum=m)} per elev."
        )
    if bundna.height > VISADE_GOLV:
        ut.append(
            f"Stabilitet: ytterligare {bundna.height - VISADE_GOLV} enheter hålls uppe av sina "
            "golv (kolumnen golv_bundet)."
        )
    if not fin.mojlig:
        ut.append(
            "Stabilitet: ramen räcker inte till alla golv. Varje enhet får sitt golv (eller "
            "beloppet enligt modellen om det är högre) minskat med "
            f"{procent(1 - fin.faktor, 2, mellanrum=m)} så att ramen håller."
        )
    elif bundna.height:
        total = float(info.filter(pl.col("golv_bundet"))["stabilitetsjustering_kr"].sum())
        ut.append(
            f"Stabilitet: {bundna.height} golv binder och kostar {kr(total, mellanrum=m)}, "
            f"som finansieras inom ramen genom att övriga enheters belopp minskas med "
            f"{procent(1 - fin.faktor, 2, mellanrum=m)}."
        )
    else:
        ut.append("Stabilitet: inget golv binder i år.")
    return ut

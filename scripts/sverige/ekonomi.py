"""Ekonomiska tabeller för ``sverige``: räkenskapssammandrag (fk_gr och fritidshem),
lokalkostnadsunderlag, modersmål, nationella uppgifter och kostnader per huvudman.

In: ``Kallor``, ``kommuner`` (med kommungrupp och relativ medianinkomst) och
bidragsparametrarna. Ut: tabellerna i form enligt docs/regler/dataformat.md och fakta för README. Vad som är
verkligt, härlett och syntetiskt står i varje funktion och i datasetets README.
"""

from __future__ import annotations

import polars as pl

from .antaganden import (
    BYGGKOSTNAD_ELASTICITET,
    FK_KOSTNADSKVOT,
    FRITIDSHEM_ANDEL,
    FRITIDSHEM_KOSTNAD_PER_INSKRIVEN,
    FRITIDSHEM_LOKALANDEL,
    KOSTNADSAR,
    MODERSMAL_ARSARBETSKRAFTER_RIKET,
    NATIONELLT,
    NETTOKOSTNAD_PER_ELEV_KOLADA,
    SKOLSKJUTS_PER_ELEV_2024,
)
from .kallor import Kallor

NOLLKOLUMNER = ("kop_fran_staten", "kop_fran_utlandet", "lamnade_bidrag")


def kalenderar(k: Kallor, ar: int) -> pl.DataFrame:
    """Elever per kommun, huvudmannatyp och årskurs för kalenderåret ``ar`` = medel av
    läsåren (ar−1)/ar och ar/(ar+1) (oktober ar−1 och oktober ar). Prickat = 0."""
    delar = []
    for start in (ar - 1, ar):
        e = k.kommun[start].tabeller["elever_kommun"]
        delar.append(
            e.select("kommunkod", "huvudmannatyp", "arskurs", pl.col("antal").fill_null(0))
        )
    return (
        pl.concat(delar)
        .group_by("kommunkod", "huvudmannatyp", "arskurs")
        .agg((pl.col("antal").sum() / 2.0).alias("antal"))
    )


def fk_kvoter(k: Kallor) -> tuple[pl.DataFrame, float]:
    """Registrets kvot F/åk 1 (2019/20) per kommun och huvudmannatyp (region = kommunal),
    och rikets kvot."""
    e = k.register.tabeller["elever"].filter(pl.col("arskurs").is_in(["F", "1"]))
    typ = k.register.tabeller["skolenheter"].select(
        "skolenhetskod",
        "kommunkod",
        pl.col("huvudmannatyp").replace("region", "kommunal"),
    )
    bred = (
        e.join(typ, on="skolenhetskod")
        .group_by("kommunkod", "huvudmannatyp")
        .agg(
            pl.col("antal").filter(pl.col("arskurs") == "F").sum().alias("f"),
            pl.col("antal").filter(pl.col("arskurs") == "1").sum().alias("a1"),
        )
    )
    riket = bred["f"].sum() / bred["a1"].sum()
    kvoter = bred.filter(pl.col("a1") > 0).select(
        "kommunkod", "huvudmannatyp", (pl.col("f") / pl.col("a1")).alias("kvot")
    )
    return kvoter, riket


def _elevunderlag(k: Kallor, ar: int) -> pl.DataFrame:
    """Per kommun för kalenderåret: åk 1–9 och F (skattad) för kommunal och enskild
    huvudman, samtliga åk 1–9, och fritidshemsinskrivna (syntetiskt) per typ."""
    kal = kalenderar(k, ar)
    kvoter, riket = fk_kvoter(k)
    bred = (
        kal.pivot(on="arskurs", index=["kommunkod", "huvudmannatyp"], values="antal")
        .join(kvoter, on=["kommunkod", "huvudmannatyp"], how="left")
        .with_columns(pl.col("kvot").fill_null(riket))
        .fill_null(0.0)
    )
    # Summor av halva elever är exakta; andelarna multipliceras i fast ordning (deterministiskt).
    g19 = pl.col("1")
    for g in range(2, 10):
        g19 = g19 + pl.col(str(g))
    fr_g = pl.lit(0.0)
    for g in (str(x) for x in range(1, 7)):
        fr_g = fr_g + pl.col(g) * FRITIDSHEM_ANDEL[g]
    per_typ = bred.select(
        "kommunkod",
        "huvudmannatyp",
        g19.alias("g19"),
        (pl.col("1") * pl.col("kvot")).alias("f"),
        (fr_g + pl.col("1") * pl.col("kvot") * FRITIDSHEM_ANDEL["F"]).alias("fritids"),
    )

    def typ(t: str, prefix: str) -> pl.DataFrame:
        return per_typ.filter(pl.col("huvudmannatyp") == t).select(
            "kommunkod", *[pl.col(c).alias(f"{prefix}_{c}") for c in ("g19", "f", "fritids")]
        )

    return (
        typ("kommunal", "kom")
        .join(typ("enskild", "ens"), on="kommunkod", how="full", coalesce=True)
        .join(typ("samtliga", "alla"), on="kommunkod", how="full", coalesce=True)
        .fill_null(0.0)
    )


def _kostnader(k: Kallor, ar: int) -> pl.DataFrame:
    """Skolverkets kostnader (verkliga, kommunal huvudman, åk 1–9) för året."""
    return (
        k.kostnader[ar]
        .tabeller["kostnader_kommun"]
        .select("kommunkod", "elever", "totalt_kr", "totalt_per_elev", "lokaler_per_elev")
        .with_columns(
            pl.coalesce("totalt_kr", pl.col("totalt_per_elev") * pl.col("elever")).alias(
                "totalt_kr"
            )
        )
    )


def bygg_rakenskapssammandrag(
    k: Kallor, kommuner: pl.DataFrame, admin: float, moms: float
) -> tuple[pl.DataFrame, dict[str, object]]:
    """RS-liknande tabell för fk_gr och fritidshem, åren ``KOSTNADSAR``.

    fk_gr: nettokostnad = nettoandel_ar · (kommunens kostnad åk 1–9 [verklig] + F i egen regi
    [elever skattade × ``FK_KOSTNADSKVOT`` × kostnad per elev] + ersättning till enskilda
    huvudmän [enskilda elever åk 1–9 (verkliga) och F (skattade) × kostnad per elev ×
    (1 + administration) × (1 + moms)]) + skolskjuts [syntetisk]. nettoandel_ar kalibreras så
    att rikets nettokostnad per elev F–9 blir Koladas värde (SOU 2025:72 tabell 6.3).
    Lokalposter: interna_lokalkostnader = "Lokaler per elev" (verklig) × elever F–9 i egen
    regi; övriga lokalposter, köp från staten/utlandet och lämnade bidrag = 0 (finns inte).
    Fritidshem: syntetiskt (se ``FRITIDSHEM_KOSTNAD_PER_INSKRIVEN``).
    Ut: tabellen och fakta: ``rs_ar`` (riksvärden per år) och ``egen_regi`` (per kommun och år:
    egen_regi_netto = nettoandel_ar · kostnad i egen regi F–9, dvs. fk_gr-radens nettokostnad
    utan skolskjuts och ersättning till enskilda, och elever_kommunal) för
    ``bygg_kostnader_huvudman``."""
    grupp = kommuner.select("kommunkod", "kommungrupp")
    skjuts = pl.DataFrame(
        {
            "kommungrupp": list(SKOLSKJUTS_PER_ELEV_2024),
            "skjuts": list(SKOLSKJUTS_PER_ELEV_2024.values()),
        }
    )
    ref = _kostnader(k, 2024)
    riks_2024 = ref["totalt_kr"].sum() / ref["elever"].sum()
    bidragsfaktor = (1.0 + admin) * (1.0 + moms)
    rader, fakta_ar, egen_regi = [], {}, []
    nettoandel_senast = None
    for ar in KOSTNADSAR:
        kost = _kostnader(k, ar)
        riks = kost["totalt_kr"].sum() / kost["elever"].sum()
        ram = (
            kost.join(_elevunderlag(k, ar), on="kommunkod", how="left")
            .join(grupp, on="kommunkod", how="left")
            .join(skjuts, on="kommungrupp", how="left")
            .fill_null(0.0)
            .with_columns(
                (
                    pl.col("totalt_kr")
                    + pl.col("kom_f") * FK_KOSTNADSKVOT * pl.col("totalt_per_elev")
                ).alias("egen"),
                (
                    (pl.col("ens_g19") + pl.col("ens_f") * FK_KOSTNADSKVOT)
                    * pl.col("totalt_per_elev")
                    * bidragsfaktor
                ).alias("enskilda"),
                (pl.col("elever") + pl.col("kom_f")).alias("elever_kommunal"),
                (pl.col("alla_g19") + pl.col("kom_f") + pl.col("ens_f")).alias("elever_alla"),
            )
            .with_columns(
                (
                    pl.col("skjuts")
                    * riks
                    / riks_2024
                    * (pl.col("elever_kommunal") + pl.col("ens_g19") + pl.col("ens_f"))
                ).alias("skolskjuts")
            )
        )
        brutto = ram["egen"].sum() + ram["enskilda"].sum()
        if ar in NETTOKOSTNAD_PER_ELEV_KOLADA:
            mal = NETTOKOSTNAD_PER_ELEV_KOLADA[ar] * ram["elever_alla"].sum()
            nettoandel = (mal - ram["skolskjuts"].sum()) / brutto
        else:
            nettoandel = nettoandel_senast
        nettoandel_senast = nettoandel
        fk = ram.select(
            "kommunkod",
            pl.lit(ar).alias("ar"),
            pl.lit("fk_gr").alias("verksamhet"),
            (nettoandel * (pl.col("egen") + pl.col("enskilda")) + pl.col("skolskjuts")).alias(
                "nettokostnad"
            ),
            "skolskjuts",
            *[pl.lit(0.0).alias(c) for c in NOLLKOLUMNER],
            pl.lit(0.0).alias("externa_lokalhyror"),
            pl.lit(0.0).alias("kalkylerade_kapitalkostnader"),
            (pl.col("lokaler_per_elev") * pl.col("elever_kommunal")).alias(
                "interna_lokalkostnader"
            ),
            pl.lit(0.0).alias("externa_hyresintakter"),
            "elever_kommunal",
        )
        kostnad_inskriven = FRITIDSHEM_KOSTNAD_PER_INSKRIVEN[ar] * pl.col("totalt_per_elev") / riks
        fr = ram.select(
            "kommunkod",
            pl.lit(ar).alias("ar"),
            pl.lit("fritidshem").alias("verksamhet"),
            (
                kostnad_inskriven * (pl.col("kom_fritids") + pl.col("ens_fritids") * bidragsfaktor)
            ).alias("nettokostnad"),
            pl.lit(0.0).alias("skolskjuts"),
            *[pl.lit(0.0).alias(c) for c in NOLLKOLUMNER],
            pl.lit(0.0).alias("externa_lokalhyror"),
            pl.lit(0.0).alias("kalkylerade_kapitalkostnader"),
            (FRITIDSHEM_LOKALANDEL * kostnad_inskriven * pl.col("kom_fritids")).alias(
                "interna_lokalkostnader"
            ),
            pl.lit(0.0).alias("externa_hyresintakter"),
            pl.col("kom_fritids").alias("elever_kommunal"),
        )
        rader += [fk, fr]
        egen_regi.append(
            ram.select(
                "kommunkod",
                pl.lit(ar).alias("ar"),
                (nettoandel * pl.col("egen")).alias("egen_regi_netto"),
                "elever_kommunal",
            )
        )
        fakta_ar[ar] = {
            "nettoandel": nettoandel,
            "nettokostnad": fk["nettokostnad"].sum(),
            "per_elev": fk["nettokostnad"].sum() / ram["elever_alla"].sum(),
            "elever_alla": ram["elever_alla"].sum(),
            "skolskjuts": fk["skolskjuts"].sum(),
            "enskilda": nettoandel * ram["enskilda"].sum(),
            "fritidshem": fr["nettokostnad"].sum(),
            "riks_kostnad_per_elev": riks,
        }
    rs = pl.concat(rader).sort("kommunkod", "ar", "verksamhet")
    egen = pl.concat(egen_regi).sort("kommunkod", "ar")
    return rs, {"rs_ar": fakta_ar, "egen_regi": egen}


def bygg_lokalkostnadsunderlag(k: Kallor, kommuner: pl.DataFrame) -> pl.DataFrame:
    """lokalkostnad_per_elev och elever_kommunal: verkliga (Skolverket, kommunal huvudman,
    åk 1–9); byggkostnadsindex: syntetiskt, 100 · (relativ medianinkomst)^0,25."""
    bygg = kommuner.select(
        "kommunkod",
        (100.0 * pl.col("medianinkomst_relativ").pow(BYGGKOSTNAD_ELASTICITET)).alias(
            "byggkostnadsindex"
        ),
    )
    return (
        pl.concat(
            [
                _kostnader(k, ar).select(
                    "kommunkod",
                    pl.lit(ar).alias("ar"),
                    pl.col("lokaler_per_elev").alias("lokalkostnad_per_elev"),
                    pl.col("elever").alias("elever_kommunal"),
                )
                for ar in KOSTNADSAR
            ]
        )
        .join(bygg, on="kommunkod", how="left")
        .select("kommunkod", "ar", "lokalkostnad_per_elev", "byggkostnadsindex", "elever_kommunal")
        .sort("kommunkod", "ar")
    )


def bygg_modersmal(k: Kallor, ar: int = 2024) -> pl.DataFrame:
    """Årsarbetskrafter i modersmål per kommun: rikets antal (syntetiskt) fördelat efter
    elever med utländsk bakgrund (Skolverkets andel × elever åk 1–9, medel av läsåren
    (ar−1)/ar och ar/(ar+1); prickad andel = 0)."""
    delar = [
        k.kommun[start]
        .tabeller["kommuner_bakgrund"]
        .filter(pl.col("huvudmannatyp") == "samtliga")
        .select(
            "kommunkod",
            (
                pl.col("andel_utlandsk_bakgrund").fill_null(0.0) * pl.col("elever_1_9").fill_null(0)
            ).alias("u"),
        )
        for start in (ar - 1, ar)
    ]
    u = (
        pl.concat(delar)
        .group_by("kommunkod")
        .agg((pl.col("u").sum() / 2.0).alias("u"))
        .sort("kommunkod")
    )
    return u.select(
        "kommunkod",
        pl.lit(ar).alias("ar"),
        (MODERSMAL_ARSARBETSKRAFTER_RIKET * pl.col("u") / pl.col("u").sum()).alias(
            "arsarbetskrafter"
        ),
    ).sort("kommunkod")


def bygg_nationellt() -> pl.DataFrame:
    """KPIF, lärarlön och PO-pålägg 2024–2026 (ungefärliga värden, se ``NATIONELLT``)."""
    return pl.DataFrame(
        [{"ar": ar, **v} for ar, v in sorted(NATIONELLT.items())],
        schema={
            "ar": pl.Int64,
            "kpif": pl.Float64,
            "kpif_prognos": pl.Int8,
            "larare_manadslon": pl.Float64,
            "po_palagg": pl.Float64,
        },
    )


def bygg_kostnader_huvudman(
    k: Kallor, egen_regi: pl.DataFrame, ar: int = KOSTNADSAR[-1]
) -> pl.DataFrame:
    """Kommunernas nettokostnad per elev F–9 i egen regi för året, på samma nettobas som
    räkenskapssammandraget (SOU 2025:72 avsnitt 6.3 och 9.2.3: jämförbar kostnad ur RS:s
    nettokostnad i egen regi).

    In: ``Kallor`` (Skolverkets rader per kommunal huvudman: id, år, verksamhet, typ) och
    ``egen_regi`` från ``bygg_rakenskapssammandrag`` (kommunkod, ar, egen_regi_netto =
    nettoandel · kostnad i egen regi F–9, elever_kommunal = RS-radens elever F–9 i egen regi).
    Ut: ``kostnad_per_elev = egen_regi_netto / elever_kommunal`` och ``elever =
    elever_kommunal``. Beloppet är RS-radens nettokostnad minus skolskjuts, köp, lämnade
    bidrag och ersättningen till enskilda huvudmän; schablonerna (tilläggsbelopp, lovskola,
    hemkommunsansvar, modersmål) räknar simuleringen av. Variationen mellan kommunerna är
    Skolverkets verkliga kostnad per elev åk 1–9 (med förskoleklassens skattade andel).
    Enskilda huvudmäns intäkter är inte offentliga och ingår inte."""
    netto = egen_regi.filter(pl.col("ar") == ar).select(
        pl.col("kommunkod").alias("huvudman_id"),
        (pl.col("egen_regi_netto") / pl.col("elever_kommunal")).alias("kostnad_per_elev"),
        pl.col("elever_kommunal").alias("elever"),
    )
    return (
        k.kostnader[ar]
        .tabeller["kostnader_huvudman"]
        .drop("kostnad_per_elev", "elever")
        .join(netto, on="huvudman_id", how="inner", validate="1:1")
        .sort("huvudman_id")
    )

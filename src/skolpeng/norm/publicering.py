"""Publiceringstabellen för normen i form av SOU 2025:72 tabell 9.2, för varje stadium.

In: ``NormResultat``. Ut: en tabell med, per stadium, en rad per huvudman följd av dess
skolenheter: normen och varav socioekonomi, lokalkostnad, platsgaranti, gleshet och övrigt,
i hela kronor. Ingen regel beräknas här; tabellen är en omformning och avrundning.

Beslut (docs/regler/norm.md#beslut-publicering): delarna publiceras i normårets prisnivå så att de
går ihop med normen. Normen och de fyra delarna i tabell 9.2 avrundas var för sig till hela
kronor, och ``varav_ovrigt`` (grundersättning och lönejustering utöver rikets lokalkostnad per
elev) är resten, så att de avrundade delarna summerar exakt till den avrundade normen utan att
lika belopp (platsgarantin, lokalkostnaden inom en kommun) skiljer sig med en krona mellan
raderna, vilket största-rest-metoden per rad skulle kunna ge. I de bindande varianterna är
delarna skalade med samma faktor som normen (nivå och momskompensation), så att de är delar
av normen.
"""

from __future__ import annotations

import polars as pl

from skolpeng.norm.resultat import NormResultat

VARAV: tuple[str, ...] = (
    "varav_socioekonomi",
    "varav_lokalkostnad",
    "varav_platsgaranti",
    "varav_gleshet",
    "varav_ovrigt",
)

PUBLICERING_KOLUMNER: tuple[str, ...] = (
    "stadium",
    "radtyp",
    "huvudmannatyp",
    "huvudman_id",
    "huvudman_namn",
    "skolenhetskod",
    "namn",
    "kommunkod",
    "elever",
    "norm",
    *VARAV,
)

# Rubriker som i tabell 9.2 (normkolumnens rubrik beror på stadiet, se ``normrubrik``).
VARAV_RUBRIKER: dict[str, str] = {
    "varav_socioekonomi": "Varav socioekonomi",
    "varav_lokalkostnad": "Varav lokalkostnad",
    "varav_platsgaranti": "Varav platsgaranti",
    "varav_gleshet": "Varav gleshet",
    "varav_ovrigt": "Varav övrigt",
}

STADIUM_ORDNING: dict[str, int] = {"F": 0, "1-3": 1, "4-6": 2, "7-9": 3}
STADIUM_TEXT: dict[str, str] = {
    "F": "förskoleklass",
    "1-3": "åk 1–3",
    "4-6": "åk 4–6",
    "7-9": "åk 7–9",
}
_TYP_ORDNING = {"kommunal": 0, "enskild": 1, "statlig": 2}


def normrubrik(stadium: str, variant: str = "vagledande") -> str:
    """Normkolumnens rubrik för ett stadium, t.ex. ``"Norm åk 1–3"`` (tabell 9.2)."""
    text = STADIUM_TEXT.get(stadium, stadium)
    if variant == "fritidshem":
        return f"Norm fritidshem {text}"
    return f"Norm {text}"


def publicerade_enheter(resultat: NormResultat) -> pl.DataFrame:
    """De skolenhetsrader som publiceras: bara kommunala för den vägledande normen
    (docs/regler/norm.md#varianter), alla deltagande för de andra varianterna."""
    enheter = resultat.enheter
    if resultat.variant == "vagledande":
        enheter = enheter.filter(pl.col("huvudmannatyp") == "kommunal")
    return enheter


def skalade_delar() -> list[pl.Expr]:
    """Normens redovisade delar per elev (tabell 9.2): socioekonomi, lokalkostnad, platsgaranti
    och gleshet ur normens enhetsrader, skalade med samma faktor som normen (norm /
    modellvärde) så att de är delar av normen. Ut: uttryck med namnen ``varav_*`` (utom
    ``varav_ovrigt``). Samma regel i publiceringen och i fördelningens jämförelse med normen."""
    skala = (
        pl.when(pl.col("modellvarde") != 0)
        .then(pl.col("norm") / pl.col("modellvarde"))
        .otherwise(0.0)
    )
    return [
        (pl.col("socioekonomiskt_tillagg") * skala).alias("varav_socioekonomi"),
        (pl.col("varav_lokalkostnad") * skala).alias("varav_lokalkostnad"),
        (pl.col("platsgaranti") * skala).alias("varav_platsgaranti"),
        (pl.col("gleshet") * skala).alias("varav_gleshet"),
    ]


def _delar(enheter: pl.DataFrame) -> pl.DataFrame:
    """Oavrundade delar av normen per skolenhet och stadium (normårets prisnivå)."""
    namn = pl.col("namn") if "namn" in enheter.columns else pl.lit(None, dtype=pl.String)
    return enheter.select(
        "stadium",
        "huvudmannatyp",
        "huvudman_id",
        pl.col("skolenhetskod"),
        namn.alias("namn"),
        "kommunkod",
        pl.col("elever").cast(pl.Float64),
        pl.col("norm").cast(pl.Float64),
        *skalade_delar(),
    ).with_columns(
        (
            pl.col("norm")
            - pl.col("varav_socioekonomi")
            - pl.col("varav_lokalkostnad")
            - pl.col("varav_platsgaranti")
            - pl.col("varav_gleshet")
        ).alias("varav_ovrigt")
    )


def _huvudmannarader(delar: pl.DataFrame, namn: pl.DataFrame) -> pl.DataFrame:
    """En rad per huvudman och stadium: elevviktade medelvärden av enheternas delar."""
    vagt = [
        ((pl.col(k) * pl.col("elever")).sum() / pl.col("elever").sum()).alias(k)
        for k in ("norm", *VARAV)
    ]
    rader = delar.group_by("stadium", "huvudmannatyp", "huvudman_id").agg(
        pl.col("elever").sum(),
        *vagt,
        pl.when(pl.col("kommunkod").n_unique() == 1)
        .then(pl.col("kommunkod").first())
        .otherwise(None)
        .alias("kommunkod"),
    )
    return rader.join(namn, on="huvudman_id", how="left").with_columns(
        pl.lit("huvudman").alias("radtyp"),
        pl.lit(None, dtype=pl.String).alias("skolenhetskod"),
        pl.col("huvudman_namn").alias("namn"),
    )


def _huvudmannanamn(resultat: NormResultat) -> pl.DataFrame:
    """``huvudman_id -> huvudman_namn`` ur resultatets huvudmannatabell (en rad per id)."""
    hm = resultat.huvudman
    if "huvudman_namn" not in hm.columns:
        return pl.DataFrame(schema={"huvudman_id": pl.String, "huvudman_namn": pl.String})
    return hm.select("huvudman_id", "huvudman_namn").unique("huvudman_id", keep="first")


def publiceringstabell(resultat: NormResultat) -> pl.DataFrame:
    """Tabell 9.2 för alla stadier, i hela kronor.

    In: ``NormResultat``. Ut: ``PUBLICERING_KOLUMNER``; per stadium (F, 1–3, 4–6, 7–9) och
    huvudman (kommunala först, sedan efter ``huvudman_id``) en rad ``radtyp = "huvudman"``
    (elevviktat medelvärde av dess enheter) följd av enheterna (``radtyp = "skolenhet"``).
    Beloppen är heltal; i varje rad är ``norm = Σ varav_*`` exakt.
    """
    delar = _delar(publicerade_enheter(resultat))
    namn = _huvudmannanamn(resultat)
    enheter = delar.join(namn, on="huvudman_id", how="left").with_columns(
        pl.lit("skolenhet").alias("radtyp")
    )
    huvudman = _huvudmannarader(delar, namn)
    tabell = pl.concat(
        [enheter.select(PUBLICERING_KOLUMNER), huvudman.select(PUBLICERING_KOLUMNER)],
        how="vertical",
    )
    tabell = tabell.sort(
        pl.col("stadium").replace_strict(STADIUM_ORDNING, default=99, return_dtype=pl.Int32),
        pl.col("huvudmannatyp").replace_strict(_TYP_ORDNING, default=9, return_dtype=pl.Int32),
        "huvudman_id",
        pl.col("radtyp") != "huvudman",
        "skolenhetskod",
        nulls_last=False,
        maintain_order=True,
    )
    return _avrunda(tabell)


def _avrunda(tabell: pl.DataFrame) -> pl.DataFrame:
    """Hela kronor: normen och de fyra redovisade delarna avrundas var för sig (halva
    uppåt), så att lika belopp förblir lika (platsgarantin är densamma överallt, lokal-
    kostnaden inom en kommun); ``varav_ovrigt`` är det som återstår av den avrundade normen."""
    avrundat = [_krona(k) for k in ("norm", *VARAV[:-1])]
    return tabell.with_columns(*avrundat).with_columns(
        (pl.col("norm") - pl.sum_horizontal(*VARAV[:-1])).alias("varav_ovrigt")
    )


def _krona(kolumn: str) -> pl.Expr:
    return (pl.col(kolumn) + 0.5).floor().cast(pl.Int64).alias(kolumn)

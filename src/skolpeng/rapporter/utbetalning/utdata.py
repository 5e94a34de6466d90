"""Utdatan från ``skolpeng utbetalning`` (filformaten i ``docs/utbetalning.md``).

I utkatalogen (atomiskt, ``utdata.atomisk_katalog``):

- ``utbetalningar.csv``: en rad per huvudman × skolenhet × stadium × månad (bidrag till
  enskilda huvudmän och interkommunal ersättning till andra kommuner) för alla månader till
  och med den körda: elever, belopp per elev och år och per månad, månadens belopp,
  korrigering, att betala, huvudmannens namn och organisationsnummer (``NNNNNN-NNNN``);
- ``fordringar.csv``: det kommunen kan fordra av andra hemkommuner, per månad;
- ``betalningsfiler/<huvudman>.csv`` och ``.xlsx``: de körda månadernas rader per
  betalningsmottagare, för ett ekonomisystem;
- ``beslut/``: beslut som ska fattas omgående (nya elever, nya skolenheter) och beslutet om
  ändrat bidrag efter en budgetändring (``utbetalning_beslut``);
- ``sammanfattning.txt`` och ``manifest.json``.

In: körningen (``Fordelningskorning``) och resultatet (``Utbetalningsresultat``). Ingen
regellogik: beloppen kommer färdiga.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from skolpeng.csvskrivning import skriv_csv
from skolpeng.fordelning.korning import Fordelningskorning
from skolpeng.fordelning.lika_villkor.ny_elev import MANADER
from skolpeng.fordelning.utbetalning.korning import Utbetalningsresultat
from skolpeng.fordelning.utbetalning.regel import RAKNESATT_TEXT
from skolpeng.rapporter.excel_format import Grundformat, ny_arbetsbok
from skolpeng.talformat import heltal, kr
from skolpeng.utdata import atomisk_katalog, skriv_manifest

TYPTEXT = {"bidrag": "bidrag", "ersattning": "interkommunal ersättning"}
UTBETALNINGAR_KOLUMNER: tuple[str, ...] = (
    "manad",
    "utbetalningsdag",
    "typ",
    "huvudman_id",
    "huvudman_namn",
    "organisationsnummer",
    "skolenhetskod",
    "skolenhet",
    "kommunkod",
    "stadium",
    "elever",
    "arsbelopp_per_elev_kr",
    "manadsbelopp_per_elev_kr",
    "belopp_kr",
    "korrigering_kr",
    "att_betala_kr",
    "korrigering_avser",
    "grund",
    "status",
)
FORDRINGAR_KOLUMNER: tuple[str, ...] = (
    "manad",
    "hemkommun",
    "hemkommun_namn",
    "skolenhetskod",
    "skolenhet",
    "stadium",
    "elever",
    "arsbelopp_per_elev_kr",
    "manadsbelopp_per_elev_kr",
    "belopp_kr",
    "korrigering_kr",
    "att_fordra_kr",
    "korrigering_avser",
    "grund",
    "status",
)
BETALNINGSFIL_KOLUMNER: tuple[str, ...] = (
    "betalningsmottagare",
    "organisationsnummer",
    "huvudman_id",
    "utbetalningsdag",
    "manad",
    "skolenhetskod",
    "skolenhet",
    "stadium",
    "elever",
    "belopp_kr",
    "korrigering_kr",
    "att_betala_kr",
    "specifikation",
)


def organisationsnummer(huvudman_id: pl.Expr) -> pl.Expr:
    """Tio siffror -> ``NNNNNN-NNNN`` (redan med bindestreck: oförändrat); annars tomt."""
    siffror = huvudman_id.str.replace_all("-", "")
    return (
        pl.when(siffror.str.contains(r"^\d{10}$"))
        .then(pl.concat_str(siffror.str.slice(0, 6), pl.lit("-"), siffror.str.slice(6, 4)))
        .otherwise(pl.lit(""))
    )


def _heltal_om_mojligt(d: pl.DataFrame, kolumn: str) -> pl.DataFrame:
    """Elevantal skrivs som heltal när alla är hela (räknesätten månad och termin)."""
    s = d[kolumn]
    if s.len() and bool((s == s.round(0)).all()):
        return d.with_columns(pl.col(kolumn).cast(pl.Int64))
    return d.with_columns(pl.col(kolumn).round(4))


def beskrivna_rader(
    korning: Fordelningskorning, resultat: Utbetalningsresultat
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Resultatets rader med namn, organisationsnummer och utbetalningsdag. Ut:
    (utbetalningar med ``UTBETALNINGAR_KOLUMNER``, fordringar med ``FORDRINGAR_KOLUMNER``)."""
    u = korning.underlag
    enh = u.skolenheter.select(
        "skolenhetskod",
        pl.col("namn").alias("skolenhet"),
        "kommunkod",
        "huvudman_id",
        "huvudman_namn",
    )
    kommuner = u.kommuner.select(
        pl.col("kommunkod").alias("hemkommun"), pl.col("kommunnamn").alias("hemkommun_namn")
    )
    dag = korning.modell.utbetalning.utbetalningsdag
    r = resultat.rader.join(enh, on="skolenhetskod", how="left").with_columns(
        manad=pl.format("{}-{}", pl.lit(resultat.ar), pl.col("manad").cast(pl.String).str.zfill(2)),
        utbetalningsdag=pl.format(
            "{}-{}-{}",
            pl.lit(resultat.ar),
            pl.col("manad").cast(pl.String).str.zfill(2),
            pl.lit(f"{dag:02d}"),
        ),
        arsbelopp_per_elev_kr=pl.col("arsbelopp_kr").round(2),
        manadsbelopp_per_elev_kr=pl.col("manadsbelopp_kr").round(2),
        organisationsnummer=organisationsnummer(pl.col("huvudman_id")),
    )
    utb = r.filter(pl.col("typ") != "fordran").with_columns(
        typ=pl.col("typ").replace_strict(TYPTEXT, return_dtype=pl.String)
    )
    ford = (
        r.filter(pl.col("typ") == "fordran")
        .join(kommuner, on="hemkommun", how="left")
        .rename({"att_betala_kr": "att_fordra_kr"})
    )
    utb = utb.sort("manad", "typ", "huvudman_id", "skolenhetskod", "stadium")
    ford = ford.sort("manad", "hemkommun", "skolenhetskod", "stadium")
    return (
        _heltal_om_mojligt(utb.select(UTBETALNINGAR_KOLUMNER), "elever"),
        _heltal_om_mojligt(ford.select(FORDRINGAR_KOLUMNER), "elever"),
    )


def betalningsfil(utbetalningar: pl.DataFrame) -> pl.DataFrame:
    """De körda månadernas rader med något att betala, för ett ekonomisystem:
    ``BETALNINGSFIL_KOLUMNER``."""
    return (
        utbetalningar.filter((pl.col("status") == "körd") & (pl.col("att_betala_kr") != 0))
        .with_columns(
            betalningsmottagare=pl.col("huvudman_namn"),
            specifikation=pl.concat_str(
                pl.col("typ"),
                pl.lit(", "),
                pl.col("skolenhet"),
                pl.lit(", stadium "),
                pl.col("stadium"),
                pl.when(pl.col("korrigering_avser") != "")
                .then(pl.lit("; korrigering: ") + pl.col("korrigering_avser"))
                .otherwise(pl.lit("")),
            ),
        )
        .select(BETALNINGSFIL_KOLUMNER)
        .sort("huvudman_id", "manad", "skolenhetskod", "stadium")
    )


def skriv_excel(rader: pl.DataFrame, path: Path, titel: str) -> None:
    """En betalningsfil som Excelbok: rubrikrad, raderna och en summarad."""
    bok = ny_arbetsbok(path)
    f = Grundformat(bok)
    blad = bok.add_worksheet("Utbetalning")
    blad.write(0, 0, titel, f.titel)
    kolumner = list(rader.columns)
    for j, k in enumerate(kolumner):
        blad.write(2, j, k, f.rubrik)
    for i, rad in enumerate(rader.iter_rows(), start=3):
        for j, v in enumerate(rad):
            fmt = f.kr if kolumner[j].endswith("_kr") else None
            blad.write(i, j, v, fmt)
    summa = 3 + rader.height
    blad.write(summa, 0, "Summa", f.fet)
    for k in ("belopp_kr", "korrigering_kr", "att_betala_kr"):
        blad.write(summa, kolumner.index(k), int(rader[k].sum()), f.kr_fet)
    blad.set_column(0, len(kolumner) - 1, 16)
    bok.close()


def _filnamn(huvudman_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in huvudman_id)


def sammanfattning(
    korning: Fordelningskorning,
    resultat: Utbetalningsresultat,
    utbetalningar: pl.DataFrame,
    fordringar: pl.DataFrame,
) -> list[str]:
    """Svenska rader: kommunen, månaderna, räknesättet, summor per slag, korrigeringar,
    budgetändringar, beslut och noteringar."""
    m = korning.modell
    regel = m.utbetalning
    man = ", ".join(f"{MANADER[x - 1]} {resultat.ar}" for x in resultat.manader)
    kord_u = utbetalningar.filter(pl.col("status") == "körd")
    kord_f = fordringar.filter(pl.col("status") == "körd")
    rader = [
        f"Utbetalningar för {m.namn} ({m.kommunkod}): {man}",
        f"Räknesätt: {RAKNESATT_TEXT[regel.raknesatt]}; brytdag den {regel.brytdag}, "
        f"utbetalning den {regel.utbetalningsdag} varje månad.",
    ]
    for typ in ("bidrag", "interkommunal ersättning"):
        d = kord_u.filter(pl.col("typ") == typ)
        rader.append(
            f"{typ.capitalize()}: {kr(d['att_betala_kr'].sum())} till "
            f"{heltal(d['huvudman_id'].n_unique())} mottagare, varav korrigeringar "
            f"{kr(d['korrigering_kr'].sum())}"
        )
    rader.append(
        f"Fordringar på andra hemkommuner: {kr(kord_f['att_fordra_kr'].sum())} hos "
        f"{heltal(kord_f['hemkommun'].n_unique())} kommuner, varav korrigeringar "
        f"{kr(kord_f['korrigering_kr'].sum())}"
    )
    if korning.underlag.elever_hemkommun is not None:
        rader.append("Eleverna är räknade per hemkommun enligt tabellen elever_hemkommun.")
    for v in resultat.versioner[1:]:
        assert v.andring is not None
        rader.append(
            f"Budgetändring från {v.andring.fran}: ramen {kr(v.andring.ram_kr)}; skillnaden "
            "i bidrag per elev sprids över årets återstående utbetalningar (skolförordningen "
            "14 kap. 2 §)."
        )
    if resultat.nya.height:
        rader.append(f"Beslut som ska fattas omgående: {heltal(resultat.nya.height)}")
    rader += [f"Notering: {t}" for t in resultat.anteckningar]
    return rader


def skriv_utbetalning_utdata(
    korning: Fordelningskorning,
    resultat: Utbetalningsresultat,
    ut: Path,
    argument: dict[str, object],
    indatahashar: dict[str, str],
    utskrift: Callable[[str], None] | None = None,
) -> list[str]:
    """Skriver hela utdatan atomiskt. Ut: de skrivna filernas namn (relativa)."""
    from skolpeng.rapporter.utbetalning.beslut import skriv_utbetalningsbeslut

    utbetalningar, fordringar = beskrivna_rader(korning, resultat)
    with atomisk_katalog(Path(ut)) as tmp:
        skriv_csv(utbetalningar, tmp / "utbetalningar.csv")
        skriv_csv(fordringar, tmp / "fordringar.csv")
        bet = betalningsfil(utbetalningar)
        mapp = tmp / "betalningsfiler"
        mapp.mkdir()
        for (hm,), rader in bet.group_by(["huvudman_id"], maintain_order=True):
            namn = _filnamn(str(hm))
            skriv_csv(rader, mapp / f"{namn}.csv")
            titel = f"Utbetalning till {rader['betalningsmottagare'][0]} från kommun {korning.modell.kommunkod}"
            skriv_excel(rader, mapp / f"{namn}.xlsx", titel)
        skriv_utbetalningsbeslut(korning, resultat, tmp)
        text = sammanfattning(korning, resultat, utbetalningar, fordringar)
        (tmp / "sammanfattning.txt").write_text("\n".join(text) + "\n", encoding="utf-8")
        skriv_manifest(
            tmp,
            "utbetalning",
            argument,
            indatahashar,
            dict(korning.lage.filhashar),
            extra={
                "modell": {
                    "namn": korning.modell.namn,
                    "kommunkod": korning.modell.kommunkod,
                    "ar": korning.modell.ar,
                },
                "manader": [f"{resultat.ar}-{m:02d}" for m in resultat.manader],
                "anteckningar": [*korning.anteckningar, *resultat.anteckningar],
            },
        )
        skrivna = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
    if utskrift is not None:
        for rad in text:
            utskrift(rad)
    return skrivna

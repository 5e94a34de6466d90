"""Bygger det medföljande uppföljningsdatasetet ``resultat_ak9`` ur verkliga offentliga filer.

Körs om med::

    .venv/bin/python scripts/bygg_resultat_ak9.py [--kalla /work/shared/data/real] \
        [--ut src/skolpeng/dataset/resultat_ak9]

In (se varje katalogs SOURCE.md):

- ``skolverket-data-extractor/Grundskola - Slutbetyg årskurs 9, samtliga elever 2025
  Skolenhet.csv`` – Skolverket, slutbetyg årskurs 9 läsåret 2024/25 per skolenhet;
- ``urbanpulse/Grundskola - Antal elever per årskurs 2025 Skolnivå.csv`` – Skolverket, elever
  per årskurs läsåret 2025/26 per skolenhet med andelen elever med utländsk bakgrund och med
  föräldrar med eftergymnasial utbildning (årskurs 1–9).

Filerna läses med projektets importörer (``skolpeng.data.officiella``: ``las_slutbetyg``,
``las_elever_skolniva`` och ``las_export`` för namnen); prickade celler (``.``, ``..``,
``~100``) blir saknade värden, aldrig noll. Ut (skrivs atomiskt): ``resultat.csv``,
``bakgrund.csv``, ``enheter.csv`` och ``README.md``. Samma indata ger byte för byte samma
filer. Bakgrundsandelarna gäller 2025/26 och årskurs 1–9 – en uttalad approximation av
bakgrunden för de elever som gick ut årskurs 9 2024/25; kolumnen ``matt_lasar`` säger det.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from skolpeng.data.officiella import las_elever_skolniva, las_export, las_slutbetyg
from skolpeng.utdata import atomisk_katalog

ROT = Path(__file__).resolve().parents[1]
KALLA = Path("/work/shared/data/real")
SLUTBETYG = (
    "skolverket-data-extractor/Grundskola - Slutbetyg årskurs 9, samtliga elever 2025 Skolenhet.csv"
)
ELEVER = "urbanpulse/Grundskola - Antal elever per årskurs 2025 Skolnivå.csv"
HUVUDMANNATYP = {
    "kommunal": "kommunal",
    "enskild": "enskild",
    "statlig": "statlig",
    "region": "kommunal",
}

README = """# resultat_ak9 – verkliga slutbetyg i årskurs 9 2024/25 med elevernas bakgrund

Ett medföljande uppföljningsdataset för analysen *förväntat mot faktiskt resultat*
(SALSA-typ, `skolpeng uppfoljning forvantat --resultat resultat_ak9`). Byggt av
`scripts/bygg_resultat_ak9.py` ur två offentliga exporter från Skolverket ("Statistik från
Skolverket, https://www.skolverket.se"); kör skriptet igen för att återskapa filerna byte för
byte.

| fil | rader | innehåll |
|---|---|---|
| `resultat.csv` | {n_resultat} | slutbetyg årskurs 9 läsåret 2024/25 per skolenhet |
| `bakgrund.csv` | {n_bakgrund} | elevernas bakgrund per skolenhet (mätt 2025/26, årskurs 1–9) |
| `enheter.csv` | {n_enheter} | skolenhetens namn, kommun och huvudmannatyp |

## Källor

1. **Slutbetyg**: *Grundskola – Slutbetyg årskurs 9, samtliga elever*, valt läsår 2024/25,
   skolenhetsnivå (fil `{slutbetyg}`; kopia ur GitHub-förrådet
   `meysamaghighi/skolverket-data-extractor`, se dess SOURCE.md).
2. **Bakgrund**: *Grundskola – Antal elever per årskurs*, valt läsår 2025/26, skolenhetsnivå
   (fil `{elever}`; kopia ur GitHub-förrådet `cactus-commits/UrbanPulse`, se dess SOURCE.md).

## Kolumner och ursprung

`resultat.csv` (datasetets tabell `resultat`, docs/regler/dataformat.md#resultat):

| kolumn | ursprung |
|---|---|
| `skolenhetskod` | källa 1, "Skol-enhetskod" (8 siffror) |
| `lasar` | källa 1, "Valt läsår: 2024/25" |
| `meritvarde` | källa 1, "Genomsnittligt meritvärde (17 ämnen)" |
| `andel_alla_amnen` | källa 1, "Andel (%) elever som uppfyllt betygskriterierna i alla ämnen" / 100 |
| `andel_behoriga` | källa 1, "Andel (%) elever behöriga till yrkesprog." / 100 (behörighet till gymnasiets yrkesprogram) |
| `antal_elever` | källa 1, "Antal elever" (elever i årskurs 9 med slutbetyg) |

`bakgrund.csv` (uppföljningens tabell `bakgrund`):

| kolumn | ursprung |
|---|---|
| `skolenhetskod` | källa 2, "Skol-enhetskod" |
| `lasar` | satt till 2024/25 så att raden kopplas till resultaten (se approximationen nedan) |
| `andel_eftergymnasial` | källa 2, "Andel (%) elever med föräldrar med eftergymnasial utb., åk 1-9" / 100 |
| `andel_utlandsk_bakgrund` | källa 2, "Andel (%) elever med utländsk bakgrund, åk 1-9" / 100 |
| `antal_elever` | källa 2, "Elever, årskurs 1-9" |
| `matt_lasar` | 2025/26: läsåret då andelarna mättes |

`enheter.csv`: `skolenhetskod`, `namn` ("Skola"), `kommunkod` ("Kommun-kod") och
`huvudmannatyp` ("Typ av huvudman", gemener) ur källa 1.

## Prickade värden och approximationer

- Skolverkets markeringar `..` (för få elever för att visas), `.` (uppgift saknas) och
  `~100` (avrundat) blir **saknade värden, aldrig noll**. I resultaten saknar {merit_saknas}
  enheter meritvärde och {antal_saknas} elevantal; i bakgrunden saknar {eg_saknas} enheter
  andelen med eftergymnasialt utbildade föräldrar och {ub_saknas} andelen med utländsk
  bakgrund.
- **Approximation:** bakgrundsandelarna avser *läsåret 2025/26 och årskurs 1–9*, inte de
  elever som gick ut årskurs 9 våren 2025. Skolverket publicerar inte andelarna för
  avgångskullen per skolenhet i dessa exporter; skolans elevsammansättning ändras långsamt,
  men för enskilda enheter (t.ex. en F–9-skola där låg- och mellanstadiet skiljer sig från
  högstadiet) kan andelarna avvika från avgångskullens. {utan_bakgrund} enheter med resultat
  saknas helt i 2025/26-filen (nedlagda eller utan årskurs 1–9 i oktober 2025) och utesluts i
  analysen.
- Detta är inte Skolverkets SALSA-modell (som använder individdata och fler faktorer), utan
  en elevviktad regression på enhetsnivå av samma typ.
"""


def bygg(kalla: Path) -> dict[str, pl.DataFrame | str]:
    """De verkliga filerna i ``kalla`` -> tabellnamn -> ram (och ``README``-text)."""
    resultat = las_slutbetyg(kalla / SLUTBETYG).tabeller["resultat"]
    elever = las_elever_skolniva(kalla / ELEVER)
    lasar = str(resultat["lasar"][0])
    bakgrund = (
        elever.tabeller["skolenheter_bakgrund"]
        .join(resultat.select("skolenhetskod"), on="skolenhetskod", how="semi")
        .select(
            "skolenhetskod",
            pl.lit(lasar).alias("lasar"),
            pl.col("andel_eftergymnasial").round(6),
            pl.col("andel_utlandsk_bakgrund").round(6),
            pl.col("elever_1_9").cast(pl.Float64).alias("antal_elever"),
            pl.lit(elever.period).alias("matt_lasar"),
        )
        .sort("skolenhetskod")
    )
    resultat = resultat.with_columns(pl.col("andel_alla_amnen", "andel_behoriga").round(6)).sort(
        "skolenhetskod"
    )
    export = las_export(kalla / SLUTBETYG, [("Skol-enhetskod",)])
    idx = export.kolumnindex(
        {
            "kod": ("Skol-enhetskod",),
            "namn": ("Skola",),
            "kommun": ("Kommun-kod",),
            "typ": ("Typ av huvudman",),
        }
    )
    enheter = pl.DataFrame(
        [
            (
                c[idx["kod"]].strip(),
                c[idx["namn"]].strip().rstrip("*").strip(),
                c[idx["kommun"]].strip(),
                HUVUDMANNATYP.get(c[idx["typ"]].strip().lower()),
            )
            for _, c in export.rader
        ],
        schema=["skolenhetskod", "namn", "kommunkod", "huvudmannatyp"],
        orient="row",
    ).sort("skolenhetskod")
    readme = README.format(
        n_resultat=resultat.height,
        n_bakgrund=bakgrund.height,
        n_enheter=enheter.height,
        slutbetyg=SLUTBETYG,
        elever=ELEVER,
        merit_saknas=resultat["meritvarde"].null_count(),
        antal_saknas=resultat["antal_elever"].null_count(),
        eg_saknas=bakgrund["andel_eftergymnasial"].null_count(),
        ub_saknas=bakgrund["andel_utlandsk_bakgrund"].null_count(),
        utan_bakgrund=resultat.height - bakgrund.height,
    )
    return {"resultat": resultat, "bakgrund": bakgrund, "enheter": enheter, "README": readme}


def main() -> None:
    """Kommandoraden: ``--kalla`` (katalogen med verkliga filer) och ``--ut``."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kalla", type=Path, default=KALLA)
    p.add_argument("--ut", type=Path, default=ROT / "src" / "skolpeng" / "dataset" / "resultat_ak9")
    a = p.parse_args()
    delar = bygg(a.kalla)
    with atomisk_katalog(a.ut) as tmp:
        for namn, ram in delar.items():
            if isinstance(ram, str):
                (tmp / f"{namn}.md").write_text(ram, encoding="utf-8")
            else:
                ram.write_csv(tmp / f"{namn}.csv")
    print(f"Skrev {', '.join(sorted(delar))} till {a.ut}")


if __name__ == "__main__":
    main()

"""Bygger det medföljande uppföljningsdatasetet ``resultatserie`` ur verkliga offentliga filer.

Körs om med::

    .venv/bin/python scripts/bygg_resultatserie.py [--kalla /work/shared/data/real] \
        [--ut src/skolpeng/dataset/resultatserie]

In (se varje katalogs SOURCE.md):

- ``skolverket-ak9-karta/planned_educations_statistics_gr_long.csv`` – Skolverkets svar från
  API:t *Planned educations* v4 (statistik per skolenhet, grundskola), utplattat i långt
  format: resultat i årskurs 9 läsåren 2020/21–2024/25 och nationella prov i årskurs 6
  läsåren 2021/22–2024/25;
- ``urbanpulse/Grundskola - Antal elever per årskurs 2025 Skolnivå.csv`` – Skolverket, elever
  per årskurs läsåret 2025/26 med kommun och bakgrundsandelar (årskurs 1–9); läses med
  ``skolpeng.data.officiella.las_elever_skolniva``.

Ut (atomiskt): ``resultat.csv`` (en rad per skolenhet och läsår med utfallen), ``prickade.csv``
(varje värde som inte publicerats: enhet, läsår, utfall, Skolverkets kod och cellens text),
``bakgrund.csv`` (2025/26 års bakgrund upprepad för varje läsår, ``matt_lasar`` = 2025/26),
``enheter.csv``, ``kallor.csv`` (källfilernas SHA-256 och rader) och ``README.md``. Prickade
värden (``..``, ``.``, ``~100``) blir saknade, aldrig noll; koden behålls i ``prickade.csv``.
Samma indata ger byte för byte samma filer. Okända indikatorkoder för värdetyp eller celler
som inte går att tolka stoppar bygget med alla problem på en gång.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import polars as pl

from skolpeng.data.officiella import las_elever_skolniva, las_export
from skolpeng.utdata import atomisk_katalog, sha256_fil

ROT = Path(__file__).resolve().parents[1]
KALLA = Path("/work/shared/data/real")
STATISTIK = "skolverket-ak9-karta/planned_educations_statistics_gr_long.csv"
ENHETSLISTA = "skolverket-ak9-karta/planned_educations_school_units.csv"
ELEVER = "urbanpulse/Grundskola - Antal elever per årskurs 2025 Skolnivå.csv"
STORSTA_FIL = 50_000_000  # byte; filen är ~8,5 MB

#: Skolverkets indikator -> (kolumn, divisor, läsår): andelar i procent blir 0–1.
AK9_LASAR = ("2020/21", "2021/22", "2022/23", "2023/24", "2024/25")
AK6_LASAR = AK9_LASAR[1:]
INDIKATORER: dict[str, tuple[str, float, tuple[str, ...]]] = {
    "averageGradesMeritRating9thGrade": ("meritvarde", 1.0, AK9_LASAR),
    "ratioOfPupilsIn9thGradeWithAllSubjectsPassed": ("andel_alla_amnen", 100.0, AK9_LASAR),
    "ratioOfPupils9thGradeEligibleForNationalProgramYR": ("andel_behoriga", 100.0, AK9_LASAR),
    "ratioOfPupils9thGradeEligibleForNationalProgramES": ("andel_behoriga_es", 100.0, AK9_LASAR),
    "ratioOfPupils9thGradeEligibleForNationalProgramSAEKHU": (
        "andel_behoriga_saekhu",
        100.0,
        AK9_LASAR,
    ),
    "ratioOfPupils9thGradeEligibleForNationalProgramNATE": (
        "andel_behoriga_nate",
        100.0,
        AK9_LASAR,
    ),
    "averageResultNationalTestsSubjectENG6thGrade": ("np6_engelska", 1.0, AK6_LASAR),
    "averageResultNationalTestsSubjectMA6thGrade": ("np6_matematik", 1.0, AK6_LASAR),
    "averageResultNationalTestsSubjectSVE6thGrade": ("np6_svenska", 1.0, AK6_LASAR),
    "averageResultNationalTestsSubjectSVA6thGrade": (
        "np6_svenska_som_andrasprak",
        1.0,
        AK6_LASAR,
    ),
}
UTFALLSKOLUMNER = tuple(v[0] for v in INDIKATORER.values())
#: Skolverkets värdetyper (SOURCE.md) och vad cellen då innehåller.
VARDETYPER = {
    "EXISTS": "publicerat värde",
    "OMITTED_DUE_TO_BASED_ON_FEW_PUPILS": "för få elever för att visas (..)",
    "MISSING": "uppgift saknas (.)",
    "ROUNDED_OFF_DUE_TO_FEW_PUPILS_NOT_ELIGIBLE": "avrundat: nästan alla (~100)",
}
KOLUMNER = ("schoolUnitCode", "indicator", "timePeriod", "value", "valueType", "fetchedAt")


def las_statistik(path: Path) -> pl.DataFrame:
    """Den långa statistikfilen -> ram med skolenhetskod, lasar, utfall, kod, kallvarde, varde
    (float, None när värdet inte publicerats). Bara indikatorerna i ``INDIKATORER`` och deras
    läsår tas med. Kastar ``ValueError`` med alla problem (okänd värdetyp, ogiltig cell)."""
    if path.stat().st_size > STORSTA_FIL:
        raise ValueError(f"{path.name}: större än {STORSTA_FIL} byte")
    ram = pl.read_csv(path, infer_schema_length=0)
    if tuple(ram.columns) != KOLUMNER:
        raise ValueError(f"{path.name}: kolumnerna {ram.columns} är inte {KOLUMNER}")
    rader = []
    problem = []
    for i, (kod, ind, period, varde, typ) in enumerate(
        ram.select(KOLUMNER[:5]).iter_rows(), start=2
    ):
        if ind not in INDIKATORER:
            continue
        kolumn, divisor, lasar = INDIKATORER[ind]
        if period not in lasar:
            continue
        if typ not in VARDETYPER:
            problem.append(f"rad {i}: okänd värdetyp {typ!r}")
            continue
        if not re.fullmatch(r"\d{8}", kod or ""):
            problem.append(f"rad {i}: skolenhetskoden {kod!r} har inte åtta siffror")
            continue
        tal = None
        if typ == "EXISTS":
            try:
                tal = round(float(varde.replace(",", ".")) / divisor, 6)
            except (AttributeError, ValueError):
                problem.append(f"rad {i}: värdet {varde!r} är inget tal")
                continue
        rader.append((kod, period, kolumn, typ, varde, tal))
    if problem:
        raise ValueError(f"{path.name}: " + "; ".join(problem[:50]))
    return pl.DataFrame(
        rader,
        schema={
            "skolenhetskod": pl.String,
            "lasar": pl.String,
            "utfall": pl.String,
            "kod": pl.String,
            "kallvarde": pl.String,
            "varde": pl.Float64,
        },
        orient="row",
    )


def _arskurs(elever: pl.DataFrame, arskurs: str, namn: str) -> pl.DataFrame:
    return elever.filter(pl.col("arskurs") == arskurs).select(
        "skolenhetskod", pl.col("antal").cast(pl.Float64).alias(namn)
    )


def _kommunnamn(path: Path) -> pl.DataFrame:
    """Elevfilen -> kommunkod, kommunnamn ("Kommun-kod", "Skolkommun"), en rad per kommun."""
    export = las_export(path, [("Kommun-kod",), ("Skolkommun",)])
    idx = export.kolumnindex({"kod": ("Kommun-kod",), "namn": ("Skolkommun",)})
    par = {(c[idx["kod"]].strip(), c[idx["namn"]].strip()) for _, c in export.rader}
    return pl.DataFrame(sorted(par), schema=["kommunkod", "kommunnamn"], orient="row").unique(
        "kommunkod", keep="first"
    )


README = """# resultatserie – verkliga resultat per skolenhet 2020/21–2024/25 med bakgrund

Ett medföljande uppföljningsdataset för resultatgapet över tid, förväntat mot faktiskt per år
och kommunens årliga uppföljningsrapport (`skolpeng uppfoljning resultatgap --resultat
resultatserie`, `skolpeng uppfoljning rapport --kommun KOD`). Byggt av
`scripts/bygg_resultatserie.py` ur offentliga uppgifter från Skolverket ("Statistik från
Skolverket, https://www.skolverket.se"); kör skriptet igen för att återskapa filerna byte för
byte.

| fil | rader | innehåll |
|---|---|---|
| `resultat.csv` | {n_resultat} | utfall per skolenhet och läsår ({n_enheter_res} skolenheter) |
| `prickade.csv` | {n_prickade} | varje utfall som inte publicerats, med Skolverkets kod |
| `bakgrund.csv` | {n_bakgrund} | elevernas bakgrund 2025/26, upprepad för varje läsår |
| `enheter.csv` | {n_enheter} | skolenhetens namn, kommun och huvudmannatyp |
| `kallor.csv` | {n_kallor} | källfilernas SHA-256 och antal textrader |

## Källor

1. **Resultat**: Skolverkets API *Planned educations* v4, `GET /v4/school-units/{{kod}}/statistics/gr`
   (den statistik som visas i Utbildningsguiden), hämtat 2026-04-21 och sparat i GitHub-förrådet
   `mandrean/skolverket-ak9-karta`; utplattat utan ändrade värden till
   `{statistik}` (se dess SOURCE.md). Täckning: de första cirka 2 000 skolenheterna i API:ts
   standardordning (1 674 med statistik), inget urval som är utformat för att vara representativt.
2. **Elever och bakgrund**: *Grundskola – Antal elever per årskurs*, valt läsår 2025/26,
   skolenhetsnivå (`{elever}`; kopia ur GitHub-förrådet `cactus-commits/UrbanPulse`).
3. **Namn** för enheter som saknas i källa 2: `{enhetslista}`.

SHA-256 för källfilerna:

{hashar}

## Kolumner och ursprung

`resultat.csv` (uppföljningens tabell `resultat`; andelar 0–1):

| kolumn | ursprung |
|---|---|
| `skolenhetskod` | källa 1, `schoolUnitCode` |
| `lasar` | källa 1, `timePeriod` |
| `meritvarde` | källa 1, `averageGradesMeritRating9thGrade` (genomsnittligt meritvärde, årskurs 9) |
| `andel_alla_amnen` | källa 1, `ratioOfPupilsIn9thGradeWithAllSubjectsPassed` / 100 (årskurs 9) |
| `andel_behoriga` | källa 1, `ratioOfPupils9thGradeEligibleForNationalProgramYR` / 100 (behöriga till yrkesprogram) |
| `andel_behoriga_es` | källa 1, `…ProgramES` / 100 (estetiska programmet) |
| `andel_behoriga_saekhu` | källa 1, `…ProgramSAEKHU` / 100 (samhälls-, ekonomi- och humanistiska programmen) |
| `andel_behoriga_nate` | källa 1, `…ProgramNATE` / 100 (natur- och teknikprogrammen) |
| `np6_engelska` | källa 1, `averageResultNationalTestsSubjectENG6thGrade` (genomsnittligt provbetyg 0–20, årskurs 6) |
| `np6_matematik` | källa 1, `…MA6thGrade` |
| `np6_svenska` | källa 1, `…SVE6thGrade` |
| `np6_svenska_som_andrasprak` | källa 1, `…SVA6thGrade` |
| `antal_elever` | källa 2, "Elever, årskurs 9" **läsåret 2025/26** (vikten för årskurs 9-utfallen) |
| `antal_elever_ak6` | källa 2, "Elever, årskurs 6" **läsåret 2025/26** (vikten för årskurs 6-utfallen) |

Årskurs 9-utfallen finns för läsåren 2020/21–2024/25, proven i årskurs 6 för 2021/22–2024/25.
Publicerade värden per utfall och läsår:

{tackning}

`prickade.csv`: `skolenhetskod`, `lasar`, `utfall` (kolumnen i `resultat.csv`), `kod`
(Skolverkets värdetyp) och `kallvarde` (cellens text). Antal per kod:

{koder}

`bakgrund.csv`: `skolenhetskod`, `lasar` (varje läsår i serien), `andel_eftergymnasial`
(källa 2, "Andel (%) elever med föräldrar med eftergymnasial utb., åk 1-9" / 100),
`andel_utlandsk_bakgrund` (källa 2, "Andel (%) elever med utländsk bakgrund, åk 1-9" / 100),
`antal_elever` (källa 2, "Elever, årskurs 1-9") och `matt_lasar` = 2025/26.

`enheter.csv`: `skolenhetskod`, `namn`, `kommunkod`, `kommunnamn` ("Skolkommun") och
`huvudmannatyp` ur källa 2; för
{utan_kommun} enheter som saknas där bara namnet ur källa 3 (kommunen är okänd: källans
kommunfilter i anropen ignorerades av API:t, se SOURCE.md).

## Prickade värden och approximationer

- Skolverkets markeringar `..` (för få elever), `.` (uppgift saknas) och `~100` (nästan alla
  behöriga, avrundat för att skydda enskilda elever) blir **saknade värden, aldrig noll**;
  koden finns kvar i `prickade.csv`. `~100` betyder att andelen ligger nära 100 %: att utesluta
  dem gör att urvalet för behörigheten saknar många av de bästa enheterna. Elevantalet
  "cirka N" i källan (`totalNumberOfPupils`) används inte; de exakta antalen kommer ur källa 2.
- **Approximation – samma bakgrund alla år:** bakgrundsandelarna och elevantalen (vikterna)
  gäller *läsåret 2025/26*, för bakgrunden årskurs 1–9, och används för **varje** läsår
  2020/21–2024/25. Skolverket publicerar inte andelarna per skolenhet och år i dessa
  källor. En förändring i resultatgapet över tid kan därför inte skiljas från en förändring
  i elevsammansättningen; en skola vars elever har förändrats får fel förväntat värde för de
  tidiga åren. {utan_bakgrund} enheter med utfall saknas i 2025/26-filen (nedlagda eller utan
  elever i oktober 2025) och utesluts i analyserna.
- Täckningen är inte hela riket: {n_enheter_res} av Sveriges drygt 4 600 grundskoleenheter,
  med många i Stockholm och få i andra kommuner.
"""


def _tabell(rubrik: list[str], rader: list[list[str]]) -> str:
    ut = ["| " + " | ".join(rubrik) + " |", "|" + "---|" * len(rubrik)]
    ut += ["| " + " | ".join(r) + " |" for r in rader]
    return "\n".join(ut)


def bygg(kalla: Path) -> dict[str, pl.DataFrame | str]:
    """De verkliga filerna i ``kalla`` -> filnamn utan ändelse -> ram (och ``README``-text)."""
    lang = las_statistik(kalla / STATISTIK)
    elever = las_elever_skolniva(kalla / ELEVER)
    enheter25 = elever.tabeller["skolenheter"]
    koder = lang.select("skolenhetskod", "lasar").unique()
    bred = lang.pivot(on="utfall", index=["skolenhetskod", "lasar"], values="varde")
    for k in UTFALLSKOLUMNER:
        if k not in bred.columns:
            bred = bred.with_columns(pl.lit(None, dtype=pl.Float64).alias(k))
    per_arskurs = elever.tabeller["elever"]
    resultat = (
        koder.join(bred, on=["skolenhetskod", "lasar"], how="left")
        .join(_arskurs(per_arskurs, "9", "antal_elever"), on="skolenhetskod", how="left")
        .join(_arskurs(per_arskurs, "6", "antal_elever_ak6"), on="skolenhetskod", how="left")
        .select("skolenhetskod", "lasar", *UTFALLSKOLUMNER, "antal_elever", "antal_elever_ak6")
        .sort("skolenhetskod", "lasar")
    )
    prickade = (
        lang.filter(pl.col("kod") != "EXISTS")
        .select("skolenhetskod", "lasar", "utfall", "kod", "kallvarde")
        .sort("skolenhetskod", "lasar", "utfall")
    )
    enheter_i_serien = resultat.select("skolenhetskod").unique()
    bakgrund = (
        elever.tabeller["skolenheter_bakgrund"]
        .join(enheter_i_serien, on="skolenhetskod", how="semi")
        .drop("lasar")
        .join(pl.DataFrame({"lasar": list(AK9_LASAR)}), how="cross")
        .select(
            "skolenhetskod",
            "lasar",
            pl.col("andel_eftergymnasial").round(6),
            pl.col("andel_utlandsk_bakgrund").round(6),
            pl.col("elever_1_9").cast(pl.Float64).alias("antal_elever"),
            pl.lit(elever.period).alias("matt_lasar"),
        )
        .sort("skolenhetskod", "lasar")
    )
    lista = pl.read_csv(kalla / ENHETSLISTA, infer_schema_length=0).select(
        pl.col("schoolUnitCode").alias("skolenhetskod"), pl.col("schoolUnitName").alias("namn")
    )
    kanda = (
        enheter25.join(enheter_i_serien, on="skolenhetskod", how="semi")
        .join(_kommunnamn(kalla / ELEVER), on="kommunkod", how="left")
        .select("skolenhetskod", "namn", "kommunkod", "kommunnamn", "huvudmannatyp")
    )
    okanda = (
        enheter_i_serien.join(kanda, on="skolenhetskod", how="anti")
        .join(lista.unique("skolenhetskod", keep="first"), on="skolenhetskod", how="left")
        .select(
            "skolenhetskod",
            "namn",
            pl.lit(None, dtype=pl.String).alias("kommunkod"),
            pl.lit(None, dtype=pl.String).alias("kommunnamn"),
            pl.lit(None, dtype=pl.String).alias("huvudmannatyp"),
        )
    )
    enheter = pl.concat([kanda, okanda]).sort("skolenhetskod")
    filer = {"statistik": STATISTIK, "elever": ELEVER, "enhetslista": ENHETSLISTA}
    kallor = pl.DataFrame(
        [
            (namn, fil, sha256_fil(kalla / fil), (kalla / fil).read_bytes().count(b"\n"))
            for namn, fil in filer.items()
        ],
        schema=["kalla", "fil", "sha256", "textrader"],
        orient="row",
    )
    tackning = (
        resultat.unpivot(index=["skolenhetskod", "lasar"], on=list(UTFALLSKOLUMNER))
        .filter(pl.col("value").is_not_null())
        .group_by("variable", "lasar")
        .len()
        .pivot(on="lasar", index="variable", values="len", sort_columns=True)
    )
    lasar_kol = [c for c in AK9_LASAR if c in tackning.columns]
    tack_rader = [
        [r["variable"], *(str(r[c]) if r[c] is not None else "–" for c in lasar_kol)]
        for r in tackning.sort("variable").iter_rows(named=True)
    ]
    kodantal = prickade.group_by("kod").len().sort("kod")
    readme = README.format(
        n_resultat=resultat.height,
        n_enheter_res=enheter_i_serien.height,
        n_prickade=prickade.height,
        n_bakgrund=bakgrund.height,
        n_enheter=enheter.height,
        n_kallor=kallor.height,
        statistik=STATISTIK,
        elever=ELEVER,
        enhetslista=ENHETSLISTA,
        hashar="\n".join(f"- `{f}`: `{h}`" for f, h in kallor.select("fil", "sha256").iter_rows()),
        tackning=_tabell(["utfall", *lasar_kol], tack_rader),
        koder=_tabell(
            ["kod", "betydelse", "antal"],
            [[k, VARDETYPER[k], str(n)] for k, n in kodantal.iter_rows()],
        ),
        utan_kommun=okanda.height,
        utan_bakgrund=enheter_i_serien.height - bakgrund.select("skolenhetskod").unique().height,
    )
    return {
        "resultat": resultat,
        "prickade": prickade,
        "bakgrund": bakgrund,
        "enheter": enheter,
        "kallor": kallor,
        "README": readme,
    }


def main() -> None:
    """Kommandoraden: ``--kalla`` (katalogen med verkliga filer) och ``--ut``."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kalla", type=Path, default=KALLA)
    p.add_argument(
        "--ut", type=Path, default=ROT / "src" / "skolpeng" / "dataset" / "resultatserie"
    )
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

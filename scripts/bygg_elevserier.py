"""Bygger de medföljande elevserierna för utbudsansvarsanalysen (docs/regler/utbudsansvar.md).

Skriver till ``src/skolpeng/dataset/elevserier/``:

- ``riket.csv`` och ``kommuner.csv``: verkliga elevantal i grundskolans årskurs 1–9 per
  läsår 2020/21–2024/25 (raden "Samtliga" = alla huvudmannatyper, och raden "Kommunal"),
  ur Skolverkets exporter "Grundskola - Antal elever per årskurs {2020..2024} Kommun.csv"
  (se ``/work/shared/data/real/skolverket-examen/SOURCE.md``);
- ``syntetisk_riket.csv``: en syntetisk, deterministisk lång nationell serie 1960–2040 för
  demonstrationen, formad som Sveriges elevkullsvågor (se ``syntetisk_serie``);
- ``kostnadspanel_kommuner.csv``: kommunernas kostnader för grundskolan i egen regi per
  kostnadsslag och kalenderår 2020–2024 och det genomsnittliga elevantalet, ur Skolverkets
  "Grundskola - Kostnader per kommun {2020..2024} Kommun.csv" – panelen för tabell 10.2.

Körs om med ``.venv/bin/python scripts/bygg_elevserier.py [--radata KATALOG]``; samma indata
ger byte för byte samma filer.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from skolpeng.data.format import avkoda, tolka_skolverket_tal

ROT = Path(__file__).resolve().parents[1]
UTKATALOG = ROT / "src" / "skolpeng" / "dataset" / "elevserier"
RADATA = Path("/work/shared/data/real/skolverket-examen")
FILMONSTER = "Grundskola - Antal elever per årskurs {ar} Kommun.csv"
AR = (2020, 2021, 2022, 2023, 2024)
TOTALKOLUMN = "Elever, årskurs 1-9"
KOSTNADSFILMONSTER = "Grundskola - Kostnader per kommun {ar} Kommun.csv"
# Kostnadsslagen grupperade som i SOU 2025:72 tabell 10.2 (kolumner "… per elev", kr).
KOSTNADSGRUPPER: dict[str, tuple[str, ...]] = {
    "undervisning_elevhalsa_ovrigt_kr": (
        "Undervisning per elev",
        "Elevhälsa per elev",
        "Övrigt per elev",
    ),
    "lokaler_kr": ("Lokaler per elev",),
    "larverktyg_maltider_kr": ("Lärverktyg per elev", "Måltider per elev"),
}

# --- Syntetisk serie -------------------------------------------------------------------
# Stiliserade födelsetal (tusental) vid några årtal, linjärt interpolerade däremellan. De är
# valda för att ge Sveriges välkända form – toppar i skolåldern omkring mitten av 1970-talet,
# omkring 2002 och omkring 2023, dalar omkring 1990, 2010 och slutet av 2030-talet – men de är
# INTE SCB:s siffror och serien är ingen prognos.
FODDA_ANKARE: tuple[tuple[int, float], ...] = (
    (1945, 128.0),
    (1950, 112.0),
    (1955, 106.0),
    (1960, 102.0),
    (1965, 122.0),
    (1970, 110.0),
    (1975, 103.0),
    (1980, 97.0),
    (1984, 94.0),
    (1990, 123.0),
    (1994, 112.0),
    (1999, 88.0),
    (2004, 100.0),
    (2010, 115.0),
    (2016, 117.0),
    (2020, 112.0),
    (2024, 98.0),
    (2030, 102.0),
    (2035, 107.0),
)
SYNTETISK_FORSTA_AR = 1960
SYNTETISK_SISTA_AR = 2040
# Nettoinflyttning i skolåldern: ett påslag som växer linjärt från 2 % (1960) till 9 % (2025).
INFLYTTNING = ((1960, 0.02), (2025, 0.09))
ALDRAR_AK1_9 = range(7, 16)  # årskurs 1–9 hösten år t: födda t−15 … t−7


def _interpolera(punkter: tuple[tuple[int, float], ...], ar: int) -> float:
    """Linjär interpolation mellan ankarpunkter; konstant utanför."""
    if ar <= punkter[0][0]:
        return punkter[0][1]
    for (a0, v0), (a1, v1) in zip(punkter, punkter[1:], strict=False):
        if a0 <= ar <= a1:
            return v0 + (v1 - v0) * (ar - a0) / (a1 - a0)
    return punkter[-1][1]


def syntetisk_serie() -> list[tuple[int, int]]:
    """Den syntetiska nationella serien: (år, elever i åk 1–9), 1960–2040.

    Elever år t = (1 + inflyttning(t)) × Σ_{ålder 7..15} födda(t − ålder) × 1000, avrundat.
    """
    rader = []
    for ar in range(SYNTETISK_FORSTA_AR, SYNTETISK_SISTA_AR + 1):
        kull = sum(_interpolera(FODDA_ANKARE, ar - alder) for alder in ALDRAR_AK1_9)
        paslag = _interpolera(INFLYTTNING, ar)
        rader.append((ar, round((1.0 + paslag) * kull * 1000.0)))
    return rader


def syntetisk_csv() -> str:
    """Den syntetiska serien som CSV-text (ar,antal_elever)."""
    ut = io.StringIO()
    w = csv.writer(ut, lineterminator="\n")
    w.writerow(["ar", "antal_elever"])
    w.writerows(syntetisk_serie())
    return ut.getvalue()


# --- Verkliga serier -------------------------------------------------------------------


def _las_export(fil: Path) -> list[dict[str, str]]:
    """Skolverkets export -> rader (dict kolumn -> cell). Hoppar över banderollen före
    rubrikraden och fotnoten efter första tomma raden."""
    text, _ = avkoda(fil.read_bytes())
    rader = text.splitlines()
    start = next(i for i, r in enumerate(rader) if r.startswith("Kommun;Kommun"))
    slut = next((i for i in range(start + 1, len(rader)) if not rader[i].strip()), len(rader))
    return list(csv.DictReader(rader[start:slut], delimiter=";"))


def _heltal(cell: str | None, fil: Path, rad: str) -> int | None:
    varde, _markering = tolka_skolverket_tal(cell)
    if varde is None:
        return None
    if varde != int(varde) or varde < 0:
        raise ValueError(f"{fil.name}: {rad}: {cell!r} är inget antal")
    return int(varde)


def verkliga_serier(radata: Path) -> tuple[str, str]:
    """Läser de fem exporterna. Ut: (riket.csv, kommuner.csv) som text."""
    kommunrader: list[tuple[str, str, int, str, int, int | None]] = []
    for ar in AR:
        fil = radata / FILMONSTER.format(ar=ar)
        lasar = f"{ar}/{(ar + 1) % 100:02d}"
        per_kommun: dict[str, dict[str, object]] = {}
        for r in _las_export(fil):
            kod = r["Kommun-kod"].strip()
            typ = r["Typ av huvudman"].strip()
            if typ not in ("Samtliga", "Kommunal"):
                continue
            post = per_kommun.setdefault(kod, {"kommun": r["Kommun"].strip()})
            post[typ] = _heltal(r[TOTALKOLUMN], fil, f"{kod} {typ}")
        for kod, post in sorted(per_kommun.items()):
            samtliga = post.get("Samtliga")
            if samtliga is None:
                raise ValueError(f"{fil.name}: kommun {kod} saknar raden Samtliga med ett antal")
            kommunal = post.get("Kommunal")
            kommunrader.append(
                (kod, str(post["kommun"]), ar, lasar, int(samtliga), kommunal)  # type: ignore[arg-type]
            )
    k = io.StringIO()
    w = csv.writer(k, lineterminator="\n")
    w.writerow(["kommunkod", "kommun", "ar", "lasar", "antal_elever", "antal_elever_kommunal"])
    for kod, namn, ar, lasar, samtliga, kommunal in kommunrader:
        w.writerow([kod, namn, ar, lasar, samtliga, "" if kommunal is None else kommunal])
    r = io.StringIO()
    w = csv.writer(r, lineterminator="\n")
    w.writerow(["ar", "lasar", "antal_elever", "antal_elever_kommunal"])
    for ar in AR:
        lasar = f"{ar}/{(ar + 1) % 100:02d}"
        rader = [x for x in kommunrader if x[2] == ar]
        w.writerow([ar, lasar, sum(x[4] for x in rader), sum(x[5] or 0 for x in rader)])
    return r.getvalue(), k.getvalue()


def kostnadspanel(radata: Path) -> str:
    """Kostnadspanelen som CSV-text: en rad per kommun och kalenderår 2020–2024 med
    antal_elever (genomsnittligt elevantal), totalt_kr (kolumnen Totalt, tkr × 1000) och varje
    kostnadsgrupp = Σ kostnad per elev × genomsnittligt elevantal (kr; kostnaden per elev är
    avrundad till 100 kr, elevhälsan till 10 kr). En grupp lämnas tom om någon del saknas
    (markering) eller är negativ."""
    ut = io.StringIO()
    w = csv.writer(ut, lineterminator="\n")
    w.writerow(["kommunkod", "kommun", "ar", "antal_elever", "totalt_kr", *KOSTNADSGRUPPER])
    for ar in AR:
        fil = radata / KOSTNADSFILMONSTER.format(ar=ar)
        rader = sorted(_las_export(fil), key=lambda r: r["Kommunkod"].strip())
        for r in rader:
            kod = r["Kommunkod"].strip()
            elever, _ = tolka_skolverket_tal(r["Genomsnittligt elevantal"])
            totalt, _ = tolka_skolverket_tal(r["Totalt"])
            grupper: list[str] = []
            for kolumner in KOSTNADSGRUPPER.values():
                per_elev = [tolka_skolverket_tal(r[k])[0] for k in kolumner]
                if elever is None or any(v is None or v < 0 for v in per_elev):
                    # saknas, eller negativ (två fall 2020: måltider i Bjurholm och Skurup)
                    grupper.append("")
                else:
                    grupper.append(str(round(sum(per_elev) * elever)))  # type: ignore[arg-type]
            w.writerow(
                [
                    kod,
                    r["Kommun"].strip(),
                    ar,
                    "" if elever is None else round(elever),
                    "" if totalt is None else round(totalt * 1000),
                    *grupper,
                ]
            )
    return ut.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Bygger alla fyra filerna. Ut: exitkod 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--radata", type=Path, default=RADATA)
    parser.add_argument("--ut", type=Path, default=UTKATALOG)
    args = parser.parse_args(argv)
    args.ut.mkdir(parents=True, exist_ok=True)
    riket, kommuner = verkliga_serier(args.radata)
    (args.ut / "riket.csv").write_text(riket, encoding="utf-8")
    (args.ut / "kommuner.csv").write_text(kommuner, encoding="utf-8")
    (args.ut / "syntetisk_riket.csv").write_text(syntetisk_csv(), encoding="utf-8")
    (args.ut / "kostnadspanel_kommuner.csv").write_text(
        kostnadspanel(args.radata), encoding="utf-8"
    )
    print(
        "Skrev riket.csv, kommuner.csv, syntetisk_riket.csv och kostnadspanel_kommuner.csv "
        f"i {args.ut}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Testhjälp: en handräknad kommun för utbetalningarna.

Kommunen A (1111) har tre egna skolenheter (A1, A2, A3) och två enskilda (E1, E2); grannen B
(2222) har en kommunal (B1) och en enskild (E3) enhet; C (3333) har inga enheter men elever
folkbokförda där. Modellen: en pott, hela ramen per elev (ingen vikt, inget index), 1 000
elever i A:s enheter vid räkningsdatumet: 100 000 000 kr / 1 000 = 100 000 kr per elev;
lokalkostnaden för enskilda 10 000 kr per elev (modellens uppgift). Från september höjs
ramen till 112 000 000 kr (budgettillskott).

Elever per månad och hemkommun (``elever_hemkommun``) ges av ``antal(version)``: version 1 är
det som var känt till och med april, version 2 det som är känt från maj (E2:s folkbokförda i
årskurs 7 i mars och april var 82, inte 80: en retroaktiv rättelse). En elev börjar vid E1 i
mars (100 -> 101 från mars).
"""

from __future__ import annotations

from pathlib import Path

from tests.data.hjalp import csv_text

A, B, C = "1111", "2222", "3333"
RAM = 100_000_000
RAM_SEPTEMBER = 112_000_000
ELEVER_I_A = 1000
LOKALKOSTNAD = 10_000

SKOLENHETER = [
    ("10000011", "A1 skola", A, "kommunal", A, "A kommun", "0"),
    ("10000012", "A2 skola", A, "kommunal", A, "A kommun", "0"),
    ("10000013", "A3 skola", A, "kommunal", A, "A kommun", "0"),
    ("10000021", "E1 friskola", A, "enskild", "5560000001", "Ett AB", "0"),
    ("10000022", "E2 friskola", A, "enskild", "5560000002", "Två AB", "0"),
    ("10000031", "B1 skola", B, "kommunal", B, "B kommun", "0"),
    ("10000032", "E3 friskola", B, "enskild", "5560000003", "Tre AB", "0"),
]
# räkningsdatumets elever (elever.csv, läsåret 2025/26): A:s enheter summerar till 1 000
ELEVER_OKTOBER = {
    ("10000011", "1"): 306,
    ("10000012", "7"): 253,
    ("10000013", "1"): 246,
    ("10000021", "1"): 110,
    ("10000022", "7"): 85,
    ("10000031", "1"): 300,
    ("10000032", "7"): 62,
}
# (skolenhet, årskurs, hemkommun) -> antal varje månad (om inget annat anges nedan)
GRUND = {
    ("10000011", "1", A): 300,
    ("10000011", "1", B): 4,
    ("10000011", "1", C): 2,
    ("10000012", "7", A): 250,
    ("10000012", "7", C): 3,
    ("10000013", "1", A): 246,
    ("10000021", "1", A): 100,
    ("10000021", "1", B): 10,
    ("10000022", "7", A): 80,
    ("10000022", "7", C): 5,
    ("10000032", "7", A): 12,
    ("10000032", "7", B): 50,
    ("10000031", "1", A): 6,
    ("10000031", "7", A): 2,
}
PRISLISTA = [(B, "1-3", "96000")]


def antal(version: int) -> dict[tuple[str, str, str, int], int]:
    """(skolenhet, årskurs, hemkommun, månad) -> antal i den version av underlaget som är
    känd (1: till och med april, 2: från maj)."""
    ut = {}
    for (enhet, ak, hem), n in GRUND.items():
        for m in range(1, 13):
            x = n
            if (enhet, hem) == ("10000021", A) and m >= 3:
                x = 101  # en elev börjar i mars
            if version >= 2 and (enhet, hem) == ("10000022", A) and m >= 3:
                x = 82  # rättelse: två elever började redan i mars
            ut[(enhet, ak, hem, m)] = x
    return ut


def skriv_dataset(katalog: Path, version: int) -> Path:
    """Skriver datasetet (med ``elever_hemkommun`` i versionen ``version``). Ut: katalogen."""
    katalog.mkdir(parents=True, exist_ok=True)
    tab: dict[str, tuple[list[str], list[list[str]]]] = {
        "skolenheter": (
            [
                "skolenhetskod",
                "namn",
                "kommunkod",
                "huvudmannatyp",
                "huvudman_id",
                "huvudman_namn",
                "internationell",
            ],
            [list(s) for s in SKOLENHETER],
        ),
        "elever": (
            ["skolenhetskod", "verksamhet", "lasar", "arskurs", "antal"],
            [[e, "fk_gr", "2025/26", ak, str(n)] for (e, ak), n in ELEVER_OKTOBER.items()],
        ),
        "socioekonomiskt_index": (["skolenhetskod", "ar", "verksamhet", "index"], []),
        "kommuner": (
            ["kommunkod", "kommunnamn", "kommungrupp", "nuts2", "loneindex", "gleshetsindex"],
            [
                [k, f"{n} kommun", "B3", "SE11", "100", "100"]
                for k, n in ((A, "A"), (B, "B"), (C, "C"))
            ],
        ),
        "lokalkostnadsunderlag": (
            ["kommunkod", "ar", "lokalkostnad_per_elev", "byggkostnadsindex", "elever_kommunal"],
            [],
        ),
        "rakenskapssammandrag": (
            [
                "kommunkod",
                "ar",
                "verksamhet",
                "nettokostnad",
                "skolskjuts",
                "kop_fran_staten",
                "kop_fran_utlandet",
                "lamnade_bidrag",
                "externa_lokalhyror",
                "kalkylerade_kapitalkostnader",
                "interna_lokalkostnader",
                "externa_hyresintakter",
                "elever_kommunal",
            ],
            [],
        ),
        "modersmal": (["kommunkod", "ar", "arsarbetskrafter"], []),
        "nationellt": (["ar", "kpif", "kpif_prognos", "larare_manadslon", "po_palagg"], []),
        "elever_hemkommun": (
            ["skolenhetskod", "period", "verksamhet", "arskurs", "hemkommun", "antal"],
            [
                [e, f"2026-{m:02d}", "fk_gr", ak, h, str(n)]
                for (e, ak, h, m), n in sorted(antal(version).items())
            ],
        ),
    }
    for namn, (rubrik, rader) in tab.items():
        (katalog / f"{namn}.csv").write_text(csv_text(rubrik, rader), encoding="utf-8")
    return katalog


def skriv_modell(path: Path, budgettillskott: bool = True, raknesatt: str = "manad") -> Path:
    """Modellfilen för A (en pott per elev, ramen 100 Mkr; tillskott från september)."""
    andring = (
        f"""  budgetandringar:
    - fran: "2026-09"
      ram_kr: {RAM_SEPTEMBER}
      beslut: "Kommunfullmäktige 2026-08-20 § 7"
"""
        if budgettillskott
        else ""
    )
    path.write_text(
        f"""namn: Handräknad kommun A
kommunkod: "{A}"
ar: 2026
verksamhet: fk_gr
lasar: "2025/26"
ram_kr: {RAM}
potter:
  - namn: grundbelopp
    kostnadsslag: undervisning
    belopp: {{andel_av_ram: 1.0}}
    nyckel: {{typ: elever}}
bidrag:
  lokalkostnad_per_elev_kr: {LOKALKOSTNAD}
utbetalning:
  raknesatt: {raknesatt}
  brytdag: 15
  utbetalningsdag: 25
{andring}""",
        encoding="utf-8",
    )
    return path


def skriv_prislista(path: Path) -> Path:
    """Den överenskomna prislistan mellan A och B (årskurs 1–3: 96 000 kr per elev och år)."""
    path.write_text(
        csv_text(["kommunkod", "stadium", "kr_per_elev"], [list(r) for r in PRISLISTA]),
        encoding="utf-8",
    )
    return path

"""Testhjälp: ett litet, giltigt dataset (docs/regler/dataformat.md) att skriva till en katalog.

Alla värden är påhittade (syntetiska) men rimliga: två kommuner, fem skolenheter (kommunal,
enskild, internationell utan index, statlig), elever i fk_gr och fritidshem för läsåren
2025/26 och 2026/27, och de år som normen för normår 2026 behöver (kostnadsår 2024,
lokalkostnadsindex 2022–2024, KPIF 2025–2026). Andra testers moduler får återanvända det:

    from tests.data.hjalp import skriv_minimalt_underlag
    katalog = skriv_minimalt_underlag(tmp_path / "underlag")

``minimala_tabeller()`` ger tabellerna som text (rubrik + rader) så att ett test kan ändra
en cell innan det skriver dem med ``skriv_tabell`` i valfri kodning och separator. Rubrikerna
för ``skolenheter`` och ``rakenskapssammandrag`` tas ur kontraktet (``TABELLER``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from skolpeng.data.schema import TABELLER

Tabelltext = tuple[list[str], list[list[str]]]

NORMAR = 2026
KOMMUNER = (
    # kommunkod, namn, kommungrupp, nuts2, löneindex, gleshetsindex, kr/elev nettokostnad
    ("0114", "Upplands Väsby", "B3", "SE11", "103.5", "100", 112_000),
    ("2584", "Kiruna", "C9", "SE33", "98.0", "108.5", 131_000),
)
SKOLENHETER = (
    ("10000001", "Väsbyskolan", "0114", "kommunal", "0114", "Upplands Väsby kommun", "0"),
    ("10000002", "Friskolan Norr", "0114", "enskild", "5560000001", "Friskolan Norr AB", "0"),
    ("10000003", "Internationella skolan", "0114", "enskild", "5560000002", "Intl Skola AB", "1"),
    ("20000001", "Kiruna centralskola", "2584", "kommunal", "2584", "Kiruna kommun", "0"),
    (
        "20000002",
        "Statens skola",
        "2584",
        "statlig",
        "2021000001",
        "Specialpedagogiska skolmyndigheten",
        "0",
    ),
)
LASAR = ("2025/26", "2026/27")
ARSKURSER = ("F", "1", "2", "3", "4", "5", "6", "7", "8", "9")
FRITIDSHEM_ARSKURSER = ("F", "1", "2", "3", "4", "5", "6")
# socioekonomiskt index per skolenhet (den internationella skolan saknar index med avsikt)
INDEX = {"10000001": "87.5", "10000002": "72.0", "20000001": "118.25", "20000002": "100"}


def antal_elever(enhet_nr: int, lasar_nr: int, arskurs_nr: int) -> int:
    """Deterministiskt påhittat elevantal för en skolenhet, ett läsår och en årskurs."""
    return 18 + (7 * enhet_nr + 3 * arskurs_nr + 5 * lasar_nr) % 13


def minimala_tabeller() -> dict[str, Tabelltext]:
    """Det minimala datasetets tabeller som text: tabellnamn -> (rubrik, rader)."""
    elever = []
    for e, enhet in enumerate(SKOLENHETER):
        for la, lasar in enumerate(LASAR):
            for a, arskurs in enumerate(ARSKURSER):
                elever.append([enhet[0], "fk_gr", lasar, arskurs, str(antal_elever(e, la, a))])
            if enhet[3] != "statlig":
                for a, arskurs in enumerate(FRITIDSHEM_ARSKURSER):
                    antal = antal_elever(e, la, a) // 2 if a < 4 else antal_elever(e, la, a) // 4
                    elever.append([enhet[0], "fritidshem", lasar, arskurs, str(antal)])
    elever_per_kommun = {k[0]: 0 for k in KOMMUNER}
    kommunala_per_kommun = {k[0]: 0 for k in KOMMUNER}
    for rad in elever:
        if rad[1] == "fk_gr" and rad[2] == LASAR[0]:
            enhet = next(s for s in SKOLENHETER if s[0] == rad[0])
            elever_per_kommun[enhet[2]] += int(rad[4])
            if enhet[3] == "kommunal":
                kommunala_per_kommun[enhet[2]] += int(rad[4])
    index = [
        [kod, str(ar), verksamhet, varde]
        for kod, varde in INDEX.items()
        for ar in (NORMAR - 1, NORMAR)
        for verksamhet in ("fk_gr", "fritidshem")
    ]
    kommuner = [[k[0], k[1], k[2], k[3], k[4], k[5]] for k in KOMMUNER]
    lokal = [
        [
            k[0],
            str(ar),
            str(9_800 + 1_500 * i + 150 * j),
            f"{0.97 + 0.06 * i:.2f}",
            str(kommunala_per_kommun[k[0]]),
        ]
        for i, k in enumerate(KOMMUNER)
        for j, ar in enumerate(range(NORMAR - 4, NORMAR - 1))
    ]
    rs = []
    for k in KOMMUNER:
        for ar in (NORMAR - 3, NORMAR - 2):
            n = elever_per_kommun[k[0]]
            nk = k[6] * n
            rs.append(
                [k[0], str(ar), "fk_gr", str(nk), str(round(0.03 * nk)), str(round(0.002 * nk)),
                 str(round(0.001 * nk)), str(round(0.2 * nk)), str(round(0.08 * nk)),
                 str(round(0.03 * nk)), str(round(0.07 * nk)), str(round(0.004 * nk)),
                 str(kommunala_per_kommun[k[0]])]
            )  # fmt: skip
            nf = round(0.35 * n) * 38_000
            rs.append(
                [k[0], str(ar), "fritidshem", str(nf), "0", "0", "0", str(round(0.15 * nf)),
                 str(round(0.05 * nf)), str(round(0.01 * nf)), str(round(0.04 * nf)), "0",
                 str(round(0.35 * kommunala_per_kommun[k[0]]))]
            )  # fmt: skip
    modersmal = [
        [k[0], str(ar), f"{1.5 + 2 * i:.1f}"]
        for i, k in enumerate(KOMMUNER)
        for ar in (NORMAR - 3, NORMAR - 2)
    ]
    nationellt = [
        ["2022", "0.077", "0", "36800", "0.3864"],
        ["2023", "0.060", "0", "38100", "0.3864"],
        ["2024", "0.019", "0", "39500", "0.3864"],
        ["2025", "0.025", "1", "40700", "0.3864"],
        ["2026", "0.017", "1", "41900", "0.3864"],
    ]
    return {
        "skolenheter": (list(TABELLER["skolenheter"].kolumnnamn), [list(s) for s in SKOLENHETER]),
        "elever": (["skolenhetskod", "verksamhet", "lasar", "arskurs", "antal"], elever),
        "socioekonomiskt_index": (["skolenhetskod", "ar", "verksamhet", "index"], index),
        "kommuner": (
            ["kommunkod", "kommunnamn", "kommungrupp", "nuts2", "loneindex", "gleshetsindex"],
            kommuner,
        ),
        "lokalkostnadsunderlag": (
            ["kommunkod", "ar", "lokalkostnad_per_elev", "byggkostnadsindex", "elever_kommunal"],
            lokal,
        ),
        "rakenskapssammandrag": (list(TABELLER["rakenskapssammandrag"].kolumnnamn), rs),
        "modersmal": (["kommunkod", "ar", "arsarbetskrafter"], modersmal),
        "nationellt": (["ar", "kpif", "kpif_prognos", "larare_manadslon", "po_palagg"], nationellt),
    }


def csv_text(rubrik: list[str], rader: list[list[str]], sep: str = ",") -> str:
    """Rubrik och rader -> CSV-text med separatorn ``sep`` och radslut ``\\n``."""
    buf = io.StringIO()
    skrivare = csv.writer(buf, delimiter=sep, lineterminator="\n")
    skrivare.writerow(rubrik)
    skrivare.writerows(rader)
    return buf.getvalue()


def skriv_tabell(
    katalog: Path,
    namn: str,
    tabell: Tabelltext,
    sep: str = ",",
    kodning: str = "utf-8",
) -> Path:
    """Skriver en tabell som ``katalog/<namn>.csv`` i kodningen ``kodning`` (t.ex.
    ``utf-8-sig`` för BOM eller ``cp1252``). Ut: filens sökväg."""
    path = Path(katalog) / f"{namn}.csv"
    path.write_bytes(csv_text(*tabell, sep=sep).encode(kodning))
    return path


def skriv_minimalt_underlag(katalog: Path, tabeller: dict[str, Tabelltext] | None = None) -> Path:
    """Skriver ett minimalt giltigt dataset (``minimala_tabeller()`` eller de givna
    tabellerna) som UTF-8-CSV med komma i ``katalog`` (skapas vid behov). Ut: katalogen."""
    katalog = Path(katalog)
    katalog.mkdir(parents=True, exist_ok=True)
    for namn, tabell in (tabeller or minimala_tabeller()).items():
        skriv_tabell(katalog, namn, tabell)
    return katalog

"""Hypothesis-strategi för slumpade små nationer till normberäkningen.

``nationer()`` ger en nation i samma form som exempelfilerna i ``tests/exempel/norm``
(tabeller som listor av rader; ``elever``-rader har ``antal: {årskurs: antal}``), med 2–6
kommuner i 1–3 kommungrupper och 2–15 skolenheter (kommunala, enskilda, statliga,
internationella, med och utan index, med ett eller två läsår), slumpade elevtal, index,
löne- och gleshetsindex och kostnader. Den är alltid giltig: varje kommun har
Räkenskapssammandrag, modersmål och lokalkostnadsunderlag för de år normen behöver, och
den första skolenheten är kommunal med elever i båda verksamheterna.
``underlag_fran_exempel`` (tests/norm/hjalp.py) gör den till ett ``Underlag``.
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import strategies as st

NORMAR = 2024
KOSTNADSAR = NORMAR - 2
LASAR = ("2023/24", "2024/25")
ARSKURSER_FK_GR = ("F", "1", "2", "3", "4", "5", "6", "7", "8", "9")
ARSKURSER_FRITIDSHEM = ("F", "1", "2", "3", "4", "5", "6")
GRUPPER = ("A1", "B3", "C9")


@st.composite
def nationer(
    draw: st.DrawFn,
    min_kommuner: int = 2,
    max_kommuner: int = 6,
    min_enheter: int = 2,
    max_enheter: int = 15,
) -> dict[str, Any]:
    """En slumpad, giltig liten nation (se modulens docstring).

    Strukturen (antal kommuner och enheter, kommungrupper, huvudmannatyper, om index och
    läsår finns, löne- och gleshetsindex med 100 som eget fall) dras direkt av hypothesis;
    beloppen och elevtalen dras ur en ``random.Random`` med ett frö som hypothesis väljer,
    så att ett exempel kostar få dragningar.
    """
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    antal_kommuner = draw(st.integers(min_kommuner, max_kommuner))
    koder = [f"{i + 1:04d}" for i in range(antal_kommuner)]
    kommuner = [
        {
            "kommunkod": k,
            "kommunnamn": f"Kommun {k}",
            "kommungrupp": draw(st.sampled_from(GRUPPER)),
            "nuts2": "SE11",
            "loneindex": 100.0 if draw(st.booleans()) else rng.uniform(90.0, 112.0),
            "gleshetsindex": 100.0 if draw(st.booleans()) else rng.uniform(100.0, 125.0),
        }
        for k in koder
    ]
    rs = [_rs_rad(rng, k, v) for k in koder for v in ("fk_gr", "fritidshem")]
    modersmal = [
        {"kommunkod": k, "ar": KOSTNADSAR, "arsarbetskrafter": rng.uniform(0.0, 10.0)}
        for k in koder
        if rng.random() < 0.8
    ]
    nationellt = [
        {
            "ar": ar,
            "kpif": rng.uniform(-0.01, 0.1),
            "kpif_prognos": 0,
            "larare_manadslon": rng.uniform(30000.0, 45000.0),
            "po_palagg": rng.uniform(0.3, 0.45),
        }
        for ar in range(KOSTNADSAR, NORMAR + 1)
    ]
    lokal = [
        {
            "kommunkod": k,
            "ar": ar,
            "lokalkostnad_per_elev": rng.uniform(8000.0, 30000.0),
            "byggkostnadsindex": rng.uniform(70.0, 130.0),
            "elever_kommunal": float(rng.randint(50, 5000)),
        }
        for k in koder
        for ar in range(NORMAR - 2, NORMAR + 1)
    ]
    antal_enheter = draw(st.integers(min_enheter, max_enheter))
    skolenheter, elever, index = [], [], []
    for i in range(antal_enheter):
        kod = f"{i + 1:08d}"
        kommun = draw(st.sampled_from(koder))
        typ = "kommunal" if i == 0 else draw(st.sampled_from(("kommunal", "enskild", "statlig")))
        skolenheter.append(
            {
                "skolenhetskod": kod,
                "namn": f"Skola {kod}",
                "kommunkod": kommun,
                "huvudmannatyp": typ,
                "huvudman_id": kommun if typ == "kommunal" else f"HM{rng.randint(1, 3)}{typ}",
                "huvudman_namn": f"Huvudman för {kod}",
                "internationell": int(i > 0 and draw(st.integers(0, 4)) == 0),
            }
        )
        for verksamhet, arskurser in (
            ("fk_gr", ARSKURSER_FK_GR),
            ("fritidshem", ARSKURSER_FRITIDSHEM),
        ):
            for lasar in LASAR:
                if i == 0 or rng.random() < 0.85:  # ibland saknas ett läsår (ny/nedlagd)
                    antal = {a: rng.randint(0, 80) for a in arskurser}
                    if i == 0:
                        antal["1"] = max(antal["1"], 1)
                    elever.append(
                        {
                            "skolenhetskod": kod,
                            "verksamhet": verksamhet,
                            "lasar": lasar,
                            "antal": antal,
                        }
                    )
            if draw(st.integers(0, 4)) > 0:
                index.append(
                    {
                        "skolenhetskod": kod,
                        "ar": NORMAR,
                        "verksamhet": verksamhet,
                        "index": rng.uniform(40.0, 250.0),
                    }
                )
    return {
        "normar": NORMAR,
        "kommuner": kommuner,
        "skolenheter": skolenheter,
        "elever": elever,
        "socioekonomiskt_index": index,
        "rakenskapssammandrag": rs,
        "modersmal": modersmal,
        "nationellt": nationellt,
        "lokalkostnadsunderlag": lokal,
    }


def _rs_rad(rng: random.Random, kommunkod: str, verksamhet: str) -> dict[str, Any]:
    nk = rng.uniform(5e6, 5e8)
    return {
        "kommunkod": kommunkod,
        "ar": KOSTNADSAR,
        "verksamhet": verksamhet,
        "nettokostnad": nk,
        "skolskjuts": rng.uniform(0, 0.05) * nk,
        "kop_fran_staten": rng.uniform(0, 0.01) * nk,
        "kop_fran_utlandet": rng.uniform(0, 0.005) * nk,
        "lamnade_bidrag": rng.uniform(0, 0.25) * nk,
        "externa_lokalhyror": rng.uniform(0.05, 0.12) * nk,
        "kalkylerade_kapitalkostnader": rng.uniform(0, 0.05) * nk,
        "interna_lokalkostnader": rng.uniform(0, 0.03) * nk,
        "externa_hyresintakter": rng.uniform(0, 0.01) * nk,
        "elever_kommunal": float(rng.randint(50, 5000)),
    }

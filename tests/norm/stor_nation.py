"""En stor slumpad nation byggd direkt som polars-tabeller (för prestandatesterna).

In: antal kommuner, antal skolenheter, elever per enhet och ett frö. Ut: ett ``Underlag``
med två läsår, index för de flesta enheter, och alla tabeller som normen behöver.
Byggs vektoriserat med numpy så att även 46 000 enheter tar under en sekund att skapa.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from skolpeng.data.schema import ARSKURSER, Underlag

NORMAR = 2024


def stor_nation(
    antal_kommuner: int = 290, antal_enheter: int = 4600, elever_per_enhet: int = 260, fro: int = 1
) -> Underlag:
    """Ett ``Underlag`` med ``antal_enheter`` enheter och i medel ``elever_per_enhet`` elever."""
    rng = np.random.default_rng(fro)
    k = np.array([f"{i + 1:04d}" for i in range(antal_kommuner)])
    kommuner = pl.DataFrame(
        {
            "kommunkod": k,
            "kommunnamn": [f"Kommun {x}" for x in k],
            "kommungrupp": rng.choice(
                ["A1", "A2", "B3", "B4", "B5", "C6", "C7", "C8", "C9"], antal_kommuner
            ),
            "nuts2": "SE11",
            "loneindex": np.where(
                rng.random(antal_kommuner) < 0.4, 100.0, rng.uniform(92, 110, antal_kommuner)
            ),
            "gleshetsindex": np.where(
                rng.random(antal_kommuner) < 0.7, 100.0, rng.uniform(100, 117, antal_kommuner)
            ),
        }
    )
    kod = np.array([f"{i + 1:08d}" for i in range(antal_enheter)])
    kommun = k[rng.integers(0, antal_kommuner, antal_enheter)]
    typ = rng.choice(["kommunal", "enskild", "statlig"], antal_enheter, p=[0.78, 0.21, 0.01])
    skolenheter = pl.DataFrame(
        {
            "skolenhetskod": kod,
            "namn": [f"Skola {x}" for x in kod],
            "kommunkod": kommun,
            "huvudmannatyp": typ,
            "huvudman_id": np.where(
                typ == "kommunal",
                kommun,
                np.char.add("HM", (np.arange(antal_enheter) % 700).astype(str)),
            ),
            "huvudman_namn": "Huvudman",
            "internationell": (rng.random(antal_enheter) < 0.005).astype(np.int8),
        }
    )
    per_arskurs = max(elever_per_enhet // len(ARSKURSER), 1)
    lasar = np.array(["2023/24", "2024/25"])
    n_rader = antal_enheter * len(lasar) * len(ARSKURSER)
    elever = pl.DataFrame(
        {
            "skolenhetskod": np.repeat(kod, len(lasar) * len(ARSKURSER)),
            "verksamhet": "fk_gr",
            "lasar": np.tile(np.repeat(lasar, len(ARSKURSER)), antal_enheter),
            "arskurs": np.tile(np.array(ARSKURSER), antal_enheter * len(lasar)),
            "antal": rng.integers(0, 2 * per_arskurs + 1, n_rader).astype(np.int64),
        }
    )
    har_index = rng.random(antal_enheter) < 0.97
    index = pl.DataFrame(
        {
            "skolenhetskod": kod[har_index],
            "ar": np.full(har_index.sum(), NORMAR, dtype=np.int64),
            "verksamhet": "fk_gr",
            "index": rng.lognormal(np.log(100), 0.3, har_index.sum()),
        }
    )
    nk = rng.uniform(5e7, 2e9, antal_kommuner)
    rs = pl.DataFrame(
        {
            "kommunkod": k,
            "ar": np.full(antal_kommuner, NORMAR - 2, dtype=np.int64),
            "verksamhet": "fk_gr",
            "nettokostnad": nk,
            "skolskjuts": 0.03 * nk,
            "kop_fran_staten": 0.002 * nk,
            "kop_fran_utlandet": 0.001 * nk,
            "lamnade_bidrag": 0.15 * nk,
            "externa_lokalhyror": 0.1 * nk,
            "kalkylerade_kapitalkostnader": 0.03 * nk,
            "interna_lokalkostnader": 0.02 * nk,
            "externa_hyresintakter": 0.005 * nk,
            "elever_kommunal": nk / 120000.0,
        }
    )
    modersmal = pl.DataFrame(
        {
            "kommunkod": k,
            "ar": np.full(antal_kommuner, NORMAR - 2, dtype=np.int64),
            "arsarbetskrafter": rng.uniform(0, 30, antal_kommuner),
        }
    )
    nationellt = pl.DataFrame(
        {
            "ar": np.arange(NORMAR - 2, NORMAR + 1, dtype=np.int64),
            "kpif": [0.077, 0.06, 0.03],
            "kpif_prognos": np.array([0, 0, 1], dtype=np.int8),
            "larare_manadslon": [36000.0, 37000.0, 38000.0],
            "po_palagg": [0.3864, 0.3864, 0.3864],
        }
    )
    ar = np.arange(NORMAR - 2, NORMAR + 1, dtype=np.int64)
    lokal = pl.DataFrame(
        {
            "kommunkod": np.repeat(k, len(ar)),
            "ar": np.tile(ar, antal_kommuner),
            "lokalkostnad_per_elev": rng.uniform(12000, 25000, antal_kommuner * len(ar)),
            "byggkostnadsindex": rng.uniform(85, 120, antal_kommuner * len(ar)),
            "elever_kommunal": rng.uniform(300, 60000, antal_kommuner * len(ar)),
        }
    )
    return Underlag(
        skolenheter=skolenheter,
        elever=elever,
        socioekonomiskt_index=index,
        kommuner=kommuner,
        lokalkostnadsunderlag=lokal,
        rakenskapssammandrag=rs,
        modersmal=modersmal,
        nationellt=nationellt,
        namn="stor",
    )

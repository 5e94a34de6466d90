"""Ett litet handgjort ``NormResultat`` för rapporttesterna.

Komponenterna följer docs/regler/norm.md#steg-4 till #steg-11 i normårets prisnivå: två kommuner (0114 utan
gleshet, 2506 med gleshetsindex 108), tre respektive två kommunala skolenheter och en
enskild huvudman med två enheter i 0114. Allt är oavrundat.
"""

from __future__ import annotations

import polars as pl

from skolpeng.norm.resultat import ENHET_KOLUMNER, HUVUDMAN_KOLUMNER, KOMPONENTER, NormResultat

F = 1.103  # prisuppräkning 2020 -> 2022 (docs/regler/norm.md#steg-10)
PRISLAPP = {"1-3": 80_000.0 * F, "4-6": 84_000.0 * F}  # P_s
LOKAL_RIKET = 17_000.0 * F  # f·L_R
PLATSGARANTI = 5_163.0 * F
# enhet: (kod, namn, kommun, typ, huvudman_id, SEI-tillägg S_u, lön W, lokal L_u, gleshetsindex)
ENHETER = [
    ("10000001", "Skolenhet 1", "0114", "kommunal", "0114", 17_716.5, 120.0, 442.5, 100.0),
    ("10000002", "Skolenhet 2", "0114", "kommunal", "0114", 8_405.3, 120.0, 442.5, 100.0),
    ("10000003", "Skolenhet 3", "0114", "kommunal", "0114", 1_488.7, 120.0, 442.5, 100.0),
    ("20000001", "Skolenhet A", "2506", "kommunal", "2506", 14_324.1, -310.0, -3_996.8, 108.0),
    ("20000002", "Skolenhet B", "2506", "kommunal", "2506", 6_132.4, -310.0, -3_996.8, 108.0),
    ("30000001", "Friskolan Norr", "0114", "enskild", "5560000001", 9_000.2, 120.0, 442.5, 100.0),
    ("30000002", "Friskolan Syd", "0114", "enskild", "5560000001", 3_333.3, 120.0, 442.5, 100.0),
]
ELEVER = {  # (kod, stadium) -> elever (½ + ½ två läsår kan ge halva)
    ("10000001", "1-3"): 60.0,
    ("10000001", "4-6"): 55.5,
    ("10000002", "1-3"): 210.0,
    ("10000003", "1-3"): 240.5,
    ("10000003", "4-6"): 200.0,
    ("20000001", "1-3"): 35.0,
    ("20000002", "1-3"): 18.0,
    ("20000002", "4-6"): 21.0,
    ("30000001", "1-3"): 90.0,
    ("30000002", "4-6"): 75.0,
}
NAMN = {"0114": "Upplands Väsby kommun", "2506": "Arjeplogs kommun", "5560000001": "Friskolor AB"}


def gor_resultat(variant: str = "vagledande", niva: float = 1.0, moms: float = 0.0) -> NormResultat:
    """Bygger ett ``NormResultat`` med kontraktets kolumner ur tabellerna ovan."""
    rader = []
    for kod, namn, kommun, typ, hm, s_u, w, l_u, gi in ENHETER:
        for stadium in ("1-3", "4-6"):
            n = ELEVER.get((kod, stadium))
            if n is None:
                continue
            p = PRISLAPP[stadium]
            kommunal = typ == "kommunal"
            pg = PLATSGARANTI if kommunal else 0.0
            gl = (gi - 100) / 100 * (p + s_u) if kommunal else 0.0
            m = p + s_u + w + l_u + pg + gl
            norm = niva * m * (1 + moms if typ == "enskild" else 1.0)
            rader.append(
                {
                    "skolenhetskod": kod,
                    "stadium": stadium,
                    "huvudmannatyp": typ,
                    "huvudman_id": hm,
                    "kommunkod": kommun,
                    "elever": n,
                    "grundersattning": p,
                    "socioekonomiskt_tillagg": s_u,
                    "lonejustering": w,
                    "lokaljustering": l_u,
                    "platsgaranti": pg,
                    "gleshet": gl,
                    "modellvarde": m,
                    "norm": norm,
                    "varav_lokalkostnad": LOKAL_RIKET + l_u,
                    "namn": namn,
                    "kommungrupp": "A3" if kommun == "0114" else "C9",
                    "socioekonomiskt_index": 100.0,
                }
            )
    enheter = pl.DataFrame(rader)
    assert set(ENHET_KOLUMNER) <= set(enheter.columns)
    varden = [*KOMPONENTER, "modellvarde", "norm", "varav_lokalkostnad"]
    huvudman = (
        enheter.group_by("huvudman_id", "huvudmannatyp", "stadium")
        .agg(
            pl.col("elever").sum(),
            *[
                ((pl.col(k) * pl.col("elever")).sum() / pl.col("elever").sum()).alias(k)
                for k in varden
            ],
        )
        .with_columns(pl.col("huvudman_id").replace_strict(NAMN).alias("huvudman_namn"))
        .select(HUVUDMAN_KOLUMNER)
        .sort("huvudman_id", "stadium")
    )
    kommuner = pl.DataFrame(
        {
            "kommunkod": ["0114", "2506"],
            "kommunnamn": ["Upplands Väsby", "Arjeplog"],
            "kommungrupp": ["A3", "C9"],
            "normgrundande_belopp": [1.0e9, 2.0e8],
            "loneindex": [101.2, 97.0],
            "lokalkostnadsindex": [102.6, 76.5],
            "gleshetsindex": [100.0, 108.0],
        }
    )
    sammanfattning = {
        "upprakningsfaktor": F,
        "elever_per_stadium": {
            s: sum(v for (_, st), v in ELEVER.items() if st == s) for s in ("1-3", "4-6")
        },
    }
    return NormResultat(
        variant=variant,
        normar=2022,
        kostnadsar=2020,
        elevar="kalenderår 2022 (½·2021/22 + ½·2022/23)",
        niva=niva,
        enheter=enheter,
        huvudman=huvudman,
        kommuner=kommuner,
        sammanfattning=sammanfattning,
    )

"""En liten handgjord ``Fordelning`` för bidragens tester (oberoende av motorn).

Kommunen 0114, två kommunala enheter och tre enskilda (två huvudmän). Beloppen i ``rader``
är satta för hand per elev så att bidraget kan räknas för hand:

| pott | kostnadsslag | samma grunder | belopp per elev |
|---|---|---|---|
| grundbelopp | undervisning | ja | F 50 000, 1–3 60 000, 4–6 65 000, 7–9 75 000 |
| socioekonomi | undervisning | ja | per enhet: K1 8 000, K2 2 000, E1 4 000, E2 1 000, E3 3 000 |
| nyanlanda | undervisning | ja | 20 000 per nyanländ elev, utan stadium (K1 3, E1 2 elever) |
| larverktyg | larverktyg | ja | 3 000 |
| elevhalsa | elevhalsa | ja | 2 000 |
| maltider | maltider | ja | 6 000 |
| lokaler | lokalkostnader | ja | K1 F 15 000, K1 1–3 20 000, K2 25 000; enskilda 30 000 |
| evakuering | lokalkostnader | nej | K2 15 000 |
| statsbidrag | undervisning | nej | 1 000 till alla enheter |

Kommunens genomsnittliga lokalkostnad per elev: förskoleklass 150 000 / 10 = 15 000 kr;
grundskola (600 000 + 1 500 000) / 90 = 23 333,33 kr (evakueringen ingår inte).
"""

from __future__ import annotations

import polars as pl

from skolpeng.data.schema import ARSKURS_TILL_STADIUM
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell
from skolpeng.fordelning.underlag_och_resultat import Fordelning, Fordelningsunderlag

# kod, namn, typ, huvudman_id, huvudman_namn
ENHETER = [
    ("10000001", "Centralskolan", "kommunal", "0114", "Upplands Väsby kommun"),
    ("10000002", "Norrskolan", "kommunal", "0114", "Upplands Väsby kommun"),
    ("30000001", "Friskolan Norr", "enskild", "5560000001", "Friskolan Norr AB"),
    ("30000002", "Friskolan Öst", "enskild", "5560000001", "Friskolan Norr AB"),
    ("30000003", "Skolan Syd", "enskild", "5560000002", "Skolan Syd AB"),
]
ARSKURSER = {
    "10000001": {"F": 10, "1": 10, "2": 10, "3": 10},
    "10000002": {"4": 20, "5": 20, "6": 20},
    "30000001": {"F": 5, "1": 5, "2": 5, "3": 5},
    "30000002": {"4": 10, "5": 10, "6": 10},
    "30000003": {"7": 10, "8": 5, "9": 5},
}
GRUND = {"F": 50_000.0, "1-3": 60_000.0, "4-6": 65_000.0, "7-9": 75_000.0}
SOCIO = {
    "10000001": 8_000.0,
    "10000002": 2_000.0,
    "30000001": 4_000.0,
    "30000002": 1_000.0,
    "30000003": 3_000.0,
}
NYANLANDA = {"10000001": 3, "30000001": 2}
LOKAL = {
    ("10000001", "F"): 15_000.0,
    ("10000001", "1-3"): 20_000.0,
    ("10000002", "4-6"): 25_000.0,
}
POTTER = [
    ("grundbelopp", "undervisning", True),
    ("socioekonomi", "undervisning", True),
    ("nyanlanda", "undervisning", True),
    ("larverktyg", "larverktyg", True),
    ("elevhalsa", "elevhalsa", True),
    ("maltider", "maltider", True),
    ("lokaler", "lokalkostnader", True),
    ("evakuering", "lokalkostnader", False),
    ("statsbidrag", "undervisning", False),
]


def modell(ar: int = 2029, **bidrag: object) -> Fordelningsmodell:
    """Modellen (potternas belopp är summor; fördelningen är satt för hand)."""
    return Fordelningsmodell.model_validate(
        {
            "namn": f"Testkommunens modell {ar}",
            "kommunkod": "0114",
            "ar": ar,
            "potter": [
                {
                    "namn": namn,
                    "kostnadsslag": ks,
                    "samma_grunder": sg,
                    "belopp": {"summa_kr": 1.0},
                    "nyckel": {"typ": "elever"},
                }
                for namn, ks, sg in POTTER
            ],
            "bidrag": bidrag,
        }
    )


def elever_per_stadium() -> dict[tuple[str, str], float]:
    """(kod, stadium) -> elever."""
    ut: dict[tuple[str, str], float] = {}
    for kod, ak in ARSKURSER.items():
        for a, n in ak.items():
            s = ARSKURS_TILL_STADIUM[a]
            ut[(kod, s)] = ut.get((kod, s), 0.0) + n
    return ut


def underlag() -> Fordelningsunderlag:
    """Underlaget: enheter och elever per årskurs."""
    enheter = pl.DataFrame(
        [
            {
                "skolenhetskod": k,
                "namn": n,
                "huvudmannatyp": t,
                "huvudman_id": h,
                "huvudman_namn": hn,
                "kommunkod": "0114",
            }
            for k, n, t, h, hn in ENHETER
        ]
    )
    elever = pl.DataFrame(
        [
            {"skolenhetskod": k, "arskurs": a, "antal": float(n)}
            for k, ak in ARSKURSER.items()
            for a, n in ak.items()
        ]
    )
    tom_mg = pl.DataFrame(
        schema={"skolenhetskod": pl.String, "malgrupp": pl.String, "antal": pl.Float64}
    )
    tom_gb = pl.DataFrame(
        schema={"skolenhetskod": pl.String, "pott": pl.String, "belopp_kr": pl.Float64}
    )
    return Fordelningsunderlag(enheter, elever, None, tom_mg, tom_gb)


def rader() -> list[tuple[str, str | None, str, float, float]]:
    """(kod, stadium, pott, elever, belopp_kr) enligt tabellen i modulens beskrivning."""
    ut = []
    typ = {e[0]: e[2] for e in ENHETER}
    for (kod, st), n in elever_per_stadium().items():
        ut.append((kod, st, "grundbelopp", n, GRUND[st] * n))
        ut.append((kod, st, "socioekonomi", n, SOCIO[kod] * n))
        ut.append((kod, st, "larverktyg", n, 3_000 * n))
        ut.append((kod, st, "elevhalsa", n, 2_000 * n))
        ut.append((kod, st, "maltider", n, 6_000 * n))
        lokal = LOKAL.get((kod, st), 30_000.0 if typ[kod] == "enskild" else 0.0)
        ut.append((kod, st, "lokaler", n, lokal * n))
        if kod == "10000002":
            ut.append((kod, st, "evakuering", n, 15_000 * n))
        ut.append((kod, st, "statsbidrag", n, 1_000 * n))
    for kod, antal in NYANLANDA.items():
        ut.append((kod, None, "nyanlanda", float(antal), 20_000.0 * antal))
    return ut


def fordelning(ar: int = 2029, **bidrag: object) -> Fordelning:
    """Fördelningen enligt modulens beskrivning, för kalenderåret ``ar``."""
    m = modell(ar, **bidrag)
    slag = {p.namn: (p.kostnadsslag, p.samma_grunder) for p in m.potter}
    df = pl.DataFrame(
        [
            {
                "skolenhetskod": kod,
                "stadium": st,
                "pott": pott,
                "elever": n,
                "kr_per_elev": b / n,
                "belopp_kr": b,
                "delpott": None,
                "kostnadsslag": slag[pott][0],
                "samma_grunder": slag[pott][1],
                "nyckel": "elever",
                "nyckelvarde": None,
                "forklaring": "",
                "belopp_kr_avrundat": round(b),
            }
            for kod, st, pott, n, b in rader()
        ],
        schema_overrides={"stadium": pl.String, "delpott": pl.String, "nyckelvarde": pl.Float64},
    )
    potter = df.group_by("pott", maintain_order=True).agg(
        pl.col("kostnadsslag").first(),
        pl.col("samma_grunder").first(),
        pl.col("belopp_kr").sum(),
        pl.col("belopp_kr").sum().alias("fordelat_kr"),
        pl.col("belopp_kr_avrundat").sum().alias("fordelat_avrundat_kr"),
        pl.col("skolenhetskod").n_unique().alias("antal_enheter"),
        pl.col("elever").sum(),
    )
    u = underlag()
    enheter = (
        u.enheter.select("skolenhetskod", "namn", "huvudmannatyp", "huvudman_id")
        .join(
            u.elever.group_by("skolenhetskod").agg(elever=pl.col("antal").sum()),
            on="skolenhetskod",
        )
        .join(df.group_by("skolenhetskod").agg(pl.col("belopp_kr").sum()), on="skolenhetskod")
        .with_columns(
            index=pl.lit(None, dtype=pl.Float64),
            index_standard=pl.lit(False),
            kr_per_elev=pl.col("belopp_kr") / pl.col("elever"),
        )
    )
    return Fordelning(modell=m, underlag=u, rader=df, potter=potter, enheter=enheter)

"""En liten handgjord ``Fordelning`` för redovisningens och normjämförelsens tester.

Kommunen 0114 med tre kommunala skolenheter och en enskild; ram 50 mnkr. Potterna fördelas
här med en egen, minimal beräkning (proportionellt mot en nyckel, tak med omfördelning,
största-rest-avrundning per pott) – oberoende av motorn i ``fordelning.motor.potter`` – så att
redovisningen kan testas mot kontraktet i ``fordelning.underlag_och_resultat``:

- ``grundbelopp`` 80 % av ramen, per elev med stadievikter F 0,85, 1–3 1,0, 4–6 1,05,
  7–9 1,2;
- ``socioekonomi`` 12 % av ramen, elever × index (linjär) med tak 9 000 kr per elev (binder
  för Ekskolan);
- ``tillagg`` 2 mnkr i två delpotter: ``nyanlanda`` 60 % och ``lag_utbildning`` 40 %, per
  elev i målgruppen (inte stadiefördelat);
- ``lokaler`` 3 mnkr (kostnadsslag lokalkostnader), lika belopp per skolenhet;
- ``statsbidrag`` 1 mnkr, bara kommunala enheter, per elev i F–3, ``samma_grunder`` = false.

Ekskolan och Björkskolan har exakt samma elever per årskurs men olika index (1,20 och 0,90)
och olika antal elever med lågutbildade föräldrar (30 och 10): skillnaden mellan dem ska
förklaras av potterna ``socioekonomi`` och ``tillagg/lag_utbildning`` och inga andra.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from skolpeng.avrundning import avrunda_storsta_rest
from skolpeng.data.schema import ARSKURS_TILL_STADIUM
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell
from skolpeng.fordelning.underlag_och_resultat import Fordelning, Fordelningsunderlag

RAM = 50_000_000.0
TAK = 9_000.0
VIKTER = {"F": 0.85, "1-3": 1.0, "4-6": 1.05, "7-9": 1.2}
# kod, namn, typ, huvudman_id, index (100-skalan, som motorns underlag), index_standard
ENHETER = [
    ("10000001", "Ekskolan", "kommunal", "0114", 120.0, False),
    ("10000002", "Björkskolan", "kommunal", "0114", 90.0, False),
    ("10000003", "Granskolan", "kommunal", "0114", 100.0, True),
    ("30000001", "Friskolan", "enskild", "5560000001", 105.0, False),
]
ARSKURSER = {
    "10000001": {"F": 20, "1": 25, "2": 25, "3": 25, "4": 20, "5": 20, "6": 20},
    "10000002": {"F": 20, "1": 25, "2": 25, "3": 25, "4": 20, "5": 20, "6": 20},
    "10000003": {"1": 34, "2": 33, "3": 33, "4": 30, "5": 30, "6": 30, "7": 40, "8": 40, "9": 40},
    "30000001": {"4": 15, "5": 15, "6": 20, "7": 30, "8": 25, "9": 25},
}
MALGRUPPER = {  # kod -> {malgrupp: antal}
    "10000001": {"nyanlanda": 5, "lag_utbildning": 30},
    "10000002": {"nyanlanda": 5, "lag_utbildning": 10},
    "10000003": {"nyanlanda": 8, "lag_utbildning": 40},
    "30000001": {"nyanlanda": 2, "lag_utbildning": 12},
}
MODELL = {
    "namn": "Testkommunens modell 2026",
    "kommunkod": "0114",
    "ar": 2026,
    "ram_kr": RAM,
    "index": {"typ": "given", "standard_saknas": "medel_alla"},
    "potter": [
        {
            "namn": "grundbelopp",
            "belopp": {"andel_av_ram": 0.80},
            "nyckel": {"typ": "elever", "vikter": {"per": "stadium", "varden": VIKTER}},
        },
        {
            "namn": "socioekonomi",
            "belopp": {"andel_av_ram": 0.12},
            "nyckel": {"typ": "index", "tak_per_elev_kr": TAK},
        },
        {
            "namn": "tillagg",
            "kostnadsslag": "undervisning",
            "belopp": {"summa_kr": 2_000_000},
            "delpotter": [
                {
                    "namn": "nyanlanda",
                    "andel": 0.6,
                    "nyckel": {"typ": "malgrupp", "malgrupp": "nyanlanda"},
                },
                {
                    "namn": "lag_utbildning",
                    "andel": 0.4,
                    "nyckel": {"typ": "malgrupp", "malgrupp": "lag_utbildning"},
                },
            ],
        },
        {
            "namn": "lokaler",
            "kostnadsslag": "lokalkostnader",
            "belopp": {"summa_kr": 3_000_000},
            "nyckel": {"typ": "klumpsumma"},
        },
        {
            "namn": "statsbidrag",
            "belopp": {"summa_kr": 1_000_000},
            "omfattning": {"huvudmannatyp": "kommunal", "arskurser": ["F", "1", "2", "3"]},
            "nyckel": {"typ": "elever"},
            "samma_grunder": False,
        },
    ],
}


def elever_per_stadium() -> dict[tuple[str, str], float]:
    """(kod, stadium) -> elever."""
    ut: dict[tuple[str, str], float] = {}
    for kod, ak in ARSKURSER.items():
        for a, n in ak.items():
            s = ARSKURS_TILL_STADIUM[a]
            ut[(kod, s)] = ut.get((kod, s), 0.0) + n
    return ut


def _kr(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ") + " kr"


def _fordela(pott: float, vikter: list[float], tak: float | None, elever: list[float]) -> list:
    """Potten ∝ vikter; med tak per elev: enheter över taket får taket, resten omfördelas."""
    w = np.array(vikter, dtype=float)
    n = np.array(elever, dtype=float)
    bunden = np.zeros(len(w), dtype=bool)
    belopp = pott * w / w.sum()
    while tak is not None:
        over = (~bunden) & (belopp > tak * n + 1e-9)
        if not over.any():
            break
        bunden |= over
        rest = pott - (tak * n[bunden]).sum()
        fri = ~bunden
        belopp = np.where(bunden, tak * n, rest * w * fri / (w * fri).sum())
    return list(belopp)


def gor_fordelning() -> Fordelning:
    """Fördelningen enligt modulens beskrivning (se ovan)."""
    modell = Fordelningsmodell.model_validate(MODELL)
    eps = elever_per_stadium()
    info = {e[0]: e for e in ENHETER}
    rader: list[dict] = []

    def lagg_till(pott, delpott, kostnadsslag, sg, nyckel, poster, belopp):
        for (kod, stadium, elever, varde, forklaring), b in zip(poster, belopp, strict=True):
            rader.append(
                {
                    "skolenhetskod": kod,
                    "stadium": stadium,
                    "pott": pott,
                    "elever": elever,
                    "kr_per_elev": b / elever if elever else None,
                    "belopp_kr": b,
                    "delpott": delpott,
                    "kostnadsslag": kostnadsslag,
                    "samma_grunder": sg,
                    "nyckel": nyckel,
                    "nyckelvarde": varde,
                    "forklaring": forklaring,
                }
            )

    # grundbelopp
    poster = [(k, s, n, VIKTER[s], "") for (k, s), n in eps.items()]
    vikter = [n * VIKTER[s] for (_, s, n, _, _) in poster]
    b = _fordela(0.80 * RAM, vikter, None, [p[2] for p in poster])
    pris = 0.80 * RAM / sum(vikter)
    poster = [
        (k, s, n, v, f"vikt {v:.2f} × {_kr(pris)}".replace(".", ",")) for k, s, n, v, _ in poster
    ]
    lagg_till("grundbelopp", None, "undervisning", True, "elever", poster, b)
    # socioekonomi (tak per elev på enhetsnivå: enheten är bunden om summan per elev > taket)
    koder = list(ARSKURSER)
    n_enhet = [sum(n for (k, _), n in eps.items() if k == kod) for kod in koder]
    h = {kod: info[kod][4] / 100 for kod in koder}  # nycklarna räknar med index / 100
    vikt_enhet = [h[kod] * n for kod, n in zip(koder, n_enhet, strict=True)]
    b_enhet = dict(zip(koder, _fordela(0.12 * RAM, vikt_enhet, TAK, n_enhet), strict=True))
    poster, belopp = [], []
    for (k, s), n in eps.items():
        n_k = sum(m for (kk, _), m in eps.items() if kk == k)
        per_elev = b_enhet[k] / n_k
        bunden = per_elev >= TAK - 1e-6
        pris = per_elev / h[k]  # efter omfördelningen av överskottet över taket
        f = f"tak {_kr(TAK)} per elev" if bunden else f"index {h[k]:.2f} × {_kr(pris)}"
        poster.append((k, s, n, h[k], f.replace(".", ",")))
        belopp.append(per_elev * n)
    lagg_till("socioekonomi", None, "undervisning", True, "index", poster, belopp)
    # tillägg: två delpotter per elev i målgruppen, inte stadiefördelade
    for delpott, andel in (("nyanlanda", 0.6), ("lag_utbildning", 0.4)):
        antal = [float(MALGRUPPER[k][delpott]) for k in koder]
        pris = andel * 2_000_000 / sum(antal)
        poster = [
            (k, None, a, a, f"{a:.0f} elever i målgruppen × {_kr(pris)}")
            for k, a in zip(koder, antal, strict=True)
        ]
        lagg_till(
            "tillagg", delpott, "undervisning", True, "malgrupp", poster, [a * pris for a in antal]
        )
    # lokaler: lika per enhet
    per_enhet = 3_000_000 / len(koder)
    poster = [
        (k, None, n, None, f"lika belopp per skolenhet {_kr(per_enhet)}")
        for k, n in zip(koder, n_enhet, strict=True)
    ]
    lagg_till(
        "lokaler", None, "lokalkostnader", True, "klumpsumma", poster, [per_enhet] * len(koder)
    )
    # statsbidrag: kommunala, F–3
    poster = [
        (k, s, n, 1.0, "")
        for (k, s), n in eps.items()
        if info[k][2] == "kommunal" and s in ("F", "1-3")
    ]
    pris = 1_000_000 / sum(p[2] for p in poster)
    poster = [(k, s, n, v, f"{_kr(pris)} per elev") for k, s, n, v, _ in poster]
    lagg_till(
        "statsbidrag", None, "undervisning", False, "elever", poster, [p[2] * pris for p in poster]
    )

    df = pl.DataFrame(
        rader,
        schema_overrides={
            "stadium": pl.String,
            "delpott": pl.String,
            "nyckelvarde": pl.Float64,
            "kr_per_elev": pl.Float64,
        },
    )
    avrundat = np.zeros(df.height, dtype=np.int64)
    potter = df.get_column("pott").to_numpy()
    for p in dict.fromkeys(potter):
        mask = potter == p
        avrundat[mask] = avrunda_storsta_rest(
            df.filter(pl.col("pott") == p).get_column("belopp_kr").to_numpy()
        )
    df = df.with_columns(belopp_kr_avrundat=pl.Series(avrundat))
    potter_df = df.group_by("pott", maintain_order=True).agg(
        pl.col("kostnadsslag").first(),
        pl.col("samma_grunder").first(),
        pl.col("belopp_kr").sum().alias("belopp_kr"),
        pl.col("belopp_kr").sum().alias("fordelat_kr"),
        pl.col("belopp_kr_avrundat").sum().alias("fordelat_avrundat_kr"),
        pl.col("skolenhetskod").n_unique().alias("antal_enheter"),
        pl.col("elever").sum(),
    )
    summor = df.group_by("skolenhetskod").agg(pl.col("belopp_kr").sum())
    enheter = (
        pl.DataFrame(
            [
                {
                    "skolenhetskod": k,
                    "namn": namn,
                    "huvudmannatyp": typ,
                    "huvudman_id": hm,
                    "elever": n,
                    "index": idx,
                    "index_standard": std,
                }
                for (k, namn, typ, hm, idx, std), n in zip(ENHETER, n_enhet, strict=True)
            ]
        )
        .join(summor, on="skolenhetskod", how="left")
        .with_columns(kr_per_elev=pl.col("belopp_kr") / pl.col("elever"))
    )
    underlag = Fordelningsunderlag(
        enheter=enheter.select(
            "skolenhetskod", "namn", "huvudmannatyp", "huvudman_id"
        ).with_columns(kommunkod=pl.lit("0114")),
        elever=pl.DataFrame(
            [
                {"skolenhetskod": k, "arskurs": a, "antal": float(n)}
                for k, ak in ARSKURSER.items()
                for a, n in ak.items()
            ]
        ),
        index=enheter.select("skolenhetskod", "index", "index_standard"),
        malgrupper=pl.DataFrame(
            [
                {"skolenhetskod": k, "malgrupp": m, "antal": float(n)}
                for k, mg in MALGRUPPER.items()
                for m, n in mg.items()
            ]
        ),
        givna_belopp=pl.DataFrame(
            schema={"skolenhetskod": pl.String, "pott": pl.String, "belopp_kr": pl.Float64}
        ),
        anteckningar=(
            "Skolenhet 10000003 (Granskolan) saknar index; standardvärdet 100,0 (medel över alla enheter) har använts.",
        ),
    )
    return Fordelning(
        modell=modell,
        underlag=underlag,
        rader=df,
        potter=potter_df,
        enheter=enheter,
        anteckningar=(
            f"Taket {_kr(TAK)} per elev i potten socioekonomi band för skolenhet 10000001; överskottet omfördelades till övriga enheter.",
        ),
    )


# Förändringen mot förra året: (elever, index, parametrar) per enhet i kronor.
FORANDRING_DELAR = {
    "10000001": (120_000.0, -35_000.0, 48_000.0),
    "10000002": (-80_000.0, 12_500.0, 30_000.0),
    "10000003": (0.0, 0.0, 0.0),
    "30000001": (250_000.0, 4_000.0, -9_000.0),
}


def gor_forandring(fordelning: Fordelning) -> pl.DataFrame:
    """``forandring.csv``-ramen: i år = fördelningens belopp, förra året = i år − Σ delarna."""
    rader = []
    for kod, belopp in fordelning.enheter.select("skolenhetskod", "belopp_kr").iter_rows():
        e, i, p = FORANDRING_DELAR[kod]
        rader.append(
            {
                "skolenhetskod": kod,
                "belopp_forra_kr": belopp - (e + i + p),
                "belopp_kr": belopp,
                "andring_kr": e + i + p,
                "varav_elever_kr": e,
                "varav_index_kr": i,
                "varav_parametrar_kr": p,
            }
        )
    return pl.DataFrame(rader)


# Normen för kommunens kommunala enheter (normårets prisnivå, nivå 1): grundersättning per
# stadium, socioekonomiskt tillägg per enhet, lön- och lokaljustering, platsgaranti, gleshet.
NORM_GRUND = {"F": 70_000.0, "1-3": 82_000.0, "4-6": 86_100.0, "7-9": 98_400.0}
NORM_SEI = {"10000001": 9_000.0, "10000002": 4_000.0, "10000003": 6_000.0, "30000001": 5_000.0}
NORM_LON, NORM_LOKALJ, NORM_LOKAL_RIKET, NORM_PG, NORM_GL = 500.0, 300.0, 18_000.0, 5_000.0, 0.0


def gor_norm(utan: tuple[tuple[str, str], ...] = (), niva: float = 1.0):
    """Ett ``NormResultat`` för kommunen 0114 med enheterna och stadierna i ``ARSKURSER``
    (utom ``utan``: (kod, stadium) som saknas i normen) och en enhet i en annan kommun."""
    from skolpeng.norm.resultat import NormResultat

    rader = []
    eps = elever_per_stadium() | {("99999999", "1-3"): 50.0}
    info = {e[0]: e for e in ENHETER} | {
        "99999999": ("99999999", "Annan", "kommunal", "2506", 1.0, False)
    }
    for (kod, stadium), n in eps.items():
        if (kod, stadium) in utan:
            continue
        typ = info[kod][2]
        pg = NORM_PG if typ == "kommunal" else 0.0
        sei = NORM_SEI.get(kod, 0.0)
        m = NORM_GRUND[stadium] + sei + NORM_LON + NORM_LOKALJ + pg + NORM_GL
        rader.append(
            {
                "skolenhetskod": kod,
                "stadium": stadium,
                "huvudmannatyp": typ,
                "huvudman_id": info[kod][3],
                "kommunkod": "2506" if kod == "99999999" else "0114",
                "elever": n + 3.5,  # normens elevår skiljer sig från modellens läsår
                "grundersattning": NORM_GRUND[stadium],
                "socioekonomiskt_tillagg": sei,
                "lonejustering": NORM_LON,
                "lokaljustering": NORM_LOKALJ,
                "platsgaranti": pg,
                "gleshet": NORM_GL,
                "modellvarde": m,
                "norm": niva * m,
                "varav_lokalkostnad": NORM_LOKAL_RIKET + NORM_LOKALJ,
                "namn": info[kod][1],
                "kommungrupp": "A3",
                "socioekonomiskt_index": 100.0,
            }
        )
    enheter = pl.DataFrame(rader)
    return NormResultat(
        variant="vagledande",
        normar=2026,
        kostnadsar=2024,
        elevar="kalenderår 2026 (½·2025/26 + ½·2026/27)",
        niva=niva,
        enheter=enheter,
        huvudman=pl.DataFrame(),
        kommuner=pl.DataFrame(
            {"kommunkod": ["0114", "2506"], "kommunnamn": ["Upplands Väsby", "Arjeplog"]}
        ),
        sammanfattning={"parametrar": {"socioekonomisk_andel": 0.08}},
    )

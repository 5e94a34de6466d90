"""Oberoende referensberäkning av normen i ren Python ("kalkylarksstil").

Skriven direkt från docs/regler/norm.md#stegen och SOU 2025:72:s bilaga, utan att importera något ur
``skolpeng.norm``: varje mellanled är en vanlig dict, parametrarna står här med sina källor
(så att även parameterfilerna prövas), och glesheten löses genom ren iteration (inte den
slutna formen som implementationen använder).

In: en exempelnation som data (samma form som ``tests/exempel/norm/*.yaml``) och en variant.
Ut: en dict med alla mellanled och per (skolenhet, stadium) alla komponenter.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

# Källans parametervärden (SOU 2025:72).
TILLAGGSBELOPP_ANDEL = 0.015  # 6.2.1; bilagan, Parametrar 1
HEMKOMMUNSANSVAR_ANDEL = 0.01  # 6.2.1; bilagan, Parametrar 1
PLATSGARANTI_ANDEL = 0.054  # 6.2.1, kapitel 10; bilagan, Parametrar 2
GRUNDERSATTNING_ANDEL = 0.92  # bilagan, Parametrar 3
SOCIOEKONOMISK_ANDEL = 0.08  # bilagan, Parametrar 3
STADIEINDEX = {
    "fk_gr": {"F": 0.85, "1-3": 1.0, "4-6": 1.05, "7-9": 1.2},  # bilagan, tabell 1
    "fritidshem": {"F": 1.0, "1-3": 1.0, "4-6": 0.6},  # avsnitt 7.2
}
LONEKOSTNADSANDEL = 0.771  # bilagan, Strukturtillägg 2
BYGGKOSTNADSVIKT = 0.6  # bilagan, formel 3
LOKALINDEX_AR = 3  # bilagan, "medelvärde för ... 2020, 2021 och 2022"
NIVA = {"vagledande": 1.0, "bindande": 0.95, "fritidshem": 0.95}  # 9.2.2; 6.2.2; 7.2
MOMS = {"vagledande": 0.0, "bindande": 0.06, "fritidshem": 0.06}  # 6.2.1; tabell 7.3 steg 8
STADIUM_FOR_ARSKURS = {
    "F": "F", "1": "1-3", "2": "1-3", "3": "1-3", "4": "4-6", "5": "4-6", "6": "4-6",
    "7": "7-9", "8": "7-9", "9": "7-9",
}  # fmt: skip


def referens(data: dict[str, Any], variant: str) -> dict[str, Any]:
    """Alla mellanled och komponenter för ``variant`` (se modulens docstring)."""
    normar = data["normar"]
    kostnadsar = normar - 2  # bilagan: "två år före det år som normen ska gälla"
    verksamhet = "fritidshem" if variant == "fritidshem" else "fk_gr"
    idx = STADIEINDEX[verksamhet]
    enhet = {r["skolenhetskod"]: r for r in data["skolenheter"]}
    kommun = {r["kommunkod"]: r for r in data["kommuner"]}
    deltar = {u for u, r in enhet.items() if r["huvudmannatyp"] in ("kommunal", "enskild")}
    kommunal = {u for u in deltar if enhet[u]["huvudmannatyp"] == "kommunal"}

    # Steg 1: kalenderår N = ½·(N−1)/N + ½·N/(N+1).
    lasar = {f"{normar - 1}/{normar % 100:02d}", f"{normar}/{(normar + 1) % 100:02d}"}
    n: dict[tuple[str, str], float] = defaultdict(float)
    for rad in data["elever"]:
        u = rad["skolenhetskod"]
        if rad["verksamhet"] != verksamhet or rad["lasar"] not in lasar or u not in deltar:
            continue
        for arskurs, antal in rad["antal"].items():
            s = STADIUM_FOR_ARSKURS[str(arskurs)]
            if s in idx:
                n[(u, s)] += 0.5 * antal
    n = {k: v for k, v in n.items() if v > 0}
    n_u: dict[str, float] = defaultdict(float)
    for (u, _), v in n.items():
        n_u[u] += v
    N_s = {s: sum(v for (_, t), v in n.items() if t == s) for s in idx}

    # Socioekonomiskt index för år N; saknas -> 100, internationell -> 75 (även fritidshem:
    # docs/regler/norm.md#beslut-fritidshem).
    sei_data = {
        r["skolenhetskod"]: r["index"]
        for r in data["socioekonomiskt_index"]
        if r["ar"] == normar and r["verksamhet"] == verksamhet
    }
    sei = {}
    for u in n_u:
        if u in sei_data:
            sei[u] = sei_data[u]
        elif enhet[u]["internationell"] == 1:
            sei[u] = 75.0
        else:
            sei[u] = 100.0

    # Steg 2: NGB per kommun.
    nat = {r["ar"]: r for r in data["nationellt"]}
    arslon = nat[kostnadsar]["larare_manadslon"] * 12 * (1 + nat[kostnadsar]["po_palagg"])
    fte = {
        r["kommunkod"]: r["arsarbetskrafter"] for r in data["modersmal"] if r["ar"] == kostnadsar
    }
    rs = [
        r
        for r in data["rakenskapssammandrag"]
        if r["ar"] == kostnadsar and r["verksamhet"] == verksamhet
    ]
    ngb_k, avr = {}, defaultdict(float)
    for r in rs:
        k, nk = r["kommunkod"], r["nettokostnad"]
        poster = {
            "kop_fran_staten": r["kop_fran_staten"],
            "kop_fran_utlandet": r["kop_fran_utlandet"],
            "lamnade_bidrag": r["lamnade_bidrag"],
            "tillaggsbelopp_schablon": TILLAGGSBELOPP_ANDEL * nk,
            "hemkommunsansvar_schablon": HEMKOMMUNSANSVAR_ANDEL * nk,
            "skolskjuts": r["skolskjuts"] if verksamhet == "fk_gr" else 0.0,
            "modersmal": fte.get(k, 0.0) * arslon if verksamhet == "fk_gr" else 0.0,
        }
        for namn, v in poster.items():
            avr[namn] += v
        avr["nettokostnad"] += nk
        ngb_k[k] = nk - sum(poster.values())
    ngb = sum(ngb_k.values())

    # Steg 3–5 och 8b: P, S och GL som funktion av R; G genom ren iteration.
    U = PLATSGARANTI_ANDEL * ngb

    def fordela(R: float):
        B = GRUNDERSATTNING_ANDEL * R
        S = SOCIOEKONOMISK_ANDEL * R
        D = sum(N_s[s] * idx[s] for s in idx)
        P = {s: B * idx[s] / D for s in idx}
        E = sum(n_u[u] * sei[u] for u in n_u)
        S_u = {u: S * sei[u] / E for u in n_u}
        GL = {}
        for u, s in n:
            gi = kommun[enhet[u]["kommunkod"]]["gleshetsindex"]
            GL[(u, s)] = (gi - 100) / 100 * (P[s] + S_u[u]) if u in kommunal and gi > 100 else 0.0
        return B, S, P, S_u, GL

    G = 0.0
    for _ in range(1000):
        *_, GL = fordela(ngb - U - G)
        G_ny = sum(n[k] * GL[k] for k in n)
        if abs(G_ny - G) < 1e-7:
            G = G_ny
            break
        G = G_ny
    R = ngb - U - G
    B, S, P, S_u, GL = fordela(R)

    # Steg 7: lokalkostnadsläge.
    lokal = sum(
        r["externa_lokalhyror"]
        + r["kalkylerade_kapitalkostnader"]
        + r["interna_lokalkostnader"]
        - r["externa_hyresintakter"]
        for r in rs
    )
    L_R = lokal / sum(r["elever_kommunal"] for r in rs)
    indexar = sorted({r["ar"] for r in data["lokalkostnadsunderlag"] if r["ar"] <= normar})[
        -LOKALINDEX_AR:
    ]
    JL: dict[str, list[float]] = defaultdict(list)
    NL, NB, K, L_Ry = {}, {}, {}, {}
    for y in indexar:
        rader = [r for r in data["lokalkostnadsunderlag"] if r["ar"] == y]
        L_Ry[y] = sum(r["lokalkostnad_per_elev"] * r["elever_kommunal"] for r in rader) / sum(
            r["elever_kommunal"] for r in rader
        )
        grupper = {kommun[r["kommunkod"]]["kommungrupp"] for r in rader}
        for g in grupper:
            medl = [r for r in rader if kommun[r["kommunkod"]]["kommungrupp"] == g]
            NL[(g, y)] = sum(r["lokalkostnad_per_elev"] for r in medl) / len(medl) / L_Ry[y]
            B_g = sum(r["byggkostnadsindex"] * r["elever_kommunal"] for r in medl) / sum(
                r["elever_kommunal"] for r in medl
            )
            for r in medl:
                k = r["kommunkod"]
                NB[(k, y)] = r["byggkostnadsindex"] / B_g
                K[(k, y)] = BYGGKOSTNADSVIKT * (NB[(k, y)] - 1)
                JL[k].append(NL[(g, y)] * (1 + K[(k, y)]))
    LX = {k: 100 * sum(v) / len(v) for k, v in JL.items()}
    a = {u: L_R * (LX[enhet[u]["kommunkod"]] - 100) / 100 for u in n_u}
    d_l = sum(n_u[u] * a[u] for u in n_u) / sum(n_u.values())
    L = {u: a[u] - d_l for u in n_u}

    # Steg 8a: platsgaranti.
    PG = U / sum(n_u[u] for u in n_u if u in kommunal)

    # Steg 6: löneläge, sist: (LI − 100)/100 · (P + S + L + [PG + GL]) · 0,771 (bilagan,
    # Löneläge: "summan av alla ersättningar i modellen"; docs/regler/norm.md#beslut-lonebas).
    def li(u: str) -> float:
        return kommun[enhet[u]["kommunkod"]]["loneindex"]

    def ovriga(u: str, s: str) -> float:
        ansvar = PG + GL[(u, s)] if u in kommunal else 0.0
        return P[s] + S_u[u] + L[u] + ansvar

    w_plus = {
        (u, s): (li(u) - 100) / 100 * ovriga(u, s) * LONEKOSTNADSANDEL if li(u) > 100 else 0.0
        for u, s in n
    }
    d_w = sum(n[k] * w_plus[k] for k in n) / sum(n.values())
    W = {k: w_plus[k] - d_w for k in n}

    # Steg 9–11.
    f = 1.0
    for y in range(kostnadsar + 1, normar + 1):
        f *= 1 + nat[y]["kpif"]
    rader = {}
    for u, s in n:
        m = P[s] + S_u[u] + W[(u, s)] + L[u]
        pg = PG if u in kommunal else 0.0
        m += pg + GL[(u, s)]
        moms = 1 + MOMS[variant] if enhet[u]["huvudmannatyp"] == "enskild" else 1.0
        rader[(u, s)] = {
            "elever": n[(u, s)],
            "grundersattning": f * P[s],
            "socioekonomiskt_tillagg": f * S_u[u],
            "lonejustering": f * W[(u, s)],
            "lokaljustering": f * L[u],
            "platsgaranti": f * pg,
            "gleshet": f * GL[(u, s)],
            "modellvarde": f * m,
            "norm": NIVA[variant] * f * m * moms,
            "varav_lokalkostnad": f * (L_R + L[u]),
            "socioekonomiskt_index": sei[u],
            "M": m,
        }
    return {
        "N_s": N_s, "sei": sei, "arslon": arslon, "ngb_k": ngb_k, "avrakningar": dict(avr),
        "NGB": ngb, "U": U, "G": G, "R": R, "B": B, "S": S, "P": P, "S_u": S_u,
        "w_plus": w_plus, "d_w": d_w, "L_R": L_R, "indexar": indexar, "L_Ry": L_Ry, "NL": NL,
        "NB": NB, "K": K, "JL": dict(JL), "LX": LX, "a": a, "d_l": d_l, "L": L, "PG": PG,
        "GL": GL, "f": f, "rader": rader, "kommunal": kommunal,
    }  # fmt: skip

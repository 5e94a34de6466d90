"""Ekonomin i den syntetiska nationen: räkenskapssammandrag, lokalkostnader, modersmål,
nationella tal och huvudmännens kostnader eller intäkter per elev.

In: slumpgenerator, ``Kommunlage``, ``Enhetslage``, skolenheternas huvudmän, normåret N och
formen. Ut: tabellerna ``rakenskapssammandrag`` (C-2 … C, båda verksamheterna),
``lokalkostnadsunderlag`` (C-2 … C), ``modersmal`` (C), ``nationellt`` (C … N) och
``kostnader_huvudman`` (C), med C = N - 2.

Sambanden som håller exakt (per kommun, år och verksamhet):
``nettokostnad - skolskjuts - kop_fran_staten - kop_fran_utlandet - lamnade_bidrag =
elever_kommunal x egen kostnad per elev + bidrag till kommunens enskilda enheter``, där
bidragen till enskilda enheter = elever i kommunens enskilda enheter x bidrag (grundbelopp)
per elev. Bidragen till enskilda huvudmän är köp av verksamhet och ingår i nettokostnaden
utan att avräknas (SOU 2025:72 kap. 6.2.1, ``sources/004_cac176927b4d7fe1.txt`` rad
1950–1962); ``lamnade_bidrag`` är i stället en liten egen post (föreningsbidrag o.d., rad
1960) = andel x nettokostnad, med andelen dragen per kommun och verksamhet ur formens
``lamnade_bidrag_andel`` och lagd ovanpå, så att kostnaden i egen regi inte ändras.
Köp från staten = elever i statliga enheter i kommunen x egen kostnad per elev; lokalposterna
(hyror + kapitalkostnader + interna - hyresintäkter) = elever_kommunal x lokalkostnad per
elev, samma tal som i ``lokalkostnadsunderlag``. Egen kostnad per elev år C är den kommunala
huvudmannens ``kostnad_per_elev`` i ``kostnader_huvudman`` (fritidshem: kostnad per
inskrivet barn), så sambandet kan kontrolleras ur tabellerna. Fritidshem har ingen
skolskjuts och inga köp. Elevantalen för år C är enheternas elever läsåret (N-2)/(N-1);
tidigare år räknas bakåt med rikets trend. Kostnaden i kommunal regi (egen kostnad +
skolskjuts + köp från utlandet) per elev ligger inom formens gränser (100 000–185 000 kr) i
basårets prisnivå.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from skolpeng.syntetisk.enheter import ENSKILD, KOMMUNAL, STATLIG, Enhetslage
from skolpeng.syntetisk.form import NationsForm
from skolpeng.syntetisk.kommuner import Kommunlage


def _per_kommun(enh: Enhetslage, antal: np.ndarray, typ: int, antal_kommuner: int) -> np.ndarray:
    """Summan av ``antal`` (per enhet) över kommunens enheter av huvudmannatypen ``typ``."""
    return np.bincount(
        enh.kommun, weights=np.where(enh.typ == typ, antal, 0.0), minlength=antal_kommuner
    )


def _lognormal(rng: np.random.Generator, sd: float, n: int) -> np.ndarray:
    """exp(N(0, sd)) med väntevärde 1."""
    return np.exp(sd * rng.standard_normal(n) - sd * sd / 2.0)


def _kostnadslage(
    rng: np.random.Generator, kom: Kommunlage, form: NationsForm
) -> dict[str, np.ndarray]:
    """Kostnader per elev i basåret (formens ``kostnad_basar``) per kommun."""
    n = kom.antal
    g = kom.grupp
    log_storlek = np.log(kom.elever)
    sd = float(np.std(log_storlek))
    z = (log_storlek - log_storlek.mean()) / sd if sd > 0 else np.zeros(n)
    total = np.array(form.grupp_kostnad_per_elev)[g] * np.exp(
        -form.kostnad_storlekseffekt * z + form.kostnad_spridning * rng.standard_normal(n)
    )
    total = np.clip(total, *form.kostnad_granser)
    skolskjuts = (
        np.array(form.grupp_skolskjuts_per_elev)[g]
        * _lognormal(rng, form.skolskjuts_spridning, n)
        * (kom.gleshetsindex / 100.0) ** 3
    )
    kop_utlandet = np.where(
        rng.random(n) < form.andel_kommuner_kop_utlandet,
        rng.random(n) * form.kop_utlandet_max_per_elev,
        0.0,
    )
    egen = total - skolskjuts - kop_utlandet
    lokal = np.minimum(
        np.array(form.grupp_lokalkostnad_per_elev)[g]
        * _lognormal(rng, form.lokalkostnad_spridning, n),
        0.4 * egen,
    )
    fritids = np.clip(
        form.fritidshem_kostnad_median * _lognormal(rng, form.fritidshem_kostnad_spridning, n),
        *form.fritidshem_kostnad_granser,
    )
    return {
        "egen": egen,
        "skolskjuts": skolskjuts,
        "kop_utlandet": kop_utlandet,
        "lokal": lokal,
        "bidrag": egen * _lognormal(rng, form.bidragsniva_spridning, n),
        "fritids": fritids,
        "fritids_lokal": fritids * rng.uniform(*form.fritidshem_lokalandel, n),
        "fritids_bidrag": fritids * _lognormal(rng, form.bidragsniva_spridning, n),
        # andelar av lokalkostnaden: externa hyror, kapitalkostnader, interna, hyresintäkter
        "a_hyror": rng.uniform(0.10, 0.50, n),
        "a_kapital": rng.uniform(0.05, 0.20, n),
        "a_intakter": rng.uniform(0.01, 0.06, n),
        # lämnade bidrag (föreningsbidrag o.d.) som andel av nettokostnaden
        "lamnade_andel": rng.uniform(*form.lamnade_bidrag_andel, n),
        "fritids_lamnade_andel": rng.uniform(*form.lamnade_bidrag_andel, n),
    }


def _lokalposter(lokal: np.ndarray, k: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Delar lokalkostnaden på RS:s fyra lokalposter (alla positiva, netto = ``lokal``)."""
    interna = 1.0 + k["a_intakter"] - k["a_hyror"] - k["a_kapital"]
    return {
        "externa_lokalhyror": lokal * k["a_hyror"],
        "kalkylerade_kapitalkostnader": lokal * k["a_kapital"],
        "interna_lokalkostnader": lokal * interna,
        "externa_hyresintakter": lokal * k["a_intakter"],
    }


def _med_lamnade_bidrag(utan: np.ndarray, andel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lägger lämnade bidrag ovanpå nettokostnaden ``utan`` dem så att bidragen blir ``andel``
    av den nya nettokostnaden. Ut: (nettokostnad, lämnade bidrag)."""
    lamnade = utan * andel / (1.0 - andel)
    return utan + lamnade, lamnade


def _kommunfalt(
    kom: Kommunlage, ar: int, verksamhet: str, kolumner: dict[str, np.ndarray]
) -> pl.DataFrame:
    """En rad per kommun med kod, år, verksamhet och de givna talkolumnerna."""
    return pl.DataFrame(
        {"kommunkod": pl.Series(kom.kod.tolist(), dtype=pl.String)}
        | {namn: pl.Series(v, dtype=pl.Float64) for namn, v in kolumner.items()}
    ).with_columns(
        pl.lit(ar, dtype=pl.Int64).alias("ar"),
        pl.lit(verksamhet, dtype=pl.String).alias("verksamhet"),
    )


def generera_ekonomi(
    rng: np.random.Generator,
    kom: Kommunlage,
    enh: Enhetslage,
    huvudman_id: np.ndarray,
    normar: int,
    form: NationsForm,
) -> dict[str, pl.DataFrame]:
    """Drar kommunernas kostnader och bygger de ekonomiska tabellerna.

    In: slumpgenerator, kommuner, enheter, huvudman_id per enhet, normår N, form.
    Ut: {tabellnamn: polars-tabell} för rakenskapssammandrag, lokalkostnadsunderlag,
    modersmal, nationellt och kostnader_huvudman.
    """
    C = normar - 2
    n_k = kom.antal
    k = _kostnadslage(rng, kom, form)
    fk = enh.fk_tidigare.sum(axis=1).astype(float)
    fr = enh.fr_tidigare.sum(axis=1).astype(float)
    elever = {t: _per_kommun(enh, fk, t, n_k) for t in (KOMMUNAL, ENSKILD, STATLIG)}
    fritids = {t: _per_kommun(enh, fr, t, n_k) for t in (KOMMUNAL, ENSKILD)}

    rs, lokaler = [], []
    pris_c = (1.0 + form.kostnadsokning_per_ar) ** (C - form.kostnad_basar)
    for j in (2, 1, 0):
        ar = C - j
        # År C är exakt läsåret (N-2)/(N-1); tidigare år med rikets trend och lite brus.
        brus_n, brus_p = (_lognormal(rng, 0.01, n_k) if j > 0 else np.ones(n_k) for _ in "np")
        trend = (1.0 - form.elevforandring_per_lasar) ** j * brus_n
        pris = pris_c * (1.0 + form.kostnadsokning_per_ar) ** (-j) * brus_p
        n = np.rint(elever[KOMMUNAL] * trend)
        # Grundbelopp till kommunens enskilda enheter: köp av verksamhet, ingår i nettokostnaden.
        till_enskilda = np.rint(elever[ENSKILD] * trend) * k["bidrag"] * pris
        kop_staten = np.rint(elever[STATLIG] * trend) * k["egen"] * pris
        netto, lamnade = _med_lamnade_bidrag(
            n * (k["egen"] + k["skolskjuts"] + k["kop_utlandet"]) * pris
            + kop_staten
            + till_enskilda,
            k["lamnade_andel"],
        )
        rs_fk = {
            "nettokostnad": netto,
            "skolskjuts": n * k["skolskjuts"] * pris,
            "kop_fran_staten": kop_staten,
            "kop_fran_utlandet": n * k["kop_utlandet"] * pris,
            "lamnade_bidrag": lamnade,
            **_lokalposter(n * k["lokal"] * pris, k),
            "elever_kommunal": n,
        }
        nf = np.rint(fritids[KOMMUNAL] * trend)
        till_enskilda_f = np.rint(fritids[ENSKILD] * trend) * k["fritids_bidrag"] * pris
        netto_f, lamnade_f = _med_lamnade_bidrag(
            nf * k["fritids"] * pris + till_enskilda_f, k["fritids_lamnade_andel"]
        )
        noll = np.zeros(n_k)
        rs_fr = {
            "nettokostnad": netto_f,
            "skolskjuts": noll,
            "kop_fran_staten": noll,
            "kop_fran_utlandet": noll,
            "lamnade_bidrag": lamnade_f,
            **_lokalposter(nf * k["fritids_lokal"] * pris, k),
            "elever_kommunal": nf,
        }
        rs += [_kommunfalt(kom, ar, "fk_gr", rs_fk), _kommunfalt(kom, ar, "fritidshem", rs_fr)]
        lokaler.append(
            _kommunfalt(
                kom,
                ar,
                "fk_gr",
                {
                    "lokalkostnad_per_elev": k["lokal"] * pris,
                    "byggkostnadsindex": kom.byggkostnadsindex,
                    "elever_kommunal": n,
                },
            )
        )

    modersmal = np.round(
        elever[KOMMUNAL]
        * np.array(form.grupp_modersmal_per_elev)[kom.grupp]
        * _lognormal(rng, form.modersmal_spridning, n_k),
        1,
    )
    return {
        "rakenskapssammandrag": pl.concat(rs)
        .select(
            "kommunkod",
            "ar",
            "verksamhet",
            *[c for c in rs[0].columns if c not in ("kommunkod", "ar", "verksamhet")],
        )
        .sort("kommunkod", "ar", "verksamhet"),
        "lokalkostnadsunderlag": pl.concat(lokaler)
        .select("kommunkod", "ar", "lokalkostnad_per_elev", "byggkostnadsindex", "elever_kommunal")
        .sort("kommunkod", "ar"),
        "modersmal": _kommunfalt(kom, C, "", {"arsarbetskrafter": modersmal}).select(
            "kommunkod", "ar", "arsarbetskrafter"
        ),
        "nationellt": nationellt_tabell(C, normar, form),
        "kostnader_huvudman": _kostnader_huvudman(
            rng, kom, enh, huvudman_id, C, k, pris_c, elever[KOMMUNAL], fritids[KOMMUNAL], form
        ),
    }


def nationellt_tabell(forsta_ar: int, normar: int, form: NationsForm) -> pl.DataFrame:
    """Tabellen ``nationellt`` för åren forsta_ar … normar (KPIF, prognosflagga för N,
    lärarlön, PO-pålägg). Deterministisk: tar inget slumptal."""
    ar = np.arange(forsta_ar, normar + 1)
    kand = dict(form.kpif_kand)
    return pl.DataFrame(
        {
            "ar": pl.Series(ar, dtype=pl.Int64),
            "kpif": pl.Series([kand.get(int(a), form.kpif_ovriga) for a in ar], dtype=pl.Float64),
            "kpif_prognos": pl.Series((ar == normar).astype(np.int8), dtype=pl.Int8),
            "larare_manadslon": pl.Series(
                form.larare_manadslon_basar
                * (1.0 + form.lonokning_per_ar) ** (ar - form.kostnad_basar),
                dtype=pl.Float64,
            ),
            "po_palagg": pl.Series(np.full(ar.size, form.po_palagg), dtype=pl.Float64),
        }
    )


def _kostnader_huvudman(
    rng: np.random.Generator,
    kom: Kommunlage,
    enh: Enhetslage,
    huvudman_id: np.ndarray,
    C: int,
    k: dict[str, np.ndarray],
    pris: float,
    elever_kommunal: np.ndarray,
    fritids_kommunal: np.ndarray,
    form: NationsForm,
) -> pl.DataFrame:
    """Dagens kostnad (kommunal huvudman: egen kostnad per elev i egen regi, exkl. skolskjuts,
    köp, lämnade bidrag och grundbelopp till enskilda; samma tal som i RS-sambandet år C)
    eller intäkt (enskild huvudman: elevviktat bidrag per elev från lägeskommunerna, med brus
    för tilläggsbelopp m.m.) per elev, år C, båda verksamheterna."""
    delar = []
    for verksamhet, per_elev, antal_kom, antal_enh, bidrag in (
        ("fk_gr", k["egen"], elever_kommunal, enh.fk_tidigare, k["bidrag"]),
        ("fritidshem", k["fritids"], fritids_kommunal, enh.fr_tidigare, k["fritids_bidrag"]),
    ):
        delar.append(
            pl.DataFrame(
                {
                    "huvudman_id": pl.Series(kom.kod.tolist(), dtype=pl.String),
                    "kostnad_per_elev": per_elev * pris,
                    "elever": antal_kom,
                }
            ).with_columns(
                pl.lit("kommunal").alias("huvudmannatyp"), pl.lit(verksamhet).alias("verksamhet")
            )
        )
        e = np.flatnonzero(enh.typ == ENSKILD)
        n_enh = antal_enh[e].sum(axis=1).astype(float)
        enskilda = (
            pl.DataFrame(
                {
                    "huvudman_id": pl.Series(huvudman_id[e].tolist(), dtype=pl.String),
                    "n": n_enh,
                    "belopp": (bidrag * pris)[enh.kommun[e]] * n_enh,
                }
            )
            .group_by("huvudman_id")
            .agg(pl.col("n").sum().alias("elever"), pl.col("belopp").sum())
            .filter(pl.col("elever") > 0)
            .sort("huvudman_id")
        )
        brus = _lognormal(rng, form.bidragsniva_spridning, enskilda.height)
        delar.append(
            enskilda.select(
                "huvudman_id",
                pl.lit("enskild").alias("huvudmannatyp"),
                (pl.col("belopp") / pl.col("elever") * pl.Series(brus)).alias("kostnad_per_elev"),
                "elever",
            ).with_columns(pl.lit(verksamhet).alias("verksamhet"))
        )
    return (
        pl.concat(delar, how="diagonal_relaxed")
        .filter(pl.col("elever") > 0)
        .select(
            pl.col("huvudman_id").cast(pl.String),
            pl.lit(C, dtype=pl.Int64).alias("ar"),
            pl.col("verksamhet").cast(pl.String),
            pl.col("huvudmannatyp").cast(pl.String),
            pl.col("kostnad_per_elev").cast(pl.Float64),
            pl.col("elever").cast(pl.Float64),
        )
        .sort("huvudman_id", "verksamhet")
    )

"""Förändringen från förra året, uppdelad exakt på elever, index och modellens parametrar
(docs/regler/fordelning-och-bidrag.md#redovisning: "a Shapley decomposition over the three, so that the
parts add up exactly to the change").

In: årets ``Fordelning`` (efter stabilitetsregler) och ``ForraAret`` med modell och underlag
(förra årets utdatakatalog). Ut: ``Forandring`` med en rad per skolenhet (``FORANDRING_KOLUMNER``).

De tre faktorerna och vad som hör till dem:

- **elever**: enheterna, antalet elever per årskurs (volym och stadiefördelning) och
  målgruppernas antal;
- **index**: enheternas index (som de går in i modellen, efter omskalning och utjämning);
- **parametrar**: modellen (ram, potternas belopp och andelar, vikter, former) och de givna
  beloppen per enhet.

Värdet v(S) för en mängd S av faktorer är enhetens belopp enligt ``fordela`` med årets värden
för faktorerna i S och förra årets för övriga (8 beräkningar). Faktorn i:s del är Shapley-
värdet: medelvärdet över de 6 ordningarna av i:s marginella bidrag, dvs.
φ_i = Σ_{S ∌ i} |S|!·(2 − |S|)!/3! · (v(S ∪ {i}) − v(S)); delarna summerar till
v(alla) − v(ingen). Beloppet per elev delas upp på samma sätt med v(S)/elever(S) (egen
Shapley-uppdelning; elever(S) beror bara på faktorn elever).

Stabilitetsjusteringen (potten ``stabilitetsjustering``) är ingen faktor utan beror på förra
årets beslut; ändringen av den står i en egen kolumn ``varav_stabilitet_kr`` (0 utan
stabilitetsregler). Alltså: ``andring_kr = varav_elever_kr + varav_index_kr +
varav_parametrar_kr + varav_stabilitet_kr``, och detsamma per elev.

Enheter som bara finns ena året (``enhetens_status`` ``ny`` eller ``nedlagd``): hela
förändringen före stabilitetsjustering räknas till **elever** (enheten fick eller förlorade
sina elever); index och parametrar får 0. I beräkningarna för övriga enheter får en enhet som
saknar index det år indexet tas från sitt index från det andra året, och givna belopp för
enheter som inte finns bland årets elever tas inte med.

Förra årets belopp är v(ingen) plus förra årets stabilitetsjustering; avviker det från förra
årets beslutade belopp med mer än 1 kr (t.ex. en annan programversion) står det i
anteckningarna.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from skolpeng.fordelning.modellfil.schema import Belopp, Fordelningsmodell, Omfattning
from skolpeng.fordelning.stabilitetsregler.forra_aret import STABILITETSPOTT, ForraAret
from skolpeng.fordelning.underlag_och_resultat import Fordelning, Fordelningsunderlag

FAKTORER: tuple[str, ...] = ("elever", "index", "parametrar")
DELAR: tuple[str, ...] = (*FAKTORER, "stabilitet")

#: forandring.csv: en rad per skolenhet (kvar, ny eller nedlagd).
FORANDRING_KOLUMNER: tuple[str, ...] = (
    "skolenhetskod",
    "namn",
    "huvudmannatyp",
    "enhetens_status",
    "elever_forra",
    "elever",
    "belopp_forra_kr",
    "belopp_kr",
    "andring_kr",
    *(f"varav_{d}_kr" for d in DELAR),
    "kr_per_elev_forra",
    "kr_per_elev",
    "andring_kr_per_elev",
    *(f"varav_{d}_kr_per_elev" for d in DELAR),
)

Berakna = Callable[[Fordelningsmodell, Fordelningsunderlag], Fordelning]


@dataclass(frozen=True)
class Forandring:
    """Förändringens uppdelning: ``enheter`` (``FORANDRING_KOLUMNER``, oavrundat) och
    svenska ``anteckningar``."""

    enheter: pl.DataFrame
    anteckningar: tuple[str, ...] = ()

    def totalt(self) -> dict[str, float]:
        """Kommunens summa av beloppskolumnerna (kr, inte per elev)."""
        kol = ["belopp_forra_kr", "belopp_kr", "andring_kr", *(f"varav_{d}_kr" for d in DELAR)]
        return {k: float(self.enheter[k].sum()) for k in kol}


def shapley(
    v: Callable[[frozenset[str]], np.ndarray], faktorer: Sequence[str] = FAKTORER
) -> dict[str, np.ndarray]:
    """Shapley-värdena för faktorerna.

    In: ``v`` (mängd av faktorer med årets värde -> värde per enhet, en vektor) och
    faktorerna. Ut: faktor -> vektor φ_i = Σ_{S ∌ i} |S|!(n−|S|−1)!/n! · (v(S∪{i}) − v(S)),
    så att Σ_i φ_i = v(alla) − v(ingen). ``v`` anropas en gång per delmängd (2^n gånger)."""
    n = len(faktorer)
    minne: dict[frozenset[str], np.ndarray] = {}

    def varde(s: frozenset[str]) -> np.ndarray:
        if s not in minne:
            minne[s] = np.asarray(v(s), dtype=np.float64)
        return minne[s]

    ut: dict[str, np.ndarray] = {}
    for i in faktorer:
        ovriga = [f for f in faktorer if f != i]
        phi: np.ndarray | float = 0.0
        for k in range(n):
            vikt = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
            for s in itertools.combinations(ovriga, k):
                bas = frozenset(s)
                phi = phi + vikt * (varde(bas | {i}) - varde(bas))
        ut[i] = np.asarray(phi, dtype=np.float64)
    return ut


def kombinera_underlag(
    ny: Fordelningsunderlag, gammal: Fordelningsunderlag, s: frozenset[str]
) -> Fordelningsunderlag:
    """Underlaget för v(S): enheter, elever och målgrupper ur årets underlag om ``elever`` ∈ S
    (annars förra årets), index om ``index`` ∈ S, givna belopp om ``parametrar`` ∈ S.

    Det som saknas det ena året tas från det andra: en enhet utan index det år indexet tas
    från får sitt index från det andra året, och en målgrupp som bara räknades det ena året
    (t.ex. en ny målgruppspott i årets modell) tas från det året. Givna belopp till enheter
    som inte finns bland elevernas enheter tas bort."""

    def valj(f: str) -> tuple[Fordelningsunderlag, Fordelningsunderlag]:
        return (ny, gammal) if f in s else (gammal, ny)

    el, el_andra = valj("elever")
    ix, ix_andra = valj("index")
    par, _ = valj("parametrar")
    koder = el.enheter.select("skolenhetskod")
    idx_kol = ["skolenhetskod", "index", "index_standard"]
    idx: pl.DataFrame | None = None
    delar = [r.index.select(idx_kol) for r in (ix, ix_andra) if r.index is not None]
    if delar:
        idx = koder.join(
            pl.concat(delar, how="vertical").unique(
                subset=["skolenhetskod"], keep="first", maintain_order=True
            ),
            on="skolenhetskod",
            how="inner",
        )
    saknade = set(el_andra.malgrupper["malgrupp"]) - set(el.malgrupper["malgrupp"])
    malgrupper = el.malgrupper
    if saknade:
        extra = el_andra.malgrupper.filter(pl.col("malgrupp").is_in(sorted(saknade))).join(
            koder, on="skolenhetskod", how="semi"
        )
        malgrupper = pl.concat([malgrupper, extra.select(malgrupper.columns)], how="vertical")
    return Fordelningsunderlag(
        enheter=el.enheter,
        elever=el.elever,
        index=idx,
        malgrupper=malgrupper,
        givna_belopp=par.givna_belopp.join(koder, on="skolenhetskod", how="semi"),
        # Elevernas behovsnivåer och enheternas resursskolestatus följer eleverna.
        verksamheter=el.verksamheter,
        behovsniva=el.behovsniva,
        resursskolor=el.resursskolor,
    )


def anpassa_modell(modell: Fordelningsmodell, underlag: Fordelningsunderlag) -> Fordelningsmodell:
    """Modellen anpassad till ett annat års enheter (bara för de blandade beräkningarna):
    namngivna enheter som inte har elever i underlaget stryks (en pott vars alla namngivna
    enheter saknas tas bort), och en pott med nyckeln ``givet`` får summan av de givna
    belopp som finns kvar som belopp (utan givna belopp kvar tas potten bort)."""
    med_elever = set(
        underlag.elever.filter(pl.col("antal") > 0)["skolenhetskod"].unique().to_list()
    )
    givna = underlag.givna_belopp.group_by("pott").agg(pl.col("belopp_kr").sum())
    summa = dict(zip(givna["pott"], givna["belopp_kr"], strict=True))

    def omfattning(o: Omfattning | None) -> tuple[Omfattning | None, bool]:
        if o is None or o.enheter is None:
            return o, True
        kvar = [k for k in o.enheter if k in med_elever]
        return o.model_copy(update={"enheter": kvar}), bool(kvar)

    potter = []
    for p in modell.potter:
        o, nar = omfattning(p.omfattning)
        if not nar:
            continue
        uppdatering: dict[str, object] = {"omfattning": o}
        if p.delpotter is not None:
            delar = []
            for d in p.delpotter:
                do, dnar = omfattning(d.omfattning)
                delar.append(d.model_copy(update={"omfattning": do}) if dnar else None)
            if any(d is None for d in delar):
                continue
            uppdatering["delpotter"] = delar
        if p.nyckel is not None and p.nyckel.typ == "givet":
            if p.namn not in summa:
                continue
            uppdatering["belopp"] = Belopp(summa_kr=float(summa[p.namn]))
        potter.append(p.model_copy(update=uppdatering))
    return modell.model_copy(update={"potter": potter})


def _belopp(fordelning: Fordelning, koder: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(belopp per enhet, elever per enhet) i ordningen ``koder``; saknad enhet = 0."""
    e = fordelning.enheter.select("skolenhetskod", "elever", "belopp_kr")
    ram = (
        pl.DataFrame({"skolenhetskod": koder}, schema={"skolenhetskod": pl.String})
        .join(e, on="skolenhetskod", how="left")
        .fill_null(0.0)
    )
    return ram["belopp_kr"].to_numpy().astype(np.float64), ram["elever"].to_numpy().astype(
        np.float64
    )


def _stabilitet(rader: pl.DataFrame, koder: list[str]) -> np.ndarray:
    """Stabilitetsjusteringen per enhet (0 utan sådan) i ordningen ``koder``."""
    s = (
        rader.filter(pl.col("pott") == STABILITETSPOTT)
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr").sum())
    )
    ram = pl.DataFrame({"skolenhetskod": koder}, schema={"skolenhetskod": pl.String}).join(
        s, on="skolenhetskod", how="left"
    )
    return ram["belopp_kr"].fill_null(0.0).to_numpy().astype(np.float64)


def dela_upp_forandring(
    fordelning: Fordelning, forra: ForraAret, berakna: Berakna | None = None
) -> Forandring:
    """Förändringen per skolenhet från förra året till i år, uppdelad på elever, index,
    parametrar och stabilitetsjustering (se modulens beskrivning).

    In: årets fördelning (modell och underlag som gick in, ev. med stabilitetsjustering),
    förra årets resultat med modell och underlag, och ``berakna`` (``fordela``; parameter för
    test). Ut: ``Forandring``. Kräver ``forra.har_underlag``."""
    if forra.modell is None or forra.underlag is None:
        raise ValueError(
            "förändringen kan bara delas upp med förra årets modell och underlag "
            "(förra årets utdatakatalog)"
        )
    if berakna is None:
        from skolpeng.fordelning import fordela

        berakna = fordela
    ny_u, gammal_u = fordelning.underlag, forra.underlag
    ny_m, gammal_m = fordelning.modell, forra.modell
    nya = set(ny_u.enheter["skolenhetskod"])
    gamla = set(gammal_u.enheter["skolenhetskod"])
    koder = sorted(nya | gamla)

    minne: dict[frozenset[str], tuple[np.ndarray, np.ndarray]] = {}

    def berakning(s: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
        if s not in minne:
            minne[s] = _berakning(s, berakna, koder, ny_u, gammal_u, ny_m, gammal_m)
        return minne[s]

    alla, ingen = frozenset(FAKTORER), frozenset()
    belopp_ny, elever_ny = berakning(alla)
    belopp_gammal, elever_gammal = berakning(ingen)
    delar = shapley(lambda s: berakning(s)[0])

    def per_elev(s: frozenset[str]) -> np.ndarray:
        b, n = berakning(s)
        return np.divide(b, n, out=np.full_like(b, np.nan), where=n > 0)

    delar_pe = shapley(per_elev)
    kvar = np.array([k in nya and k in gamla for k in koder])
    ny_enhet = np.array([k in nya and k not in gamla for k in koder])
    stab_ny = _stabilitet(fordelning.rader, koder)
    stab_gammal = _stabilitet_forra(forra, koder)
    andring_fore = belopp_ny - belopp_gammal
    for f in FAKTORER:
        delar[f] = np.where(kvar, delar[f], andring_fore if f == "elever" else 0.0)
    delar["stabilitet"] = stab_ny - stab_gammal

    forra_tot = belopp_gammal + stab_gammal
    nu_tot = belopp_ny + stab_ny
    pe_ok = kvar & (elever_ny > 0) & (elever_gammal > 0)
    kpe_forra = _dela(forra_tot, elever_gammal)
    kpe_ny = _dela(nu_tot, elever_ny)
    delar_pe["stabilitet"] = _dela(stab_ny, elever_ny) - _dela(stab_gammal, elever_gammal)
    kolumner: dict[str, object] = {
        "skolenhetskod": koder,
        "enhetens_status": np.where(kvar, "kvar", np.where(ny_enhet, "ny", "nedlagd")),
        "elever_forra": elever_gammal,
        "elever": elever_ny,
        "belopp_forra_kr": forra_tot,
        "belopp_kr": nu_tot,
        "andring_kr": nu_tot - forra_tot,
        **{f"varav_{d}_kr": delar[d] for d in DELAR},
        "kr_per_elev_forra": kpe_forra,
        "kr_per_elev": kpe_ny,
        "andring_kr_per_elev": np.where(pe_ok, kpe_ny - kpe_forra, np.nan),
        **{f"varav_{d}_kr_per_elev": np.where(pe_ok, delar_pe[d], np.nan) for d in DELAR},
    }
    ram = pl.DataFrame(kolumner).fill_nan(None)
    namn = pl.concat(
        [u.enheter.select("skolenhetskod", "namn", "huvudmannatyp") for u in (ny_u, gammal_u)],
        how="vertical_relaxed",
    ).unique(subset=["skolenhetskod"], keep="first", maintain_order=True)
    ram = ram.join(namn, on="skolenhetskod", how="left").select(FORANDRING_KOLUMNER)
    return Forandring(ram, tuple(_anteckningar(forra, koder, forra_tot, ny_enhet, kvar)))


def _berakning(
    s: frozenset[str],
    berakna: Berakna,
    koder: list[str],
    ny_u: Fordelningsunderlag,
    gammal_u: Fordelningsunderlag,
    ny_m: Fordelningsmodell,
    gammal_m: Fordelningsmodell,
) -> tuple[np.ndarray, np.ndarray]:
    """v(S): belopp och elever per enhet med årets värden för faktorerna i ``s``."""

    if s == frozenset(FAKTORER):
        return _belopp(berakna(ny_m, ny_u), koder)
    if not s:
        return _belopp(berakna(gammal_m, gammal_u), koder)
    underlag = kombinera_underlag(ny_u, gammal_u, s)
    modell = anpassa_modell(ny_m if "parametrar" in s else gammal_m, underlag)
    if not modell.potter:  # ingen pott når något av enheterna: inga belopp
        antal = underlag.elever.group_by("skolenhetskod").agg(pl.col("antal").sum())
        elever = dict(zip(antal["skolenhetskod"], antal["antal"], strict=True))
        return np.zeros(len(koder)), np.array([float(elever.get(k, 0.0)) for k in koder])
    return _belopp(berakna(modell, underlag), koder)


def _stabilitet_forra(forra: ForraAret, koder: list[str]) -> np.ndarray:
    ram = pl.DataFrame({"skolenhetskod": koder}, schema={"skolenhetskod": pl.String}).join(
        forra.enheter.select("skolenhetskod", "stabilitetsjustering_kr"),
        on="skolenhetskod",
        how="left",
    )
    return ram["stabilitetsjustering_kr"].fill_null(0.0).to_numpy().astype(np.float64)


def _dela(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    return np.divide(a, n, out=np.full_like(a, np.nan), where=n > 0)


def _anteckningar(
    forra: ForraAret,
    koder: list[str],
    forra_tot: np.ndarray,
    ny_enhet: np.ndarray,
    kvar: np.ndarray,
) -> list[str]:
    """Svenska noteringar: nya och nedlagda enheter och avvikelser mot förra årets beslut."""
    ut = []
    nya = [k for k, x in zip(koder, ny_enhet, strict=True) if x]
    nedlagda = [k for k, x, y in zip(koder, ny_enhet, kvar, strict=True) if not x and not y]
    if nya:
        ut.append(
            f"Förändring: {len(nya)} nya enheter ({', '.join(nya[:10])}"
            f"{' …' if len(nya) > 10 else ''}); hela beloppet räknas till elever."
        )
    if nedlagda:
        ut.append(
            f"Förändring: {len(nedlagda)} enheter finns inte i år ({', '.join(nedlagda[:10])}"
            f"{' …' if len(nedlagda) > 10 else ''}); hela minskningen räknas till elever."
        )
    beslut = (
        pl.DataFrame({"skolenhetskod": koder, "omraknat": forra_tot})
        .join(forra.enheter.select("skolenhetskod", "belopp_kr"), on="skolenhetskod", how="left")
        .filter((pl.col("belopp_kr") - pl.col("omraknat")).abs() > 1.0)
    )
    if beslut.height:
        ut.append(
            f"Förändring: för {beslut.height} enheter avviker förra årets belopp, omräknat med "
            "förra årets modell och underlag, med mer än 1 kr från det beslutade; "
            "uppdelningen utgår från det omräknade beloppet."
        )
    return ut

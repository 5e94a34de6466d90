"""Syntetiska elevdata på individnivå med kända sanna koefficienter (docs/regler/index.md#dataskydd:
"The synthetic generator makes student-level data with known coefficients").

In: skolenheter (``skolenhetskod``, ``kommunkod``), antal elever per skolenhet (``skolenhetskod``,
``antal`` och gärna ``arskurs``; kolumnerna ``verksamhet`` och ``lasar`` i datasetets tabell
``elever`` hanteras: bara fk_gr och det senaste läsåret används), ett frö och en skala.
Ut: ``Elevdata`` – historiska avgångselever i årskurs 9 per kohort med utfallet
``ej_behorig`` och bakgrundsfaktorer, årets elever i F–9 per skolenhet med samma faktorer och
den sanna risken, samt de sanna koefficienterna.

Segregation: varje kommun har en socioekonomisk nivå och varje skolenhet en avvikelse från
kommunens; enhetens andel utrikes födda hänger samman med nivån. Elevernas faktorer dras
utifrån enhetens nivå, så faktorerna samvarierar inom och mellan enheter som i verkligheten.
Utfallet dras ur den logistiska modellen med de sanna koefficienterna (``SANNA``).
Allt är påhittat; inga verkliga elever förekommer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl
from scipy.special import expit
from scipy.stats import norm

FAKTORER: dict[str, tuple[str, ...]] = {
    "utbildning": ("forgymnasial", "gymnasial", "eftergymnasial"),
    "kon": ("flicka", "pojke"),
    "invandring": (
        "fodd_i_sverige",
        "ankommit_7_ar_eller_mer",
        "ankommit_4_6_ar",
        "ankommit_0_3_ar",
        "okand",
    ),
    "foraldrars_fodelseland": ("sverige", "utlandet"),
    "ekonomiskt_bistand": ("nej", "ja"),
    "vardnadshavare": ("bada", "en"),
}
REFERENSER: dict[str, str] = {
    f: nivaer[-1] if f == "utbildning" else nivaer[0] for f, nivaer in FAKTORER.items()
}
UTFALL = "ej_behorig"
KOHORTER: tuple[str, ...] = ("2020", "2021", "2022", "2023", "2024")
ARSKURSER: tuple[str, ...] = ("F", "1", "2", "3", "4", "5", "6", "7", "8", "9")


@dataclass(frozen=True)
class SannaKoefficienter:
    """Den sanna logistiska modellen: konstant, effekter per ``faktor[nivå]`` (referensnivåerna
    i ``REFERENSER`` har 0) och kohorteffekter per kohort (den första är referens, 0)."""

    konstant: float = -3.1
    effekter: dict[str, float] = field(
        default_factory=lambda: {
            "utbildning[forgymnasial]": 1.4,
            "utbildning[gymnasial]": 0.75,
            "kon[pojke]": 0.35,
            "invandring[ankommit_7_ar_eller_mer]": 0.25,
            "invandring[ankommit_4_6_ar]": 0.9,
            "invandring[ankommit_0_3_ar]": 1.9,
            "invandring[okand]": 1.4,
            "foraldrars_fodelseland[utlandet]": 0.2,
            "ekonomiskt_bistand[ja]": 0.6,
            "vardnadshavare[en]": 0.45,
        }
    )
    kohorteffekter: dict[str, float] = field(
        default_factory=lambda: {
            "2020": 0.0,
            "2021": 0.05,
            "2022": -0.08,
            "2023": 0.1,
            "2024": 0.03,
        }
    )

    def parametrar(self, kohortkolumn: str = "kohort") -> dict[str, float]:
        """Parametrarna med samma namn som skattningen ger (``konstant``, ``faktor[nivå]``,
        ``kohort[år]`` utom referenskohorten)."""
        ut = {"konstant": self.konstant, **self.effekter}
        for k, v in list(self.kohorteffekter.items())[1:]:
            ut[f"{kohortkolumn}[{k}]"] = v
        return ut


SANNA = SannaKoefficienter()


@dataclass(frozen=True)
class Segregation:
    """Spridningen i socioekonomisk nivå mellan kommuner och mellan enheter inom en kommun
    (standardavvikelser på en latent skala) och hur starkt andelen utrikes födda följer nivån."""

    kommun_sd: float = 0.45
    enhet_sd: float = 0.6
    utrikes_foljer_niva: float = 0.7
    utrikes_eget_sd: float = 0.6


@dataclass(frozen=True)
class Elevdata:
    """Genererade elevdata: ``historiska`` (kohort, skolenhetskod, kommunkod, faktorerna,
    ``ej_behorig``), ``aktuella`` (skolenhetskod, kommunkod, arskurs, faktorerna, ``sann_risk``)
    och de sanna koefficienterna."""

    historiska: pl.DataFrame
    aktuella: pl.DataFrame
    sanna: SannaKoefficienter


def _antal_per_arskurs(antal: pl.DataFrame) -> pl.DataFrame:
    """Antal elever -> (skolenhetskod, arskurs, antal); utan årskurs delas antalet lika på F–9."""
    df = antal
    if "verksamhet" in df.columns:
        df = df.filter(pl.col("verksamhet") == "fk_gr")
    if "lasar" in df.columns and df.height:
        df = df.filter(pl.col("lasar") == df["lasar"].max())
    if "arskurs" not in df.columns:
        df = df.join(pl.DataFrame({"arskurs": list(ARSKURSER)}), how="cross").with_columns(
            pl.col("antal") / len(ARSKURSER)
        )
    return df.group_by("skolenhetskod", "arskurs").agg(pl.col("antal").sum().cast(pl.Float64))


def _enhetsniva(enheter: pl.DataFrame, rng: np.random.Generator, seg: Segregation) -> pl.DataFrame:
    """Skolenheter -> samma med ``niva`` (hög = större behov) och ``utrikes`` (latent)."""
    kommuner = enheter["kommunkod"].unique().sort()
    z = dict(zip(kommuner.to_list(), rng.normal(0.0, seg.kommun_sd, kommuner.len()), strict=True))
    niva = enheter["kommunkod"].replace_strict(z, return_dtype=pl.Float64).to_numpy()
    niva = niva + rng.normal(0.0, seg.enhet_sd, enheter.height)
    utrikes = seg.utrikes_foljer_niva * niva + rng.normal(0.0, seg.utrikes_eget_sd, enheter.height)
    return enheter.select("skolenhetskod", "kommunkod").with_columns(
        niva=pl.Series(niva), utrikes=pl.Series(utrikes)
    )


def _dra_faktorer(
    rng: np.random.Generator, niva: np.ndarray, utrikes: np.ndarray, seg: Segregation
) -> dict[str, np.ndarray]:
    """Elevernas enhetsvärden -> nivåindex (int) per faktor, i ordningen i ``FAKTORER``."""
    n = len(niva)
    d = niva + rng.normal(0.0, 1.0, n)
    sd = np.sqrt(seg.kommun_sd**2 + seg.enhet_sd**2 + 1.0)
    t_gym, t_for = norm.ppf(0.60) * sd, norm.ppf(0.90) * sd  # ca 60/30/10 % i riket
    utb = np.where(d > t_for, 0, np.where(d > t_gym, 1, 2))
    kon = (rng.random(n) < 0.513).astype(np.int8)
    utrikes_fodd = rng.random(n) < expit(-2.2 + utrikes)
    ankomst = rng.choice(4, size=n, p=[0.45, 0.22, 0.20, 0.13]) + 1
    inv = np.where(utrikes_fodd, ankomst, 0)
    fland = np.where(utrikes_fodd, rng.random(n) < 0.93, rng.random(n) < expit(-1.9 + utrikes))
    bistand = rng.random(n) < expit(
        -3.3 + 1.1 * (utb == 0) + 0.5 * (utb == 1) + 0.8 * utrikes_fodd + 0.5 * niva
    )
    en_vh = rng.random(n) < expit(-1.3 + 0.5 * (utb < 2) + 0.3 * niva)
    return {
        "utbildning": utb,
        "kon": kon,
        "invandring": inv,
        "foraldrars_fodelseland": fland.astype(np.int8),
        "ekonomiskt_bistand": bistand.astype(np.int8),
        "vardnadshavare": en_vh.astype(np.int8),
    }


def _linjar(faktorer: dict[str, np.ndarray], sanna: SannaKoefficienter) -> np.ndarray:
    """Nivåindex per faktor -> den sanna linjära prediktorn (utan kohorteffekt)."""
    eta = np.full(len(next(iter(faktorer.values()))), sanna.konstant)
    for f, idx in faktorer.items():
        koef = np.array([sanna.effekter.get(f"{f}[{niva}]", 0.0) for niva in FAKTORER[f]])
        eta = eta + koef[idx]
    return eta


def _som_tabell(faktorer: dict[str, np.ndarray]) -> dict[str, pl.Series]:
    """Nivåindex per faktor -> textkolumner med nivåernas namn."""
    return {
        f: pl.Series(f, FAKTORER[f], dtype=pl.String).gather(idx) for f, idx in faktorer.items()
    }


def _elever(
    rng: np.random.Generator,
    profil: pl.DataFrame,
    antal: np.ndarray,
    seg: Segregation,
    sanna: SannaKoefficienter,
) -> tuple[pl.DataFrame, np.ndarray]:
    """Enhetsprofil + antal elever per rad -> elevrader (skolenhetskod, kommunkod, faktorer)
    och den sanna linjära prediktorn per elev."""
    rad = np.repeat(np.arange(profil.height), antal)
    faktorer = _dra_faktorer(
        rng, profil["niva"].to_numpy()[rad], profil["utrikes"].to_numpy()[rad], seg
    )
    tabell = pl.DataFrame(
        {
            "skolenhetskod": profil["skolenhetskod"].gather(rad),
            "kommunkod": profil["kommunkod"].gather(rad),
            **_som_tabell(faktorer),
        }
    )
    return tabell, _linjar(faktorer, sanna)


def generera_elevdata(
    enheter: pl.DataFrame,
    antal: pl.DataFrame,
    seed: int,
    skala: float = 1.0,
    kohorter: tuple[str, ...] = KOHORTER,
    sanna: SannaKoefficienter = SANNA,
    segregation: Segregation = Segregation(),
) -> Elevdata:
    """Skolenheter + antal elever -> ``Elevdata`` (se modulen). Historiska kohorter får per
    enhet Poisson(antal i årskurs 9 × skala) elever; årets elever är antal × skala (avrundat)
    per enhet och årskurs. Samma frö ger samma data."""
    if set(kohorter) - set(sanna.kohorteffekter):
        raise ValueError(
            f"kohorter utan sann effekt: {sorted(set(kohorter) - set(sanna.kohorteffekter))}"
        )
    rng = np.random.default_rng(seed)
    profil = _enhetsniva(enheter, rng, segregation)
    per_ak = _antal_per_arskurs(antal).join(profil, on="skolenhetskod", how="inner")
    per_ak = per_ak.sort("skolenhetskod", "arskurs")
    ak9 = (
        profil.join(
            per_ak.filter(pl.col("arskurs") == "9").select("skolenhetskod", "antal"),
            on="skolenhetskod",
            how="left",
        )
        .with_columns(pl.col("antal").fill_null(0.0))
        .sort("skolenhetskod")
    )
    delar = []
    for kohort in kohorter:
        n = rng.poisson(ak9["antal"].to_numpy() * skala)
        tabell, eta = _elever(rng, ak9, n, segregation, sanna)
        p = expit(eta + sanna.kohorteffekter[kohort])
        utfall = (rng.random(len(p)) < p).astype(np.int8)
        delar.append(tabell.with_columns(kohort=pl.lit(kohort), **{UTFALL: pl.Series(utfall)}))
    historiska = pl.concat(delar).select("kohort", pl.exclude("kohort"))
    n_akt = np.rint(per_ak["antal"].to_numpy() * skala).astype(np.int64)
    aktuella, eta = _elever(rng, per_ak, n_akt, segregation, sanna)
    senaste = sanna.kohorteffekter[kohorter[-1]]
    aktuella = aktuella.with_columns(
        arskurs=per_ak["arskurs"].gather(np.repeat(np.arange(per_ak.height), n_akt)),
        sann_risk=pl.Series(expit(eta + senaste)),
    ).select("skolenhetskod", "kommunkod", "arskurs", *FAKTORER, "sann_risk")
    return Elevdata(historiska=historiska, aktuella=aktuella, sanna=sanna)


_STADIETYPER: dict[str, tuple[str, ...]] = {
    "F-9": ARSKURSER,
    "F-6": ARSKURSER[:7],
    "7-9": ARSKURSER[7:],
}


def syntetiska_enheter(
    seed: int, antal_kommuner: int = 20, elever_per_kommun: float = 4000.0
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ett litet påhittat skolväsende för test och demonstration, när den syntetiska nationen
    inte används. Ut: (skolenheter med skolenhetskod, kommunkod; antal per skolenhetskod,
    arskurs, antal). Kommunernas storlek är lognormal kring ``elever_per_kommun``; enheterna
    har i snitt 250 elever och är F–9, F–6 eller 7–9; ungefär 3 % är mycket små (3–9 elever)."""
    rng = np.random.default_rng(seed)
    enheter: list[dict[str, str]] = []
    antal: list[dict[str, object]] = []
    for k in range(antal_kommuner):
        kommunkod = f"{k + 1:04d}"
        storlek = elever_per_kommun * rng.lognormal(-0.4, 0.9)
        n_enheter = max(1, round(storlek / 250))
        vikter = rng.lognormal(0.0, 0.6, n_enheter)
        storlekar = storlek * vikter / vikter.sum()
        typer = rng.choice(list(_STADIETYPER), size=n_enheter, p=[0.35, 0.45, 0.20])
        typer[0] = "F-9"
        for u in range(n_enheter):
            kod = f"9{k:03d}{u:04d}"
            elever = float(rng.integers(3, 10)) if rng.random() < 0.03 else storlekar[u]
            enheter.append({"skolenhetskod": kod, "kommunkod": kommunkod})
            arskurser = _STADIETYPER[str(typer[u])]
            for ak in arskurser:
                antal.append(
                    {"skolenhetskod": kod, "arskurs": ak, "antal": elever / len(arskurser)}
                )
    return pl.DataFrame(enheter), pl.DataFrame(antal)

"""Indata till bidragen utöver modellen: villkorade belopp och faktiska lokalkostnader.

**Villkorade belopp** (SOU 2025:72 avsnitt 10.5.2; skolförordningen 14 kap. 4 § p. 6 och
7 b § i föreslagen lydelse): ett belopp per elev utöver grundbeloppet för ett objektivt
angivet ändamål (t.ex. resursskola, viss inriktning, skola i gles bebyggelse, en särskild
satsning), med villkor och återbetalningsskyldighet om det inte används enligt villkoren. Det
är varken grundbelopp eller tilläggsbelopp: ingen administration och inget avdrag, men moms
6 %. Det ges på samma grunder (lika villkor): kommunen anger det per skolenhet, valfritt per
stadium (tomt = alla enhetens stadier). Ge inte samma pengar också i en pott med
``samma_grunder = true`` som når enheten – då räknas de två gånger; en pott som kommunen ger
sina egna enheter för samma ändamål ska vara ``samma_grunder = false``.

**Faktiska lokalkostnader** (skolförordningen 14 kap. 6 §): där kommunen av särskilda skäl
ersätter en enhets lokaler med högst huvudmannens faktiska, skäliga kostnad i stället för
kommunens genomsnitt: ``skolenhetskod, kr_per_elev, skal``.

In: CSV- eller XLSX-filer (lästa av datalagret, ``las_tabell_med_rader``) eller ramar med
samma kolumner. Ut: kontrollerade ramar; alla problem på en gång (``IndataFel``) med fil, rad
och kolumn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from skolpeng.data.lasning import RAD, las_tabell_med_rader
from skolpeng.data.schema import ARSKURS_TILL_STADIUM, STADIER_FK_GR, Kolumn, Tabell
from skolpeng.fel import IndataFel, Problem
from skolpeng.fordelning.underlag_och_resultat import Fordelning

VILLKORADE_BELOPP = Tabell(
    "villkorade_belopp",
    (
        Kolumn("skolenhetskod", "kod8"),
        Kolumn("stadium", "val", obligatorisk=False, tillatna=STADIER_FK_GR),
        Kolumn("andamal", "str"),
        Kolumn("villkor", "str"),
        Kolumn("kr_per_elev", "float", storre_an=0),
    ),
    nyckel=("skolenhetskod", "stadium", "andamal"),
    obligatorisk=False,
)
VILLKORAT_KOLUMNER: tuple[str, ...] = VILLKORADE_BELOPP.kolumnnamn
FAKTISKA_LOKALKOSTNADER = Tabell(
    "faktiska_lokalkostnader",
    (
        Kolumn("skolenhetskod", "kod8"),
        Kolumn("kr_per_elev", "float", minst=0),
        Kolumn("skal", "str"),
    ),
    nyckel=("skolenhetskod",),
    obligatorisk=False,
)


def las_faktiska_lokalkostnader(fil: Path) -> pl.DataFrame:
    """Läser filen med faktiska lokalkostnader (CSV eller XLSX). Ut: ``skolenhetskod,
    kr_per_elev, skal``; dåliga celler -> ``IndataFel``. Kontrollen mot fördelningen görs i
    ``bidrag_enheter.berakna_bidrag_per_enhet``."""
    last = las_tabell_med_rader(Path(fil), FAKTISKA_LOKALKOSTNADER)
    if last.problem:
        raise IndataFel(last.problem)
    return last.data.drop(RAD)


def las_villkorade_belopp(fil: Path) -> pl.DataFrame:
    """Läser filen med villkorade belopp (CSV eller XLSX). Ut: ramen med ``VILLKORAT_KOLUMNER``
    och radnumret ``_rad`` (för felmeddelanden); dåliga celler -> ``IndataFel``."""
    last = las_tabell_med_rader(Path(fil), VILLKORADE_BELOPP)
    if last.problem:
        raise IndataFel(last.problem)
    return last.data


@dataclass(frozen=True)
class Enhetskontroll:
    """Kommunens skolenheter i fördelningen för kontrollen av filer per skolenhet och stadium
    (villkorade belopp, tilläggsbelopp): huvudmannatypen per enhet och stadierna där enheten
    har elever."""

    typ: dict[str, str]
    stadier: dict[str, set[str]]

    @classmethod
    def fran(cls, fordelning: Fordelning) -> Enhetskontroll:
        enheter = fordelning.underlag.enheter
        stadier: dict[str, set[str]] = {}
        for kod, arskurs, antal in fordelning.underlag.elever.select(
            "skolenhetskod", "arskurs", "antal"
        ).iter_rows():
            if antal and antal > 0:
                stadier.setdefault(kod, set()).add(ARSKURS_TILL_STADIUM[arskurs])
        typ = dict(zip(enheter["skolenhetskod"], enheter["huvudmannatyp"], strict=True))
        return cls(typ, stadier)

    def problem(self, fil: str, rad: int, kod: str, st: str | None, vad: str) -> list[Problem]:
        """Problemen för en rad: enheten ska finnas i fördelningen, ha en enskild huvudman
        och (om stadiet anges) ha elever i stadiet. ``vad`` är beloppets namn i texten."""
        if self.typ.get(kod) is None:
            text = f"skolenheten {kod} finns inte bland kommunens skolenheter i fördelningen"
            return [Problem(fil, text, rad, "skolenhetskod")]
        if self.typ[kod] != "enskild":
            text = (
                f"skolenheten {kod} har inte en enskild huvudman; "
                f"{vad} ges i bidraget till enskild huvudman"
            )
            return [Problem(fil, text, rad, "skolenhetskod")]
        if st is not None and st not in self.stadier.get(kod, set()):
            text = f"skolenheten {kod} har inga elever i stadium {st}"
            return [Problem(fil, text, rad, "stadium")]
        return []


def kontrollera_villkorade_belopp(
    villkorade: pl.DataFrame, fordelning: Fordelning, fil: str = "villkorade_belopp"
) -> pl.DataFrame:
    """Kontrollerar de villkorade beloppen mot fördelningen: varje skolenhet ska vara en
    enskild enhet i kommunens underlag, stadiet ett som enheten har elever i, och samma
    (skolenhet, stadium, ändamål) får inte förekomma två gånger. Alla problem på en gång
    (``IndataFel``, radnummer som i kalkylprogrammet). Ut: ramen med ``VILLKORAT_KOLUMNER``."""
    if RAD not in villkorade.columns:
        villkorade = villkorade.with_row_index(RAD, offset=2).with_columns(
            pl.col(RAD).cast(pl.Int64)
        )
    saknade = [k for k in VILLKORAT_KOLUMNER if k not in villkorade.columns]
    if saknade:
        raise IndataFel([Problem(fil, f"kolumnen {k!r} saknas", kolumn=k) for k in saknade])
    kontroll = Enhetskontroll.fran(fordelning)
    problem: list[Problem] = []
    sedda: set[tuple[str, str | None, str]] = set()
    for r in villkorade.iter_rows(named=True):
        rad, kod, st = r[RAD], r["skolenhetskod"], r["stadium"]
        problem += kontroll.problem(fil, rad, kod, st, "villkorat belopp")
        if not (r["andamal"] or "").strip():
            problem.append(Problem(fil, "ändamålet ska anges", rad, "andamal"))
        if not (r["villkor"] or "").strip():
            problem.append(Problem(fil, "villkoren ska anges", rad, "villkor"))
        if r["kr_per_elev"] is None or not r["kr_per_elev"] > 0:
            problem.append(
                Problem(fil, "beloppet per elev ska vara större än 0", rad, "kr_per_elev")
            )
        problem += dubblettproblem(fil, rad, (kod, st, (r["andamal"] or "").strip()), sedda)
    if problem:
        raise IndataFel(problem)
    return villkorade.select(VILLKORAT_KOLUMNER)


def dubblettproblem(fil: str, rad: int, nyckel: tuple, sedda: set) -> list[Problem]:
    """Ett problem om (skolenhet, stadium, ändamål) redan förekommit; lägger nyckeln i
    ``sedda``."""
    if nyckel in sedda:
        text = "samma skolenhet, stadium och ändamål förekommer flera gånger"
        return [Problem(fil, text, rad)]
    sedda.add(nyckel)
    return []


def villkorat_per_rad(villkorade: pl.DataFrame | None, rader: pl.DataFrame) -> pl.Series:
    """Villkorat belopp per elev för varje (skolenhetskod, stadium) i ``rader``; en rad i
    ``villkorade`` utan stadium gäller alla enhetens stadier."""
    if villkorade is None or villkorade.height == 0:
        return pl.Series("villkorat_belopp", [0.0] * rader.height, dtype=pl.Float64)
    nycklar = rader.select("skolenhetskod", "stadium").with_row_index("_i")
    exakt = nycklar.join(
        villkorade.filter(pl.col("stadium").is_not_null()), on=["skolenhetskod", "stadium"]
    )
    alla = nycklar.join(
        villkorade.filter(pl.col("stadium").is_null()).drop("stadium"), on="skolenhetskod"
    )
    summa = (
        pl.concat([exakt.select("_i", "kr_per_elev"), alla.select("_i", "kr_per_elev")])
        .group_by("_i")
        .agg(pl.col("kr_per_elev").sum())
    )
    return (
        nycklar.join(summa, on="_i", how="left")
        .sort("_i")["kr_per_elev"]
        .fill_null(0.0)
        .cast(pl.Float64)
        .alias("villkorat_belopp")
    )

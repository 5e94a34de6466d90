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
    enheter = fordelning.underlag.enheter
    typ = dict(zip(enheter["skolenhetskod"], enheter["huvudmannatyp"], strict=True))
    stadier: dict[str, set[str]] = {}
    for kod, arskurs, antal in fordelning.underlag.elever.select(
        "skolenhetskod", "arskurs", "antal"
    ).iter_rows():
        if antal and antal > 0:
            stadier.setdefault(kod, set()).add(ARSKURS_TILL_STADIUM[arskurs])
    problem: list[Problem] = []
    sedda: set[tuple[str, str | None, str]] = set()
    for r in villkorade.iter_rows(named=True):
        rad, kod, st = r[RAD], r["skolenhetskod"], r["stadium"]
        if typ.get(kod) is None:
            problem.append(
                Problem(
                    fil,
                    f"skolenheten {kod} finns inte bland kommunens skolenheter i fördelningen",
                    rad,
                    "skolenhetskod",
                )
            )
        elif typ[kod] != "enskild":
            problem.append(
                Problem(
                    fil,
                    f"skolenheten {kod} har inte en enskild huvudman; "
                    "villkorat belopp ges i bidraget till enskild huvudman",
                    rad,
                    "skolenhetskod",
                )
            )
        elif st is not None and st not in stadier.get(kod, set()):
            problem.append(
                Problem(fil, f"skolenheten {kod} har inga elever i stadium {st}", rad, "stadium")
            )
        if not (r["andamal"] or "").strip():
            problem.append(Problem(fil, "ändamålet ska anges", rad, "andamal"))
        if not (r["villkor"] or "").strip():
            problem.append(Problem(fil, "villkoren ska anges", rad, "villkor"))
        if r["kr_per_elev"] is None or not r["kr_per_elev"] > 0:
            problem.append(
                Problem(fil, "beloppet per elev ska vara större än 0", rad, "kr_per_elev")
            )
        nyckel = (kod, st, (r["andamal"] or "").strip())
        if nyckel in sedda:
            problem.append(
                Problem(fil, "samma skolenhet, stadium och ändamål förekommer flera gånger", rad)
            )
        sedda.add(nyckel)
    if problem:
        raise IndataFel(problem)
    return villkorade.select(VILLKORAT_KOLUMNER)

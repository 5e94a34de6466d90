"""Tilläggsbelopp till enskilda huvudmäns skolenheter i bidraget (skollagen 9 kap. 21 §, 10 kap.
39 §, 14 kap. 17 §; skolförordningen 14 kap. 4 § p. 6 i den lydelse som föreslås i SOU 2025:72
författningsförslag 1.2: mervärdesskatten är "sex procent av det totala bidragsbeloppet
(grundbelopp och i förekommande fall tilläggsbelopp samt villkorat belopp)").

Kommunen beslutar tilläggsbelopp för enskilda elever med omfattande behov av särskilt stöd
(eller modersmålsundervisning) särskilt. Här anges de **sammanlagda** beloppen per år per
skolenhet, stadium och ändamål – aldrig en elevs identitet: filen ``skolenhetskod, stadium,
andamal, belopp_kr``. I bidraget får tilläggsbeloppet mervärdesskatt 6 % men ingen
administration och inget avdrag för utbudsansvar (de gäller grundbeloppet, 14 kap. 4 § p. 5 och
7 a §). Per elev i bidragsramen är tilläggsbeloppet enhetens och stadiets summa delad med samma
elevantal som bidraget per elev multipliceras med, så att bidraget totalt innehåller exakt
summan (plus mervärdesskatten).

In: CSV- eller XLSX-filen (``las_tillaggsbelopp``) eller en ram med samma kolumner, och
fördelningen. Ut: en kontrollerad ram och summan per (skolenhetskod, stadium) med ändamålen.
Alla problem på en gång (``IndataFel``) med fil, rad och kolumn; inget skrivs.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from skolpeng.data.lasning import RAD, las_tabell_med_rader
from skolpeng.data.schema import STADIER_FK_GR, Kolumn, Tabell
from skolpeng.fel import IndataFel, Problem
from skolpeng.fordelning.lika_villkor.indata import Enhetskontroll, dubblettproblem
from skolpeng.fordelning.underlag_och_resultat import Fordelning

TILLAGGSBELOPP = Tabell(
    "tillaggsbelopp",
    (
        Kolumn("skolenhetskod", "kod8"),
        Kolumn("stadium", "val", tillatna=STADIER_FK_GR),
        Kolumn("andamal", "str"),
        Kolumn("belopp_kr", "float", storre_an=0),
    ),
    nyckel=("skolenhetskod", "stadium", "andamal"),
    obligatorisk=False,
)
TILLAGG_KOLUMNER: tuple[str, ...] = TILLAGGSBELOPP.kolumnnamn

#: Ett ändamål som ser ut som ett person- eller samordningsnummer (ÅÅ)ÅÅMMDD-NNNN.
_PERSONNUMMER = re.compile(r"(?<!\d)(\d{2})?\d{6}[-+ ]?\d{4}(?!\d)")
_OKANDA = ": okända kolumner ignoreras: "


def las_tillaggsbelopp(fil: Path) -> pl.DataFrame:
    """Läser filen med tilläggsbelopp (CSV eller XLSX). Filen får bara ha kontraktets
    kolumner: en kolumn till (t.ex. ett personnummer eller ett namn) är ett problem, inte
    en notering, eftersom filen ska innehålla summor och inga uppgifter om enskilda elever.
    Ut: ramen med ``TILLAGG_KOLUMNER`` och radnumret ``_rad``; dåliga celler -> ``IndataFel``."""
    fil = Path(fil)
    last = las_tabell_med_rader(fil, TILLAGGSBELOPP)
    problem = list(last.problem)
    for text in last.anteckningar:
        if _OKANDA in text:
            okanda = text.split(_OKANDA, 1)[1]
            problem.append(
                Problem(
                    fil.name,
                    f"okända kolumner: {okanda}. Filen ska bara ha kolumnerna "
                    f"{', '.join(TILLAGG_KOLUMNER)} – summor per skolenhet och stadium, "
                    "inga uppgifter om enskilda elever",
                    1,
                )
            )
    if problem:
        raise IndataFel(problem)
    return last.data


def kontrollera_tillaggsbelopp(
    tillagg: pl.DataFrame, fordelning: Fordelning, fil: str = "tilläggsbelopp"
) -> pl.DataFrame:
    """Kontrollerar tilläggsbeloppen mot fördelningen: varje skolenhet ska vara en enskild
    enhet i kommunens underlag med elever i stadiet, ändamålet angivet (och utan något som
    liknar ett personnummer), beloppet > 0 och samma (skolenhet, stadium, ändamål) bara en
    gång. Alla problem på en gång (``IndataFel``, radnummer som i kalkylprogrammet).
    Ut: ramen med ``TILLAGG_KOLUMNER``."""
    if RAD not in tillagg.columns:
        tillagg = tillagg.with_row_index(RAD, offset=2).with_columns(pl.col(RAD).cast(pl.Int64))
    saknade = [k for k in TILLAGG_KOLUMNER if k not in tillagg.columns]
    if saknade:
        raise IndataFel([Problem(fil, f"kolumnen {k!r} saknas", kolumn=k) for k in saknade])
    kontroll = Enhetskontroll.fran(fordelning)
    problem: list[Problem] = []
    sedda: set[tuple[str, str, str]] = set()
    for r in tillagg.iter_rows(named=True):
        rad, kod, st = r[RAD], r["skolenhetskod"], r["stadium"]
        andamal = (r["andamal"] or "").strip()
        problem += kontroll.problem(fil, rad, kod, st, "tilläggsbelopp")
        if st is None:
            problem.append(Problem(fil, "stadiet ska anges", rad, "stadium"))
        if not andamal:
            problem.append(Problem(fil, "ändamålet ska anges", rad, "andamal"))
        elif _PERSONNUMMER.search(andamal):
            problem.append(
                Problem(
                    fil,
                    "ändamålet ser ut att innehålla ett personnummer eller samordningsnummer; ange "
                    "bara ändamålet – inga uppgifter om enskilda elever",
                    rad,
                    "andamal",
                )
            )
        if r["belopp_kr"] is None or not r["belopp_kr"] > 0:
            problem.append(Problem(fil, "beloppet ska vara större än 0 kr", rad, "belopp_kr"))
        problem += dubblettproblem(fil, rad, (kod, st or "", andamal), sedda)
    if problem:
        raise IndataFel(problem)
    return tillagg.select(TILLAGG_KOLUMNER)


def tillagg_per_rad(tillagg: pl.DataFrame | None, rader: pl.DataFrame) -> pl.DataFrame:
    """Summan av tilläggsbeloppen per år och ändamålen för varje (skolenhetskod, stadium) i
    ``rader``, i ``rader``s ordning. Ut: ``tillaggsbelopp_ar_kr`` (0 utan tilläggsbelopp) och
    ``tillaggsbelopp_andamal`` (ändamålen i filens ordning, "; "-separerade, tom text utan)."""
    nycklar = rader.select("skolenhetskod", "stadium").with_row_index("_i")
    if tillagg is None or tillagg.height == 0:
        return nycklar.with_columns(
            tillaggsbelopp_ar_kr=pl.lit(0.0, dtype=pl.Float64),
            tillaggsbelopp_andamal=pl.lit("", dtype=pl.String),
        ).select("tillaggsbelopp_ar_kr", "tillaggsbelopp_andamal")
    summa = tillagg.group_by("skolenhetskod", "stadium", maintain_order=True).agg(
        pl.col("belopp_kr").cast(pl.Float64).sum().alias("tillaggsbelopp_ar_kr"),
        pl.col("andamal").str.strip_chars().str.join("; ").alias("tillaggsbelopp_andamal"),
    )
    return (
        nycklar.join(summa, on=["skolenhetskod", "stadium"], how="left")
        .sort("_i")
        .select(
            pl.col("tillaggsbelopp_ar_kr").fill_null(0.0),
            pl.col("tillaggsbelopp_andamal").fill_null(""),
        )
    )

"""Prestandamätning av utbetalningarna ("Performance").

Mål:

1. ett helt års månadsutbetalningar för Göteborg (1480; Göteborgstypen
   ``modeller/goteborg_typ.yaml`` på datasetet ``sverige`` med dess härledda
   ``elever_hemkommun``: varje skolenhet i landet med elever folkbokförda i Göteborg och varje
   annan hemkommun med elever i Göteborgs skolor) under 2 s efter inläsningen
   (``berakna_utbetalningar`` för januari–december; inläsning och fördelning mäts för sig);
   också med ett budgettillskott från september (fördelningen räknas då om en gång till);
2. den nationella flödesmatrisen 290 × 290 av bidrag och interkommunal ersättning för en
   månad under 10 s: varje kommuns belopp per elev och stadium ur dess egen fördelning
   ("normen som lokal modell" med kommunens kod och ram, som i ``benchmarks/fordelning``:
   kommunens egna grunder för ersättningen, genomsnittligt bidrag för bidragen), och sedan
   flödena för mars (``nationell.linjer_for_manad`` och ``flodesmatris``). Matrisen ur givna
   belopp mäts också för sig.

Kör: ``.venv/bin/python benchmarks/utbetalning/kor.py [--korningar 5]``. Resultatet skrivs
till ``benchmarks/utbetalning/RESULTAT.md`` (median av flera körningar, maskinen beskriven).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fordelning.kor import NORMMODELL, modell_for, ramar_sverige  # noqa: E402
from matning import maskinbeskrivning, resultattabell  # noqa: E402

from skolpeng.data import hitta_underlag, las_underlag  # noqa: E402
from skolpeng.fordelning import forbered_underlag, fordela, las_modell  # noqa: E402
from skolpeng.fordelning.korning import berakna_fordelning  # noqa: E402
from skolpeng.fordelning.utbetalning.antal import elever_per_manad  # noqa: E402
from skolpeng.fordelning.utbetalning.korning import berakna_utbetalningar  # noqa: E402
from skolpeng.fordelning.utbetalning.nationell import flodesmatris, linjer_for_manad  # noqa: E402
from skolpeng.fordelning.utbetalning.priser import egna_grunder, genomsnittligt_bidrag  # noqa: E402
from skolpeng.fordelning.utbetalning.regel import Budgetandring  # noqa: E402
from skolpeng.parametrar import load_parameters  # noqa: E402

HAR = Path(__file__).resolve().parent
ROT = HAR.parents[1]
GOTEBORGSTYP = ROT / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"
AR = 2026


def _tider(arbete: Callable[[], object], n: int) -> list[float]:
    arbete()  # uppvärmning
    tider = []
    for _ in range(n):
        start = time.perf_counter()
        arbete()
        tider.append(time.perf_counter() - start)
    return tider


def _rad(namn: str, mal: str, tider: list[float]) -> tuple:
    return (namn, mal, statistics.median(tider), min(tider), max(tider), None)


def matt_goteborg(n: int, u: object) -> list[tuple]:
    """Fall 1: Göteborgs helår, utan och med budgettillskott från september."""
    modell = las_modell(GOTEBORGSTYP)
    start = time.perf_counter()
    korning = berakna_fordelning(modell, u, GOTEBORGSTYP.parent)  # type: ignore[arg-type]
    fordelning_s = time.perf_counter() - start
    tabell = korning.underlag.elever_hemkommun
    assert tabell is not None
    manader = tuple(range(1, 13))
    r = berakna_utbetalningar(korning, tabell, manader)
    print(f"Göteborg: {r.rader.height} rader, {r.rader['att_betala_kr'].sum():,} kr")
    andring = Budgetandring(fran=f"{AR}-09", ram_kr=(modell.ram_kr or 0) * 1.02)
    med_tillskott = modell.model_copy(
        update={"utbetalning": modell.utbetalning.model_copy(update={"budgetandringar": [andring]})}
    )
    korning2 = dataclasses.replace(korning, modell=med_tillskott)
    return [
        _rad(
            "Göteborg (1480), helår januari–december efter inläsningen",
            "< 2 s",
            _tider(lambda: berakna_utbetalningar(korning, tabell, manader), n),
        ),
        _rad(
            "Göteborg, helår med budgettillskott 2 % från september",
            "< 2 s",
            _tider(lambda: berakna_utbetalningar(korning2, tabell, manader), n),
        ),
        (
            "Göteborg: fördelningen och bidragen (en gång, före)",
            "–",
            fordelning_s,
            fordelning_s,
            fordelning_s,
            None,
        ),
    ]


def priser_alla(u: object, ramar: dict[str, float]) -> pl.DataFrame:
    """Varje kommuns belopp per elev och stadium ur dess egen fördelning: ``hemkommun,
    stadium, bidrag_kr, ersattning_kr``."""
    bas = las_modell(NORMMODELL)
    lage = load_parameters(dt.date(AR, 1, 1))
    delar = []
    for kod, ram in ramar.items():
        m = modell_for(bas, kod, ram)
        f = fordela(m, forbered_underlag(m, u))  # type: ignore[arg-type]
        b = genomsnittligt_bidrag(f, lage).select("stadium", bidrag_kr=pl.col("bidrag"))
        e = egna_grunder(f).select("stadium", ersattning_kr="kr_per_elev")
        delar.append(
            b.join(e, on="stadium", how="full", coalesce=True).with_columns(hemkommun=pl.lit(kod))
        )
    return pl.concat(delar).with_columns(pl.col("bidrag_kr", "ersattning_kr").cast(pl.Float64))


def matt_nationell(n: int, u: object) -> list[tuple]:
    """Fall 2: flödesmatrisen 290 × 290 för mars."""
    ramar = ramar_sverige(u)  # type: ignore[arg-type]
    assert len(ramar) == 290
    per = elever_per_manad(u.elever_hemkommun, "fk_gr", AR)  # type: ignore[attr-defined]
    skolenheter = u.skolenheter  # type: ignore[attr-defined]

    def allt() -> pl.DataFrame:
        priser = priser_alla(u, ramar)
        return flodesmatris(linjer_for_manad(per, skolenheter, priser, 3))

    matris = allt()
    print(
        f"Matrisen: {matris.height} flöden mellan {matris['hemkommun'].n_unique()} hemkommuner "
        f"och {matris['lageskommun'].n_unique()} mottagande kommuner, "
        f"{matris['belopp_kr'].sum():,} kr i mars"
    )
    priser = priser_alla(u, ramar)
    return [
        _rad(
            "Flödesmatrisen 290 × 290 för mars, med varje kommuns belopp ur dess fördelning",
            "< 10 s",
            _tider(allt, max(3, n // 2)),
        ),
        _rad(
            "varav flödena ur givna belopp (linjer och matris)",
            "–",
            _tider(lambda: flodesmatris(linjer_for_manad(per, skolenheter, priser, 3)), n),
        ),
    ]


def skriv_resultat(rader: list[tuple], n: int, belastning: tuple[float, float], las: float) -> None:
    fore, efter = (f"{x:.2f}".replace(".", ",") for x in belastning)
    text = [
        "# Utbetalningarnas prestanda",
        "",
        f"Uppmätt {dt.date.today().isoformat()} med `benchmarks/utbetalning/kor.py` (medianer av",
        f"{n} körningar efter en uppvärmning; matrisen med fördelningar {max(3, n // 2)} gånger).",
        f"Maskin: {maskinbeskrivning()}. Maskinens belastning (load average, 1 min) före",
        f"mätningen {fore} och efter {efter}: andra processer på maskinen (åtta utvecklare delar",
        "två kärnor) kan ha förlängt tiderna.",
        "",
        f"Inläsningen av datasetet sverige (med elever_hemkommun, 59 000 rader) tog {las:.2f} s".replace(
            ".", ","
        ),
        "och ingår inte i fallen.",
        "",
    ]
    text += resultattabell(rader)
    (HAR / "RESULTAT.md").write_text("\n".join(text) + "\n", encoding="utf-8")
    print("\n".join(text))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--korningar", type=int, default=5)
    n = ap.parse_args().korningar
    fore = os.getloadavg()[0]
    start = time.perf_counter()
    u = las_underlag(hitta_underlag("sverige"))
    las = time.perf_counter() - start
    rader = matt_goteborg(n, u)
    rader += matt_nationell(n, u)
    skriv_resultat(rader, n, (fore, os.getloadavg()[0]), las)


if __name__ == "__main__":
    main()

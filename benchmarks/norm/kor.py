"""Prestandamätning av normberäkningen (docs/regler/norm.md).

Mål: hela ``skolpeng norm`` på det medföljande Sverige (≈4 600 enheter, ≈1,2 M elever) under
3 s väggtid inklusive läsning och skrivning; själva beräkningen (data redan inläst) under 0,2 s;
en syntetisk nation tio gånger större (≈46 000 enheter) under 10 s från början till slut.
Toppminnet redovisas.

Kör: ``.venv/bin/python benchmarks/norm/kor.py [--korningar 5]``. Resultatet skrivs till
``benchmarks/norm/RESULTAT.md`` (median av flera körningar, maskinen beskriven).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matning import kor_process, maskinbeskrivning, median_av, resultattabell  # noqa: E402

from skolpeng.data import hitta_underlag, las_underlag  # noqa: E402
from skolpeng.norm import berakna_norm  # noqa: E402
from skolpeng.parametrar import load_parameters  # noqa: E402

HAR = Path(__file__).resolve().parent
SKOLPENG = str(Path(sys.executable).parent / "skolpeng")


def matt_berakning(korningar: int) -> tuple[float, float, float]:
    """Själva beräkningen på Sverige, data redan inläst. Ut: median, min, max sekunder."""
    underlag = las_underlag(hitta_underlag("sverige"))
    lage = load_parameters(dt.date(2026, 1, 1))
    berakna_norm(underlag, lage, 2026, "vagledande")  # uppvärmning
    tider = []
    for _ in range(korningar * 4):
        start = time.perf_counter()
        berakna_norm(underlag, lage, 2026, "vagledande")
        tider.append(time.perf_counter() - start)
    return statistics.median(tider), min(tider), max(tider)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--korningar", type=int, default=5)
    args = ap.parse_args()
    n = args.korningar
    rader = []
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        kor_process([SKOLPENG, "norm", "--data", "sverige", "--ar", "2026", "--ut", str(t / "u")])
        sverige = [
            kor_process(
                [SKOLPENG, "norm", "--data", "sverige", "--ar", "2026", "--ut", str(t / f"s{i}")]
            )
            for i in range(n)
        ]
        rader.append(("`skolpeng norm` på Sverige, hela körningen", "< 3 s", *median_av(sverige)))
        b_med, b_min, b_max = matt_berakning(n)
        rader.append(("beräkningen, data inläst (Sverige)", "< 0,2 s", b_med, b_min, b_max, None))
        stor = t / "syntetisk10"
        kor_process([SKOLPENG, "syntetisk", "--ut", str(stor), "--skala", "10", "--seed", "1"])
        tio = [
            kor_process(
                [SKOLPENG, "norm", "--data", str(stor), "--ar", "2026", "--ut", str(t / f"x{i}")]
            )
            for i in range(max(3, n // 2))
        ]
        rader.append(("`skolpeng norm` på syntetisk nation × 10", "< 10 s", *median_av(tio)))
    skriv_resultat(rader, n)


def skriv_resultat(rader: list[tuple], n: int) -> None:
    """Skriver RESULTAT.md med en tabell: fall, mål, median, min, max, toppminne."""
    text = [
        "# Normberäkningens prestanda",
        "",
        f"Uppmätt {dt.date.today().isoformat()} med `benchmarks/norm/kor.py` ({n} körningar",
        "efter en uppvärmning; beräkningen ensam: fyra gånger så många). Maskin:",
        f"{maskinbeskrivning()}.",
        "",
    ]
    text += resultattabell(rader)
    (HAR / "RESULTAT.md").write_text("\n".join(text) + "\n", encoding="utf-8")
    print("\n".join(text))


if __name__ == "__main__":
    main()

"""Starttiden för kommandoraden: ``skolpeng --help`` och ``skolpeng X --help`` för varje
kommando (väl under en sekund).

Kör: ``.venv/bin/python benchmarks/cli/kor.py [--korningar 7]``. Varje kommando startas som en
ny process ``--korningar`` gånger (den första körningen värmer filcachen och räknas inte);
medianen av väggtiden skrivs till ``benchmarks/cli/RESULTAT.md`` tillsammans med maskinen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HAR = Path(__file__).resolve().parent
SKOLPENG = Path(sys.executable).with_name("skolpeng")


def kommandon() -> list[str]:
    from skolpeng.cli import KOMMANDON

    return list(KOMMANDON)


def tid(args: list[str]) -> tuple[float, float]:
    """En ny process: (väggtid, processorns tid user + sys) i sekunder."""
    fore = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(SKOLPENG), *args], check=True, capture_output=True)
    vagg = time.perf_counter() - start
    efter = resource.getrusage(resource.RUSAGE_CHILDREN)
    return vagg, (efter.ru_utime - fore.ru_utime) + (efter.ru_stime - fore.ru_stime)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--korningar", type=int, default=7)
    n = p.parse_args().korningar
    rader = []
    for namn in ["", *kommandon()]:
        args = [namn, "--help"] if namn else ["--help"]
        tid(args)
        tider = [tid(args) for _ in range(n)]
        vagg = statistics.median(v for v, _ in tider)
        cpu = statistics.median(c for _, c in tider)
        rader.append((" ".join(["skolpeng", *args]), vagg, cpu))
        print(f"{rader[-1][0]:<36} median {vagg:.3f} s (processortid {cpu:.3f} s)")
    minne = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    text = [
        "# Kommandoradens starttid (`--help`)",
        "",
        f"Uppmätt {dt.date.today().isoformat()} med `benchmarks/cli/kor.py --korningar {n}`: "
        f"medianen av {n} körningar per kommando (en uppvärmning först), väggtid för en ny process.",
        f"Maskin: {os.cpu_count()} kärnor, {minne:.0f} GiB minne, {platform.platform()}, "
        f"Python {platform.python_version()}. Maskinen delades med andra under mätningen "
        f"(belastning {os.getloadavg()[0]:.1f} på {os.cpu_count()} kärnor), så väggtiden är "
        "övre gränsen; processortiden (user + sys) påverkas mindre av de andra.",
        "",
        "| kommando | väggtid, median (s) | processortid, median (s) |",
        "|---|---:|---:|",
        *(f"| `{k}` | {m:.3f} | {s:.3f} |" for k, m, s in rader),
        "",
    ]
    (HAR / "RESULTAT.md").write_text("\n".join(text), encoding="utf-8")


if __name__ == "__main__":
    main()

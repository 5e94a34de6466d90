"""Gemensam mätning för benchmarks: väggtid och toppminne för hela processer.

In: ett kommando (lista av argument). Ut: väggtid i sekunder och toppminne (max RSS, MiB)
för varje körning, mätt med ``os.wait4`` (operativsystemets egen redovisning av processen).
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Korning:
    sekunder: float
    max_rss_mib: float
    returkod: int


def kor_process(kommando: list[str], cwd: Path | None = None) -> Korning:
    """Kör kommandot en gång; ut: väggtid, toppminne och returkod."""
    # stderr går till en fil, inte ett rör: ett rör som ingen läser fylls (~64 kB) och
    # processen hänger i väntan på läsaren.
    with tempfile.TemporaryFile() as fel:
        start = time.perf_counter()
        proc = subprocess.Popen(kommando, cwd=cwd, stdout=subprocess.DEVNULL, stderr=fel)
        _, status, rusage = os.wait4(proc.pid, 0)
        sekunder = time.perf_counter() - start
        returkod = os.waitstatus_to_exitcode(status)
        if returkod != 0:
            fel.seek(0)
            text = fel.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(kommando)} avslutades med {returkod}: {text}")
    return Korning(sekunder, rusage.ru_maxrss / 1024, returkod)


def median_av(korningar: list[Korning]) -> tuple[float, float, float, float]:
    """Ut: (median, min, max) väggtid och median toppminne."""
    tider = [k.sekunder for k in korningar]
    return (
        statistics.median(tider),
        min(tider),
        max(tider),
        statistics.median(k.max_rss_mib for k in korningar),
    )


def maskinbeskrivning() -> str:
    """En rad om maskinen: processor, antal kärnor, minne, Python."""
    modell = "okänd processor"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for rad in cpuinfo.read_text().splitlines():
            if rad.startswith("model name"):
                modell = rad.split(":", 1)[1].strip()
                break
    minne = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        minne = f", {kb / 1024 / 1024:.0f} GiB minne"
    return (
        f"{modell}, {os.cpu_count()} kärnor{minne}, {platform.system()} {platform.release()}, "
        f"Python {sys.version.split()[0]}"
    )


Rad = tuple[str, str, float, float, float, float | None]


def resultattabell(rader: list[Rad]) -> list[str]:
    """Markdown-tabellen för RESULTAT.md: fall, mål, median, min, max, toppminne.

    In: rader (namn, mål, median s, min s, max s, toppminne MiB eller None). Ut: textrader.
    """
    text = [
        "| fall | mål | median | min | max | toppminne (max RSS) |",
        "|---|---|---|---|---|---|",
    ]
    for namn, mal, med, lo, hi, rss in rader:
        minne = f"{rss:.0f} MiB" if rss is not None else "–"
        text.append(f"| {namn} | {mal} | {med:.3f} s | {lo:.3f} s | {hi:.3f} s | {minne} |")
    return text

"""Många HTML-sidor -> PDF parallellt: en processpool över dokumenten (alla
redovisningar och beslut för en kommun med 150 skolenheter).

In: par (HTML-sida, sökväg) och valfritt en funktion som anropas efter varje färdig PDF.
Ut: sökvägarna i samma ordning som in. Varje dokument ritas av ``pdf.html_till_pdf`` i en
arbetsprocess, så PDF:erna är byte för byte desamma som i följd (samma WeasyPrint-anrop,
samma titel och metadata). WeasyPrint är ren Python-layout och håller en kärna per dokument;
med två kärnor ritas två dokument i taget (mätningen i ``benchmarks/pdf``).

Poolen startas första gången (``forkserver``: arbetarna ärver inga trådar eller lås från
en webbprocess) och återanvänds för resten av processens körning, så att redovisningarna och
besluten i samma körning delar den; den stängs när processen avslutas. Färre dokument än
``MINST_PARALLELLT`` eller en kärna: i följd i den egna processen.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path

#: Under så många dokument lönar sig inte poolens start (omkring en sekund per arbetare).
MINST_PARALLELLT = 4
#: Miljövariabeln som sätter antalet arbetsprocesser (standard: processens tillgängliga kärnor).
PROCESSER_MILJO = "SKOLPENG_PDF_PROCESSER"

_pool: ProcessPoolExecutor | None = None
_pool_storlek = 0
_las = threading.Lock()


def antal_processer() -> int:
    """Arbetsprocesserna: ``SKOLPENG_PDF_PROCESSER`` om den är satt, annars kärnorna som
    processen får använda (minst 1)."""
    satt = os.environ.get(PROCESSER_MILJO, "").strip()
    if satt.isdigit() and int(satt) > 0:
        return int(satt)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover – inte Linux
        return max(1, os.cpu_count() or 1)


def _starta_arbetare() -> None:
    import weasyprint  # noqa: F401 – laddas en gång per arbetare


def _rita(html: str, path: str, png_bredvid: bool) -> str:
    from skolpeng.rapporter.pdf import html_till_pdf

    return str(html_till_pdf(html, Path(path), png_bredvid))


def _hamta_pool(storlek: int) -> ProcessPoolExecutor:
    global _pool, _pool_storlek
    with _las:
        if _pool is None or _pool_storlek != storlek:
            if _pool is not None:
                _pool.shutdown(wait=True)
            _pool = ProcessPoolExecutor(
                max_workers=storlek,
                mp_context=multiprocessing.get_context("forkserver"),
                initializer=_starta_arbetare,
            )
            _pool_storlek = storlek
        return _pool


def stang_pool() -> None:
    """Stänger poolen (anropas när processen avslutas)."""
    global _pool
    with _las:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=True)
            _pool = None


atexit.register(stang_pool)


def html_till_pdf_parallellt(
    dokument: Sequence[tuple[str, Path]],
    framsteg: Callable[[], None] | None = None,
    png_bredvid: bool = False,
    processer: int | None = None,
) -> list[Path]:
    """Skriver varje (HTML, sökväg) som PDF, i en processpool när det lönar sig (se modulen).
    ``framsteg`` anropas en gång per färdig PDF (i den ordning de blir klara). Ett fel i ett
    dokument kastas vidare när alla inskickade är klara eller avbrutna."""
    from skolpeng.rapporter.pdf import html_till_pdf

    n = processer or antal_processer()
    if n <= 1 or len(dokument) < MINST_PARALLELLT:
        ut = []
        for html, path in dokument:
            ut.append(html_till_pdf(html, path, png_bredvid))
            if framsteg is not None:
                framsteg()
        return ut
    pool = _hamta_pool(min(n, len(dokument)))
    jobb: list[Future[str]] = [
        pool.submit(_rita, html, str(path), png_bredvid) for html, path in dokument
    ]
    try:
        for j in as_completed(jobb):
            j.result()
            if framsteg is not None:
                framsteg()
    except BaseException:
        for j in jobb:
            j.cancel()
        raise
    return [Path(j.result()) for j in jobb]

"""Skrivning av en indexkörnings aggregat (docs/regler/index.md#dataskydd: bara aggregat per enhet).

In: en ``IndexKorning`` och en målkatalog. Ut: katalogen med ``index.csv`` (skolenhetskod,
elever, risk, index, liten_enhet), ``koefficienter.csv``, ``kalibrering.csv``,
``sammanslagningar.csv``, ``modellrapport.html``, ``modellrapport.pdf`` (om WeasyPrint finns;
annars en notering till ``utskrift``), vid jämförelse ``jamforelse.csv``, och ``manifest.json``
– skriven atomiskt. Inga elevrader och inga andelar per enhet skrivs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from skolpeng.csvskrivning import skriv_csv
from skolpeng.index.korning import IndexKorning
from skolpeng.rapporter.index.rapport import index_rapport_html
from skolpeng.rapporter.pdf import pdf_notering, skriv_pdf
from skolpeng.utdata import atomisk_katalog, skriv_manifest

INDEXKOLUMNER: tuple[str, ...] = ("skolenhetskod", "elever", "risk", "index", "liten_enhet")


def indextabell(index: pl.DataFrame) -> pl.DataFrame:
    """Index per enhet -> tabellen som publiceras: skolenhetskod, elever, risk, index,
    liten_enhet (0/1). Inga andelar och inga elevrader."""
    return index.select(*INDEXKOLUMNER[:-1], pl.col("liten_enhet").cast(pl.Int8))


def skriv_indexutdata(
    korning: IndexKorning,
    ut: Path,
    argument: dict[str, object],
    utskrift: Callable[[str], None] = print,
) -> Path:
    """Skriver körningens aggregat atomiskt till katalogen ``ut`` (se modulen). Kan PDF inte
    skapas skrivs förklaringen med ``utskrift`` och resten skrivs ändå. Ut: ``ut``."""
    s = korning.skattning
    with atomisk_katalog(Path(ut)) as tmp:
        skriv_csv(indextabell(korning.index), tmp / "index.csv")
        skriv_csv(s.koefficienter, tmp / "koefficienter.csv")
        skriv_csv(s.kalibrering, tmp / "kalibrering.csv")
        skriv_csv(s.indelning.sammanslagningar, tmp / "sammanslagningar.csv")
        if korning.jamforelse is not None:
            skriv_csv(korning.jamforelse.per_enhet, tmp / "jamforelse.csv")
        html = index_rapport_html(s, korning.index, korning.jamforelse)
        (tmp / "modellrapport.html").write_text(html, encoding="utf-8")
        saknas = skriv_pdf(html, tmp / "modellrapport.pdf")
        skriv_manifest(
            tmp,
            kommando="index",
            argument=argument,
            indatahashar=korning.indatahashar,
            parameterhashar={},
            extra={
                "modell": s.modell.namn,
                "antal_elever_traning": s.antal_elever,
                "antal_elever_aktuella": int(korning.index["elever"].sum()),
                "antal_skolenheter": korning.index.height,
                "pdf": saknas or "ja",
            },
        )
    if saknas:
        utskrift(pdf_notering(saknas))
    return Path(ut)

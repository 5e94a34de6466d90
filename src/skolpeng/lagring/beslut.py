"""Fastställda beslut i databasen: läsa, förra årets beslut som ``ForraAret``.

Ett beslut är oföränderligt: filerna (utdatan från samma beräkning som ``skolpeng fordela``,
utan PDF) och modelltexten sparas i en transaktion tillsammans med innehållshashen
(``lagring.dataset.innehallshash`` över filerna). Att frysa ett beslut: ``beslut_frysning``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from skolpeng.lagring.dataset import innehallshash
from skolpeng.lagring.tabeller import Beslut

if TYPE_CHECKING:
    from skolpeng.fordelning.forra_aret import ForraAret


def beslutets_filer(beslut: Beslut) -> dict[str, bytes]:
    """Relativ sökväg -> innehåll för beslutets lagrade filer."""
    return {f.filnamn: f.innehall for f in beslut.filer}


def kontrollera_hash(beslut: Beslut) -> bool:
    """True när de lagrade filerna fortfarande ger beslutets innehållshash."""
    return innehallshash(beslutets_filer(beslut)) == beslut.innehall_sha256


def senaste_beslut(db: Session, kommunkod: str, ar: int, verksamhet: str) -> Beslut | None:
    """Det senast fastställda beslutet för kommunen, året och verksamheten (None om inget)."""
    fraga = (
        select(Beslut)
        .where(Beslut.kommunkod == kommunkod, Beslut.ar == ar, Beslut.verksamhet == verksamhet)
        .order_by(Beslut.lopnummer.desc())
        .limit(1)
    )
    return db.scalar(fraga)


def _skriv_sakert(filer: dict[str, bytes], katalog: Path) -> None:
    """Skriver beslutets filer under katalogen; sökvägar som lämnar katalogen hoppas över
    (filnamnen sätts av programmet, men kontrollen gör att inget namn kan nå utanför)."""
    rot = katalog.resolve()
    for namn, data in filer.items():
        mal = (rot / namn).resolve()
        if not mal.is_relative_to(rot):
            continue
        mal.parent.mkdir(parents=True, exist_ok=True)
        mal.write_bytes(data)


def forra_ur_beslut(beslut: Beslut) -> ForraAret:
    """Beslutets filer som förra årets resultat (samma läsning som ``--forra-aret``)."""
    from skolpeng.fordelning.forra_aret import las_forra_aret

    with tempfile.TemporaryDirectory(prefix="skolpeng-forra-") as tmp:
        _skriv_sakert(beslutets_filer(beslut), Path(tmp))
        return las_forra_aret(Path(tmp))


def forra_arets(db: Session, kommunkod: str, ar: int, verksamhet: str) -> ForraAret | None:
    """Förra årets (``ar - 1``) senaste beslut som ``ForraAret``, eller None."""
    b = senaste_beslut(db, kommunkod, ar - 1, verksamhet)
    return None if b is None else forra_ur_beslut(b)

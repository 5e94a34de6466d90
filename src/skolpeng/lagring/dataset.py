"""Dataset i databasen: spara en ny version (bara om hela datasetet är giltigt), läsa tillbaka
filerna och skriva dem till en tillfällig katalog för ``las_underlag``.

Filnamnen är alltid tabellnamnen i docs/regler/dataformat.md (``skolenheter.csv`` osv.) som programmet självt
sätter; inget namn från användaren når filsystemet.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skolpeng.data import las_underlag
from skolpeng.data.schema import TABELLER, Underlag
from skolpeng.fel import IndataFel, Problem
from skolpeng.lagring.tabeller import Dataset, Datasetfil

#: Ändelserna som datasetets tabeller får ha.
ANDELSER: tuple[str, ...] = (".csv", ".xlsx")


def tillatna_filnamn() -> frozenset[str]:
    """Alla filnamn som en datasetversion får innehålla: ``<tabell>.csv`` och ``<tabell>.xlsx``
    för tabellerna i docs/regler/dataformat.md (``data.schema.TABELLER``)."""
    return frozenset(f"{t}{a}" for t in TABELLER for a in ANDELSER)


def innehallshash(filer: dict[str, bytes]) -> str:
    """SHA-256 över filernas namn och innehåll i namnordning (samma filer -> samma hash)."""
    h = hashlib.sha256()
    for namn in sorted(filer):
        h.update(namn.encode() + b"\0" + hashlib.sha256(filer[namn]).hexdigest().encode() + b"\n")
    return h.hexdigest()


def skriv_filer(filer: dict[str, bytes], katalog: Path) -> None:
    """Skriver filerna i katalogen. Bara tillåtna tabellnamn (annars ``ValueError``)."""
    tillatna = tillatna_filnamn()
    for namn, data in filer.items():
        if namn not in tillatna:
            raise ValueError(f"otillåtet filnamn {namn!r}")
        (katalog / namn).write_bytes(data)


def validera_filer(filer: dict[str, bytes], namn: str) -> Underlag:
    """Läser filerna som ett dataset (i en tillfällig katalog som tas bort). Ut: underlaget;
    ``IndataFel`` med alla problem per fil, rad och kolumn."""
    okanda = sorted(set(filer) - tillatna_filnamn())
    if okanda:
        raise IndataFel([Problem(f, "okänt filnamn; tillåtna är datasetets tabeller "
                                    "(t.ex. skolenheter.csv, elever.csv)") for f in okanda])  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="skolpeng-dataset-") as tmp:
        katalog = Path(tmp) / namn
        katalog.mkdir()
        skriv_filer(filer, katalog)
        return las_underlag(katalog)


def spara_dataset(
    db: Session,
    namn: str,
    filer: dict[str, bytes],
    skapad_av: str,
    kommunkod: str | None = None,
    beskrivning: str = "",
) -> Dataset:
    """Validerar och sparar filerna som nästa version av kommunens dataset ``namn`` (utan
    commit; namnen är unika per kommun, ``kommunkod`` None = gemensamt). ``IndataFel`` (och
    ingenting sparat) när något är fel."""
    validera_filer(filer, namn)
    senaste = (
        db.scalar(select(func.max(Dataset.version)).where(*samma_dataset(namn, kommunkod))) or 0
    )
    ds = Dataset(
        namn=namn,
        version=senaste + 1,
        kommunkod=kommunkod,
        sha256=innehallshash(filer),
        beskrivning=beskrivning,
        skapad_av=skapad_av,
        filer=[
            Datasetfil(filnamn=f, sha256=hashlib.sha256(d).hexdigest(), innehall=d)
            for f, d in sorted(filer.items())
        ],
    )
    db.add(ds)
    db.flush()
    return ds


def datasetets_filer(ds: Dataset) -> dict[str, bytes]:
    """Filnamn -> innehåll för en lagrad datasetversion."""
    return {f.filnamn: f.innehall for f in ds.filer}


def las_dataset(ds: Dataset) -> Underlag:
    """Den lagrade versionen som ``Underlag`` (läses via en tillfällig katalog)."""
    return validera_filer(datasetets_filer(ds), f"{ds.namn}-v{ds.version}")


def medfoljande_filer(katalog: Path) -> dict[str, bytes]:
    """Tabellfilerna i ett medföljande datasets katalog (README och annat tas inte med)."""
    tillatna = tillatna_filnamn()
    return {p.name: p.read_bytes() for p in sorted(katalog.iterdir()) if p.name in tillatna}


def samma_dataset(namn: str, kommunkod: str | None) -> tuple[Any, ...]:
    """Villkoren för kommunens (eller de gemensamma) versioner av datasetet ``namn``."""
    kommun = Dataset.kommunkod.is_(None) if kommunkod is None else Dataset.kommunkod == kommunkod
    return (Dataset.namn == namn, kommun)


def versioner(db: Session, namn: str, kommunkod: str | None) -> list[Dataset]:
    """Alla versioner av kommunens dataset ``namn``, äldst först (filernas innehåll laddas
    inte)."""
    fraga = select(Dataset).where(*samma_dataset(namn, kommunkod)).order_by(Dataset.version)
    return list(db.scalars(fraga))


def filuppgifter(db: Session, dataset_id: int) -> list[tuple[str, str, int]]:
    """(filnamn, sha256, storlek i byte) för versionens filer i namnordning, utan att läsa in
    innehållet."""
    fraga = (
        select(Datasetfil.filnamn, Datasetfil.sha256, func.length(Datasetfil.innehall))
        .where(Datasetfil.dataset_id == dataset_id)
        .order_by(Datasetfil.filnamn)
    )
    return [(f, s, int(n or 0)) for f, s, n in db.execute(fraga)]


def antal_filer(db: Session) -> dict[int, int]:
    """Datasetversionens id -> antal filer (för listan över dataset)."""
    fraga = select(Datasetfil.dataset_id, func.count()).group_by(Datasetfil.dataset_id)
    return {int(i): int(n) for i, n in db.execute(fraga)}

"""Atomisk skrivning av utdata och manifest.

In: en målkatalog och en funktion som skriver filer i en katalog. Ut: målkatalogen med
alla filer och ``manifest.json`` – eller, om något går fel, ingenting alls (filerna
skrivs först i en tillfällig katalog bredvid målet och flyttas på plats när de är klara).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from skolpeng import __version__


@contextmanager
def atomisk_katalog(mal: Path) -> Iterator[Path]:
    """Ger en tillfällig katalog; när blocket lyckas ersätter den ``mal``.

    Finns ``mal`` redan ersätts den filvis: filer med samma namn skrivs över, övriga lämnas.
    Misslyckas blocket tas den tillfälliga katalogen bort och ``mal`` är orörd.
    """
    mal = Path(mal)
    mal.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{mal.name}.", dir=mal.parent))
    try:
        yield tmp
        _vanliga_rattigheter(tmp)
        if not mal.exists():
            os.replace(tmp, mal)
            return
        for fil in tmp.rglob("*"):
            if fil.is_file():
                dest = mal / fil.relative_to(tmp)
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(fil, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _vanliga_rattigheter(katalog: Path) -> None:
    """mkdtemp skapar katalogen med läsrätt bara för ägaren; utdata ska få samma rättigheter
    som en vanligt skapad katalog (0777 minus umask)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(katalog, 0o777 & ~umask)
    for sub in katalog.rglob("*"):
        if sub.is_dir():
            os.chmod(sub, 0o777 & ~umask)


def sha256_fil(path: Path) -> str:
    """SHA-256 av en fils innehåll."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def skriv_manifest(
    katalog: Path,
    kommando: str,
    argument: dict[str, Any],
    indatahashar: dict[str, str],
    parameterhashar: dict[str, str],
    scenario: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Path:
    """Skriver ``manifest.json`` i katalog: version, kommando, argument, hashar av indata,
    parametrar och av varje utdatafil, scenario och tidpunkt. Ut: manifestets sökväg."""
    utfiler = {
        str(p.relative_to(katalog)): sha256_fil(p)
        for p in sorted(katalog.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }
    manifest = {
        "program": "skolpeng",
        "version": __version__,
        "kommando": kommando,
        "argument": argument,
        "scenario": scenario,
        "tidpunkt": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "indata_sha256": indatahashar,
        "parametrar_sha256": parameterhashar,
        "utdata_sha256": utfiler,
        **(extra or {}),
    }
    path = katalog / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def skriv_atomiskt(mal: Path, skrivare: Callable[[Path], None]) -> None:
    """Kör ``skrivare(tmp)`` och flyttar resultatet till ``mal`` atomiskt."""
    with atomisk_katalog(mal) as tmp:
        skrivare(tmp)


def huvudmannens_filnamn(huvudman_id: str) -> str:
    """Huvudmannens id som filnamn (bara bokstäver, siffror, bindestreck och understreck):
    besluten om bidrag heter ``beslut/<detta>.html`` och ``.pdf``."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in huvudman_id)

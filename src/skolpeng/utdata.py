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
from skolpeng.fel import IndataFel, Problem


@contextmanager
def atomisk_katalog(mal: Path) -> Iterator[Path]:
    """Ger en tillfällig katalog; när blocket lyckas ersätter den ``mal`` helt.

    Finns ``mal`` redan ersätts hela katalogen: ingen fil från en tidigare körning blir kvar
    (annars kunde en redovisnings PDF från förra körningen ligga bredvid en ny HTML). För att
    inte radera något annat än en tidigare utdatakatalog krävs att en befintlig ``mal`` är tom
    eller har ett ``manifest.json``; annars ``IndataFel`` innan något skrivs. Misslyckas blocket
    tas den tillfälliga katalogen bort och ``mal`` är orörd.
    """
    mal = Path(mal)
    _kontrollera_mal(mal)
    mal.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{mal.name}.", dir=mal.parent))
    try:
        yield tmp
        _vanliga_rattigheter(tmp)
        if not mal.exists():
            os.replace(tmp, mal)
            return
        gammal = Path(tempfile.mkdtemp(prefix=f".{mal.name}.gammal.", dir=mal.parent))
        os.rmdir(gammal)
        os.replace(mal, gammal)
        try:
            os.replace(tmp, mal)
        except OSError:
            os.replace(gammal, mal)
            raise
        shutil.rmtree(gammal, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _kontrollera_mal(mal: Path) -> None:
    """En befintlig målkatalog får ersättas bara om den är tom eller en tidigare utdatakatalog
    (har ``manifest.json``); en fil med målets namn är fel. Fel -> ``IndataFel``."""
    if not mal.exists():
        return
    if not mal.is_dir():
        raise IndataFel([Problem(str(mal), "finns redan och är ingen katalog")])
    if any(mal.iterdir()) and not (mal / "manifest.json").is_file():
        raise IndataFel(
            [
                Problem(
                    str(mal),
                    "katalogen finns redan och är ingen tidigare utdatakatalog (manifest.json "
                    "saknas); hela katalogen ersätts vid skrivning, så välj en ny eller tom katalog",
                )
            ]
        )


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

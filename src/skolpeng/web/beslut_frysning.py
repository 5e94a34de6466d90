"""Att frysa ett beslut: modelltexten och datasetversionen -> ett oföränderligt ``Beslut``.

In: databassessionen, appens tillstånd (``minne`` för underlag och norm), modellfilens text,
den lagrade datasetversionen, beslutets namn, användarnamnet och valfritt tidpunkten ``tid``.
Ut: det sparade ``Beslut`` med alla ``Beslutsfil``-rader (committat).

Beräkningen är ``web.korning.kor_med_forra_aret`` (med förra årets senaste beslut); filerna är samma som ``skolpeng fordela --utan-pdf``
(``rapporter.fordelning.utdata.skriv_fordelning_utdata``) skrivna i en tillfällig katalog och
lästa in i minnet. Manifestet får datasetets namn, version och hash, modellens hash
(``modell/modell.yaml``) och parametrarnas hashar; tidpunkten är ``tid`` (inga tillfälliga
sökvägar sparas). Beslutet, filerna och loggraden sparas i EN transaktion med en commit:
avbryts processen före commit finns inget av beslutet kvar.

Modulen hör till webben (den räknar med ``web.korning``); själva lagringen är
``lagring.beslut.spara_beslut``.

Testkrok: miljövariabeln ``SKOLPENG_TEST_PAUS_FORE_COMMIT=<sekunder>`` gör att
``frys_beslut`` efter att alla rader skickats till databasen (flush) skriver ``FLUSHAD`` på
standard ut och sover så många sekunder före commit, så att ett test kan döda processen
(SIGKILL) mitt i frysningen och se att ingenting av beslutet sparats.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from skolpeng.api import Beslut, Dataset, nasta_lopnummer, nu, spara_beslut

#: Miljövariabeln för testkroken (se modulens beskrivning).
PAUS_FORE_COMMIT = "SKOLPENG_TEST_PAUS_FORE_COMMIT"


def overklagande_till(db: Session, kommunkod: str) -> Any:
    """Kommunens nämnd, adress och text om överklagande ur inställningarna (None om kommunen
    inte sparat några: då används standardtexten med kommunens namn)."""
    from skolpeng.api import Overklagandemottagare, kommuninstallningar

    rad = kommuninstallningar.hamta(db, kommunkod)
    if rad is None:
        return None
    return Overklagandemottagare(rad.namnd, rad.postadress, rad.overklagande)


def berakna_beslutsfiler(
    tillstand: Any, db: Session, modelltext: str, ds: Dataset, tid: dt.datetime | None = None
) -> tuple[Any, dict[str, bytes]]:
    """Kör modellen och skriver utdatan som ``skolpeng fordela --utan-pdf`` i en tillfällig
    katalog. Ut: modellen och filerna (relativ sökväg -> bytes, utan ``manifest.json``s
    slutliga form: den byggs av ``beslutsmanifest``). ``tid`` blir besluten om bidrags
    beslutsdatum och Excelböckernas skapelsetid."""
    from skolpeng.api import skriv_fordelning_utdata
    from skolpeng.web.korning import kor_minnesvart, las_webbmodell

    modell = las_webbmodell(modelltext)
    korning = kor_minnesvart(tillstand, db, modelltext, modell, ds)
    with tempfile.TemporaryDirectory(prefix="skolpeng-beslut-") as tmp:
        modellfil = Path(tmp) / "modell" / "modell.yaml"
        modellfil.parent.mkdir()
        modellfil.write_text(modelltext, encoding="utf-8")
        korning = dataclasses.replace(korning, modellfil=modellfil)
        ut = Path(tmp) / "ut"
        argument = {"modell": "modell.yaml", "dataset": f"{ds.namn} v{ds.version}",
                    "utan_pdf": True}  # fmt: skip
        namn = skriv_fordelning_utdata(korning, ut, argument, pdf=False, beslutstid=tid,
                                       overklagande_till=overklagande_till(db, modell.kommunkod))  # fmt: skip
        filer = {n: (ut / n).read_bytes() for n in namn}
    return modell, filer


def beslutsmanifest(
    manifest: bytes, ds: Dataset, namn: str, lopnummer: int, tid: dt.datetime, av: str
) -> bytes:
    """Körningens manifest kompletterat för beslutet: tidpunkten ``tid`` (i stället för
    skrivningens klocka), datasetets namn, version och hash och beslutets namn, löpnummer och
    vem som fastställde det. Samma indata -> samma bytes."""
    data = json.loads(manifest)
    data["tidpunkt"] = tid.replace(tzinfo=dt.UTC).isoformat(timespec="seconds")
    data["dataset"] = {"namn": ds.namn, "version": ds.version, "sha256": ds.sha256}
    data["beslut"] = {"namn": namn, "lopnummer": lopnummer, "faststallt_av": av}
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _paus_for_test() -> None:
    """Testkroken: skriv ``FLUSHAD`` och sov ``SKOLPENG_TEST_PAUS_FORE_COMMIT`` sekunder."""
    paus = os.environ.get(PAUS_FORE_COMMIT)
    if paus:
        print("FLUSHAD", flush=True)
        sys.stdout.flush()
        time.sleep(float(paus))


def frys_beslut(
    db: Session,
    tillstand: Any,
    modelltext: str,
    ds: Dataset,
    namn: str,
    anvandare: str,
    *,
    modell_id: int | None = None,
    scenario_id: int | None = None,
    tid: dt.datetime | None = None,
) -> Beslut:
    """Räknar modellen på datasetversionen och sparar allt som ett beslut i en transaktion
    (en commit). ``IndataFel`` när modellen eller underlaget har fel (inget sparat)."""
    tid = (tid or nu()).replace(microsecond=0)
    modell, filer = berakna_beslutsfiler(tillstand, db, modelltext, ds, tid)
    lopnummer = nasta_lopnummer(db, modell.kommunkod, modell.ar, modell.verksamhet)
    filer["manifest.json"] = beslutsmanifest(
        filer["manifest.json"], ds, namn, lopnummer, tid, anvandare
    )
    try:
        beslut = spara_beslut(db, filer, kommunkod=modell.kommunkod, ar=modell.ar,
                              verksamhet=modell.verksamhet, namn=namn, modelltext=modelltext,
                              dataset_id=ds.id, anvandare=anvandare, tid=tid,
                              lopnummer=lopnummer, modell_id=modell_id,
                              scenario_id=scenario_id)  # fmt: skip
        _paus_for_test()
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return beslut

"""Servern för webbläsartesterna och lasttestet: ``uvicorn --factory tests.webblasare.server:app``.

In (miljön): ``SKOLPENG_DATABAS`` (URL till en ny databas) och valfritt
``SKOLPENG_TEST_MAX_UPPLADDNING``, ``SKOLPENG_TEST_MAX_UPPACKAT`` (byte) och
``SKOLPENG_TEST_MAX_GRAD`` (komprimeringsgrad) för att pröva gränserna med små filer.
Ut: appen på databasen (migrerad, ``sverige`` importerad) med användarna i
``tests.webb.hjalp.ANVANDARE`` (lösenordet ``LOSENORD``).
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from tests.webb.hjalp import skapa_testapp


def _gransar() -> dict[str, object]:
    namn = {
        "SKOLPENG_TEST_MAX_UPPLADDNING": ("max_uppladdning_bytes", int),
        "SKOLPENG_TEST_MAX_UPPACKAT": ("max_uppackat_bytes", int),
        "SKOLPENG_TEST_MAX_GRAD": ("max_komprimeringsgrad", float),
    }
    return {falt: typ(os.environ[m]) for m, (falt, typ) in namn.items() if os.environ.get(m)}


def app() -> FastAPI:
    """Fabriken för uvicorn: testappen med användarna, på ``SKOLPENG_DATABAS``."""
    return skapa_testapp(os.environ["SKOLPENG_DATABAS"], **_gransar())

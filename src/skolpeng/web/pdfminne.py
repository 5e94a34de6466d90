"""Minnet av beslutens PDF:er om bidrag i webbprocessen (en PDF om bidrag snabbare).

In: beslutets innehållshash (``Beslut.innehall_sha256``, över alla dess filer), huvudmannens
id och en funktion som skapar PDF:en ur den lagrade HTML:en. Ut: PDF:ens bytes, skapade en
gång per (beslutets innehåll, huvudman) och process. Ett fastställt beslut och dess filer
ändras aldrig, och nyckeln är innehållet, inte id:t, så samma nyckel ger alltid samma PDF; behörigheten prövas och
nedladdningen loggas av sidan före varje uppslag, som förut.
"""

from __future__ import annotations

from collections.abc import Callable

from skolpeng.api import Minne

#: PDF:er per process (ett beslut om bidrag är omkring 20–60 kB).
PDF_I_MINNET = 128

_PDF: Minne[bytes | None] = Minne(PDF_I_MINNET)


def minnesvard_bidrags_pdf(
    beslutets_sha256: str, huvudman_id: str, skapa: Callable[[], bytes | None]
) -> bytes | None:
    """PDF:en för beslutet och huvudmannen ur minnet; ``skapa`` anropas bara första gången."""
    return _PDF.hamta((beslutets_sha256, huvudman_id), skapa)

"""Läsning av en enkel CSV-fil med en rubrikrad (elevserier, kostnadspaneler).

In: en fil (``,`` eller ``;``, UTF-8 med eller utan BOM eller Windows-1252); tomma rader
hoppas över. Ut: ``EnkelCsv`` – rubrikraden och dataraderna som text (utan omgivande
blanksteg, utfyllda till rubrikradens längd) med radnummer, decimaltecknet (``;`` betyder
decimalkomma) och en lista där tolkningen av cellerna samlar ``Problem`` på svenska. En fil
som saknas eller är tom kastar ``IndataFel``. Här beräknas inga regler.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from skolpeng.data.format import avkoda, gissa_separator, tolka_tal
from skolpeng.fel import IndataFel, Problem


@dataclass
class EnkelCsv:
    """En inläst fil: ``fil`` (namnet i felmeddelanden), ``rubrik``, ``rader`` som
    (radnummer, celler) där rubrikraden är rad 1, ``decimalkomma`` och de ``problem`` som
    cellerna har gett hittills."""

    fil: str
    rubrik: list[str]
    rader: list[tuple[int, list[str]]]
    decimalkomma: bool
    problem: list[Problem] = field(default_factory=list)

    @cached_property
    def index(self) -> dict[str, int]:
        """Kolumnnamn -> kolumnens index (sista förekomsten om ett namn upprepas)."""
        return {k: i for i, k in enumerate(self.rubrik)}

    def tal(
        self, radnr: int, celler: list[str], kolumn: str, vantat: str
    ) -> tuple[float | None, bool]:
        """Cellen i ``kolumn`` -> (talet, eller None för en tom cell; True). Text som inte är
        ett tal ger problemet "förväntade ``vantat``, fick …" och (None, False)."""
        text = celler[self.index[kolumn]]
        try:
            return tolka_tal(text, self.decimalkomma), True
        except ValueError:
            self.problem.append(
                Problem(self.fil, f"förväntade {vantat}, fick {text!r}", radnr, kolumn)
            )
            return None, False

    def artal(self, radnr: int, celler: list[str], kolumn: str = "ar") -> int | None:
        """Cellen i ``kolumn`` -> årtalet (ett heltal); annat, även en tom cell, ger problemet
        "förväntade ett årtal, fick …" och None."""
        text = celler[self.index[kolumn]]
        try:
            varde = tolka_tal(text, self.decimalkomma)
            if varde is None or varde != int(varde):
                raise ValueError(text)
            return int(varde)
        except ValueError:
            self.problem.append(
                Problem(self.fil, f"förväntade ett årtal, fick {text!r}", radnr, kolumn)
            )
            return None


def las_enkel_csv(fil: Path) -> EnkelCsv:
    """Filen -> ``EnkelCsv``. Separatorn gissas ur rubrikraden; ``;`` betyder decimalkomma.
    Kastar ``IndataFel`` om filen inte finns eller inte har någon icke-tom rad."""
    fil = Path(fil)
    namn = str(fil)
    if not fil.is_file():
        raise IndataFel([Problem(namn, "filen finns inte")])
    text, _ = avkoda(fil.read_bytes())
    rader = [r for r in text.splitlines() if r.strip()]
    if not rader:
        raise IndataFel([Problem(namn, "filen är tom")])
    sep = gissa_separator(rader[0])
    lasare = csv.reader(rader, delimiter=sep)
    rubrik = [k.strip() for k in next(lasare)]
    data = [
        (radnr, [c.strip() for c in celler] + [""] * (len(rubrik) - len(celler)))
        for radnr, celler in enumerate(lasare, start=2)
    ]
    return EnkelCsv(namn, rubrik, data, sep == ";")

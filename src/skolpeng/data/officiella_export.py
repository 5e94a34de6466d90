"""Gemensam läsning av officiella exporter (Skolverket, SCB, Skolenhetsregistret).

In: en fil som myndigheten publicerar den – CSV (UTF-8 med/utan BOM eller Windows-1252,
``;``, ``,`` eller tabb, inledande rubrikrader, avslutande ``;``, en fotnot som börjar med
"Rapportbeskrivning och definitioner") eller XLSX (ett namngivet blad eller det första).
Ut: ``Export`` – rubrikraden och dataraderna som text med radnummer som i ett
kalkylprogram – och ``Celltolkare`` som gör tal, koder och text av cellerna, samlar
problem (``IndataFel``) och noteringar om prickade celler. Här beräknas inga regler.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import polars as pl

from skolpeng.data.format import SKOLVERKET_MARKERINGAR, avkoda, tolka_skolverket_tal, tolka_tal
from skolpeng.data.uppackning import granska_xlsx
from skolpeng.fel import IndataFel, Problem

FOTNOT = "rapportbeskrivning och definitioner"
SEPARATORER: tuple[str, ...] = (";", "\t", ",")
_BLANK = re.compile(r"[\s\u00a0\ufeff]+")
_PERIOD = re.compile(r"^\s*valt\s+(läsår|år)\s*:\s*(\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class Importresultat:
    """Resultatet av en import: tabeller (namn -> polars-ram), noteringar och period.

    Tabellnamnen är datasetets tabeller (``TABELLER``) eller hjälptabeller som inte ingår i
    datasetet (t.ex. ``elever_kommun``); ``period`` är exportens valda läsår eller år."""

    typ: str
    fil: str
    period: str | None
    tabeller: dict[str, pl.DataFrame]
    anteckningar: tuple[str, ...] = ()


@dataclass(frozen=True)
class Export:
    """En inläst export: rubrikraderna före tabellen, rubrikraden och dataraderna.

    ``rader`` är (radnummer i filen/bladet, celler) med lika många celler som rubriker."""

    fil: str
    banner: tuple[str, ...]
    rubriker: tuple[str, ...]
    rader: tuple[tuple[int, tuple[str, ...]], ...]
    decimalkomma: bool
    rubrikrad: int

    def kolumnindex(self, alias: Mapping[str, Sequence[str]]) -> dict[str, int]:
        """Internt namn -> kolumnens index, för de namn vars alias finns i rubrikraden."""
        norm = [normalisera(r) for r in self.rubriker]
        ut: dict[str, int] = {}
        for namn, alternativ in alias.items():
            for a in alternativ:
                if normalisera(a) in norm:
                    ut[namn] = norm.index(normalisera(a))
                    break
        return ut

    @property
    def titel(self) -> str | None:
        """Exportens rubrik: första rubrikraden som inte är källraden eller perioden."""
        for b in self.banner:
            if not b.lower().startswith("statistik från") and not _PERIOD.match(b):
                return b
        return None

    @property
    def period(self) -> str | None:
        """Värdet efter "Valt läsår:" eller "Valt år:" i rubrikraderna, annars None."""
        for b in self.banner:
            m = _PERIOD.match(b)
            if m:
                return m.group(2)
        return None


def normalisera(namn: str) -> str:
    """Ett kolumnnamn jämförbart: utan BOM och citattecken, ett mellanslag, gemener."""
    return _BLANK.sub(" ", namn.replace('"', "")).strip().casefold()


def _har_kolumner(falt: Sequence[str], kravda: Iterable[Sequence[str]]) -> bool:
    norm = {normalisera(f) for f in falt}
    return all(any(normalisera(a) in norm for a in alt) for alt in kravda)


def _ar_tom(celler: Sequence[str]) -> bool:
    return all(not _BLANK.sub("", c) for c in celler)


def _rensa_rubriker(falt: Sequence[str]) -> tuple[str, ...]:
    ut = [_BLANK.sub(" ", f.replace("\ufeff", "")).strip() for f in falt]
    while ut and not ut[-1]:
        ut.pop()
    return tuple(ut)


def _hitta_rubrik_csv(
    rader: list[str], kravda: Sequence[Sequence[str]]
) -> tuple[int, str, list[str]] | None:
    for i, rad in enumerate(rader):
        if not rad.strip():
            continue
        for sep in SEPARATORER:
            if sep not in rad:
                continue
            falt = next(csv.reader([rad], delimiter=sep))
            if _har_kolumner(falt, kravda):
                return i, sep, falt
    return None


def _banner(rader: Iterable[Sequence[str]]) -> tuple[str, ...]:
    ut = []
    for celler in rader:
        text = " ".join(c.strip() for c in celler if c and c.strip()).replace("\ufeff", "")
        text = text.strip().strip('"').strip()
        if text:
            ut.append(text)
    return tuple(ut)


def _datarader(
    fil: str, rubriker: tuple[str, ...], rader: Iterable[tuple[int, list[str]]]
) -> tuple[tuple[tuple[int, tuple[str, ...]], ...], list[Problem]]:
    """Rader efter rubrikraden fram till första tomma rad eller fotnoten."""
    n = len(rubriker)
    ut: list[tuple[int, tuple[str, ...]]] = []
    problem: list[Problem] = []
    for nr, celler in rader:
        if _ar_tom(celler):
            if ut:
                break
            continue
        if celler[0].strip().casefold().startswith(FOTNOT):
            break
        if len(celler) > n:
            extra = celler[n:]
            if not _ar_tom(extra):
                problem.append(
                    Problem(fil, f"raden har {len(celler)} fält men rubrikraden bara {n}", nr)
                )
                continue
            celler = celler[:n]
        ut.append((nr, tuple(c.strip() for c in celler) + ("",) * (n - len(celler))))
    return tuple(ut), problem


def _las_csv(path: Path, kravda: Sequence[Sequence[str]]) -> Export:
    try:
        text, _ = avkoda(path.read_bytes())
    except OSError as fel:
        raise IndataFel([Problem(path.name, f"filen kunde inte läsas: {fel.strerror}")]) from None
    rader = re.split(r"\r\n|\n|\r", text)
    hittad = _hitta_rubrik_csv(rader, kravda)
    if hittad is None:
        raise IndataFel([_ingen_rubrik(path.name, kravda)])
    i, sep, falt = hittad
    rubriker = _rensa_rubriker(falt)
    banner = _banner(next(csv.reader([r], delimiter=sep), []) for r in rader[:i])
    resten = "\n".join(rader[i + 1 :])
    lasare = csv.reader(io.StringIO(resten), delimiter=sep)

    def numrerade() -> Iterable[tuple[int, list[str]]]:
        start = 0
        for celler in lasare:
            yield i + 2 + start, celler
            start = lasare.line_num

    data, problem = _datarader(path.name, rubriker, numrerade())
    if problem:
        raise IndataFel(problem)
    return Export(path.name, banner, rubriker, data, sep != ",", i + 1)


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


#: Officiella exporter kan ha många kolumner; uppackningen och raderna begränsas ändå.
MAX_EXPORTKOLUMNER = 2000


def _las_xlsx(path: Path, kravda: Sequence[Sequence[str]], blad: str | None) -> Export:
    try:
        granskning = granska_xlsx(path.name, path.read_bytes(), max_kolumner=MAX_EXPORTKOLUMNER,
                                  formler=True)  # fmt: skip
    except OSError as fel:
        raise IndataFel([Problem(path.name, f"kunde inte läsas: {fel.strerror}")]) from None
    if granskning:
        raise IndataFel(granskning)
    try:
        bok = fastexcel.read_excel(path)
        namn = blad if blad is not None and blad in bok.sheet_names else 0
        ram = bok.load_sheet(namn, header_row=None, schema_sample_rows=None).to_polars()
    except Exception as fel:  # fastexcel har många feltyper; alla betyder oläslig fil
        raise IndataFel([Problem(path.name, f"kunde inte läsas som Excel-fil: {fel}")]) from None
    rader = [[_cell(v) for v in rad] for rad in ram.iter_rows()]
    for i, falt in enumerate(rader):
        if _har_kolumner(falt, kravda):
            rubriker = _rensa_rubriker(falt)
            data, problem = _datarader(
                path.name, rubriker, ((j + 1, r) for j, r in enumerate(rader) if j > i)
            )
            if problem:
                raise IndataFel(problem)
            return Export(path.name, _banner(rader[:i]), rubriker, data, False, i + 1)
    raise IndataFel([_ingen_rubrik(path.name, kravda)])


def _ingen_rubrik(fil: str, kravda: Sequence[Sequence[str]]) -> Problem:
    namn = ", ".join(repr(alt[0]) for alt in kravda)
    return Problem(
        fil,
        f"hittade ingen rubrikrad med kolumnerna {namn} – är det rätt fil och rätt exporttyp?",
    )


def las_export(path: Path, kravda: Sequence[Sequence[str]], blad: str | None = None) -> Export:
    """En exportfil -> ``Export``.

    ``kravda`` är de kolumner som måste finnas, var och en som en följd av godtagna namn;
    rubrikraden är den första rad som har dem alla (skiftläge och blanksteg spelar ingen
    roll). Allt före den är rubrikrader; datat slutar vid första tomma rad eller vid
    fotnoten "Rapportbeskrivning och definitioner". XLSX: bladet ``blad`` om det finns,
    annars det första. Kastar ``IndataFel`` om filen inte kan läsas eller saknar rubrikrad."""
    path = Path(path)
    if not path.is_file():
        raise IndataFel([Problem(str(path), "filen finns inte")])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _las_xlsx(path, kravda, blad)
    return _las_csv(path, kravda)


def _beskriv_markering(text: str) -> tuple[str, str]:
    s = text.strip()
    if s in SKOLVERKET_MARKERINGAR:
        return s, SKOLVERKET_MARKERINGAR[s]
    if s.startswith("~"):
        return "~", "avrundat värde"
    if s.lower().startswith("cirka"):
        return "cirka", "avrundat värde"
    if s in ("-", "\u2013"):
        return "-", "inget att redovisa"
    if s == "...":
        return s, "uppgift saknas"
    return s, "tom cell"


@dataclass
class Celltolkare:
    """Tolkar celler i en ``Export`` och samlar problem och prickade celler.

    Varje prickad cell (``.``, ``..``, ``~100``, ``cirka N``) blir ett saknat värde – aldrig
    noll – och räknas per kolumn och markering till en notering."""

    fil: str
    problem: list[Problem] = field(default_factory=list)
    _markeringar: dict[tuple[str, str, str], list[int]] = field(default_factory=dict)

    def _markera(self, rad: int, kolumn: str, text: str) -> str:
        tecken, beskrivning = _beskriv_markering(text)
        self._markeringar.setdefault((kolumn, tecken, beskrivning), []).append(rad)
        return tecken

    def tal(self, rad: int, kolumn: str, text: str) -> tuple[float | None, str | None]:
        """Cell -> (tal eller None, markering eller None). Decimalkomma och mellanslag som
        tusentalsavgränsare godtas; text som varken är tal eller markering är ett problem."""
        try:
            v, markering = tolka_skolverket_tal(text)
        except ValueError:
            self.problem.append(
                Problem(self.fil, f"{text!r} är inte ett tal eller en känd markering", rad, kolumn)
            )
            return None, None
        if v is None:
            return None, self._markera(rad, kolumn, text) if markering or not text.strip() else None
        return v, None

    def punkttal(self, rad: int, kolumn: str, text: str) -> float | None:
        """Cell med decimalpunkt (t.ex. ``,``-separerade SCB-filer) -> tal eller None."""
        s = text.strip()
        if s in SKOLVERKET_MARKERINGAR or s in ("", "-", "\u2013", "..."):
            self._markera(rad, kolumn, s)
            return None
        try:
            return tolka_tal(s, decimalkomma=False)
        except ValueError:
            self.problem.append(
                Problem(self.fil, f"{text!r} är inte ett tal eller en känd markering", rad, kolumn)
            )
            return None

    def heltal(self, rad: int, kolumn: str, text: str) -> tuple[int | None, str | None]:
        """Cell -> (heltal eller None, markering). Ett tal med decimaler är ett problem."""
        v, markering = self.tal(rad, kolumn, text)
        if v is None:
            return None, markering
        if not float(v).is_integer() or v < 0:
            self.problem.append(
                Problem(self.fil, f"{text!r} är inte ett heltal ≥ 0 (antal)", rad, kolumn)
            )
            return None, None
        return int(v), None

    def kod(self, rad: int, kolumn: str, text: str, langd: int) -> str | None:
        """Cell -> kod med ``langd`` siffror (inledande nollor fylls på, t.ex. ``114`` ->
        ``0114`` från Excel). Annat än siffror, eller för många siffror, är ett problem."""
        s = text.strip()
        if s.endswith(".0") and s[:-2].isdigit():
            s = s[:-2]
        if not s.isdigit() or len(s) > langd:
            self.problem.append(
                Problem(self.fil, f"{text!r} är inte en kod med {langd} siffror", rad, kolumn)
            )
            return None
        return s.zfill(langd)

    def text(self, rad: int, kolumn: str, text: str, obligatorisk: bool = True) -> str | None:
        """Cell -> text utan omgivande blanksteg; en tom obligatorisk cell är ett problem."""
        s = text.strip()
        if not s:
            if obligatorisk:
                self.problem.append(Problem(self.fil, "cellen är tom", rad, kolumn))
            return None
        return s

    def anteckningar(self) -> list[str]:
        """En notering per kolumn och markering: antal celler och några radnummer."""
        ut = []
        for (kolumn, tecken, beskrivning), rader in self._markeringar.items():
            exempel = ", ".join(str(r) for r in rader[:3]) + (" …" if len(rader) > 3 else "")
            visning = f"{tecken!r}" if tecken else "tom"
            ut.append(
                f"{self.fil}: kolumn {kolumn!r}: {len(rader)} celler {visning} ({beskrivning}) "
                f"blev saknade värden, inte noll (rad {exempel})"
            )
        return ut

    def kasta_om_problem(self) -> None:
        """Kastar ``IndataFel`` med alla problem om något problem har samlats."""
        if self.problem:
            raise IndataFel(self.problem)


def saknade_kolumner(export: Export, alias: Mapping[str, Sequence[str]]) -> list[Problem]:
    """Problem för varje kolumn i ``alias`` som inte finns i exportens rubrikrad."""
    idx = export.kolumnindex(alias)
    return [
        Problem(export.fil, f"kolumnen {alt[0]!r} saknas", export.rubrikrad, alt[0])
        for namn, alt in alias.items()
        if namn not in idx
    ]


def kolumner_och_tolkare(
    export: Export,
    alias: Mapping[str, Sequence[str]],
    valfria: Mapping[str, Sequence[str]] | None = None,
) -> tuple[dict[str, int], Celltolkare]:
    """Exporten och dess obligatoriska (``alias``) och valfria kolumner -> (internt namn ->
    kolumnindex för de kolumner som finns, en ny ``Celltolkare`` för filen). Kastar
    ``IndataFel`` med alla saknade obligatoriska kolumner."""
    if p := saknade_kolumner(export, alias):
        raise IndataFel(p)
    return export.kolumnindex({**alias, **(valfria or {})}), Celltolkare(export.fil)

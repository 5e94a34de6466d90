"""Uppackning med budget: zip-filer (och Excel-filer, som är zip-filer) packas upp bit för
bit och räknas på de *verkliga* uppackade byten, inte på storlekarna som arkivet uppger.

In: en öppen ``zipfile.ZipFile`` och gränserna, eller en Excel-fils bytes. Ut:
``las_medlem`` ger en fils innehåll eller None när den blir större än taket;
``granska_xlsx`` ger problemen (svenska, med cell) för en Excel-fil innan fastexcel får läsa
den: varje del packas upp strömmande mot en budget per fil och totalt, och bladens XML räknas
medan den packas upp (antal rader och celler per rad, de celladresser som anges och formler),
så att ett blad som skulle bli miljoner rader aldrig når läsaren.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from operator import add

from skolpeng.fel import Problem

BIT = 64 * 1024
#: Flest rader i ett blad (Sveriges elever.csv har drygt 100 000).
MAX_RADER = 500_000
#: Flest kolumner i ett blad (den bredaste tabellen i docs/regler/dataformat.md har under 30).
MAX_KOLUMNER = 200
#: Största uppackade storlek för en hel Excel-fil (alla delar tillsammans).
MAX_XLSX_UPPACKAT = 300 * 1024 * 1024
#: Flest formler som räknas upp i felmeddelandet.
MAX_VISADE = 5
SKADAD = "filen kan inte packas upp (skadad zip-fil)"
ZIPBOMB = "packas upp till mer än gränsen; misstänkt zip-bomb"

_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_RADTAGG = re.compile(_PREFIX + rb"row[\s>/]")
_CELLTAGG = re.compile(_PREFIX + rb"c[\s>/]")
_FORMELTAGG = re.compile(_PREFIX + rb"f[\s>/]")
_RADNR = re.compile(rb'\sr="([0-9]{1,12})"')
_CELLKOL = re.compile(rb'\sr="([A-Z]{1,6})[0-9]')
_CELLREF = re.compile(_PREFIX + rb'c\s[^>]*?\br="([A-Z]{1,6}[0-9]{1,12})"')
_OVERLAPP = 256
_BLAD = re.compile(r"^xl/worksheets/[^/]+\.xml$")


class ForStor(Exception):
    """En fil blev större än sin budget under uppackningen."""


class Budget:
    """Hur många uppackade byte som återstår, för varje fil (``per_fil``) och för alla
    filer tillsammans (``totalt``); ``strom`` drar av medan den packar upp."""

    def __init__(self, totalt: int, per_fil: int | None = None) -> None:
        self.kvar = totalt
        self.per_fil = totalt if per_fil is None else per_fil

    def strom(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """Filens uppackade bitar; ``ForStor`` så fort filen går över ``per_fil`` eller
        summan över ``totalt`` (före nästa bit). Skadade data ger ``zipfile.BadZipFile``,
        ``zlib.error`` m.fl."""
        last = 0
        with zf.open(info) as f:
            while bit := f.read(BIT):
                last += len(bit)
                self.kvar -= len(bit)
                if last > self.per_fil or self.kvar < 0:
                    raise ForStor
                yield bit


#: Felen som en skadad zip-fil kan ge under uppackningen.
SKADAD_FEL = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError)


def rastrom(data: bytes, info: zipfile.ZipInfo, budget: Budget) -> Iterator[bytes]:
    """Filens uppackade bitar ur arkivets bytes, packade upp här med zlib direkt ur de
    komprimerade data, så att den *verkliga* storleken räknas (Pythons ``zipfile`` slutar
    vid den uppgivna storleken, men andra läsare – som fastexcel – packar upp allt).
    ``ForStor`` vid budgetens gräns; andra packningsmetoder än deflate och ingen packning
    går genom ``zipfile`` (begränsade av den uppgivna storleken)."""
    if info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            yield from budget.strom(zf, info)
        return
    lokal = info.header_offset
    if data[lokal : lokal + 4] != b"PK\x03\x04":
        raise zipfile.BadZipFile
    start = lokal + 30 + int.from_bytes(data[lokal + 26 : lokal + 28], "little")
    start += int.from_bytes(data[lokal + 28 : lokal + 30], "little")
    packat = memoryview(data)[start : start + info.compress_size]
    last = 0
    if info.compress_type == zipfile.ZIP_STORED:
        bitar: Iterator[bytes] = (bytes(packat[i : i + BIT]) for i in range(0, len(packat), BIT))
    else:
        bitar = _inflatera(packat)
    for bit in bitar:
        last += len(bit)
        budget.kvar -= len(bit)
        if last > budget.per_fil or budget.kvar < 0:
            raise ForStor
        yield bit


def _inflatera(packat: memoryview) -> Iterator[bytes]:
    """Råa deflate-data -> uppackade bitar om högst ``BIT`` byte (aldrig mer åt gången)."""
    d = zlib.decompressobj(-zlib.MAX_WBITS)
    for i in range(0, len(packat), BIT):
        inn: bytes | memoryview = packat[i : i + BIT]
        while True:
            bit = d.decompress(inn, BIT)
            if bit:
                yield bit
            if d.eof:
                return
            inn = d.unconsumed_tail
            if not inn and not bit:
                break


def las_medlem(zf: zipfile.ZipFile, info: zipfile.ZipInfo, tak: int) -> bytes | None:
    """En fil ur zip-filen, bit för bit; None om den blir större än den uppgivna storleken
    eller ``tak``. Skadade data ger undantagen i ``SKADAD_FEL``."""
    try:
        return b"".join(Budget(tak, min(info.file_size, tak)).strom(zf, info))
    except ForStor:
        return None


def kolumnnummer(bokstaver: str) -> int:
    """Kolumnens bokstäver -> nummer (``"A"`` -> 1, ``"AA"`` -> 27)."""
    n = 0
    for c in bokstaver:
        n = n * 26 + ord(c) - 64
    return n


@dataclass
class Bladrakning:
    """Det som räknas i ett blads XML: rader, största antal celler i en rad, största
    rad- och kolumnnummer som en cell anger och cellerna med formler."""

    rader: int = 0
    celler_i_rad: int = 0
    max_celler: int = 0
    max_rad: int = 0
    max_kolumn: int = 0
    senaste_cell: str = ""
    formler: list[str] = field(default_factory=list)
    antal_formler: int = 0
    #: Celltaggens början som den skrivs i filen (``b"<c"`` eller med prefix, ``b"<x:c"``).
    prefix: bytes | None = None

    def las(self, buf: bytes) -> None:
        """Räknar en bit av XML:en som slutar mellan två taggar. Raderna och cellerna räknas
        med ``bytes.split``/``bytes.count`` (i C), inte tagg för tagg i Python."""
        if self.prefix is None:
            m = _RADTAGG.search(buf) or _CELLTAGG.search(buf)
            if m is None:
                return
            self.prefix = m.group(0)[: m.group(0).rfind(b"<") + 1] + _ns(m.group(0))
        p = self.prefix
        delar = buf.split(p + b"row")
        celler = list(map(add, map(bytes.count, delar, repeat(p + b"c ")),
                          map(bytes.count, delar, repeat(p + b"c>"))))  # fmt: skip
        celler[0] += self.celler_i_rad
        self.rader += len(delar) - 1
        self.max_celler = max(self.max_celler, max(celler))
        self.celler_i_rad = celler[-1]
        if b' r="' in buf:
            if radnr := _RADNR.findall(buf):
                self.max_rad = max(self.max_rad, max(map(int, radnr)))
            if kolumner := _CELLKOL.findall(buf):
                langst = max(kolumner, key=lambda k: (len(k), k))
                self.max_kolumn = max(self.max_kolumn, kolumnnummer(langst.decode()))
        if p + b"f" not in buf:
            return
        for m in _FORMELTAGG.finditer(buf):
            self.antal_formler += 1
            if len(self.formler) < MAX_VISADE:
                refs = _CELLREF.findall(buf, max(m.start() - _OVERLAPP, 0), m.start())
                self.formler.append(refs[-1].decode() if refs else "?")


def _ns(tagg: bytes) -> bytes:
    """Namnrymdens prefix i en tagg (``b"<x:row "`` -> ``b"x:"``, ``b"<row>"`` -> ``b""``)."""
    namn = tagg[1:]
    return namn[: namn.find(b":") + 1] if b":" in namn else b""


def _rakna_blad(bitar: Iterator[bytes], max_rader: int, max_kol: int) -> Bladrakning:
    """Räknar bladets XML bit för bit (varje bit delad före sista ``<``, så att ingen tagg
    delas); slutar så fort rader eller kolumner är för många."""
    r = Bladrakning()
    rest = b""
    for bit in bitar:
        buf = rest + bit
        till = buf.rfind(b"<", max(len(buf) - _OVERLAPP, 0))
        if till <= 0:
            till = max(len(buf) - _OVERLAPP, 0)
        r.las(buf[:till])
        rest = buf[till:]
        if max(r.rader, r.max_rad) > max_rader or max(r.max_celler, r.max_kolumn) > max_kol:
            return r
    r.las(rest)
    return r


def _bladproblem(
    fil: str, blad: str, r: Bladrakning, max_rader: int, max_kol: int
) -> list[Problem]:
    problem = []
    rader = max(r.rader, r.max_rad)
    kolumner = max(r.max_celler, r.max_kolumn)
    if rader > max_rader:
        problem.append(Problem(fil, f"bladet {blad} har {rader} rader; högst {max_rader} tas emot"))
    if kolumner > max_kol:
        problem.append(Problem(fil, f"bladet {blad} har {kolumner} kolumner; högst {max_kol} "
                                    "tas emot"))  # fmt: skip
    if r.formler:
        visade = ", ".join(r.formler[:MAX_VISADE]) + (" …" if r.antal_formler > MAX_VISADE else "")
        problem.append(Problem(fil, f"bladet {blad} har formler (cell {visade}); spara filen med "
                                    "värden i stället för formler", kolumn=r.formler[0]))  # fmt: skip
    return problem


def granska_xlsx(
    fil: str,
    data: bytes,
    max_uppackat: int = MAX_XLSX_UPPACKAT,
    max_rader: int = MAX_RADER,
    max_kolumner: int = MAX_KOLUMNER,
    formler: bool = False,
    budget: Budget | None = None,
) -> list[Problem]:
    """Excel-filens delar packas upp strömmande mot budgeten ``max_uppackat`` (för varje del
    och för alla tillsammans, räknat på verkliga byte) och bladen räknas under tiden. Ut:
    problemen – zip-bomb, skadad fil, för många rader eller kolumner, formler (tillåtna med
    ``formler=True``, som för kommandoradens egna filer); tom lista när fastexcel kan få läsa
    filen. Med ``budget`` delas budgeten med andra filer i samma uppladdning (totalt), och
    ``max_uppackat`` gäller för varje del."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return [Problem(fil, "fel filtyp: filen är inte en Excel-fil (.xlsx)")]
    problem: list[Problem] = []
    budget = Budget(max_uppackat) if budget is None else budget
    budget.per_fil = min(budget.per_fil, max_uppackat)
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            try:
                bitar = rastrom(data, info, budget)
                if _BLAD.match(info.filename):
                    blad = info.filename.rsplit("/", 1)[-1].removesuffix(".xml")
                    r = _rakna_blad(bitar, max_rader, max_kolumner)
                    if formler:
                        r.formler.clear()
                    problem += _bladproblem(fil, blad, r, max_rader, max_kolumner)
                else:
                    for _ in bitar:
                        pass
            except ForStor:
                return [Problem(fil, f"{info.filename} {ZIPBOMB}")]
            except SKADAD_FEL:
                return [Problem(fil, f"{info.filename}: {SKADAD}")]
    return problem

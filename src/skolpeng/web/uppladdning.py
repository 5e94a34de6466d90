"""Uppladdade filer -> datasetets filer ``{kanoniskt filnamn: innehåll}`` eller alla problem.

In: de uppladdade filerna som (filnamn enligt webbläsaren, innehåll) och gränserna
(``Granser``). Ut: ``tolka_uppladdning`` ger en mappning från tabellfilnamn i DATA.md
(``skolenheter.csv`` osv.) till innehåll, eller kastar ``IndataFel`` med alla problem på en
gång (svenska, per fil).

Inget här skriver till filsystemet: zip-filer läses i minnet, bit för bit, och bara namn i
``lagring.dataset.tillatna_filnamn()`` släpps igenom. Kontroller: filtyp efter ändelse och
innehåll, filnamn (bara basnamnet; absoluta sökvägar, ``..``, bakstreck och enhetsbokstäver
avvisas), zip-bomber (deklarerad och verklig uppackad storlek, komprimeringsgrad, antal filer,
zip i zip) och kolumner med uppgifter om enskilda elever.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from skolpeng.api import TABELLER, TKR, IndataFel, Problem, tillatna_filnamn

ZIP_MAGI = b"PK\x03\x04"
TOM_ZIP_MAGI = b"PK\x05\x06"
BIT = 64 * 1024
#: Under denna uppackade storlek bedöms inte komprimeringsgraden (små filer är ofarliga).
MIN_STORLEK_FOR_GRAD = 1024 * 1024
ELEVDATA = "webbapplikationen tar inte emot uppgifter om enskilda elever"
#: Delar av kolumnnamn (utan å/ä/ö, gemener, bara a–z och 0–9) som tyder på elevdata.
ELEVKOLUMNER: tuple[str, ...] = (
    "personnummer",
    "personnr",
    "samordningsnummer",
    "elevid",
    "fodelsedatum",
    "fodelsedag",
    "individ",
    "fornamn",
    "efternamn",
    "elevnamn",
)
#: Filer som operativsystem lägger i zip-filer; de hoppas över och sparas aldrig.
IGNORERADE = re.compile(r"^(\._.*|\.DS_Store|Thumbs\.db|desktop\.ini|README(\.md|\.txt)?)$", re.I)
_ENHET = re.compile(r"^[A-Za-z]:")
_MAPPNAMN = re.compile(r"^[\w\- .]+$")


@dataclass(frozen=True)
class Granser:
    """Gränserna för en uppladdning (``web.installningar.Installningar``)."""

    max_uppackat_bytes: int
    max_komprimeringsgrad: float
    max_filer_i_zip: int


def basnamn(filnamn: str) -> str:
    """Det sista ledet i ett filnamn från webbläsaren (både ``/`` och ``\\`` räknas)."""
    return re.split(r"[\\/]", filnamn)[-1].strip()


def andelse(filnamn: str) -> str:
    """Ändelsen med punkt, gemener (``""`` om den saknas)."""
    namn = basnamn(filnamn)
    return namn[namn.rfind(".") :].lower() if "." in namn else ""


def ar_zip(data: bytes) -> bool:
    """Börjar innehållet som en zip-fil?"""
    return data.startswith(ZIP_MAGI) or data.startswith(TOM_ZIP_MAGI)


def _normalisera(kolumn: str) -> str:
    text = unicodedata.normalize("NFKD", kolumn.lower())
    return re.sub(r"[^a-z0-9]", "", text.encode("ascii", "ignore").decode())


def elevkolumner(rubriker: list[str]) -> list[str]:
    """Rubrikerna som ser ut att bära uppgifter om enskilda elever (t.ex. personnummer)."""
    return [r for r in rubriker if any(d in _normalisera(r) for d in ELEVKOLUMNER)]


def csv_text(data: bytes) -> str | None:
    """CSV-filens text (UTF-8 eller Windows-1252), eller None när den inte är text."""
    if b"\x00" in data or ar_zip(data):
        return None
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    kontroll = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\r\n\t")
    return None if kontroll else text


def csv_rubriker(text: str) -> list[str]:
    """Rubrikradens kolumnnamn (separator ``,`` eller ``;`` som läsaren gissar)."""
    rad = text.split("\n", 1)[0]
    sep = ";" if rad.count(";") > rad.count(",") else ","
    return [r.strip().strip('"') for r in rad.split(sep)]


def xlsx_rubriker(data: bytes) -> list[str] | None:
    """Första bladets rubrikrad, eller None när filen inte kan läsas som Excel-fil."""
    import fastexcel

    try:
        blad = fastexcel.read_excel(data).load_sheet(0, header_row=0, n_rows=1)
    except Exception:  # fastexcel har många feltyper; alla betyder oläslig fil
        return None
    return [str(c) for c in blad.to_polars().columns]


def antal_blad(data: bytes) -> int:
    """Antalet blad i Excel-filen (0 när den inte kan läsas)."""
    import fastexcel

    try:
        return len(fastexcel.read_excel(data).sheet_names)
    except Exception:  # fastexcel har många feltyper; alla betyder oläslig fil
        return 0


def okanda_kolumner(filnamn: str, rubriker: list[str]) -> list[str]:
    """Rubrikerna som inte är kolumner i tabellen enligt DATA.md (``data.schema.TABELLER``;
    en talkolumn får också heta ``<kolumn>_tkr``). Läsaren hoppar över okända kolumner, men
    webben sparar filen som den är – därför tas bara kända kolumner emot, så att inga andra
    uppgifter (t.ex. om enskilda elever) kan följa med och lagras."""
    tabell = TABELLER.get(filnamn.rsplit(".", 1)[0])
    if tabell is None:
        return []
    kanda = {k.namn.lower() for k in tabell.kolumner}
    kanda |= {f"{k.namn.lower()}{TKR}" for k in tabell.kolumner if k.typ == "float"}
    return [r for r in rubriker if r.strip() and r.strip().lower() not in kanda]


def zip_medlemsproblem(fil: str, info: list[zipfile.ZipInfo], g: Granser) -> list[Problem]:
    """Zip-bombkontrollen på de deklarerade storlekarna: antal filer, summan uppackat och
    komprimeringsgraden per fil."""
    problem = []
    if len(info) > g.max_filer_i_zip:
        problem.append(Problem(fil, f"zip-filen har {len(info)} filer; högst "
                                    f"{g.max_filer_i_zip} tas emot"))  # fmt: skip
    summa = sum(i.file_size for i in info)
    if summa > g.max_uppackat_bytes:
        problem.append(Problem(fil, f"zip-filen packas upp till {summa // 2**20} MB; högst "
                                    f"{g.max_uppackat_bytes // 2**20} MB tas emot"))  # fmt: skip
    for i in info:
        grad = i.file_size / max(i.compress_size, 1)
        if i.file_size >= MIN_STORLEK_FOR_GRAD and grad > g.max_komprimeringsgrad:
            problem.append(Problem(fil, f"{i.filename} är packad {grad:.0f} gånger (högst "
                                        f"{g.max_komprimeringsgrad:.0f}); misstänkt zip-bomb"))  # fmt: skip
        if i.flag_bits & 0x1:
            problem.append(Problem(fil, f"{i.filename} är krypterad"))
    return problem


def las_medlem(zf: zipfile.ZipFile, info: zipfile.ZipInfo, tak: int) -> bytes | None:
    """En fil ur zip-filen, bit för bit; None om den blir större än den deklarerade storleken
    eller ``tak``."""
    grans = min(info.file_size, tak)
    delar, last = [], 0
    with zf.open(info) as f:
        while bit := f.read(BIT):
            last += len(bit)
            if last > grans:
                return None
            delar.append(bit)
    return b"".join(delar)


def las_medlemmar(
    fil: str, zf: zipfile.ZipFile, info: list[zipfile.ZipInfo], g: Granser
) -> dict[str, bytes]:
    """De valda filerna ur zip-filen, bit för bit, som ``{basnamn: innehåll}``; ``IndataFel``
    när en fil är skadad eller blir större än uppgivet eller än gränsen (zip-bomb)."""
    ut: dict[str, bytes] = {}
    kvar = g.max_uppackat_bytes
    for i in info:
        try:
            innehall = las_medlem(zf, i, kvar)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError):
            raise IndataFel([Problem(fil, f"{i.filename} kan inte packas upp (skadad "
                                          "zip-fil)")]) from None  # fmt: skip
        if innehall is None:
            raise IndataFel([Problem(fil, f"{i.filename} är större än uppgivet eller än "
                                          "gränsen; misstänkt zip-bomb")])  # fmt: skip
        kvar -= len(innehall)
        ut[i.filename.rsplit("/", 1)[-1]] = innehall
    return ut


def xlsx_problem(fil: str, data: bytes, g: Granser) -> list[Problem]:
    """En Excel-fil är en zip-fil: rätt struktur och inga zip-bomber inuti."""
    fel = [Problem(fil, "fel filtyp: filen är inte en Excel-fil (.xlsx)")]
    if not data.startswith(ZIP_MAGI):
        return fel
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.infolist()
    except (zipfile.BadZipFile, ValueError):
        return fel
    if "xl/workbook.xml" not in {i.filename for i in info}:
        return fel
    inre = Granser(g.max_uppackat_bytes, g.max_komprimeringsgrad, max(g.max_filer_i_zip, 1000))
    return zip_medlemsproblem(fil, info, inre)


def osakert_namn(medlem: str) -> bool:
    """Sant när ett namn i zip-filen är osäkert: absolut sökväg, enhetsbokstav, bakstreck,
    NUL, ``.``/``..`` som led eller otillåtna tecken i ett mappnamn."""
    if "\\" in medlem or medlem.startswith("/") or _ENHET.match(medlem) or "\x00" in medlem:
        return True
    delar = medlem.split("/")
    return any(d in ("", ".", "..") or not _MAPPNAMN.match(d) for d in delar[:-1]) or delar[-1] in (
        ".",
        "..",
    )


def namnproblem(medlem: str) -> str | None:
    """Varför ett namn i zip-filen inte får användas (None = basnamnet kan användas)."""
    if osakert_namn(medlem):
        return "otillåtet filnamn i zip-filen"
    if medlem.rsplit("/", 1)[-1] not in tillatna_filnamn():
        return "otillåtet filnamn i zip-filen (tillåtna är datasetets tabeller)"
    return None


def _ska_ignoreras(medlem: str) -> bool:
    return (
        medlem.endswith("/")
        or medlem.startswith("__MACOSX/")
        or bool(IGNORERADE.match(medlem.rsplit("/", 1)[-1]))
    )


def packa_upp(fil: str, data: bytes, g: Granser) -> dict[str, bytes]:
    """En zip-fil (i minnet) -> ``{tabellfilnamn: innehåll}``. ``IndataFel`` med alla problem:
    oläslig zip, otillåtna namn (med namnet), dubbletter, zip i zip och zip-bomber."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise IndataFel([Problem(fil, "fel filtyp: zip-filen kan inte läsas")]) from None
    with zf:
        info = [i for i in zf.infolist() if not _ska_ignoreras(i.filename)]
        problem = zip_medlemsproblem(fil, info, g)
        sett: dict[str, str] = {}
        for i in info:
            orsak = namnproblem(i.filename)
            if i.filename.lower().endswith(".zip"):
                orsak = "zip-filer inuti zip-filen tas inte emot"
            if orsak:
                problem.append(Problem(fil, f"{orsak}: {i.filename}"))
                continue
            namn = i.filename.rsplit("/", 1)[-1]
            if namn in sett:
                problem.append(Problem(fil, f"{namn} finns två gånger ({sett[namn]} och "
                                            f"{i.filename})"))  # fmt: skip
            sett[namn] = i.filename
        if problem:
            raise IndataFel(problem)
        return las_medlemmar(fil, zf, info, g)


def filproblem(namn: str, data: bytes, g: Granser) -> list[Problem]:
    """Kontrollerna av en tabellfil: filtyp efter innehållet (CSV är text utan NUL-tecken,
    XLSX en riktig Excel-fil, ingen zip i zip) och inga kolumner med elevdata."""
    if namn.endswith(".xlsx"):
        problem = xlsx_problem(namn, data, g)
        if problem:
            return problem
        rubriker = xlsx_rubriker(data)
        if rubriker is None:
            return [Problem(namn, "fel filtyp: filen kan inte läsas som Excel-fil (.xlsx)")]
        if antal_blad(data) > 1:
            return [Problem(namn, "Excel-filen har flera blad; webbapplikationen tar bara emot "
                                  "ett blad per tabell")]  # fmt: skip
    else:
        text = csv_text(data)
        if text is None:
            orsak = "en zip-fil" if ar_zip(data) else "binär, inte text"
            return [Problem(namn, f"fel filtyp: filen är {orsak}; en CSV-fil ska vara text "
                                  "(UTF-8 eller Windows-1252)")]  # fmt: skip
        rubriker = csv_rubriker(text)
    elev = elevkolumner(rubriker)
    if elev:
        return [Problem(namn, f"{ELEVDATA} (kolumn {', '.join(elev)})")]
    okanda = okanda_kolumner(namn, rubriker)
    if okanda:
        tabell = namn.rsplit(".", 1)[0]
        return [Problem(namn, f"okända kolumner: {', '.join(okanda)}; webbapplikationen tar bara "
                              f"emot tabellens kolumner "
                              f"({', '.join(TABELLER[tabell].kolumnnamn)})", 1)]  # fmt: skip
    return []


def _har_sokvag(namn: str) -> bool:
    """Har ett uppladdat filnamn en farlig sökväg (``..``, absolut, ``\\`` eller enhetsbokstav)?
    En enkel mapp före namnet (``sverige/elever.csv``) är ofarlig: bara basnamnet används."""
    delar = namn.split("/")
    return (
        "\\" in namn
        or namn.startswith("/")
        or bool(_ENHET.match(namn))
        or any(d in ("..", ".") for d in delar)
    )


def tolka_uppladdning(uppladdade: list[tuple[str, bytes]], g: Granser) -> dict[str, bytes]:
    """Uppladdade filer -> ``{tabellfilnamn: innehåll}``: antingen en enda zip-fil med
    datasetets katalog eller en eller flera .csv/.xlsx-filer. ``IndataFel`` med alla problem;
    filnamnen i svaret är alltid namn ur ``tillatna_filnamn()``."""
    sokvagar = [n for n, _ in uppladdade if _har_sokvag(n)]
    if sokvagar:
        raise IndataFel([Problem(n, "otillåtet filnamn: filnamnet innehåller en sökväg "
                                    "(t.ex. ../ eller /)") for n in sokvagar])  # fmt: skip
    uppladdade = [(basnamn(n), d) for n, d in uppladdade if basnamn(n) or d]
    if not uppladdade:
        raise IndataFel([Problem("(uppladdningen)", "ingen fil vald")])
    zipar = [(n, d) for n, d in uppladdade if andelse(n) == ".zip"]
    if zipar and len(uppladdade) > 1:
        raise IndataFel([Problem("(uppladdningen)", "en zip-fil laddas upp ensam, inte "
                                                    "tillsammans med andra filer")])  # fmt: skip
    if zipar:
        namn, data = zipar[0]
        if not ar_zip(data):
            raise IndataFel([Problem(namn, "fel filtyp: filen är inte en zip-fil")])
        filer = packa_upp(namn, data, g)
    else:
        filer, problem = {}, []
        for namn, data in uppladdade:
            if andelse(namn) not in (".csv", ".xlsx"):
                problem.append(Problem(namn or "(namnlös fil)", "fel filtyp: bara .zip, .csv "
                                                                "och .xlsx tas emot"))  # fmt: skip
            elif namn not in tillatna_filnamn():
                problem.append(Problem(namn, "otillåtet filnamn; tillåtna är datasetets "
                                             "tabeller (t.ex. skolenheter.csv, elever.csv)"))  # fmt: skip
            elif namn in filer:
                problem.append(Problem(namn, "filen är vald två gånger"))
            else:
                filer[namn] = data
        if problem:
            raise IndataFel(problem)
    if not filer:
        raise IndataFel([Problem("(uppladdningen)", "inga tabellfiler hittades")])
    problem = [p for namn, data in sorted(filer.items()) for p in filproblem(namn, data, g)]
    if problem:
        raise IndataFel(problem)
    return filer


def packa_upp_urval(
    fil: str, data: bytes, g: Granser, tillatna: frozenset[str]
) -> dict[str, bytes]:
    """En zip-fil med en utdatakatalog (i roten eller i en enda mapp) -> ``{filnamn:
    innehåll}`` för bara namnen i ``tillatna``; övriga filer (PDF, HTML, undermappar) hoppas
    över utan att packas upp. Varianten av ``packa_upp`` för förra årets fördelning.
    ``IndataFel`` med alla problem: oläslig zip, ett osäkert namn någonstans i zip-filen,
    filer från olika mappar, dubbletter och zip-bomber bland de filer som packas upp."""
    if not ar_zip(data):
        raise IndataFel([Problem(fil, "fel filtyp: filen är inte en zip-fil")])
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise IndataFel([Problem(fil, "fel filtyp: zip-filen kan inte läsas")]) from None
    with zf:
        alla = [i for i in zf.infolist() if not _ska_ignoreras(i.filename)]
        problem = [Problem(fil, f"otillåtet filnamn i zip-filen: {i.filename}")
                   for i in alla if osakert_namn(i.filename)]  # fmt: skip
        if problem:
            raise IndataFel(problem)
        valda = [i for i in alla
                 if i.filename.count("/") <= 1 and i.filename.rsplit("/", 1)[-1] in tillatna]  # fmt: skip
        problem = zip_medlemsproblem(fil, valda, g)
        mappar = {i.filename.rsplit("/", 1)[0] if "/" in i.filename else "" for i in valda}
        if len(mappar) > 1:
            problem.append(Problem(fil, "filerna ligger i olika mappar ("
                                        f"{', '.join(sorted(m or '(roten)' for m in mappar))}); "
                                        "zip-filen ska innehålla en enda utdatakatalog"))  # fmt: skip
        if len({i.filename for i in valda}) < len(valda):
            problem.append(Problem(fil, "samma fil finns två gånger i zip-filen"))
        if problem:
            raise IndataFel(problem)
        return las_medlemmar(fil, zf, valda, g)

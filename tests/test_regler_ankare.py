"""Hänvisningarna till regeldokumentationen i docs/regler/ håller (docs/regler/README.md#ankare).

1. Varje hänvisning ``docs/regler/<fil>.md#<ankare>`` i src/, modeller/, tests/, scripts/,
   docs/, benchmarks/ och README.md pekar på en fil som finns och ett ankare
   (``<a id="…"></a>``) som finns i den filen; länkarna inne i docs/ (relativa) likaså.
2. Ingen fil i src/ eller modeller/ hänvisar till en specifikationsfil som inte finns i
   förrådet (NORM.md, ALLOCATION.md, DATA.md, INDEX.md, FOLLOWUP.md, UTBUDSANSVAR.md) eller
   till ett ärendenummer ("issue 3 punkt 6").
3. Varje ankare förekommer en gång per fil.
4. Varje modul- och testsökväg som docs/regler nämner (``norm/justeringar.py``,
   ``fordelning/redovisning*.py``, ``tests/norm/test_invarianter.py``) finns.

Sökfunktionerna prövas också på påhittad text, så att testet kan falla.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROT = Path(__file__).resolve().parents[1]
REGLER = ROT / "docs" / "regler"
SOKTA = ("src", "modeller", "tests", "scripts", "docs", "benchmarks")
STRIKTA = ("src", "modeller")
ANDELSER = {".py", ".yaml", ".yml", ".toml", ".html", ".md", ".txt", ".j2", ".cfg", ".ini", ".sh"}
HOPPA = {".venv", "__pycache__", ".git", "node_modules"}

ANKARE = re.compile(r"""<a\s+id=["']([^"']+)["']\s*>""")
HANVISNING = re.compile(r"docs/regler/([A-Za-z0-9_.-]+\.md)(?:#([A-Za-z0-9_-]+))?")
RELATIV_LANK = re.compile(r"\]\(([A-Za-z0-9_./-]*\.md)?(?:#([A-Za-z0-9_-]+))?\)")
SPECFIL = re.compile(r"(?<![A-Za-z_])(NORM|ALLOCATION|DATA|INDEX|FOLLOWUP|UTBUDSANSVAR)\.md\b")
ARENDE = re.compile(r"\b[Ii]ssue(?:n|ns)?\s+#?\d+|\b[Ii]ssuens\b|\b[Ää]rende\s+(?:nr\.?\s*)?\d+")

SOKVAG = re.compile(
    r"`((?:src/)?(?:skolpeng/)?[a-z0-9_]+(?:/[a-z0-9_]+)*/[a-z0-9_]*\*?[a-z0-9_]*\.py)`"
)

DENNA = Path(__file__).resolve()


def textfiler(kataloger: tuple[str, ...]) -> list[Path]:
    """Textfilerna under katalogerna, utom denna fil."""
    ut: list[Path] = []
    for namn in kataloger:
        for p in sorted((ROT / namn).rglob("*")):
            andelse_ok = p.is_file() and p.suffix in ANDELSER
            if andelse_ok and not HOPPA & set(p.parts) and p.resolve() != DENNA:
                ut.append(p)
    return ut


def ankare_i(text: str) -> list[str]:
    """De uttryckliga ankarna i en Markdown-text, i ordning."""
    return ANKARE.findall(text)


def hanvisningar(text: str) -> list[tuple[str, str | None, int]]:
    """(fil, ankare eller None, radnummer) för varje ``docs/regler/<fil>.md[#ankare]``."""
    ut = []
    for nr, rad in enumerate(text.splitlines(), 1):
        for m in HANVISNING.finditer(rad):
            ut.append((m.group(1), m.group(2), nr))
    return ut


def forbjudna(text: str) -> list[tuple[int, str]]:
    """(radnummer, träff) för hänvisningar till specifikationsfiler och ärendenummer."""
    ut = []
    for nr, rad in enumerate(text.splitlines(), 1):
        for m in (*SPECFIL.finditer(rad), *ARENDE.finditer(rad)):
            ut.append((nr, m.group(0)))
    return ut


def _ankarkarta() -> dict[str, set[str]]:
    return {p.name: set(ankare_i(p.read_text(encoding="utf-8"))) for p in REGLER.glob("*.md")}


def _las(p: Path) -> str:
    try:
        return p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ""


# --- sökfunktionerna på påhittad text (så att testet kan falla) ----------------------


def test_sokfunktionerna_hittar_det_de_ska() -> None:
    text = (
        '<a id="steg-6"></a>\n### Steg 6\n'
        "se docs/regler/norm.md#steg-6 och docs/regler/norm.md#finns-inte, docs/regler/index.md\n"
        "(NORM.md steg 7; shared/spec/DATA.md; issue 3 punkt 6; Issuens krav)\n"
        "docs/regler/norm.md och METADATA.md och README.md är tillåtna\n"
    )
    assert ankare_i(text) == ["steg-6"]
    assert hanvisningar(text) == [
        ("norm.md", "steg-6", 3),
        ("norm.md", "finns-inte", 3),
        ("index.md", None, 3),
        ("norm.md", None, 5),
    ]
    assert [t for _, t in forbjudna(text)] == ["NORM.md", "DATA.md", "issue 3", "Issuens"]


# --- förrådet ------------------------------------------------------------------------


def test_regeldokumentationen_finns() -> None:
    filer = {p.name for p in REGLER.glob("*.md")}
    assert {
        "README.md",
        "norm.md",
        "fordelning-och-bidrag.md",
        "index.md",
        "uppfoljning.md",
        "utbudsansvar.md",
        "dataformat.md",
    } <= filer
    karta = _ankarkarta()
    # stegen som koden hänvisar till
    assert {f"steg-{i}" for i in range(1, 12)} <= karta["norm.md"]


@pytest.mark.parametrize("fil", sorted(p.name for p in REGLER.glob("*.md")))
def test_varje_ankare_en_gang(fil: str) -> None:
    lista = ankare_i((REGLER / fil).read_text(encoding="utf-8"))
    dubbla = sorted({a for a in lista if lista.count(a) > 1})
    assert not dubbla, f"{fil}: ankare som förekommer flera gånger: {dubbla}"
    felaktiga = [a for a in lista if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", a)]
    assert not felaktiga, f"{fil}: ankare utanför regeln a–z, 0–9 och bindestreck: {felaktiga}"


def test_varje_hanvisning_till_docs_regler_finns() -> None:
    karta = _ankarkarta()
    saknas = []
    for p in [*textfiler(SOKTA), ROT / "README.md"]:
        for fil, ankare, nr in hanvisningar(_las(p)):
            rel = f"{p.relative_to(ROT)}:{nr}"
            if fil not in karta:
                saknas.append(f"{rel}: docs/regler/{fil} finns inte")
            elif ankare is not None and ankare not in karta[fil]:
                saknas.append(f"{rel}: docs/regler/{fil}#{ankare} – ankaret finns inte")
    assert not saknas, "\n".join(saknas)


def test_lankarna_i_docs_finns() -> None:
    """Relativa Markdown-länkar i docs/ (t.ex. ``[steg 6](norm.md#steg-6)``) pekar på filer och
    ankare som finns; ankare i docs/regler kontrolleras, andra filer bara att de finns."""
    karta = _ankarkarta()
    saknas = []
    for p in sorted((ROT / "docs").rglob("*.md")):
        for nr, rad in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            for m in RELATIV_LANK.finditer(rad):
                mal, ankare = m.group(1), m.group(2)
                if mal is None and ankare is None:
                    continue
                malfil = (p.parent / mal).resolve() if mal else p.resolve()
                rel = f"{p.relative_to(ROT)}:{nr}"
                if not malfil.is_file():
                    saknas.append(f"{rel}: {mal} finns inte")
                elif (
                    ankare
                    and malfil.parent == REGLER.resolve()
                    and ankare not in karta.get(malfil.name, set())
                ):
                    saknas.append(f"{rel}: {mal or p.name}#{ankare} – ankaret finns inte")
    assert not saknas, "\n".join(saknas)


def test_ingen_hanvisning_till_spec_eller_arende_i_src_och_modeller() -> None:
    hittade = [
        f"{p.relative_to(ROT)}:{nr}: {traff}"
        for p in textfiler(STRIKTA)
        for nr, traff in forbjudna(_las(p))
    ]
    assert not hittade, (
        "hänvisa till docs/regler/<fil>.md#<ankare> eller till källdokumentet i stället för:\n"
        + "\n".join(hittade)
    )


def sokvag_finns(sokvag: str) -> bool:
    """Finns sökvägen (glob tillåten) relativt förrådet, src/ eller src/skolpeng/?"""
    for bas in (ROT, ROT / "src", ROT / "src" / "skolpeng"):
        if any(bas.glob(sokvag)) if "*" in sokvag else (bas / sokvag).is_file():
            return True
    return False


def test_sokvagarna_i_docs_regler_finns() -> None:
    """En modul som flyttats (t.ex. i en omstrukturering) ska flyttas i dokumentationen också;
    ersättningsskriptet gör det med arkitekturens flyttkarta."""
    saknas = [
        f"{p.relative_to(ROT)}: {m.group(1)}"
        for p in sorted(REGLER.glob("*.md"))
        for m in SOKVAG.finditer(p.read_text(encoding="utf-8"))
        if not sokvag_finns(m.group(1))
    ]
    assert not saknas, "sökvägar som inte finns:\n" + "\n".join(saknas)
    assert SOKVAG.findall("se `norm/justeringar.py` och `fordelning/redovisning*.py`") == [
        "norm/justeringar.py",
        "fordelning/redovisning*.py",
    ]
    assert not sokvag_finns("norm/finns_inte.py")

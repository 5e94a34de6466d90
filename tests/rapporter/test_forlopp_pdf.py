"""Förloppet när redovisningar och beslut skrivs som PDF: ``framsteg`` anropas en gång per
dokument (det är vad CLI:ns förloppsindikator räknar), och varje PDF finns och är rätt
dokument. WeasyPrint är ett beroende av projektet: saknas det faller testerna (de hoppas inte
över), så att ett försvunnet PDF-stöd syns."""

from __future__ import annotations

import html as html_modul
import re
import zlib
from pathlib import Path

from skolpeng.rapporter.pdf import pdf_saknas


def _kraver_pdf() -> None:
    saknas = pdf_saknas()
    assert saknas is None, f"WeasyPrint kan inte skapa PDF på maskinen: {saknas}"


def pdf_titlar(pdf: bytes) -> list[str]:
    """Titlarna (dokumentinformation och bokmärken) i en PDF från WeasyPrint, avkodade.
    Objekten kan ligga i komprimerade strömmar (zlib); titlar skrivs som UTF-16BE i hex
    (``<feff…>``) eller som text inom parentes."""
    delar = [pdf]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            delar.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    allt = b"\n".join(delar)
    titlar = [
        bytes.fromhex(h.decode()).decode("utf-16-be").lstrip("\ufeff")
        for h in re.findall(rb"/Title\s*<([0-9a-fA-F]+)>", allt)
    ]
    titlar += [t.decode("latin-1") for t in re.findall(rb"/Title\s*\(([^)]*)\)", allt)]
    return titlar


def _ar_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def _html_titel(fil: Path) -> str:
    m = re.search(r"<title>(.*?)</title>", fil.read_text(encoding="utf-8"), re.S)
    assert m is not None, fil
    return html_modul.unescape(m.group(1)).strip()


def test_framsteg_en_gang_per_pdf(tmp_path: Path) -> None:
    """``skolpeng fordela`` skriver en PDF per redovisning och per beslut om bidrag, var och
    en en hel PDF med samma titel som sin HTML-sida (alltså rätt enhet respektive huvudman)."""
    from typer.testing import CliRunner

    from skolpeng.cli import app
    from tests.data.hjalp import skriv_minimalt_underlag

    _kraver_pdf()
    data = skriv_minimalt_underlag(tmp_path / "data")
    modell = tmp_path / "modell.yaml"
    modell.write_text(
        "namn: test\nkommunkod: '0114'\nar: 2026\nram_kr: 10000000\n"
        "potter:\n  - namn: bas\n    belopp: {andel_av_ram: 1.0}\n    nyckel: {typ: elever}\n",
        encoding="utf-8",
    )
    ut = tmp_path / "ut"
    r = CliRunner().invoke(
        app, ["fordela", "--modell", str(modell), "--data", str(data), "--ut", str(ut)]
    )
    assert r.exit_code == 0, r.output
    for katalog in ("redovisning", "beslut"):
        html = sorted(p for p in (ut / katalog).glob("*.html") if p.name != "index.html")
        pdf = sorted((ut / katalog).glob("*.pdf"))
        assert html, katalog
        assert [p.stem for p in pdf] == [p.stem for p in html], katalog
        for h, p in zip(html, pdf, strict=True):
            data_pdf = p.read_bytes()
            assert _ar_pdf(data_pdf), p
            assert _html_titel(h) in pdf_titlar(data_pdf), p
    # minimala underlaget: tre skolenheter, två enskilda huvudmän
    assert len(list((ut / "redovisning").glob("*.pdf"))) == 3
    assert len(list((ut / "beslut").glob("*.pdf"))) == 2


def test_framsteg_anropas_per_redovisning(tmp_path: Path) -> None:
    import skolpeng.data as data
    from skolpeng.fordelning import forbered_underlag, fordela, las_modell
    from skolpeng.fordelning.redovisning_och_forandring.redovisning import redovisning
    from skolpeng.rapporter.redovisning import filer as redovisning_filer
    from skolpeng.rapporter.redovisning.html import titel
    from tests.data.hjalp import skriv_minimalt_underlag

    _kraver_pdf()
    u = data.las_underlag(skriv_minimalt_underlag(tmp_path / "data"))
    fil = tmp_path / "m.yaml"
    fil.write_text(
        "namn: t\nkommunkod: '0114'\nar: 2026\nram_kr: 1000000\n"
        "potter:\n  - namn: bas\n    belopp: {andel_av_ram: 1.0}\n    nyckel: {typ: elever}\n",
        encoding="utf-8",
    )
    m = las_modell(fil)
    f = fordela(m, forbered_underlag(m, u))
    anrop: list[int] = []
    red = redovisning(f)
    filer = redovisning_filer.skriv_redovisning(
        red, tmp_path / "ut", f.potter, pdf=True, framsteg=lambda: anrop.append(1)
    )
    assert len(red) == 3
    assert len(anrop) == len(filer.pdf) == len(red)
    titlar = sorted(titel(r) for r in red)
    funna = sorted(
        t for p in filer.pdf for t in set(pdf_titlar(Path(p).read_bytes())) if t in titlar
    )
    assert funna == titlar  # varje enhets PDF bär sin egen titel, ingen saknas
    assert all(_ar_pdf(Path(p).read_bytes()) for p in filer.pdf)


def test_pdf_titlar_avkodar_utf16_och_text() -> None:
    """Hjälpfunktionens egen kontroll: en titel i hex (UTF-16BE med BOM) och en i klartext."""
    hex_ = "feff" + "Väs".encode("utf-16-be").hex()
    pdf = f"%PDF-1.7\n1 0 obj << /Title <{hex_}> /Title (Ab) >> endobj\n%%EOF\n".encode()
    assert pdf_titlar(pdf) == ["Väs", "Ab"]
    assert _ar_pdf(pdf) and not _ar_pdf(b"<html>")

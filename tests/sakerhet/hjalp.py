"""Gemensamt för säkerhetstesterna: de elaka indata som säkerhetsgranskningen
använde, byggda här så att deras storlek syns i testet."""

from __future__ import annotations

import io
import zipfile


def aliasbomb(nivaer: int = 8, bredd: int = 9) -> str:
    """YAML med nästlade ankare och alias: nivå 0 är en lista med ``bredd`` texter, varje
    nästa nivå ``bredd`` alias till den förra, så att det expanderade värdet har
    ``bredd ** (nivaer + 1)`` texter medan texten är några kilobyte."""
    rader = ["a0: &a0 [" + ", ".join(['"lol"'] * bredd) + "]"]
    for i in range(1, nivaer + 1):
        rader.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * bredd) + "]")
    return "\n".join(rader) + "\n"


def xlsx_bomb(rader: int, uppgiven_storlek: int = 1000) -> bytes:
    """En Excel-fil vars blad har ``rader`` rader (en cell per rad) men där zip-filens
    katalog uppger att bladet är ``uppgiven_storlek`` byte uppackat (som en förfalskad
    zip-bomb). Raderna är lika (inga celladresser), så bladets XML packas ungefär 1 000
    gånger, som i säkerhetstestets fil."""
    rad = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    blad = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rad * rader
        + "</sheetData></worksheet>"
    ).encode()
    return forfalska_storlek(xlsx_med_blad(blad), "xl/worksheets/sheet1.xml", uppgiven_storlek)


def xlsx_med_blad(blad_xml: bytes) -> bytes:
    """En minimal men giltig Excel-fil (ett blad) med bladets XML som den är."""
    delar = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType'
            '="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName'
            '="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for namn, text in delar.items():
            zf.writestr(namn, text)
        zf.writestr("xl/worksheets/sheet1.xml", blad_xml)
    return buf.getvalue()


def forfalska_storlek(data: bytes, medlem: str, storlek: int) -> bytes:
    """Zip-filen med den uppackade storleken för ``medlem`` ändrad till ``storlek`` i både
    det lokala huvudet och den centrala katalogen (innehållet är oförändrat)."""
    buf = bytearray(data)
    namn = medlem.encode()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(medlem)
    lokal = info.header_offset
    assert buf[lokal + 30 : lokal + 30 + len(namn)] == namn
    buf[lokal + 22 : lokal + 26] = storlek.to_bytes(4, "little")
    pos = 0
    while (pos := buf.find(b"PK\x01\x02", pos)) != -1:
        langd = int.from_bytes(buf[pos + 28 : pos + 30], "little")
        if buf[pos + 46 : pos + 46 + langd] == namn:
            buf[pos + 24 : pos + 28] = storlek.to_bytes(4, "little")
        pos += 4
    return bytes(buf)

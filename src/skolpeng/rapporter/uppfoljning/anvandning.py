"""De riktade medlens användning som diagram (SVG), Excelbok och avsnitt i en årlig
uppföljningsrapport.

In: ``uppfoljning.anvandning.Sammanstallning`` och enhetstabellen
(``uppfoljning.anvandning_uppfoljning.enhetstabell``). Ut: SVG-text med textalternativ, en
Excelbok med svenska rubriker och talformat, och ``Avsnitt`` (rubrik, stycken, tabeller med
svenska kolumnnamn, diagrammet) som den årliga rapporten kan ta in som det är.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from pathlib import Path

import polars as pl

from skolpeng.rapporter.excel_format import Grundformat, ny_arbetsbok
from skolpeng.talformat import MELLANSLAG, heltal, kr, procent
from skolpeng.uppfoljning.anvandning import Sammanstallning
from skolpeng.uppfoljning.anvandning_uppfoljning import STATUSTEXT

KATEGORIRUBRIKER: dict[str, str] = {
    "kategori": "Kategori",
    "forvantad": "Förväntad kategori",
    "enheter": "Skolenheter",
    "belopp_kr": "Belopp (kr)",
    "arsarbetare": "Årsarbetare",
    "andel_av_riktat": "Andel av de riktade medlen",
}
ENHETSRUBRIKER: dict[str, str] = {
    "skolenhetskod": "Skolenhetskod",
    "namn": "Skolenhet",
    "huvudmannatyp": "Huvudman",
    "status": "Redovisning",
    "elever": "Elever",
    "index": "Socioekonomiskt index",
    "riktat_kr": "Riktade medel (kr)",
    "riktat_kr_per_elev": "Riktade medel per elev (kr)",
    "redovisat_kr": "Redovisat (kr)",
    "arsarbetare": "Årsarbetare",
    "andel_redovisad": "Andel redovisad",
    "andel_utanfor": "Andel utanför förväntade kategorier",
    "mest_utanfor": "Mest utanför förväntade kategorier",
    "meritvarde": "Meritvärde",
    "forvantat_meritvarde": "Förväntat meritvärde efter index",
}
HUVUDMAN: dict[str, str] = {"kommunal": "Kommunal", "enskild": "Enskild"}


def diagram_svg(s: Sammanstallning) -> tuple[str, str]:
    """Liggande staplar: belopp per kategori som andel av de riktade medlen. Ut: (SVG, alt)."""
    rader = s.per_kategori.to_dicts()
    bredd, vanster, hojd_rad = 640, 220, 28
    hojd = 30 + hojd_rad * len(rader)
    storst = max([r["andel_av_riktat"] or 0.0 for r in rader] + [1e-9])
    delar = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{bredd}" height="{hojd}" '
        f'viewBox="0 0 {bredd} {hojd}" role="img" font-family="sans-serif" font-size="13">'
    ]
    for i, r in enumerate(rader):
        y = 20 + i * hojd_rad
        andel = r["andel_av_riktat"] or 0.0
        langd = (bredd - vanster - 90) * andel / storst
        farg = "#1f5f8b" if r["forvantad"] else "#a04a00"
        delar.append(f'<text x="{vanster - 8}" y="{y + 14}" text-anchor="end" fill="#1a1a1a">'
                     f"{escape(str(r['kategori']))}</text>")  # fmt: skip
        delar.append(f'<rect x="{vanster}" y="{y}" width="{langd:.1f}" height="18" fill="{farg}"/>')
        delar.append(f'<text x="{vanster + langd + 6:.1f}" y="{y + 14}" fill="#1a1a1a">'
                     f"{escape(procent(andel, mellanrum=MELLANSLAG))}</text>")  # fmt: skip
    delar.append("</svg>")
    alt = "Användningen per kategori som andel av de riktade medlen: " + "; ".join(
        f"{r['kategori']} {procent(r['andel_av_riktat'] or 0.0, mellanrum=MELLANSLAG)}"
        for r in rader
    )
    return "".join(delar), alt


def _visningsram(enheter: pl.DataFrame) -> pl.DataFrame:
    """Enhetstabellen med svenska värden för status och huvudman."""
    return enheter.with_columns(
        pl.col("status").replace_strict(STATUSTEXT, default=pl.col("status")),
        pl.col("huvudmannatyp").replace_strict(HUVUDMAN, default=pl.col("huvudmannatyp")),
        pl.col("mest_utanfor").replace_strict({True: "Ja", False: "Nej"}, return_dtype=pl.String),
    )


def skriv_excel(
    path: Path, s: Sammanstallning, enheter: pl.DataFrame, rubrik: str, skapad: dt.datetime
) -> None:
    """Excelboken: bladen *Per kategori* och *Per skolenhet* med svenska rubriker, hela
    kronor med tusentalsavgränsare, andelar i procent och årsarbetare med en decimal."""
    bok = ny_arbetsbok(path, skapad)
    f = Grundformat(bok)
    andel = bok.add_format({"num_format": "0.0 %"})
    decimal1 = bok.add_format({"num_format": "#,##0.0"})
    format_for = {"belopp_kr": f.kr, "riktat_kr": f.kr, "riktat_kr_per_elev": f.kr,
                  "redovisat_kr": f.kr, "arsarbetare": decimal1, "andel_av_riktat": andel,
                  "andel_redovisad": andel, "andel_utanfor": andel, "elever": f.elever,
                  "index": decimal1, "meritvarde": decimal1, "forvantat_meritvarde": decimal1}  # fmt: skip
    kat = s.per_kategori.with_columns(
        pl.col("forvantad").replace_strict({True: "Ja", False: "Nej"}, return_dtype=pl.String)
    )
    for namn, ram, rubriker in (("Per kategori", kat, KATEGORIRUBRIKER),
                                ("Per skolenhet", _visningsram(enheter), ENHETSRUBRIKER)):  # fmt: skip
        blad = bok.add_worksheet(namn)
        blad.write(0, 0, rubrik, f.titel)
        kolumner = [k for k in rubriker if k in ram.columns]
        for j, k in enumerate(kolumner):
            blad.write(2, j, rubriker[k], f.rubrik)
            blad.set_column(j, j, 22 if k in ("kategori", "namn") else 16)
        for i, rad in enumerate(ram.select(kolumner).iter_rows(), start=3):
            for j, (k, v) in enumerate(zip(kolumner, rad, strict=True)):
                if v is None:
                    blad.write_blank(i, j, None)
                elif k in format_for and isinstance(v, int | float):
                    blad.write_number(i, j, v, format_for[k])
                else:
                    blad.write(i, j, v)
    bok.close()


@dataclass(frozen=True)
class Avsnitt:
    """Ett avsnitt i den årliga uppföljningsrapporten: rubrik, stycken, tabeller (rubrik ->
    ram med svenska kolumnnamn), diagrammet (SVG och alt-text) och avsnittet som HTML."""

    rubrik: str
    stycken: list[str]
    tabeller: dict[str, pl.DataFrame]
    diagram_svg: str
    diagram_alt: str
    html: str


def avsnitt(s: Sammanstallning, enheter: pl.DataFrame, ar: int) -> Avsnitt:
    """Sammanställningen och enhetstabellen för året -> ``Avsnitt``."""
    redovisat = enheter.filter(pl.col("status") == "inskickad")
    kommunala = enheter.filter(pl.col("huvudmannatyp") == "kommunal")
    utanfor = enheter.filter(pl.col("mest_utanfor"))
    summa = float(s.per_kategori["belopp_kr"].sum())
    m = MELLANSLAG
    stycken = [
        f"{redovisat.height} av {enheter.height} skolenheter med riktade medel {ar} har "
        f"redovisat hur medlen använts ({kommunala.height} kommunala; enskilda huvudmän är inte "
        "skyldiga att redovisa).",
        f"De som redovisat fick {kr(s.riktat_kr, mellanrum=m)} i riktade medel och redovisade "
        f"{kr(summa, mellanrum=m)}"
        + (f" ({procent(summa / s.riktat_kr, mellanrum=m)})." if s.riktat_kr else "."),
    ]
    if utanfor.height:
        stycken.append("Mer än hälften av de riktade medlen redovisades utanför de förväntade "
                       "kategorierna vid: " + ", ".join(f"{r['namn']} ({r['skolenhetskod']})"
                       for r in utanfor.iter_rows(named=True)) + ".")  # fmt: skip
    kat = s.per_kategori.select([k for k in KATEGORIRUBRIKER if k in s.per_kategori.columns])
    tab_kat = kat.with_columns(
        pl.col("forvantad").replace_strict({True: "Ja", False: "Nej"}, return_dtype=pl.String)
    ).rename(KATEGORIRUBRIKER)
    enh = _visningsram(enheter)
    tab_enh = enh.rename({k: v for k, v in ENHETSRUBRIKER.items() if k in enh.columns})
    svg, alt = diagram_svg(s)
    rader = "".join(
        f'<tr><th scope="row">{escape(str(r["kategori"]))}</th>'
        f"<td>{kr(r['belopp_kr'], mellanrum=m)}</td><td>{heltal(r['enheter'], mellanrum=m)}</td>"
        f"<td>{procent(r['andel_av_riktat'], mellanrum=m) if r['andel_av_riktat'] is not None else '–'}</td></tr>"
        for r in s.per_kategori.iter_rows(named=True)
    )
    html = (
        f"<section><h2>Hur de riktade medlen använts {ar}</h2>"
        + "".join(f"<p>{escape(t)}</p>" for t in stycken)
        + '<table><caption>Användningen per kategori</caption><thead><tr><th scope="col">'
        'Kategori</th><th scope="col">Belopp</th><th scope="col">Skolenheter</th>'
        f'<th scope="col">Andel av de riktade medlen</th></tr></thead><tbody>{rader}</tbody>'
        f"</table><figure>{svg}<figcaption>{escape(alt)}</figcaption></figure></section>"
    )
    return Avsnitt(f"Hur de riktade medlen använts {ar}", stycken,
                   {"Per kategori": tab_kat, "Per skolenhet": tab_enh}, svg, alt, html)  # fmt: skip


def analysens_html(kategorier: pl.DataFrame, enheter: pl.DataFrame) -> str:
    """Avsnittet i HTML-rapporten från ``uppfoljning riktade-medel --anvandning``: per år och
    kategori och per enhet (``uppfoljning.anvandning.per_ar``)."""
    from skolpeng.rapporter.html import ramtabell, rubrik, stycke

    if kategorier.height == 0:
        return ""
    kat = kategorier.with_columns(
        pl.col("forvantad").replace_strict({True: "ja", False: "nej"}, return_dtype=pl.String)
    )
    enh = enheter.with_columns(
        pl.col("mest_utanfor").replace_strict({True: "ja", False: "nej"}, return_dtype=pl.String)
    )
    return "\n".join([
        rubrik("Hur de riktade medlen använts"),
        stycke("Rektorernas redovisningar per kategori (KPMG 2020 avsnitt 3.8.2) som andel av de "
               "riktade medlen hos de enheter som redovisat (SKL 2014 steg 6)."),
        ramtabell(kat, {"ar": "År", **KATEGORIRUBRIKER}, "Användningen per kategori",
                  {"belopp_kr": heltal, "andel_av_riktat": procent}, textkolumner=(1,)),
        ramtabell(enh, {"ar": "År", **{k: v for k, v in ENHETSRUBRIKER.items() if k in enh.columns},
                        "utanfor_kr": "Utanför förväntade (kr)"},
                  "Användningen per skolenhet",
                  {"riktat_kr": heltal, "redovisat_kr": heltal, "utanfor_kr": heltal,
                   "andel_redovisad": procent, "andel_utanfor": procent}),
    ])  # fmt: skip

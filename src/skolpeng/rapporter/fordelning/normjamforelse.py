"""Jämförelsen med normen som rapport: HTML, CSV och texten om beaktandet.

In: jämförelsen (``fordelning.redovisning_och_forandring.normjamforelse.jamfor_med_normen``) och texten
(``fordelning.redovisning_och_forandring.normjamforelse_text.beaktande_text``). Ut: ``normjamforelse.html`` (kommunen per
stadium, enheterna, ett stapeldiagram över skillnaden per enhet och texten),
``normjamforelse.csv`` (hela tabellen, oavrundad) och ``beaktande.md``. Ingen regellogik.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import polars as pl

from skolpeng.csvskrivning import skriv_csv
from skolpeng.fordelning.redovisning_och_forandring.normjamforelse import ALLA
from skolpeng.norm.publicering import STADIUM_TEXT
from skolpeng.rapporter.html import figur, html_sida, lista, ramtabell, rubrik, stycke
from skolpeng.talformat import MELLANSLAG, SAKNAS, decimal, kr, procent

CSV = "normjamforelse.csv"
HTML = "normjamforelse.html"
BEAKTANDE = "beaktande.md"

KOLUMNER: dict[str, str] = {
    "namn": "Kommun / skolenhet",
    "stadium": "Stadium",
    "elever": "Elever",
    "modell_kr_per_elev": "Modellen, kr per elev",
    "norm_kr_per_elev": "Normen, kr per elev",
    "skillnad_kr": "Skillnad, kr per elev",
    "skillnad_andel": "Skillnad, % av normen",
    "modell_varav_socioekonomi_kr": "Modellen varav stöd och stimulans",
    "norm_varav_socioekonomi_kr": "Normen varav socioekonomi",
    "modell_varav_lokalkostnad_kr": "Modellen varav lokaler",
    "norm_varav_lokalkostnad_kr": "Normen varav lokalkostnad",
    "norm_varav_platsgaranti_kr": "Normen varav platsgaranti",
    "norm_varav_gleshet_kr": "Normen varav gleshet",
}
_BELOPPSKOLUMNER = [k for k in KOLUMNER if k.endswith("_kr") or k.endswith("_per_elev")]


def _format() -> dict:
    f = {k: kr for k in _BELOPPSKOLUMNER}
    f["skillnad_andel"] = procent
    f["elever"] = lambda x: decimal(x, 0)
    f["stadium"] = lambda s: "alla stadier" if s == ALLA else STADIUM_TEXT.get(s, s)
    f["namn"] = lambda s: s or SAKNAS
    return f


def markdown_html(text: str) -> str:
    """Den genererade Markdown-texten (rubriker ``#``, punkter ``- ``, stycken) -> HTML.
    Bara för texten från ``beaktande_text``; ingen allmän Markdown."""
    delar: list[str] = []
    punkter: list[str] = []
    for rad in [*text.splitlines(), ""]:
        if rad.startswith("- "):
            punkter.append(rad[2:])
            continue
        if punkter:
            delar.append(lista(punkter))
            punkter = []
        if rad.startswith("#"):
            niva = len(rad) - len(rad.lstrip("#"))
            delar.append(rubrik(rad.lstrip("#").strip(), min(niva + 1, 4)))
        elif rad.strip():
            delar.append(stycke(rad))
    return "".join(delar)


def skillnad_svg(enheter: pl.DataFrame, bredd: int = 640) -> str:
    """Liggande staplar: skillnaden mot normen i procent per skolenhet (sorterad), noll-linje.
    Handbyggd SVG (snabb också för 150 enheter)."""
    rader = enheter.filter(pl.col("skillnad_andel").is_not_null()).sort("skillnad_andel")
    n = rader.height
    radhojd, vanster, hoger, ovan = 14, 190, 70, 10
    hojd = ovan + n * radhojd + 24
    varden = rader["skillnad_andel"].to_list()
    lo, hi = min([0.0, *varden]), max([0.0, *varden])
    spann = (hi - lo) or 1.0
    ritb = bredd - vanster - hoger

    def x(v: float) -> float:
        return vanster + ritb * (v - lo) / spann

    noll = x(0.0)
    delar = []
    for i, (namn, v) in enumerate(zip(rader["namn"].to_list(), varden, strict=True)):
        y = ovan + i * radhojd
        x1, x2 = sorted((noll, x(v)))
        farg = "#1b6e2e" if v >= 0 else "#b3261e"
        delar.append(
            f'<text x="{vanster - 6}" y="{y + 10}" text-anchor="end" font-size="10">'
            f"{escape(str(namn)[:32])}</text>"
            f'<rect x="{x1:.1f}" y="{y + 2}" width="{max(x2 - x1, 0.5):.1f}" height="{radhojd - 4}" '
            f'fill="{farg}"/>'
            f'<text x="{bredd - 4}" y="{y + 10}" font-size="10" text-anchor="end">'
            f"{escape(procent(v, mellanrum=MELLANSLAG))}</text>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{bredd}" height="{hojd}" '
        f'viewBox="0 0 {bredd} {hojd}" font-family="DejaVu Sans, sans-serif" '
        'aria-hidden="true" focusable="false">'
        + "".join(delar)
        + f'<line x1="{noll:.1f}" x2="{noll:.1f}" y1="{ovan}" y2="{hojd - 20}" stroke="#1a1a1a"/>'
        + f'<text x="{noll:.1f}" y="{hojd - 6}" text-anchor="middle" font-size="10">normen</text>'
        + "</svg>"
    )


def _skillnad_text(enheter: pl.DataFrame) -> str:
    r = enheter.filter(pl.col("skillnad_andel").is_not_null())
    under = r.filter(pl.col("skillnad_kr") <= -0.5).height
    over = r.filter(pl.col("skillnad_kr") >= 0.5).height
    if not r.height:
        return "Ingen skolenhet kunde jämföras med normen."
    return (
        f"Skillnaden mot normen i procent av normen för {r.height} kommunala skolenheter, "
        f"sorterade från lägst till högst: {under} under normen (röda staplar till vänster om "
        f"linjen), {over} över (gröna till höger). Lägst {procent(r['skillnad_andel'].min())}, "
        f"högst {procent(r['skillnad_andel'].max())}."
    )


def normjamforelse_html(jamforelse: pl.DataFrame, text: str) -> str:
    """Jämförelsen och texten -> en fristående HTML-sida."""
    kommun = jamforelse.filter(pl.col("niva") == "huvudman")
    enheter = jamforelse.filter((pl.col("niva") == "skolenhet") & (pl.col("stadium") == ALLA))
    per_stadium = jamforelse.filter(
        (pl.col("niva") == "skolenhet") & (pl.col("stadium") != ALLA)
    ).with_columns((pl.col("namn") + " (" + pl.col("skolenhetskod") + ")").alias("namn"))
    format_ = _format()
    namn = kommun["namn"][0] if kommun.height else "kommunen"
    return html_sida(
        f"Jämförelse med normen – {namn}",
        [
            stycke(
                "Modellens belopp per elev för kommunens egna skolenheter bredvid den nationella "
                "normen och dess delar (SOU 2025:72 avsnitt 9.4.1). Delarna ”varav” är delar av "
                "beloppet, inte hela beloppet. Hela tabellen finns i normjamforelse.csv."
            ),
            rubrik("Kommunen som huvudman"),
            ramtabell(kommun, KOLUMNER, "Kommunen per stadium", format_, 10, (1,)),
            rubrik("Skolenheterna"),
            figur(skillnad_svg(enheter), _skillnad_text(enheter), "Skillnad mot normen per enhet"),
            ramtabell(
                enheter,
                {k: v for k, v in KOLUMNER.items() if k != "stadium"},
                "Skolenheterna, alla stadier",
                format_,
                1000,
            ),
            rubrik("Skolenheterna per stadium", 3),
            ramtabell(per_stadium, KOLUMNER, "Skolenheterna per stadium", format_, 2000, (1,)),
            rubrik("Text till budgetbeslutet"),
            f'<section class="not">{markdown_html(text)}</section>',
        ],
    )


def skriv_normjamforelse(jamforelse: pl.DataFrame, text: str, katalog: Path) -> list[Path]:
    """Skriver ``normjamforelse.csv``, ``beaktande.md`` och ``normjamforelse.html`` i
    ``katalog``. Ut: sökvägarna."""
    katalog = Path(katalog)
    katalog.mkdir(parents=True, exist_ok=True)
    csv = katalog / CSV
    skriv_csv(jamforelse, csv)
    md = katalog / BEAKTANDE
    md.write_text(text, encoding="utf-8")
    html = katalog / HTML
    html.write_text(normjamforelse_html(jamforelse, text), encoding="utf-8")
    return [csv, md, html]

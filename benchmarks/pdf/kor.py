"""PDF:erna för en kommun med omkring 150 skolenheter: WeasyPrint i följd mot parallellt
(en processpool över dokumenten) i samma körning.

Upplägg: ``skolpeng fordela --modell goteborg_typ --data sverige --utan-pdf`` skriver HTML:en
för Göteborgs 177 redovisningar per skolenhet och 33 beslut om bidrag (samma HTML som
``skolpeng fordela`` gör PDF av). Varje körning ritar sedan alla 210 dokument
(a) i följd med ``rapporter.pdf.html_till_pdf`` (så som före december 2026) och (b) med
``rapporter.pdf.html_till_pdf_manga`` (processpoolen, en arbetare per kärna, inklusive
poolens start), omväxlande, i nya processer så att ingen körning ärver en varm pool.
Kontroll: PDF:erna från (a) och (b) är byte för byte lika.

Kör: ``.venv/bin/python benchmarks/pdf/kor.py [--korningar 2] [--dokument N]``; resultatet
skrivs till ``benchmarks/pdf/RESULTAT.md``. Varje mätning avbryts efter ``--tidsgrans`` s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1].parent
sys.path.insert(0, str(REPO / "benchmarks"))

from matning import maskinbeskrivning  # noqa: E402

RITA = """
import sys, time
from pathlib import Path
from skolpeng.rapporter.pdf import html_till_pdf, html_till_pdf_manga
satt, kalla, ut, antal = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
filer = sorted(kalla.glob("redovisning/[0-9]*.html")) + sorted(kalla.glob("beslut/*.html"))
filer = filer[:antal] if antal else filer
dok = [(f.read_text(encoding="utf-8"), ut / f"{f.parent.name}-{f.stem}.pdf") for f in filer]
start = time.perf_counter()
if satt == "foljd":
    for html, path in dok:
        html_till_pdf(html, path)
else:
    html_till_pdf_manga(dok)
print(len(dok), time.perf_counter() - start)
"""


def belastning() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def rita(satt: str, kalla: Path, ut: Path, antal: int, tidsgrans: float) -> tuple[int, float]:
    """En mätning i en ny process. Ut: (antal dokument, sekunder för ritningen)."""
    ut.mkdir(parents=True, exist_ok=True)
    svar = subprocess.run([sys.executable, "-c", RITA, satt, str(kalla), str(ut), str(antal)],
                          capture_output=True, text=True, timeout=tidsgrans, check=True)  # fmt: skip
    n, sek = svar.stdout.split()
    return int(n), float(sek)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--korningar", type=int, default=2)
    p.add_argument("--dokument", type=int, default=0, help="0 = alla")
    p.add_argument("--tidsgrans", type=float, default=400)
    a = p.parse_args()
    skolpeng = str(Path(sys.executable).with_name("skolpeng"))
    with tempfile.TemporaryDirectory(prefix="skolpeng-pdf-") as tmp:
        kalla = Path(tmp) / "gbg"
        subprocess.run([skolpeng, "fordela", "--modell", "goteborg_typ", "--data", "sverige",
                        "--ut", str(kalla), "--utan-pdf"], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        fore = belastning()
        tider: dict[str, list[float]] = {"foljd": [], "parallellt": []}
        antal = 0
        for k in range(a.korningar):
            for satt in ("foljd", "parallellt"):
                antal, sek = rita(satt, kalla, Path(tmp) / f"{satt}{k}", a.dokument, a.tidsgrans)
                tider[satt].append(sek)
                print(f"körning {k + 1}: {satt} {antal} dokument på {sek:.1f} s", flush=True)
        efter = belastning()
        lika = all(
            (Path(tmp) / "foljd0" / f.name).read_bytes() == f.read_bytes()
            for f in (Path(tmp) / "parallellt0").glob("*.pdf")
        )
    rader = [
        "# PDF:er för en kommun: WeasyPrint i följd mot parallellt",
        "",
        f"Uppmätt {dt.date.today().isoformat()} med `benchmarks/pdf/kor.py` "
        f"(`--korningar {a.korningar}`). Maskin: {maskinbeskrivning()}. Maskinens belastning "
        f"(1 / 5 / 15 min) före {fore}, efter {efter}; maskinen delades med andra utvecklares "
        "tester under mätningen.",
        "",
        f"Dokument: Göteborgs (1480) {antal} PDF:er ur exemplet `goteborg_typ` på det medföljande "
        "datasetet (redovisningar per skolenhet och beslut om bidrag till enskilda huvudmän). "
        f"PDF:erna i följd och parallellt är byte för byte lika: {'ja' if lika else 'NEJ'}.",
        "",
        "| sätt | körningar | sekunder (median / min / max) | sekunder per dokument |",
        "|---|---|---|---|",
    ]
    for satt, namn in (("foljd", "WeasyPrint i följd (före)"),
                       ("parallellt", "WeasyPrint, processpool med en arbetare per kärna")):  # fmt: skip
        t = tider[satt]
        rader.append(f"| {namn} | {len(t)} | {statistics.median(t):.1f} / {min(t):.1f} / "
                     f"{max(t):.1f} | {statistics.median(t) / max(antal, 1):.3f} |")  # fmt: skip
    Path(__file__).with_name("RESULTAT.md").write_text("\n".join(rader) + "\n", encoding="utf-8")
    print("\n".join(rader))


if __name__ == "__main__":
    main()

"""Handläggarens väntetider i webben: jämförelsen av två scenarier,
normen mot dagens kostnader, att fastställa ett beslut och en PDF om bidrag.

Mål: jämförelsen, normen mot i dag och fastställandet under 1 s i 95:e percentilen på det
medföljande datasetet; PDF:en om bidrag snabbare än före (2,2 s).

Upplägg: ``skolpeng serve`` (en process, förvärmning på) startas på 127.0.0.1 med en ny
SQLite-databas (``kor.Server``). Handläggaren gbg skapar modellen ur ``goteborg_typ`` (Göteborg,
177 skolenheter) och två scenarier. Varje varv, i följd från en klient (httpx):

- *jämförelse*: scenario B sparas med en ny socioekonomisk andel (formuläret, som en
  handläggare gör före en jämförelse; sparandet mäts inte), sedan mäts sidan
  ``/scenarier/jamfor?id=A&id=B`` plus dess diagram (SVG), i följd som webbläsaren hämtar dem;
- *normen mot i dag*: ``/norm/simulering`` plus alla diagrambilder på sidan, i följd;
- *fastställ*: ``POST /beslut`` för scenario B plus beslutssidan som svaret leder till
  (bekräftelsesidan ``/beslut/ny`` hämtas först, omätt, som när handläggaren klickar sig dit;
  jämförelsen och normen mäts medan handläggaren läser den);
- *PDF om bidrag*: ett beslut om bidrag som PDF för en ny huvudman varje varv (första
  gången den PDF:en begärs) och samma PDF igen.

Sist startas servern om på samma databas och den första jämförelsen och normen mot i dag
mäts efter förvärmningen (``första efter omstart``). Det första varvet redovisas för sig; tabellen visar median och p95
över alla varv i alla körningar (varje körning en ny server). Alla anrop går till 127.0.0.1;
varje körning har ``--varv`` varv och avbryts efter ``--tidsgrans`` sekunder.

Kör: ``.venv/bin/python benchmarks/webb/atgarder.py [--korningar 2] [--varv 10]``; skriver
``benchmarks/webb/ATGARDER.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kor import Server, forbered, formularfalt, logga_in  # noqa: E402
from matning import maskinbeskrivning  # noqa: E402

ATGARDER = ("jämförelse", "normen mot i dag", "fastställ", "PDF om bidrag (första gången)",
            "PDF om bidrag (igen)", "jämförelse, första efter omstart",
            "normen mot i dag, första efter omstart")  # fmt: skip


class Omstart(Server):
    """Samma databas (användaren finns redan): bara serverprocessen startas på nytt."""

    def starta(self) -> Omstart:
        import subprocess

        from kor import skolpeng

        from tests.webblasare.hjalp import ledig_port, vanta_pa_server

        self.port = ledig_port()
        self.logg = (self.katalog / "server2.log").open("wb")
        self.process = subprocess.Popen(
            skolpeng("serve", "--databas", self.databas, "--vard", "127.0.0.1", "--port",
                     str(self.port)),
            cwd=self.katalog, stdout=self.logg, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            vanta_pa_server(self.process, self.bas, 120, self.loggtext)
        except RuntimeError:
            self.stoppa()
            raise
        return self


def p95(x: list[float]) -> float:
    s = sorted(x)
    return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]


def tid(f) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def ok(svar: httpx.Response) -> httpx.Response:
    assert svar.status_code == 200, (svar.status_code, svar.text[:500])
    return svar


def en_korning(varv: int, tidsgrans: float) -> dict[str, list[float]]:
    """En ny server och ``varv`` varv av varje åtgärd. Ut: åtgärd -> sekunder per varv."""
    ut: dict[str, list[float]] = {a: [] for a in ATGARDER}
    slut = time.monotonic() + tidsgrans
    with tempfile.TemporaryDirectory(prefix="skolpeng-atgarder-") as tmp:
        server = Server(Path(tmp)).starta()
        try:
            a = forbered(server.bas)
            with httpx.Client(base_url=server.bas, timeout=120, follow_redirects=True) as k:
                csrf = logga_in(k)
                sida = k.get(f"/scenarier/{a.id}").text
                mid = re.search(r'href="/modeller/(\d+)"', sida)
                assert mid
                svar = ok(k.post(f"/modeller/{mid.group(1)}/scenarier",
                                 data={"csrf_token": csrf, "namn": "Jämförelse B"}))  # fmt: skip
                b = int(re.search(r"/scenarier/(\d+)", str(svar.url)).group(1))  # type: ignore[union-attr]
                falt_b = formularfalt(svar.text)
                time.sleep(5)  # förvärmningen (underlag, norm, simulering) blir klar
                for nr in range(varv):
                    if time.monotonic() > slut:
                        break
                    andel = f"{4 + nr * 1.5:.1f}"
                    ok(k.post(f"/scenarier/{b}", data={**falt_b, "csrf_token": csrf,
                                                       a.socioekonomisk: andel}))  # fmt: skip

                    def jamfor() -> None:
                        ok(k.get(f"/scenarier/jamfor?id={a.id}&id={b}"))
                        ok(k.get(f"/scenarier/jamfor/diagram.svg?id={a.id}&id={b}"))

                    def norm() -> None:
                        s = ok(k.get("/norm/simulering")).text
                        for bild in re.findall(r'src="(/norm/simulering/diagram/[^"]+)"', s):
                            ok(k.get(html.unescape(bild)))

                    beslutssida: list[str] = []

                    def frys(nr: int = nr, sidor: list[str] = beslutssida) -> None:
                        svar = ok(k.post("/beslut", data={"csrf_token": csrf, "scenario_id": b,
                                                          "namn": f"Beslut {nr}"}))  # fmt: skip
                        sidor.append(svar.text)

                    # bekräftelsesidan före fastställandet (som i webbläsaren), och en sekund
                    # för att läsa den; mäts inte
                    ok(k.get(f"/beslut/ny?scenario_id={b}"))
                    ut["jämförelse"].append(tid(jamfor))
                    ut["normen mot i dag"].append(tid(norm))
                    ut["fastställ"].append(tid(frys))
                    pdf = re.findall(r'href="(/beslut/\d+/bidrag/[^"/]+\.pdf)"', beslutssida[0])
                    assert pdf, "beslutssidan länkar inga PDF:er om bidrag"
                    url = pdf[nr % len(pdf)]
                    ut["PDF om bidrag (första gången)"].append(tid(lambda: ok(k.get(url))))  # noqa: B023
                    ut["PDF om bidrag (igen)"].append(tid(lambda: ok(k.get(url))))  # noqa: B023
        finally:
            server.stoppa()
        # Omstart: förvärmningen läser underlag, norm och simulering för de sparade modellerna;
        # scenariernas körningar finns inte i den nya processens minne.
        omstart = Omstart(Path(tmp)).starta()
        try:
            time.sleep(10)  # förvärmningen blir klar
            with httpx.Client(base_url=omstart.bas, timeout=120, follow_redirects=True) as k:
                logga_in(k)
                ut["jämförelse, första efter omstart"].append(tid(lambda: (
                    ok(k.get(f"/scenarier/jamfor?id={a.id}&id={b}")),
                    ok(k.get(f"/scenarier/jamfor/diagram.svg?id={a.id}&id={b}")))))  # fmt: skip

                def norm_igen() -> None:
                    s = ok(k.get("/norm/simulering")).text
                    for bild in re.findall(r'src="(/norm/simulering/diagram/[^"]+)"', s):
                        ok(k.get(html.unescape(bild)))

                ut["normen mot i dag, första efter omstart"].append(tid(norm_igen))
        finally:
            omstart.stoppa()
    return ut


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--korningar", type=int, default=2)
    p.add_argument("--varv", type=int, default=10)
    p.add_argument("--tidsgrans", type=float, default=300)
    arg = p.parse_args()
    fore = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    korningar = [en_korning(arg.varv, arg.tidsgrans) for _ in range(arg.korningar)]
    efter = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    rader = [
        "# Handläggarens väntetider i webben",
        "",
        f"Uppmätt {dt.date.today().isoformat()} med `benchmarks/webb/atgarder.py` "
        f"(`--korningar {arg.korningar} --varv {arg.varv}`). Maskin: {maskinbeskrivning()}. "
        f"Belastning (1 / 5 / 15 min) före {fore}, efter {efter}; maskinen delades med andra "
        "utvecklares tester under mätningen. Servern: `skolpeng serve` (en process, SQLite) "
        "på 127.0.0.1, klienten (httpx) i en annan process på samma maskin.",
        "",
        "| åtgärd | mål | varv | första varvet s (per körning) | median s | p95 s | max s |",
        "|---|---|---|---|---|---|---|",
    ]
    for atgard in ATGARDER:
        alla = [x for k in korningar for x in k[atgard]]
        forsta = ", ".join(f"{k[atgard][0]:.2f}" for k in korningar if k[atgard])
        if not alla:
            continue
        mal = "snabbare än 2,2 s" if atgard.startswith("PDF") else "p95 < 1 s"
        rader.append(f"| {atgard} | {mal} | {len(alla)} | {forsta} | "
                     f"{statistics.median(alla):.2f} | {p95(alla):.2f} | {max(alla):.2f} |")  # fmt: skip
    fil = Path(__file__).with_name("ATGARDER.md")
    analys = ""  # det handskrivna avsnittet ”## Analys” behålls när tabellen mäts om
    if fil.exists() and "\n## Analys" in fil.read_text(encoding="utf-8"):
        analys = "\n## Analys" + fil.read_text(encoding="utf-8").split("\n## Analys", 1)[1]
    fil.write_text("\n".join(rader) + "\n" + analys, encoding="utf-8")
    print("\n".join(rader))


if __name__ == "__main__":
    main()

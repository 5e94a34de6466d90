"""Lasttest av webbens omräkning av ett scenario (docs/webb.md).

Mål: 20 samtidiga användare som var och en gör 50 omräkningar av ett scenario för en kommun
med omkring 150 skolenheter (Göteborg, 1480, i det medföljande datasetet: modellen
``goteborg_typ``) – inga fel och medianen av serverns tid per omräkning under 100 ms.

Upplägg: servern (``uvicorn``, en process, som ``skolpeng serve``) startas i en underprocess på
127.0.0.1 med en ny SQLite-databas och testanvändarna (``tests/webblasare/server.py``). En
handläggare skapar modellen ur exemplet och ett scenario. Sedan loggar 20 användare in (egna
sessioner) och gör var och en 50 omräkningar: samma HTMX-anrop som scenariosidans reglage
(``POST /scenarier/{id}/berakna`` med formulärets fält, ``HX-Trigger`` och CSRF-rubriken),
med den socioekonomiska andelen slumpad mellan 2 och 20 %. Mellan anropen väntar varje
användare 0,5–1,5 s (likformigt), som en människa som drar i ett reglage (HTMX skickar
dessutom först 300 ms efter att reglaget stannat). En mättnadsvariant utan väntan redovisas
också – den är inte målet utan visar vad servern orkar.

Mäts: fel (status ≠ 200 eller en problemruta i svaret), serverns tid per omräkning ur
``Server-Timing`` (median, p90, max), klientens latens (median, p90, max) och förfrågningar
per sekund. Flera körningar; tabellen visar medianen av körningarnas värden. Varje körning
avbryts efter ``--tidsgrans`` sekunder (standard 240) och hela testet efter 10 minuter.
Trafiken går bara till 127.0.0.1.

Kör: ``.venv/bin/python benchmarks/webb/kor.py [--korningar 3] [--mattnad 2]``. Resultatet
skrivs till ``benchmarks/webb/RESULTAT.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import html
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from matning import maskinbeskrivning  # noqa: E402

from tests.webblasare.hjalp import ledig_port, vanta_pa_server  # noqa: E402

EXEMPEL = "goteborg_typ"
LOSENORD = "ett-langt-losenord-for-lasttestet"
ANVANDARE = 20
OMRAKNINGAR = 50
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_INPUT = re.compile(r"<input\b[^>]*>")
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def skolpeng(*argument: str) -> list[str]:
    """Kommandoraden för ``skolpeng`` i samma Python-miljö."""
    return [str(Path(sys.executable).with_name("skolpeng")), *argument]


@dataclass
class Server:
    """``skolpeng serve --arbetare N`` på 127.0.0.1 och en ledig port, med en ny SQLite-databas
    i ``katalog`` och handläggaren gbg (Göteborg) skapad med ``skolpeng anvandare skapa``."""

    katalog: Path
    arbetare: int = 1
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def bas(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def databas(self) -> str:
        return f"sqlite:///{self.katalog / 'last.db'}"

    def starta(self) -> Server:
        subprocess.run(skolpeng("anvandare", "skapa", "--anvandarnamn", "gbg", "--roll",
                                "handlaggare", "--kommun", "1480", "--namn", "Greta Göteborg",
                                "--losenord", LOSENORD, "--databas", self.databas),
                       check=True, cwd=self.katalog, stdout=subprocess.DEVNULL)  # fmt: skip
        self.port = ledig_port()
        self.logg = (self.katalog / "server.log").open("wb")
        self.process = subprocess.Popen(
            skolpeng("serve", "--databas", self.databas, "--vard", "127.0.0.1", "--port",
                     str(self.port), "--arbetare", str(self.arbetare)),
            cwd=self.katalog, stdout=self.logg, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            vanta_pa_server(self.process, self.bas, 120, self.loggtext)
        except RuntimeError:
            self.stoppa()
            raise
        return self

    def loggtext(self) -> str:
        return (self.katalog / "server.log").read_text(errors="replace")[-3000:]

    def stoppa(self) -> None:
        """Avslutar serverns processgrupp (uvicorn och dess arbetare)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(10)
        self.logg.close()


def logga_in(k: httpx.Client) -> str:
    """Loggar in som handläggaren gbg; ut: sessionens CSRF-token."""
    token = _CSRF.search(k.get("/logga-in").text)
    assert token
    svar = k.post("/logga-in", data={"anvandarnamn": "gbg", "losenord": LOSENORD,
                                     "csrf_token": token.group(1)})  # fmt: skip
    assert svar.status_code in (200, 303), svar.text[:500]
    m = _CSRF.search(k.get("/").text)
    assert m
    return m.group(1)


def formularfalt(sida: str) -> dict[str, str]:
    """Scenarioformulärets fält (namn -> värde) ur sidans HTML."""
    falt = {}
    for tag in _INPUT.findall(
        sida.split('class="formular scenarioformular"', 1)[1].split("</form>")[0]
    ):
        a = dict(_ATTR.findall(tag))
        if "name" in a:
            falt[a["name"]] = html.unescape(a.get("value", ""))
    return falt


@dataclass
class Scenariot:
    id: int
    falt: dict[str, str]
    socioekonomisk: str  # id för den socioekonomiska andelens talfält
    enheter: int


def forbered(bas: str) -> Scenariot:
    """Skapar modellen ur exemplet och ett scenario; ut: scenariots id och formulärfält."""
    with httpx.Client(base_url=bas, timeout=60, follow_redirects=True) as k:
        csrf = logga_in(k)
        lista = k.get("/modeller").text
        ex = re.search(r'<option value="([^"]*' + EXEMPEL + r'[^"]*)"', lista)
        ds = re.search(r'<select id="dataset_id".*?<option value="(\d+)"', lista, re.S)
        assert ex and ds, lista[:3000]
        svar = k.post("/modeller/ny", data={"csrf_token": csrf, "exempel": ex.group(1),
                                            "dataset_id": ds.group(1)})  # fmt: skip
        modell = re.search(r"/modeller/(\d+)$", str(svar.url))
        assert svar.status_code == 200 and modell, svar.text[:3000]
        svar = k.post(f"/modeller/{modell.group(1)}/scenarier",
                      data={"csrf_token": csrf, "namn": "Lasttest"})  # fmt: skip
        sid = re.search(r"/scenarier/(\d+)", str(svar.url))
        assert svar.status_code == 200 and sid, svar.text[:3000]
        sida = svar.text
        behov = re.search(r'<label for="(andel-\d+)">[^<]*socioekonomisk andel', sida)
        assert behov, "hittar ingen socioekonomisk andel på scenariosidan"
        resultat = k.get(f"/modeller/{modell.group(1)}/resultat").text
        antal = re.search(r"Belopp per skolenhet \((\d+) enheter\)", resultat)
        enheter = int(antal.group(1)) if antal else 0
        return Scenariot(int(sid.group(1)), formularfalt(sida), behov.group(1), enheter)


def uppvarmning(bas: str, sc: Scenariot, antal: int) -> None:
    """Omräkningar i följd, så att underlaget och normen finns i serverprocessernas minne."""
    with httpx.Client(base_url=bas, timeout=60) as k:
        csrf = logga_in(k)
        for _ in range(antal):
            svar = k.post(f"/scenarier/{sc.id}/berakna", data={**sc.falt, "csrf_token": csrf},
                          headers={"HX-Request": "true", "X-CSRF-Token": csrf})  # fmt: skip
            assert svar.status_code == 200, svar.text[:500]


def ensam(bas: str, sc: Scenariot, antal: int = 30) -> Resultat:
    """En användare, omräkningar i följd utan väntan: vad en omräkning kostar utan kö."""
    m = Matning()
    start = time.perf_counter()
    with httpx.Client(base_url=bas, timeout=60) as k:
        csrf = logga_in(k)
        rng = random.Random(99)
        for _ in range(antal):
            andel = f"{rng.uniform(2, 20):.1f}"
            t = time.perf_counter()
            svar = k.post(f"/scenarier/{sc.id}/berakna",
                          data={**sc.falt, "csrf_token": csrf, sc.socioekonomisk: andel},
                          headers={"HX-Request": "true", "HX-Trigger": sc.socioekonomisk,
                                   "X-CSRF-Token": csrf})  # fmt: skip
            m.klient_ms.append((time.perf_counter() - t) * 1000)
            st = re.search(r"dur=([\d.]+)", svar.headers.get("server-timing", ""))
            if st:
                m.server_ms.append(float(st.group(1)))
            if svar.status_code != 200 or "problemruta" in svar.text:
                m.fel.append(f"status {svar.status_code}")
    sek = time.perf_counter() - start
    return Resultat(len(m.fel), len(m.klient_ms), _fordelning(m.server_ms),
                    _fordelning(m.klient_ms), len(m.klient_ms) / sek, sek)  # fmt: skip


@dataclass
class Matning:
    server_ms: list[float] = field(default_factory=list)
    klient_ms: list[float] = field(default_factory=list)
    fel: list[str] = field(default_factory=list)


async def anvandare(bas: str, sc: Scenariot, nr: int, vanta: bool, m: Matning) -> None:
    """En användare: loggar in och gör ``OMRAKNINGAR`` omräkningar."""
    rng = random.Random(nr)
    async with httpx.AsyncClient(base_url=bas, timeout=60) as k:
        try:
            token = _CSRF.search((await k.get("/logga-in")).text)
            assert token
            await k.post("/logga-in", data={"anvandarnamn": "gbg", "losenord": LOSENORD,
                                            "csrf_token": token.group(1)})  # fmt: skip
            csrf = _CSRF.search((await k.get("/")).text)
            assert csrf
        except (httpx.HTTPError, AssertionError) as e:
            m.fel.append(f"inloggningen: {type(e).__name__}: {e}")
            return
        for _ in range(OMRAKNINGAR):
            andel = f"{rng.uniform(2, 20):.1f}"
            data = {**sc.falt, "csrf_token": csrf.group(1), sc.socioekonomisk: andel,
                    f"{sc.socioekonomisk}-reglage": andel}  # fmt: skip
            rubriker = {"HX-Request": "true", "HX-Trigger": sc.socioekonomisk,
                        "HX-Target": "resultat", "X-CSRF-Token": csrf.group(1)}  # fmt: skip
            start = time.perf_counter()
            try:
                svar = await k.post(f"/scenarier/{sc.id}/berakna", data=data, headers=rubriker)
            except httpx.HTTPError as e:
                m.fel.append(f"{type(e).__name__}: {e}")
                continue
            m.klient_ms.append((time.perf_counter() - start) * 1000)
            st = re.search(r"dur=([\d.]+)", svar.headers.get("server-timing", ""))
            if st:
                m.server_ms.append(float(st.group(1)))
            if svar.status_code != 200 or "problemruta" in svar.text:
                m.fel.append(f"status {svar.status_code}: {svar.text[:300]}")
            if vanta:
                await asyncio.sleep(rng.uniform(0.5, 1.5))


@dataclass(frozen=True)
class Resultat:
    fel: int
    antal: int
    server: tuple[float, float, float]
    klient: tuple[float, float, float]
    per_s: float
    sekunder: float


def _fordelning(x: list[float]) -> tuple[float, float, float]:
    s = sorted(x)
    return statistics.median(s), s[min(len(s) - 1, int(0.9 * len(s)))], s[-1]


async def korning(bas: str, sc: Scenariot, vanta: bool, tidsgrans: float) -> Resultat:
    """En körning: ``ANVANDARE`` samtidiga användare; avbryts efter ``tidsgrans`` s."""
    m = Matning()
    start = time.perf_counter()
    uppgifter = [anvandare(bas, sc, i, vanta, m) for i in range(ANVANDARE)]
    try:
        await asyncio.wait_for(asyncio.gather(*uppgifter), tidsgrans)
    except TimeoutError:
        m.fel.append(f"avbruten efter {tidsgrans} s")
    sek = time.perf_counter() - start
    if m.fel:
        print("fel:", *m.fel[:5], sep="\n  ", file=sys.stderr)
    return Resultat(len(m.fel), len(m.klient_ms), _fordelning(m.server_ms),
                    _fordelning(m.klient_ms), len(m.klient_ms) / sek, sek)  # fmt: skip


def median_resultat(rs: list[Resultat]) -> Resultat:
    """Medianen av varje värde över körningarna (felen: summan)."""

    def med(f):  # type: ignore[no-untyped-def]
        return statistics.median(f(r) for r in rs)

    return Resultat(
        sum(r.fel for r in rs), sum(r.antal for r in rs),
        tuple(med(lambda r, i=i: r.server[i]) for i in range(3)),  # type: ignore[misc]
        tuple(med(lambda r, i=i: r.klient[i]) for i in range(3)),  # type: ignore[misc]
        med(lambda r: r.per_s), med(lambda r: r.sekunder),
    )  # fmt: skip


def tabellrad(namn: str, mal: str, r: Resultat, n: int) -> str:
    s, k = r.server, r.klient
    return (f"| {namn} | {mal} | {n} | {r.antal} | {r.fel} | {s[0]:.1f} / {s[1]:.1f} / {s[2]:.1f} "
            f"| {k[0]:.1f} / {k[1]:.1f} / {k[2]:.1f} | {r.per_s:.1f} | {r.sekunder:.1f} s |")  # fmt: skip


@dataclass
class Konfiguration:
    arbetare: int
    enheter: int
    lugn: list[Resultat]
    matt: list[Resultat]
    serverlogg: str
    ensam: Resultat | None = None


def mat(arbetare: int, korningar: int, mattnad: int, tidsgrans: float, slut: float
        ) -> Konfiguration:  # fmt: skip
    """Servern med ``arbetare`` processer: förberedelse, uppvärmning och körningarna."""
    lugn: list[Resultat] = []
    matt: list[Resultat] = []
    with tempfile.TemporaryDirectory(prefix="skolpeng-last-") as tmp:
        server = Server(Path(tmp), arbetare).starta()
        try:
            sc = forbered(server.bas)
            print(f"{arbetare} arbetare: scenario {sc.id}, {sc.enheter} enheter, "
                  f"spak {sc.socioekonomisk}", flush=True)  # fmt: skip
            uppvarmning(server.bas, sc, 5 * arbetare)
            en = ensam(server.bas, sc)
            print(f"  en användare i följd: {en}", flush=True)
            for vanta, antal, lista in ((True, korningar, lugn), (False, mattnad, matt)):
                for i in range(antal):
                    if time.monotonic() + 30 > slut:
                        print("tidsgränsen nådd: inga fler körningar", flush=True)
                        break
                    lista.append(asyncio.run(korning(server.bas, sc, vanta, tidsgrans)))
                    print(f"  {'med' if vanta else 'utan'} väntan {i + 1}: {lista[-1]}", flush=True)
        finally:
            server.stoppa()
            logg = server.loggtext()
    return Konfiguration(arbetare, sc.enheter, lugn, matt, logg, en)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--arbetare", default="1,2", help="serverprocesser, kommalista (1,2)")
    p.add_argument("--korningar", type=int, default=3, help="körningar med väntan (målet)")
    p.add_argument("--mattnad", type=int, default=1, help="körningar utan väntan")
    p.add_argument("--tidsgrans", type=float, default=150.0, help="sekunder per körning")
    p.add_argument("--ut", type=Path, default=Path(__file__).with_name("RESULTAT.md"))
    a = p.parse_args()
    # SIGTERM (t.ex. från timeout) avslutar som Ctrl-C, så att servern stoppas i finally.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    slut = time.monotonic() + 600  # hela testet: högst 10 minuter
    belastning_fore = os.getloadavg()[0]
    konf = [mat(int(n), a.korningar, a.mattnad, a.tidsgrans, slut) for n in a.arbetare.split(",")]
    for k in konf:
        if any(r.fel for r in k.lugn + k.matt):
            print(f"serverns logg ({k.arbetare} arbetare):\n{k.serverlogg}", file=sys.stderr)
    skriv(a.ut, konf, belastning_fore, os.getloadavg()[0])


def skriv(ut: Path, konf: list[Konfiguration], fore: float, efter: float) -> None:
    """RESULTAT.md på svenska: tabellen, maskinen och upplägget."""
    enheter = konf[0].enheter if konf else 0
    rader = [
        "# Webbens lasttest: omräkning av ett scenario",
        "",
        f"Uppmätt {dt.date.today().isoformat()} med `benchmarks/webb/kor.py`. Maskin: "
        f"{maskinbeskrivning()}. Maskinens belastning (1 min) före {fore:.1f}, efter "
        f"{efter:.1f}. Servern: `skolpeng serve --arbetare N` (uvicorn) på 127.0.0.1 med SQLite; "
        "klienterna (httpx, asyncio) i en annan process på samma maskin.",
        "",
        f"Scenario ur exemplet `{EXEMPEL}` (Göteborg 1480, {enheter} skolenheter) på det "
        f"medföljande datasetet. {ANVANDARE} samtidiga användare, var och en inloggad i en egen "
        f"session, gör {OMRAKNINGAR} omräkningar var (`POST /scenarier/{{id}}/berakna`, samma "
        "HTMX-anrop som scenariosidans reglage för den socioekonomiska andelen, slumpad 2–20 %).",
        "",
        "| fall | mål | körningar | omräkningar | fel | servertid ms (median / p90 / max) "
        "| klientlatens ms (median / p90 / max) | förfrågningar/s | tid per körning |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for k in konf:
        if k.ensam:
            rader.append(tabellrad(f"{k.arbetare} arbetare, en användare i följd (utan kö)", "–",
                                   k.ensam, 1))  # fmt: skip
        if k.lugn:
            rader.append(tabellrad(f"{k.arbetare} arbetare, väntan 0,5–1,5 s (målet)",
                                   "0 fel, median < 100 ms", median_resultat(k.lugn),
                                   len(k.lugn)))  # fmt: skip
        if k.matt:
            rader.append(tabellrad(f"{k.arbetare} arbetare, utan väntan (mättnad)", "–",
                                   median_resultat(k.matt), len(k.matt)))  # fmt: skip
    rader += [
        "",
        "Värdena är medianen av körningarnas median, p90 och max (felen och omräkningarna är "
        "summor över körningarna). Servertiden är `Server-Timing: app;dur=` från "
        "säkerhetslagret: tiden i appen från förfrågan till svarets början, inklusive väntan i "
        "processen på tråd och GIL när flera omräkningar pågår samtidigt. Klientlatensen är "
        "hela anropet sett från klienten, med väntan i kö när servern är upptagen.",
        "",
        "Väntan: en människa som drar i ett reglage skickar inte 50 anrop i följd; HTMX skickar "
        "först 300 ms efter att reglaget stannat, och personen läser resultatet innan nästa "
        "ändring. Därför väntar varje användare 0,5–1,5 s (likformigt) mellan anropen. Utan "
        "väntan (mättnad) köar 20 användare mot två kärnor: det är inget mål, men visar vad "
        "servern orkar.",
    ]
    analys = _handskriven_analys(ut)
    ut.write_text("\n".join(rader) + "\n" + analys, encoding="utf-8")
    print("\n".join(rader))


def _handskriven_analys(ut: Path) -> str:
    """Avsnittet ``## Analys`` ur den befintliga resultatfilen (skrivet för hand; behålls när
    tabellen skrivs om, men ska läsas om mot de nya talen)."""
    if not ut.is_file():
        return ""
    text = ut.read_text(encoding="utf-8")
    i = text.find("\n## Analys")
    return "" if i < 0 else text[i:]


if __name__ == "__main__":
    main()

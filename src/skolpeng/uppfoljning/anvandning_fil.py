"""Redovisningar av de riktade medlens användning ur en fil för kommuner
som samlar in dem på annat sätt: CSV (``,`` eller ``;``, UTF-8 eller Windows-1252) eller
XLSX (första bladet).

Kolumner: ``skolenhetskod``, ``ar`` (budgetåret), ``kategori`` (namnet i kommunens lista
eller dess nummer, 1 = första), ``belopp_kr`` och ``arsarbetare`` (svenska tal: "12 500",
"1 234,5"; minst det ena), ``text`` (kort beskrivning) och valfritt ``forklaring`` (krävs på
någon av enhetens rader när beloppen är större än de riktade medlen).

``las_anvandningsfil`` läser och typar (inga regler); ``kontrollera_anvandningsfil`` prövar
reglerna i ``uppfoljning.anvandning.kontrollera_redovisning`` per enhet och år mot kommunens
kategorier och de riktade medlen ur besluten, och att enheten finns i årets beslut. Alla
problem på en gång, med fil, rad och kolumn; ett personnummer upprepas aldrig.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from skolpeng.data.lasning import RAD, las_tabell_med_rader
from skolpeng.data.schema import Kolumn, Tabell
from skolpeng.fel import Problem
from skolpeng.talinlasning import las_svenskt_tal
from skolpeng.uppfoljning.anvandning import Kategori, Rad, kontrollera_redovisning

MAX_BYTE = 20 * 1024 * 1024
MAX_RADER = 100_000
MAX_TEXT = 1000
MAX_ARSARBETARE = 10_000.0
MINSTA_AR, STORSTA_AR = 2000, 2100

#: Kolumner som måste finnas men får ha tomma celler.
VALFRIA_VARDEN = frozenset({"belopp_kr", "arsarbetare", "text"})

ANVANDNING_TABELL = Tabell(
    "anvandning",
    (
        Kolumn("skolenhetskod", "kod8"),
        Kolumn("ar", "int"),
        Kolumn("kategori", "str"),
        Kolumn("belopp_kr", "str"),
        Kolumn("arsarbetare", "str"),
        Kolumn("text", "str"),
        Kolumn("forklaring", "str", obligatorisk=False),
    ),
    ("skolenhetskod", "ar", "kategori"),
)


@dataclass(frozen=True)
class Filrad:
    """En läst rad: radnumret i filen, enheten, året, kategorin som den står, talen och
    texterna."""

    rad: int
    skolenhetskod: str
    ar: int
    kategori: str
    belopp_kr: float | None
    arsarbetare: float | None
    text: str
    forklaring: str


def las_anvandningsfil(path: Path) -> tuple[list[Filrad], list[Problem]]:
    """Filen -> (raderna, problemen). Storleken och antalet rader begränsas; talen läses som
    svenska tal (``talinlasning.las_svenskt_tal``)."""
    path = Path(path)
    fil = path.name
    if not path.is_file():
        return [], [Problem(str(path), "filen finns inte")]
    if path.suffix.lower() not in (".csv", ".xlsx"):
        return [], [Problem(fil, "filen ska vara CSV eller XLSX (.csv, .xlsx)")]
    if path.stat().st_size > MAX_BYTE:
        return [], [Problem(fil, f"filen är större än {MAX_BYTE // (1024 * 1024)} MB")]
    last = las_tabell_med_rader(path, ANVANDNING_TABELL)
    # kolumnerna krävs, men en tom cell i dem är tillåten (belopp eller årsarbetare räcker)
    problem = [p for p in last.problem
               if not (p.kolumn in VALFRIA_VARDEN and p.rad is not None)]  # fmt: skip
    if last.data.height > MAX_RADER:
        return [], problem + [Problem(fil, f"filen har fler än {MAX_RADER} rader")]
    rader: list[Filrad] = []
    for r in last.data.iter_rows(named=True):
        nr = int(r[RAD])
        tal: dict[str, float | None] = {}
        for kol, grans in (("belopp_kr", 1e11), ("arsarbetare", MAX_ARSARBETARE)):
            text = r[kol] or ""
            try:
                tal[kol] = las_svenskt_tal(text, grans)
            except ValueError as e:
                problem.append(Problem(fil, str(e), nr, kol))
                tal[kol] = None
        if r["ar"] is not None and not MINSTA_AR <= r["ar"] <= STORSTA_AR:
            problem.append(
                Problem(fil, f"året ska vara mellan {MINSTA_AR} och {STORSTA_AR}", nr, "ar")
            )
        for kol in ("text", "forklaring"):
            if len(r.get(kol) or "") > MAX_TEXT:
                problem.append(Problem(fil, f"texten får vara högst {MAX_TEXT} tecken", nr, kol))
        if not (r["kategori"] or "").strip():
            problem.append(Problem(fil, "kategorin saknas", nr, "kategori"))
        if (
            tal["belopp_kr"] is None
            and tal["arsarbetare"] is None
            and not any(p.rad == nr and p.kolumn in ("belopp_kr", "arsarbetare") for p in problem)
        ):
            problem.append(Problem(fil, "ange belopp_kr eller arsarbetare", nr, "belopp_kr"))
        if r["skolenhetskod"] is None or r["ar"] is None or not (r["kategori"] or "").strip():
            continue
        rader.append(Filrad(nr, r["skolenhetskod"], int(r["ar"]), (r["kategori"] or "").strip(),
                            tal["belopp_kr"], tal["arsarbetare"], (r["text"] or "").strip(),
                            (r.get("forklaring") or "").strip()))  # fmt: skip
    return rader, problem


def kategorinamn(kategori: str, kategorier: Sequence[Kategori]) -> str:
    """Kategorin som den står i filen -> namnet i listan (numret 1… eller namnet utan hänsyn
    till versaler); oförändrad när den inte finns."""
    if kategori.isdigit() and 1 <= int(kategori) <= len(kategorier):
        return kategorier[int(kategori) - 1].namn
    return next((k.namn for k in kategorier if k.namn.lower() == kategori.lower()), kategori)


_KOLUMN = {"kategori": "kategori", "belopp_kr": "belopp_kr", "arsarbetare": "arsarbetare",
           "text": "text"}  # fmt: skip


def kontrollera_anvandningsfil(
    rader: Sequence[Filrad],
    fil: str,
    kategorier: Sequence[Kategori],
    riktat: Callable[[str, int], float | None],
    saknas: str = "finns inte i kommunens fastställda beslut för {ar}",
) -> tuple[dict[tuple[str, int], tuple[list[Rad], str]], list[Problem]]:
    """De lästa raderna, filnamnet, kommunens kategorier och de riktade medlen per (enhet, år)
    (None = enheten finns inte i årets beslut; ``saknas`` säger var) -> (per enhet och år: raderna och förklaringen,
    problemen)."""
    grupper: dict[tuple[str, int], list[Filrad]] = {}
    for r in rader:
        grupper.setdefault((r.skolenhetskod, r.ar), []).append(r)
    ut: dict[tuple[str, int], tuple[list[Rad], str]] = {}
    problem: list[Problem] = []
    namnen = [k.namn for k in kategorier]
    for (kod, ar), grupp in sorted(grupper.items()):
        belopp = riktat(kod, ar)
        if belopp is None:
            text = f"skolenheten {kod} {saknas.format(ar=ar)}"
            problem += [Problem(fil, text, r.rad, "skolenhetskod") for r in grupp]
            continue
        redov = [Rad(kategorinamn(r.kategori, kategorier), r.belopp_kr, r.arsarbetare, r.text)
                 for r in grupp]  # fmt: skip
        forklaring = " ".join(r.forklaring for r in grupp if r.forklaring)
        for a in kontrollera_redovisning(redov, namnen, belopp, forklaring, inskickning=True):
            if a.falt == "forklaring":
                nr = next((r.rad for r in grupp if r.forklaring), grupp[0].rad)
                problem.append(Problem(fil, f"skolenhet {kod} {ar}: {a.meddelande} "
                                       f"({belopp} kr)" if "större" in a.meddelande
                                       else a.meddelande, nr, "forklaring"))  # fmt: skip
                continue
            _, n, kolumn = a.falt.split("-", 2)
            problem.append(
                Problem(fil, a.meddelande, grupp[int(n) - 1].rad, _KOLUMN.get(kolumn, kolumn))
            )
        ut[(kod, ar)] = (redov, forklaring)
    return ut, problem

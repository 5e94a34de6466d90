"""Arbetet bakom ``skolpeng uppfoljning …``: hitta och läs indata, kör en analys, skriv filerna.

In: argumenten från kommandoraden (filer, kataloger eller namnet på ett medföljande dataset,
analysfilen, utkatalogen). Ut: i utkatalogen (atomiskt) CSV-filer, ``<analys>.json``,
``<analys>.html``, ``<analys>.pdf`` (om WeasyPrint finns), diagrammen som PNG och
``manifest.json``; svenska rader för skärmen. Alla problem i indata samlas och kastas som ett
``IndataFel`` innan något skrivs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skolpeng.cli.uppfolj_kataloger import Varde, las_fran_fordela

if TYPE_CHECKING:
    import polars as pl

    from skolpeng.api import Analysinstallningar, Diagram, Problem


def medfoljande_katalog(namn: str) -> Path | None:
    """Katalogen för ett medföljande dataset under ``skolpeng/dataset`` (t.ex.
    ``resultat_ak9``), eller None om det inte finns."""
    import skolpeng

    if not namn or "/" in namn or namn.startswith("."):
        return None
    katalog = Path(skolpeng.__file__).parent / "dataset" / namn
    return katalog if katalog.is_dir() else None


def _i_katalog(katalog: Path, tabell: str) -> Path | None:
    from skolpeng.api import ANDELSER

    for a in ANDELSER:
        if (katalog / f"{tabell}{a}").is_file():
            return katalog / f"{tabell}{a}"
    return None


def hitta_tabellfil(
    varde: str | Path, tabell: str, flagga: str
) -> tuple[Path | None, list[Problem]]:
    """Ett argument -> tabellens fil: en fil som den är; en katalog eller ett medföljande
    dataset -> ``<tabell>.csv``/``.xlsx`` i katalogen. Ut: (fil, problem)."""
    from skolpeng.api import Problem

    path = Path(varde)
    if path.is_file():
        return path, []
    katalog = path if path.is_dir() else medfoljande_katalog(str(varde))
    if katalog is None:
        return None, [
            Problem(
                flagga, f"{str(varde)!r} finns varken som fil, katalog eller medföljande dataset"
            )
        ]
    fil = _i_katalog(katalog, tabell)
    if fil is None:
        return None, [Problem(flagga, f"katalogen {katalog} saknar {tabell}.csv")]
    return fil, []


@dataclass
class Indata:
    """De lästa tabellerna, analysinställningarna och filerna (för manifestet)."""

    tabeller: dict[str, pl.DataFrame]
    installningar: Analysinstallningar
    filer: dict[str, Path] = field(default_factory=dict)
    #: SHA-256 för filer i fordela-kataloger (``tabell:katalog/fil`` -> hash).
    filhashar: dict[str, str] = field(default_factory=dict)

    def namn(self) -> dict[str, str]:
        """Skolenhetskod -> namn ur ``enheter`` (tomt om tabellen inte gavs)."""
        import polars as pl

        e = self.tabeller.get("enheter")
        if e is None:
            return {}
        return dict(e.select("skolenhetskod", pl.col("namn").fill_null("")).iter_rows())


def las_indata(
    argument: dict[str, tuple[Varde, str, bool]],
    analys: Path | None,
    bredvid: str | None = None,
) -> Indata:
    """Tabellnamn -> (argumentets värde, flaggans namn, krävs) och analysfilen -> ``Indata``.

    En valfri tabell utan argument hämtas från samma katalog som tabellen ``bredvid`` om den
    finns där (t.ex. ``bakgrund.csv`` bredvid ``resultat.csv``). ``belopp`` och
    ``dekomposition`` kan också vara en eller flera utdatakataloger från ``skolpeng fordela``
    (``uppfolj_kataloger``). Alla problem samlas."""
    from skolpeng.api import Analysinstallningar, IndataFel, Problem, las_analysfil, las_tabeller

    argument, kataloglast = las_fran_fordela(argument)
    problem: list[Problem] = list(kataloglast.problem)
    filer: dict[str, Path] = {}
    for tabell, (varde, flagga, kravs) in argument.items():
        if varde is None:
            if kravs:
                problem.append(Problem(flagga, "argumentet krävs"))
            continue
        fil, p = hitta_tabellfil(varde, tabell, flagga)
        problem += p
        if fil is not None:
            filer[tabell] = fil
    if bredvid in filer:
        for tabell, (varde, _, _) in argument.items():
            if varde is None and tabell not in filer:
                fil = _i_katalog(filer[bredvid].parent, tabell)
                if fil is not None:
                    filer[tabell] = fil
    try:
        inst = las_analysfil(analys)
    except IndataFel as fel:
        problem += fel.problem
        inst = Analysinstallningar()
    try:
        tabeller = las_tabeller(dict(filer))
    except IndataFel as fel:
        problem += fel.problem
        tabeller = {}
    tabeller |= kataloglast.tabeller
    for tabell, (varde, flagga, kravs) in argument.items():
        if (
            kravs
            and varde is not None
            and tabell not in filer
            and not any(p.fil == flagga for p in problem)
        ):
            problem.append(Problem(flagga, f"tabellen {tabell} hittades inte"))
    if problem:
        raise IndataFel(problem)
    if analys is not None:
        filer["analys"] = Path(analys)
    return Indata(tabeller, inst, filer, kataloglast.filhashar)


@dataclass(frozen=True)
class Utdata:
    """Det en analys skriver: CSV-tabeller, sammanfattning, HTML och diagram."""

    namn: str
    tabeller: dict[str, pl.DataFrame]
    sammanfattning: dict[str, Any]
    html: str
    diagram: list[Diagram]


def rensa_json(v: Any) -> Any:
    """Gör ett värde JSON-bart: NaN och oändligt -> None, okända typer -> text."""
    if isinstance(v, dict):
        return {str(k): rensa_json(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [rensa_json(x) for x in v]
    if isinstance(v, float):
        return v if v == v and abs(v) != float("inf") else None
    if v is None or isinstance(v, str | int | bool):
        return v
    return str(v)


def skriv_utdata(
    ut: Path,
    kommando: str,
    utdata: Utdata,
    indata: Indata,
    argument: dict[str, Any],
    utskrift: Callable[[str], None],
) -> list[str]:
    """Skriver allt atomiskt i ``ut`` med manifest. Ut: de skrivna filnamnen."""
    from skolpeng.api import (
        atomisk_katalog,
        pdf_notering,
        sha256_fil,
        skriv_csv,
        skriv_manifest,
        skriv_pdf,
        spara_diagram,
    )

    with atomisk_katalog(ut) as tmp:
        for namn, ram in utdata.tabeller.items():
            skriv_csv(ram, tmp / f"{namn}.csv")
        (tmp / f"{utdata.namn}.json").write_text(
            json.dumps(rensa_json(utdata.sammanfattning), ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
        (tmp / f"{utdata.namn}.html").write_text(utdata.html, encoding="utf-8")
        for d in utdata.diagram:
            spara_diagram(d.diagram, tmp / f"{d.namn}.png", d.beskrivning)
        saknas = skriv_pdf(utdata.html, tmp / f"{utdata.namn}.pdf", png_bredvid=True)
        skriv_manifest(
            tmp,
            f"uppfoljning {kommando}",
            argument,
            {f"{t}:{p.name}": sha256_fil(p) for t, p in indata.filer.items()} | indata.filhashar,
            {},
            extra={"analysinstallningar": indata.installningar.model_dump(), "pdf": saknas or "ja"},
        )
        filer = sorted(p.name for p in tmp.iterdir())
    if saknas:
        utskrift(pdf_notering(saknas))
    utskrift(f"Skrev {len(filer)} filer till {ut}")
    return filer


def bakgrundsnotering(bakgrund: pl.DataFrame) -> list[str]:
    """En notering om bakgrunden mättes ett annat läsår än resultaten."""
    import polars as pl

    andra = bakgrund.filter(
        pl.col("matt_lasar").is_not_null() & (pl.col("matt_lasar") != pl.col("lasar"))
    )
    if andra.height == 0:
        return []
    par = andra.select("lasar", "matt_lasar").unique().sort("lasar").rows()
    text = ", ".join(f"{m} i stället för {lasar}" for lasar, m in par)
    return [
        f"Approximation: bakgrundsandelarna för {andra.height} enheter mättes ett annat läsår än "
        f"resultaten ({text}). De beskriver alltså inte exakt de elever vars resultat analyseras."
    ]


def skriv_syntetisk(ut: Path, seed: int, gap: float, utskrift: Callable[[str], None]) -> None:
    """``uppfoljning syntetisk``: skriver de syntetiska uppföljningsdata som CSV."""
    from skolpeng.api import (
        UppfoljningsForm,
        atomisk_katalog,
        decimal,
        generera_uppfoljning,
        skriv_csv,
        skriv_manifest,
    )

    data = generera_uppfoljning(UppfoljningsForm(seed=seed, gapforandring_per_ar=gap))
    s = data.sanning
    with atomisk_katalog(ut) as tmp:
        for namn, ram in data.tabeller().items():
            skriv_csv(ram, tmp / f"{namn}.csv")
        skriv_manifest(
            tmp,
            "uppfoljning syntetisk",
            {"seed": seed, "gap": gap},
            {},
            {},
            extra={
                "sanning": {
                    "underkompenserad": s.underkompenserad,
                    "volatila": s.volatila,
                    "gapforandring_per_ar": s.gapforandring_per_ar,
                }
            },
        )
    utskrift(
        f"Syntetiska uppföljningsdata skrivna till {ut}. Planterat: underkompenserad enhet "
        f"{s.underkompenserad}, volatila enheter {', '.join(s.volatila)} "
        f"(år {', '.join(str(a) for a in sorted(set(s.volatila.values())))}), gapförändring "
        f"{decimal(gap, 1)} meritpoäng per år och indexenhet."
    )

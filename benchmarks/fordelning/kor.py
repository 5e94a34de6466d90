"""Prestandamätning av kommunernas fördelningsmodeller (docs/regler/fordelning-och-bidrag.md).

Mål:

1. en kommun med 150 skolenheter och 40 000 elever beräknad med redovisningar under 1 s
   (underlaget förberett ur datasetet, fördelningen, bidragen, redovisningen per enhet och
   dess HTML-sida – allt i processen; filskrivningen mäts för sig);
2. det medföljande Sveriges 290 kommuner, var och en med "normen som lokal modell"
   (``src/skolpeng/modeller/normen_som_lokal_modell.yaml`` med kommunens kod och ram), under 10 s totalt;
3. en omräkning för en "tänk om"-ändring (socioekonomisk andel 8 % -> 12 %) på kommunen med
   150 enheter under 50 ms: ``fordela`` med underlaget förberett (det webbgränssnittet anropar
   vid varje reglagerörelse).

Kommunen med 150 enheter byggs ur den syntetiska nationen (``generera_nation``, seed 1):
kommunen med flest enheter över 150, dess 150 första enheter med elever, elevantalen per
årskurs skalade så att summan blir exakt 40 000 (största rest). Hela körningen av
``skolpeng fordela`` (process, med läsning och skrivning, utan PDF) redovisas också.

Kör: ``.venv/bin/python benchmarks/fordelning/kor.py [--korningar 5]``. Resultatet skrivs till
``benchmarks/fordelning/RESULTAT.md`` (median av flera körningar, maskinen beskriven).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matning import kor_process, maskinbeskrivning, median_av, resultattabell  # noqa: E402

from skolpeng.avrundning import avrunda_storsta_rest  # noqa: E402
from skolpeng.data import hitta_underlag, las_underlag  # noqa: E402
from skolpeng.data.schema import Underlag  # noqa: E402
from skolpeng.data.skrivning import skriv_underlag  # noqa: E402
from skolpeng.fordelning import forbered_underlag, fordela, las_modell  # noqa: E402
from skolpeng.fordelning.lika_villkor.per_enhet import berakna_bidrag_per_enhet  # noqa: E402
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell  # noqa: E402
from skolpeng.fordelning.redovisning_och_forandring.redovisning import redovisning  # noqa: E402
from skolpeng.parametrar import load_parameters  # noqa: E402
from skolpeng.rapporter.redovisning.filer import skriv_redovisning  # noqa: E402
from skolpeng.rapporter.redovisning.html import redovisning_html  # noqa: E402
from skolpeng.syntetisk.nation import generera_nation  # noqa: E402

HAR = Path(__file__).resolve().parent
ROT = HAR.parents[1]
NORMMODELL = ROT / "src" / "skolpeng" / "modeller" / "normen_som_lokal_modell.yaml"
GOTEBORGSTYP = ROT / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"
SKOLPENG = str(Path(sys.executable).parent / "skolpeng")
AR = 2026
LASAR = "2025/26"


def kommun_150(enheter: int = 150, elever: int = 40_000, seed: int = 1) -> tuple[Underlag, str]:
    """Den syntetiska nationen med en kommun som har exakt ``enheter`` skolenheter och
    ``elever`` elever i fk_gr läsåret 2025/26 (övriga enheter i kommunen tas bort). Ut:
    underlaget och kommunkoden."""
    u = generera_nation(seed=seed, antal_kommuner=290, skala=1.0)
    e = u.elever.filter((pl.col("verksamhet") == "fk_gr") & (pl.col("lasar") == LASAR))
    med_elever = u.skolenheter.join(e.select("skolenhetskod").unique(), on="skolenhetskod")
    antal = med_elever.group_by("kommunkod").len().filter(pl.col("len") >= enheter)
    kommun = str(antal.sort("len", descending=True)["kommunkod"][0])
    behall = med_elever.filter(pl.col("kommunkod") == kommun).sort("skolenhetskod").head(enheter)
    bort = u.skolenheter.filter(
        (pl.col("kommunkod") == kommun)
        & ~pl.col("skolenhetskod").is_in(behall["skolenhetskod"].implode())
    )["skolenhetskod"]
    skolenheter = u.skolenheter.filter(~pl.col("skolenhetskod").is_in(bort.implode()))
    ovriga = u.elever.filter(~pl.col("skolenhetskod").is_in(bort.implode()))
    valda = (pl.col("verksamhet") == "fk_gr") & (pl.col("lasar") == LASAR)
    valda = valda & pl.col("skolenhetskod").is_in(behall["skolenhetskod"].implode())
    k = ovriga.filter(valda)
    skalade = avrunda_storsta_rest(k["antal"].to_numpy() * elever / k["antal"].sum(), elever)
    k = k.with_columns(pl.Series("antal", skalade, dtype=k.schema["antal"]))
    elevtabell = pl.concat([ovriga.filter(~valda), k])
    index = u.socioekonomiskt_index.filter(~pl.col("skolenhetskod").is_in(bort.implode()))
    return (
        dataclasses.replace(
            u, skolenheter=skolenheter, elever=elevtabell, socioekonomiskt_index=index
        ),
        kommun,
    )


def modell_for(bas: Fordelningsmodell, kommunkod: str, ram_kr: float) -> Fordelningsmodell:
    """Modellen med en annan kommun och ram (samma potter och nycklar)."""
    return bas.model_copy(update={"kommunkod": kommunkod, "ram_kr": ram_kr, "ar": AR})


def ramar_sverige(u: Underlag) -> dict[str, float]:
    """Ramen per kommun som i modellfilen: (nettokostnad per elev i egen regi 2024 −
    lokalkostnad per elev 2024) × elever F–9 2025/26; kommuner utan kostnadsuppgift får
    riksmedianen per elev."""
    kostnad = dict(
        u.kostnader_huvudman.filter(pl.col("ar") == 2024)
        .select("huvudman_id", "kostnad_per_elev")
        .iter_rows()
    )
    lokal = dict(
        u.lokalkostnadsunderlag.filter(pl.col("ar") == 2024)
        .select("kommunkod", "lokalkostnad_per_elev")
        .iter_rows()
    )
    median = statistics.median(kostnad[k] - lokal.get(k, 0.0) for k in kostnad)
    e = u.elever.filter((pl.col("verksamhet") == "fk_gr") & (pl.col("lasar") == LASAR)).join(
        u.skolenheter.filter(pl.col("huvudmannatyp") != "statlig").select(
            "skolenhetskod", "kommunkod"
        ),
        on="skolenhetskod",
    )
    elever = dict(e.group_by("kommunkod").agg(pl.col("antal").sum()).iter_rows())
    return {
        k: (kostnad[k] - lokal.get(k, 0.0) if k in kostnad else median) * n
        for k, n in elever.items()
    }


def _tider(arbete: Callable[[], object], n: int) -> list[float]:
    arbete()  # uppvärmning
    tider = []
    for _ in range(n):
        start = time.perf_counter()
        arbete()
        tider.append(time.perf_counter() - start)
    return tider


def _rad(namn: str, mal: str, tider: list[float]) -> tuple:
    return (namn, mal, statistics.median(tider), min(tider), max(tider), None)


def matt_kommun_150(n: int, u: Underlag, kommun: str) -> list[tuple]:
    """Fall 1 och 3 på kommunen med 150 enheter, med normen som lokal modell och
    Göteborgstypen."""
    lage = load_parameters(dt.date(AR, 1, 1))
    rader = []
    for namn, fil in (("normen som lokal modell", NORMMODELL), ("Göteborgstyp", GOTEBORGSTYP)):
        m = modell_for(las_modell(fil), kommun, 100_000.0 * 40_000)

        def med_redovisning(m: Fordelningsmodell = m) -> None:
            f = fordela(m, forbered_underlag(m, u))
            berakna_bidrag_per_enhet(f, lage)
            for red in redovisning(f):
                redovisning_html(red)

        rader.append(
            _rad(
                f"150 enheter, 40 000 elever: beräkning med redovisningar ({namn})",
                "< 1 s",
                _tider(med_redovisning, n),
            )  # fmt: skip
        )
    m = modell_for(las_modell(NORMMODELL), kommun, 100_000.0 * 40_000)
    fu = forbered_underlag(m, u)
    f = fordela(m, fu)
    assert f.enheter.height == 150 and f.enheter["elever"].sum() == 40_000
    potter = list(m.potter)
    potter[0] = potter[0].model_copy(
        update={"belopp": potter[0].belopp.model_copy(update={"andel_av_ram": 0.88})}
    )
    potter[1] = potter[1].model_copy(update={"belopp": potter[1].belopp.model_copy(update={"andel_av_ram": 0.12})})  # fmt: skip
    tankom = m.model_copy(update={"potter": potter})
    rader.append(
        _rad(
            "tänk om: socioekonomisk andel 8 % → 12 %, omräkning (fordela, underlaget förberett)",
            "< 50 ms",
            _tider(lambda: fordela(tankom, fu), n * 10),
        )  # fmt: skip
    )
    red = redovisning(f)
    with tempfile.TemporaryDirectory() as tmp:
        skriv = _tider(
            lambda: skriv_redovisning(red, Path(tmp), f.potter, pdf=False), max(3, n // 2)
        )
    rader.append(
        _rad("150 enheter: skriva redovisningarna (150 HTML-sidor och Excelboken)", "–", skriv)
    )
    return rader


def matt_sverige(n: int) -> list[tuple]:
    """Fall 2: alla 290 kommuner med normen som lokal modell (data inläst en gång)."""
    start = time.perf_counter()
    u = las_underlag(hitta_underlag("sverige"))
    lasning = time.perf_counter() - start
    bas = las_modell(NORMMODELL)
    ramar = ramar_sverige(u)
    assert len(ramar) == 290

    def alla() -> None:
        for kod, ram in ramar.items():
            m = modell_for(bas, kod, ram)
            fordela(m, forbered_underlag(m, u))

    return [
        _rad(
            "Sveriges 290 kommuner, normen som lokal modell (förbered + fördela)",
            "< 10 s",
            _tider(alla, max(3, n // 2)),
        ),  # fmt: skip
        ("läsa datasetet sverige (en gång)", "–", lasning, lasning, lasning, None),
    ]


def matt_cli(n: int, u: Underlag, kommun: str) -> list[tuple]:
    """Hela ``skolpeng fordela`` som process på kommunen med 150 enheter (utan PDF)."""
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        skriv_underlag(u, t / "data")
        m = modell_for(las_modell(NORMMODELL), kommun, 100_000.0 * 40_000)
        fil = t / "modell.yaml"
        import yaml

        fil.write_text(
            yaml.safe_dump(m.model_dump(mode="json", exclude_none=True), allow_unicode=True),
            encoding="utf-8",
        )
        arg = [SKOLPENG, "fordela", "--modell", str(fil), "--data", str(t / "data"), "--utan-pdf"]
        kor_process([*arg, "--ut", str(t / "u")])
        korningar = [kor_process([*arg, "--ut", str(t / f"u{i}")]) for i in range(max(3, n // 2))]
        imp = [sys.executable, "-c", "import skolpeng.fordelning.korning"]
        importer = [kor_process(imp) for _ in range(max(3, n // 2))]
    return [("`skolpeng fordela` på 150 enheter, hela körningen utan PDF (process)", "–",
             *median_av(korningar)),
            ("varav: Python startar och importerar kommandots moduler (process)", "–",
             *median_av(importer))]  # fmt: skip


def skriv_resultat(rader: list[tuple], n: int, belastning: tuple[float, float]) -> None:
    """Skriver RESULTAT.md: fall, mål, median, min, max, toppminne; ``belastning`` =
    maskinens belastning (medel över 1 minut) före och efter mätningen."""
    fore, efter = (f"{x:.2f}".replace(".", ",") for x in belastning)
    text = [
        "# Fördelningsmodellernas prestanda",
        "",
        f"Uppmätt {dt.date.today().isoformat()} med `benchmarks/fordelning/kor.py` (medianer av",
        f"{n} körningar efter en uppvärmning; omräkningen {n * 10} gånger). Maskin:",
        f"{maskinbeskrivning()}. Maskinens belastning (load average, 1 min) före mätningen",
        f"{fore} och efter {efter}: andra processer på maskinen kan ha förlängt tiderna.",
        "",
        "Beräkningen med redovisningar = förbered underlaget ur datasetet, `fordela`, bidragen",
        "till enskilda huvudmän, redovisningen per skolenhet och dess HTML-sida, i processen.",
        "Hela körningen som process läser och skriver dessutom datasetet och alla filer;",
        'raden "varav" är Pythons start och importen av kommandots moduler.',
        "",
    ]
    text += resultattabell(rader)
    (HAR / "RESULTAT.md").write_text("\n".join(text) + "\n", encoding="utf-8")
    print("\n".join(text))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--korningar", type=int, default=5)
    n = ap.parse_args().korningar
    fore = os.getloadavg()[0]
    u, kommun = kommun_150()
    rader = matt_kommun_150(n, u, kommun)
    rader += matt_sverige(n)
    rader += matt_cli(n, u, kommun)
    skriv_resultat(rader, n, (fore, os.getloadavg()[0]))


if __name__ == "__main__":
    main()

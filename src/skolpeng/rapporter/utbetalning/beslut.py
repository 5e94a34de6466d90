"""Besluten som utbetalningskörningen ger (HTML i ``beslut/``; ingen regellogik):

- **nya elever** vid en enskild enhet i kommunens beslut om bidrag: hemkommunen beslutar
  omgående (skolförordningen 14 kap. 1 § andra stycket; SOU 2025:72 avsnitt 5.5) – samma
  beslut som ``bidragsbeslut_ny_elev`` (bidraget från och med månaden för bytet);
- **ny skolenhet** (eller en enhet utanför kommunens fördelning som får kommunens elever
  under året): beslut om bidraget per elev från och med månaden;
- **ändrat bidrag efter en budgetändring** (föreslagen skolförordning 14 kap. 2 §): bidraget
  per elev före och efter och det nya månadsbeloppet från ändringens månad, per skolenhet
  och stadium.

In: körningen och resultatet. Ut: filerna i ``katalog/beslut``.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.fordelning.korning import Fordelningskorning
from skolpeng.fordelning.lika_villkor.ny_elev import MANADER
from skolpeng.fordelning.utbetalning.korning import Utbetalningsresultat
from skolpeng.rapporter.beslut_om_bidrag.beslut import lagrum_och_overklagande
from skolpeng.rapporter.beslut_om_bidrag.ny_elev import bidragsbeslut_ny_elev_html
from skolpeng.rapporter.beslut_om_bidrag.text import tillskott_text
from skolpeng.rapporter.html import html_sida, lista, rubrik, stycke, tabell
from skolpeng.talformat import heltal, kr


def _kommun(korning: Fordelningskorning) -> str:
    k = korning.underlag.kommuner.filter(pl.col("kommunkod") == korning.modell.kommunkod)
    return str(k["kommunnamn"][0]) if k.height else f"kommun {korning.modell.kommunkod}"


def _enheter(korning: Fordelningskorning) -> dict[str, dict]:
    return {r["skolenhetskod"]: r for r in korning.underlag.skolenheter.iter_rows(named=True)}


def ny_skolenhet_html(
    korning: Fordelningskorning,
    resultat: Utbetalningsresultat,
    kod: str,
    manad: int,
    ny_enhet: bool = True,
) -> str:
    """Beslut om bidrag för en skolenhet som får kommunens elever först i ``manad``
    (``ny_enhet``), eller för nya elever vid en enhet utanför kommunens beslut om bidrag."""
    e = _enheter(korning)[kod]
    ar = resultat.ar
    rader = resultat.rader.filter(
        (pl.col("typ") == "bidrag") & (pl.col("skolenhetskod") == kod) & (pl.col("manad") == manad)
    )
    vad = "en ny skolenhet" if ny_enhet else "elever som börjar under året"
    titel = f"Beslut om bidrag för {vad}, {MANADER[manad - 1]} {ar}"
    tab = [
        [r["stadium"], heltal(r["elever"]), kr(r["arsbelopp_kr"]), kr(r["manadsbelopp_kr"])]
        for r in rader.iter_rows(named=True)
    ]
    delar = [
        lista(
            [
                f"Huvudman: {e['huvudman_namn']} ({e['huvudman_id']})",
                f"Skolenhet: {e['namn']} (skolenhetskod {kod}), belägen i kommun {e['kommunkod']}",
                f"Beslutande kommun (hemkommun): {_kommun(korning)}",
            ]
        ),
        rubrik("Beslut"),
        stycke(
            f"Kommunen beslutar att lämna bidrag till {e['huvudman_namn']} för elever med "
            f"kommunen som hemkommun vid {e['namn']} från och med {MANADER[manad - 1]} {ar}."
        ),
        tabell(
            ["Stadium", "Elever", "Bidrag per elev och år", "Per elev och månad"],
            tab,
            f"Bidraget för {e['namn']}",
        ),
        rubrik("Grunder"),
        stycke(str(rader["grund"][0]) if rader.height else ""),
        stycke(
            "För elever som börjar under kalenderåret beslutar hemkommunen bidraget omgående "
            "(skolförordningen 14 kap. 1 § andra stycket)."
        ),
        *lagrum_och_overklagande(korning.modell.verksamhet, _kommun(korning)),
    ]
    return html_sida(f"{titel} – {e['namn']}", delar, rubrik=titel)


def budgetandring_html(korning: Fordelningskorning, resultat: Utbetalningsresultat, i: int) -> str:
    """Beslut om ändrat bidrag efter budgetändringen ``resultat.versioner[i]``."""
    v, forra = resultat.versioner[i], resultat.versioner[i - 1]
    assert v.andring is not None
    a = v.andring
    c = a.manad
    enh = _enheter(korning)
    jamf = (
        forra.priser.filter(pl.col("typ") == "bidrag")
        .select("skolenhetskod", "stadium", pl.col("arsbelopp_kr").alias("fore"))
        .join(
            v.priser.filter(pl.col("typ") == "bidrag").select(
                "skolenhetskod", "stadium", pl.col("arsbelopp_kr").alias("efter")
            ),
            on=["skolenhetskod", "stadium"],
        )
        .sort("skolenhetskod", "stadium")
    )
    tab = [
        [
            enh[r["skolenhetskod"]]["huvudman_namn"],
            enh[r["skolenhetskod"]]["namn"],
            r["stadium"],
            kr(r["fore"]),
            kr(r["efter"]),
            kr(r["efter"] - r["fore"]),
            kr((r["efter"] - r["fore"]) / (13 - c)),
        ]
        for r in jamf.iter_rows(named=True)
    ]
    ar = resultat.ar
    titel = f"Beslut om ändrat bidrag från {MANADER[c - 1]} {ar} efter ändrad budget"
    text = (
        f"Kommunen har ändrat budgeten för sin egen verksamhet från {MANADER[c - 1]} {ar} "
        f"(ramen {kr(a.ram_kr)}{'; ' + a.beslut if a.beslut else ''}). Bidraget per elev har "
        "räknats om på samma grunder med den nya ramen. Skillnaden för året fördelas lika på "
        f"årets återstående {13 - c} utbetalningar ({MANADER[c - 1]}–december)."
    )
    delar = [
        lista([f"Beslutande kommun (hemkommun): {_kommun(korning)}", f"Kalenderår: {ar}"]),
        rubrik("Beslut"),
        stycke(text),
        stycke(f"Synnerliga skäl: {a.synnerliga_skal}", "not") if a.synnerliga_skal else "",
        tabell(
            [
                "Huvudman",
                "Skolenhet",
                "Stadium",
                "Bidrag per elev och år före",
                "Efter",
                "Skillnad",
                "Tillägg per elev och månad",
            ],
            tab,
            "Bidraget per elev före och efter ändringen",
        ),
        rubrik("Grunder"),
        stycke(tillskott_text()),
        *lagrum_och_overklagande(korning.modell.verksamhet, _kommun(korning)),
    ]
    return html_sida(titel, delar, rubrik=titel)


def skriv_utbetalningsbeslut(
    korning: Fordelningskorning, resultat: Utbetalningsresultat, katalog: Path
) -> list[Path]:
    """Skriver besluten som HTML i ``katalog/beslut``. Ut: de skrivna filerna."""
    mapp = Path(katalog) / "beslut"
    skrivna: list[Path] = []
    i_beslutet = set(korning.bidrag.select("skolenhetskod", "stadium").iter_rows())
    for r in resultat.nya.iter_rows(named=True):
        mapp.mkdir(exist_ok=True)
        kod, st, m = r["skolenhetskod"], r["stadium"], r["manad"]
        if r["typ"] == "ny_elev" and (kod, st) in i_beslutet:
            html = bidragsbeslut_ny_elev_html(
                korning.bidrag,
                korning.fordelning,
                korning.lage,
                kod,
                st,
                m,
                kommun_namn=_kommun(korning),
                arende=f"{heltal(r['antal'])} nya elever",
            )
            fil = mapp / f"ny_elev_{kod}_{st}_{resultat.ar}-{m:02d}.html"
        elif r["typ"] == "ny_skolenhet":
            html = ny_skolenhet_html(korning, resultat, kod, m)
            fil = mapp / f"ny_skolenhet_{kod}_{resultat.ar}-{m:02d}.html"
        else:
            html = ny_skolenhet_html(korning, resultat, kod, m, ny_enhet=False)
            fil = mapp / f"ny_elev_{kod}_{st}_{resultat.ar}-{m:02d}.html"
        if not fil.exists():
            fil.write_text(html, encoding="utf-8")
            skrivna.append(fil)
    for i, v in enumerate(resultat.versioner):
        if i == 0 or v.andring is None or v.fran_manad > max(resultat.manader):
            continue
        mapp.mkdir(exist_ok=True)
        fil = mapp / f"andrat_bidrag_{v.andring.fran}.html"
        fil.write_text(budgetandring_html(korning, resultat, i), encoding="utf-8")
        skrivna.append(fil)
    return skrivna

"""``skolpeng simulera``: normen mot dagens kostnader och intäkter per huvudman.

In: ``--data`` (katalog eller medföljande dataset), ``--ar`` (normår N), ``--variant``,
valfritt ``--tak`` (kr per elev och år), ``--scenario`` och ``--behall-avvikande``, samt
``--ut``. Ut: i utkatalogen (atomiskt) ``simulering_huvudman.csv``, ``simulering.json``,
``simulering.html``, ``simulering.pdf`` (om WeasyPrint finns; annars en notering på skärmen),
fyra diagram som PNG och ``manifest.json``; en svensk sammanfattning på skärmen. Fel i indata (även att ``kostnader_huvudman`` saknas för år N): alla problem, exitkod
2, inget skrivs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from skolpeng.cli.gemensamt import konsol, med_felhantering

if TYPE_CHECKING:
    from skolpeng.api import Problem, Simuleringsresultat

UTFILER: tuple[str, ...] = (
    "simulering_huvudman.csv",
    "simulering.json",
    "simulering.html",
    "simulering.pdf",
    "spridning.png",
    "forandring_mot_utgangslage.png",
    "forandring_mot_index.png",
    "ar_till_full_effekt.png",
    "manifest.json",
)


def sammanfattningstext(sim: Simuleringsresultat) -> list[str]:
    """Simuleringens huvudresultat som svenska rader för skärmen."""
    from skolpeng.api import VARIANTNAMN, mnkr
    from skolpeng.api import decimal_diagram as decimal
    from skolpeng.api import heltal_diagram as heltal
    from skolpeng.api import procent_diagram as procent

    s = sim.sammanfattning
    k, e = s["per_typ"]["kommunal"], s["per_typ"]["enskild"]
    reg = k["regression"]
    rader = [
        f"Simulering av {VARIANTNAMN[s['variant']]} {s['normar']} mot kostnaderna "
        f"{s['jamforelsear']}"
        + (
            ""
            if s["jamforelsear"] == s["normar"]
            else f" (uppräknade till {s['normar']} års prisnivå med faktorn "
            f"{decimal(s['avrakningar']['upprakning'], 4)})"
        )
        + ".",
        f"Kommunala huvudmän: {k['antal_under_normen']} av {k['antal_huvudman']} ligger under "
        f"normen; tillskott för att nå den {mnkr(k['summa_tillskott_kr'])} "
        f"({procent(k['tillskott_andel_av_jamforbar_kostnad'])} av den jämförbara kostnaden).",
    ]
    if e["antal_huvudman"]:
        rader.append(
            f"Enskilda huvudmän: {e['antal_under_normen']} av {e['antal_huvudman']} får mer med "
            f"normen; netto {mnkr(e['netto_kr'])} "
            f"({procent(e['netto_andel_av_jamforbar_kostnad'])})."
        )
    rader += [
        "R² för förändringen (kommunala): mot rangordnat utgångsläge "
        f"{decimal(reg['mot_utgangslage_rang']['r2'], 3)} (källan 0,786), mot socioekonomiskt "
        f"index {decimal(reg['mot_socioekonomiskt_index']['r2'], 3)} (källan 0,014).",
    ]
    for typ, namn in (("kommunal", "kommunala"), ("enskild", "enskilda")):
        a = s["per_typ"][typ]["ar_till_full_effekt"]
        if s["per_typ"][typ]["antal_huvudman"]:
            rader.append(
                f"År till full effekt med tak {heltal(s['tak_per_elev_och_ar'])} kr per elev och år "
                f"({namn}): högst {a['max']} år, median {decimal(a['median'], 1)} år."
            )
    if s["uteslutna"]:
        delar = "; ".join(f"{n} {orsak}" for orsak, n in sorted(s["uteslutna"].items()))
        rader.append(f"Uteslutna huvudmän: {delar}.")
    return rader


def simulera(
    data: str,
    ar: int,
    variant: str,
    tak: float | None,
    ut: Path,
    scenario: Path | None = None,
    uteslut_avvikande: bool = True,
) -> Simuleringsresultat:
    """Läser och validerar datasetet, beräknar normen, simulerar mot i dag och skriver filerna.

    Alla problem (dataset, normens underlag, ``kostnader_huvudman``, tak) samlas och kastas
    som ett ``IndataFel`` innan något beräknas eller skrivs."""
    from skolpeng.api import (
        VERKSAMHET_FOR_VARIANT,
        Arsparametrar,
        IndataFel,
        Problem,
        atomisk_katalog,
        berakna_norm,
        forbered_norm,
        hitta_underlag,
        kontrollera_kostnader,
        las_underlag,
        pdf_notering,
        simulera_mot_idag,
        simuleringsdiagram,
        simuleringsrapport_html,
        skriv_csv,
        skriv_manifest,
        skriv_pdf,
        spara_diagram,
    )

    problem: list[Problem] = []
    if variant not in VERKSAMHET_FOR_VARIANT:
        tillatna = ", ".join(VERKSAMHET_FOR_VARIANT)
        raise IndataFel([Problem("--variant", f"okänd variant {variant!r}; tillåtna: {tillatna}")])
    if tak is not None and not tak > 0:
        problem.append(
            Problem("--tak", f"taket per elev och år måste vara större än 0, fick {tak}")
        )
    katalog = hitta_underlag(data)
    underlag = las_underlag(katalog)
    forberedelse = forbered_norm(underlag, ar, variant, scenario=scenario)
    lage = forberedelse.lage
    problem += forberedelse.problem
    fil = next((f for f in underlag.filhashar if f.startswith("kostnader_huvudman.")), None)
    kostnadsar = Arsparametrar.fran_lage(lage).kostnadsar(ar)
    problem += kontrollera_kostnader(
        underlag.kostnader_huvudman, ar, variant, kostnadsar, fil or "kostnader_huvudman.csv"
    )
    if problem:
        raise IndataFel(problem)
    resultat = berakna_norm(underlag, lage, ar, variant)
    assert underlag.kostnader_huvudman is not None
    sim = simulera_mot_idag(resultat, underlag.kostnader_huvudman, lage, tak, uteslut_avvikande)
    diagram = simuleringsdiagram(sim)

    argument: dict[str, Any] = {
        "data": str(data),
        "ar": ar,
        "variant": variant,
        "tak": tak,
        "scenario": str(scenario) if scenario else None,
        "uteslut_avvikande": uteslut_avvikande,
        "ut": str(ut),
    }
    with atomisk_katalog(ut) as tmp:
        skriv_csv(sim.huvudman, tmp / "simulering_huvudman.csv")
        (tmp / "simulering.json").write_text(
            json.dumps(sim.sammanfattning, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        html = simuleringsrapport_html(sim, diagram)
        (tmp / "simulering.html").write_text(html, encoding="utf-8")
        for d in diagram:
            spara_diagram(d.diagram, tmp / f"{d.namn}.png", d.beskrivning)
        saknas = skriv_pdf(html, tmp / "simulering.pdf", png_bredvid=True)
        skriv_manifest(
            tmp,
            "simulera",
            argument,
            underlag.filhashar,
            lage.filhashar,
            scenario=lage.scenario,
            extra={"dataset": underlag.namn, "elevar": resultat.elevar, "pdf": saknas or "ja"},
        )
        antal = sum(1 for _ in tmp.iterdir())
    for rad in sammanfattningstext(sim):
        konsol.print(rad, highlight=False, markup=False)
    if saknas:
        konsol.print(pdf_notering(saknas), highlight=False, markup=False)
    konsol.print(f"Skrev {antal} filer till {ut}", highlight=False, markup=False)
    return sim


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandot ``simulera`` i CLI-appen."""

    @app.command("simulera")
    def simulera_kommando(
        data: Annotated[
            str,
            typer.Option(
                "--data",
                help="Datasetkatalog eller namnet på ett medföljande dataset (t.ex. sverige).",
            ),
        ],
        ar: Annotated[
            int,
            typer.Option(
                "--ar",
                help="Normår N; jämförs med kostnaderna för år N, eller för kostnadsåret "
                "N − 2 uppräknade med normens KPIF-faktor när år N saknas.",
            ),
        ],
        ut: Annotated[Path, typer.Option("--ut", help="Utkatalog (skrivs atomiskt).")],
        variant: Annotated[
            str,
            typer.Option(
                "--variant", help="Normens variant: vagledande, bindande eller fritidshem."
            ),
        ] = "vagledande",
        tak: Annotated[
            float | None,
            typer.Option(
                "--tak",
                help="Tak för förändringen per elev och år i kronor "
                "(standard: parametern, 5 000 kr).",
            ),
        ] = None,
        scenario: Annotated[
            Path | None,
            typer.Option("--scenario", help="Scenariofil (YAML) som ändrar parametrar."),
        ] = None,
        behall_avvikande: Annotated[
            bool,
            typer.Option(
                "--behall-avvikande",
                help="Uteslut inte huvudmän med kraftigt avvikande kostnader.",
            ),
        ] = False,
    ) -> None:
        """Jämför normen med dagens kostnader per huvudman (SOU 2025:72 avsnitt 6.3, 7.3, 8.1)."""
        med_felhantering(
            lambda: simulera(data, ar, variant, tak, ut, scenario, not behall_avvikande)
        )

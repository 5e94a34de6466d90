"""Diagrammen och HTML-rapporten för simuleringen: giltiga PNG-filer, svenska etiketter,
inbäddad SVG med textbeskrivning för varje diagram."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from skolpeng.parametrar import load_parameters
from skolpeng.rapporter.diagram import spara_diagram
from skolpeng.rapporter.simulering.diagram import simuleringsdiagram
from skolpeng.rapporter.simulering.rapport import simuleringsrapport_html
from skolpeng.uppfoljning.simulering import simulera_mot_idag
from tests.uppfoljning.simulering_hjalp import kostnader, normresultat, png_storlek


def _simulering():
    norm = normresultat(
        [
            (f"01{i:02d}", "kommunal", "1-3", 100 + 10 * i, 100_000 + 500 * i, 60 + 12 * i)
            for i in range(8)
        ]
        + [("E1", "enskild", "4-6", 80, 97_000, 100), ("E2", "enskild", "1-3", 50, 95_000, 120)]
    )
    kost = kostnader(
        [(f"01{i:02d}", "kommunal", 85_000 + 4_000 * i, 100 + 10 * i) for i in range(8)]
        + [("E1", "enskild", 99_000, 80), ("E2", "enskild", 90_000, 50)]
    )
    return simulera_mot_idag(norm, kost, load_parameters(dt.date(2024, 1, 1)))


def test_diagrammen_skrivs_som_giltiga_png(tmp_path: Path) -> None:
    diagram = simuleringsdiagram(_simulering())
    assert [d.namn for d in diagram] == [
        "spridning",
        "forandring_mot_utgangslage",
        "forandring_mot_index",
        "ar_till_full_effekt",
    ]
    for d in diagram:
        path = spara_diagram(d.diagram, tmp_path / f"{d.namn}.png")
        bredd, hojd = png_storlek(path.read_bytes())
        assert bredd > 600 and hojd > 400, d.namn
        assert len(d.beskrivning) > 80 and "kr" in d.beskrivning


def test_diagrammen_har_svenska_etiketter_och_r2() -> None:
    sim = _simulering()
    d = {x.namn: x for x in simuleringsdiagram(sim)}
    spec = d["forandring_mot_utgangslage"].diagram.to_json()
    assert "Förändring (kr per elev)" in spec and "Rangordning av resursmässigt" in spec
    r2 = sim.sammanfattning["per_typ"]["kommunal"]["regression"]["mot_utgangslage_rang"]["r2"]
    assert f"R² = {r2:.3f}".replace(".", ",") in spec
    assert "Kronor per elev" in d["spridning"].diagram.to_json()
    assert "Antal huvudmän" in d["ar_till_full_effekt"].diagram.to_json()
    # beskrivningarna använder svensk talformatering: mellanslag som tusentalsavgränsare
    assert re.search(r"\d \d{3} kr", d["spridning"].beskrivning)


def test_html_rapporten_ar_svensk_och_tillganglig() -> None:
    sim = _simulering()
    html = simuleringsrapport_html(sim)
    assert html.startswith("<!DOCTYPE html>") and 'lang="sv"' in html
    assert html.count("<svg") == 4
    assert html.count('<figure role="img" aria-label="') == 4
    assert html.count("<figcaption>") == 4
    k = sim.sammanfattning["per_typ"]["kommunal"]
    assert f"{k['antal_under_normen']} av {k['antal_huvudman']} kommunala huvudmän" in html
    for rubrik in ("Jämförbar kostnad", "Spridning i dag och med normen", "År till full effekt"):
        assert f"<h2>{rubrik}</h2>" in html
    assert "190 kommuner, 5 miljarder kronor, 4,9 %" in html  # källans resultat, 9.2.3
    assert "<script" not in html


def test_rapporten_visar_bara_huvudmannatyper_som_finns() -> None:
    """Bara kommunala kostnader (som i det medföljande Sverige): inga tomma kolumner för enskilda."""
    norm = normresultat(
        [(f"01{i:02d}", "kommunal", "1-3", 100, 100_000, 80 + 5 * i) for i in range(6)]
    )
    kost = kostnader([(f"01{i:02d}", "kommunal", 110_000 + 2_000 * i, 100) for i in range(6)])
    sim = simulera_mot_idag(norm, kost, load_parameters(dt.date(2024, 1, 1)))
    html = simuleringsrapport_html(sim)
    assert '<th scope="col">Kommunala huvudmän</th>' in html
    assert '<th scope="col">Enskilda huvudmän</th>' not in html
    # ingen kommun under normen: tillskottsintervallet visas som ett streck
    assert sim.sammanfattning["per_typ"]["kommunal"]["antal_under_normen"] == 0
    assert '<td class="tal">–</td>' in html

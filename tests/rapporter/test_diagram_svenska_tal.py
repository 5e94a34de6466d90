"""Diagrammen har svenska talformat på axlarna: "140 000", inte
"140,000"; jämförelsens diagram har en förklaring (inte två) med hela namnen."""

from __future__ import annotations

import re

import altair as alt

from skolpeng.rapporter.diagram import diagram_svg
from skolpeng.talformat import NBSP


def _texter(svg: str) -> list[str]:
    return [t.replace("&#160;", NBSP) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_axeln_har_mellanslag_som_tusentalsavgransare_och_decimalkomma() -> None:
    data = alt.Data(values=[{"x": 1, "y": 120_000.5}, {"x": 2, "y": 140_000.25}])
    diagram = (
        alt.Chart(data)
        .mark_point()
        .encode(
            x=alt.X("x:Q", axis=alt.Axis(format=",.1f")),
            y=alt.Y("y:Q", axis=alt.Axis(format=",.0f")),
        )
    )
    texter = _texter(diagram_svg(diagram))
    assert f"140{NBSP}000" in texter
    assert not any("," in t and t.replace(",", "").isdigit() and len(t) > 4 for t in texter)
    assert "1,0" in texter or "1,5" in texter  # decimalkomma på x-axeln
    assert not any(re.fullmatch(r"\d{1,3}(,\d{3})+", t) for t in texter)


def test_jamforelsens_diagram_har_en_forklaring_med_hela_namnen() -> None:
    from skolpeng.web.scenariojamforelse import Jamforelse
    from skolpeng.web.scenariojamforelse import diagram_svg as jamforelsediagram

    namn = ["Grundscenario med ett mycket långt namn", "Mer till strukturbeloppet, 25 procent"]
    enheter = [
        {"skolenhetskod": f"{i:08d}", "namn": f"Skola {i}", "elever": 100,
         "kr_per_elev_0": 100_000 + 1000 * i, "kr_per_elev_1": 98_000 + 1500 * i}
        for i in range(20)
    ]  # fmt: skip
    svg = jamforelsediagram(Jamforelse(namn, [], enheter, [], None))
    texter = _texter(svg)
    assert texter.count("Scenario") == 1  # en förklaring, inte en för färg och en för form
    for n in namn:
        assert n in texter  # hela namnet, inte avkortat med …
    assert any(re.fullmatch(rf"1\d\d{NBSP}000", t) for t in texter)

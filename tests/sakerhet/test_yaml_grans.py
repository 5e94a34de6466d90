"""Den begränsade YAML-läsaren (fynd 1): alias-bomber, dubbla nycklar, för stora
texter och tal, och felmeddelanden som aldrig skriver ut hela indata. Varje läsare av
användarens YAML (modellfiler, scenariofiler, parameterfiler, riskmodeller, analysfiler och
webbens modelltext) går genom ``skolpeng.yamllasning``."""

from __future__ import annotations

from pathlib import Path

import pytest

from skolpeng.fel import IndataFel, pydantic_text
from skolpeng.fordelning.modellfil.schema import las_modell_text
from skolpeng.index.modell import las_modell as las_riskmodell
from skolpeng.parametrar.laddning import las_parametrar, las_scenario
from skolpeng.uppfoljning.indata import las_analysfil
from tests.sakerhet.hjalp import aliasbomb

MODELL = Path(__file__).resolve().parents[2] / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"
SCENARIER = Path(__file__).resolve().parents[2] / "src/skolpeng/parametrar/scenarier"


def _texter(fel: pytest.ExceptionInfo[IndataFel]) -> str:
    return "\n".join(str(p) for p in fel.value.problem)


def test_aliasbomb_i_modellen_avvisas_med_raden() -> None:
    """Nio gånger nio gånger … nio alias expanderas aldrig: redan första ankaret avvisas."""
    text = MODELL.read_text(encoding="utf-8") + aliasbomb(6)
    with pytest.raises(IndataFel) as fel:
        las_modell_text(text, "bomb.yaml")
    assert "alias" in _texter(fel)
    rad_for_ankaret = text.splitlines().index(aliasbomb(6).splitlines()[0]) + 1
    assert fel.value.problem[0].rad == rad_for_ankaret


def test_dubbla_nycklar_ar_fel_med_namn_och_rader() -> None:
    text = MODELL.read_text(encoding="utf-8")
    rader = text.splitlines()
    forsta = next(i for i, r in enumerate(rader) if r.startswith("ram_kr:")) + 1
    text += "ram_kr: 1\n"
    with pytest.raises(IndataFel) as fel:
        las_modell_text(text, "m.yaml")
    (p,) = fel.value.problem
    assert "ram_kr" in p.meddelande and "två gånger" in p.meddelande
    assert f"rad {forsta}" in p.meddelande and p.rad == len(rader) + 1


def test_tal_med_5000_siffror_ar_ett_svenskt_fel() -> None:
    text = MODELL.read_text(encoding="utf-8").replace("ram_kr: 6467827953", "ram_kr: " + "9" * 5000)
    with pytest.raises(IndataFel) as fel:
        las_modell_text(text, "m.yaml")
    assert "talet har fler än" in _texter(fel)


def test_for_stor_text_avvisas_innan_den_tolkas() -> None:
    text = "namn: x\n" + "# " + "x" * 600_000 + "\n"
    with pytest.raises(IndataFel) as fel:
        las_modell_text(text, "m.yaml")
    assert "för stor" in _texter(fel)


def test_scenario_parameter_risk_och_analysfiler_gar_genom_samma_lasare(tmp_path: Path) -> None:
    scenario = next(SCENARIER.glob("*.yaml")).read_text(encoding="utf-8")
    fil = tmp_path / "scenario.yaml"
    fil.write_text(scenario + "namn: igen\n", encoding="utf-8")
    with pytest.raises(IndataFel, match="nyckeln 'namn' står två gånger"):
        las_scenario(fil)
    (tmp_path / "p" / "amne").mkdir(parents=True)
    (tmp_path / "p" / "amne" / "fil.yaml").write_text(aliasbomb(3), encoding="utf-8")
    with pytest.raises(IndataFel, match="alias"):
        las_parametrar(tmp_path / "p")
    risk = tmp_path / "risk.yaml"
    risk.write_text("namn: a\nnamn: b\n", encoding="utf-8")
    with pytest.raises(IndataFel, match="två gånger"):
        las_riskmodell(risk)
    analys = tmp_path / "analys.yaml"
    analys.write_text(aliasbomb(2), encoding="utf-8")
    with pytest.raises(IndataFel, match="alias"):
        las_analysfil(analys)


def test_felmeddelandet_gar_bara_igenom_borjan_av_vardet() -> None:
    """``repr()`` på hela indata (tidigare) anropade varje elements ``__repr__``; nu visas
    bara början, hur stort värdet än är."""
    anrop = []

    class Element:
        def __repr__(self) -> str:
            anrop.append(1)
            return "e"

    text = pydantic_text({"type": "x", "msg": "m", "input": [Element() for _ in range(10_000)]})
    assert len(text) <= 80 and len(anrop) <= 10
    text = pydantic_text({"type": "x", "msg": "m", "input": 10**5000})
    assert "ett tal med mycket många siffror" in text

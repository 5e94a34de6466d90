"""Modellfilens schema (docs/regler/fordelning-och-bidrag.md#modellen-som-data): YAML eller TOML,
okända nycklar avvisas, alla fel på en gång på svenska med nyckelns sökväg, potternas andelar
av ramen högst 100 %, och vikterna kontrolleras även för en pott som inte når några elever."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from skolpeng.fel import IndataFel
from skolpeng.fordelning import fordela
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell, las_modell
from tests.fordelning.berakning_hjalp import modell, underlag

MODELLER = Path(__file__).resolve().parents[3] / "src" / "skolpeng" / "modeller"

TRASIG = """
namn: trasig
kommunkod: "148"
ar: 2026
ram_kr: 1000
okand: 1
index: {typ: given, standard_saknas: medel_ingen}
potter:
  - namn: a
    belopp: {andel_av_ram: 0.5, summa_kr: 3}
    nyckel: {typ: index, form: forstarkt, tak: 5}
    kostnadsslag: lokaler
  - namn: b
    belopp: {andel_av_ram: 0.5}
    omfattning: {huvudmannatyp: privat}
    nyckel: {typ: malgrupp}
"""


def _problem(tmp_path: Path, text: str, namn: str = "m.yaml") -> list[str]:
    fil = tmp_path / namn
    fil.write_text(text, encoding="utf-8")
    with pytest.raises(IndataFel) as e:
        las_modell(fil)
    assert all(p.fil == str(fil) for p in e.value.problem)
    return [p.meddelande for p in e.value.problem]


def test_alla_fel_pa_en_gang_med_sokvag(tmp_path: Path) -> None:
    fel = _problem(tmp_path, TRASIG)
    sokvagar = sorted(m.split(":")[0] for m in fel)
    assert sokvagar == sorted(
        [
            "kommunkod",
            "okand",
            "index.standard_saknas",
            "potter.0.belopp",
            "potter.0.nyckel.tak",
            "potter.0.kostnadsslag",
            "potter.1.omfattning.huvudmannatyp",
            "potter.1.nyckel",
        ]
    )
    assert "okand: okänd nyckel" in fel
    assert (
        "potter.0.belopp: ange exakt en av andel_av_ram, summa_kr, per_elev_kr och per_niva_kr"
        in fel
    )
    assert any("kräver malgrupp (målgruppens namn)" in m for m in fel)


def test_standardvardet_ett_fel_utan_unionens_interna_sokvagar(tmp_path: Path) -> None:
    text = TRASIG.replace('"148"', '"1480"').replace("okand: 1\n", "")
    fel = [m for m in _problem(tmp_path, text) if m.startswith("index")]
    assert fel == [
        "index.standard_saknas: otillåtet värde 'medel_ingen', förväntade ett indexvärde (tal), "
        "medel_enskilda eller medel_alla"
    ]
    m = modell([{"namn": "s", "belopp": {"summa_kr": 1}, "nyckel": {"typ": "index"}}]).model_dump()
    for ok in (85.6, 100, "medel_enskilda", "medel_alla"):
        i = m["index"] | {"standard_saknas": ok}
        assert Fordelningsmodell.model_validate(m | {"index": i}).index.standard_saknas == ok
    with pytest.raises(ValueError, match="förväntade ett indexvärde"):
        Fordelningsmodell.model_validate(m | {"index": m["index"] | {"standard_saknas": True}})


def test_andelarna_av_ramen_hogst_hundra_procent(tmp_path: Path) -> None:
    potter = [
        {"namn": "a", "belopp": {"andel_av_ram": 0.92}, "nyckel": {"typ": "elever"}},
        {"namn": "b", "belopp": {"andel_av_ram": 0.38}, "nyckel": {"typ": "elever"}},
    ]
    text = yaml.safe_dump(
        {"namn": "x", "kommunkod": "1280", "ar": 2026, "ram_kr": 1e9} | {"potter": potter}
    )
    assert _problem(tmp_path, text) == [
        "(filen): potternas andel_av_ram summerar till 130,0 % av ramen: potterna skulle "
        "fördela mer än ramen (högst 100 %)"
    ]
    potter[1]["belopp"]["andel_av_ram"] = 0.08  # 100 % går bra, liksom under 100 %
    assert modell(potter, ram_kr=1e9).potter[1].belopp.andel_av_ram == 0.08
    potter[1]["belopp"]["andel_av_ram"] = 0.01
    assert modell(potter, ram_kr=1e9).ram_kr == 1e9


def test_toml_ger_samma_modell_som_yaml(tmp_path: Path) -> None:
    """Normen som lokal modell skriven som TOML (samma nycklar) ger samma modell."""
    yaml_modell = las_modell(MODELLER / "normen_som_lokal_modell.yaml")
    m = yaml_modell
    g, s = m.potter
    toml = f'''
namn = "{m.namn}"
kommunkod = "{m.kommunkod}"
ar = {m.ar}
verksamhet = "fk_gr"
ram_kr = {m.ram_kr}
beskrivning = "{m.beskrivning}"
kalla = """{m.kalla}"""

[index]
typ = "given"
skala_om_till_kommunmedel = false
standard_saknas = 100

[[potter]]
namn = "{g.namn}"
rubrik = "{g.rubrik}"
beskrivning = "{g.beskrivning}"
kalla = "{g.kalla}"
kostnadsslag = "undervisning"
belopp = {{ andel_av_ram = 0.92 }}
nyckel = {{ typ = "elever", vikter = {{ per = "stadium", varden = {{ F = 0.85, "1-3" = 1.0, "4-6" = 1.05, "7-9" = 1.20 }} }} }}

[[potter]]
namn = "{s.namn}"
rubrik = "{s.rubrik}"
beskrivning = "{s.beskrivning}"
kalla = "{s.kalla}"
kostnadsslag = "undervisning"
belopp = {{ andel_av_ram = 0.08 }}
nyckel = {{ typ = "index", form = "linjar" }}

[bidrag]
lokalkostnad_per_elev_kr = 26200
'''
    fil = tmp_path / "normen.toml"
    fil.write_text(toml, encoding="utf-8")
    assert las_modell(fil) == yaml_modell
    fel = _problem(tmp_path, toml.replace("[bidrag]", "[bidrag]\nokand = 1"), "fel.toml")
    assert fel == ["bidrag.okand: okänd nyckel"]
    fel = _problem(tmp_path, "namn = ", "trasig.toml")
    assert len(fel) == 1 and fel[0].startswith("modellfilen kan inte läsas")


def test_vikterna_kontrolleras_aven_nar_potten_inte_nar_nagon() -> None:
    """En pott utan elever i omfattningen och en okänd årskurs i vikterna: båda felen."""
    u = underlag([("10000001", "kommunal", {"1": 10}, 100.0)])
    m = modell(
        [
            {"namn": "bas", "belopp": {"summa_kr": 100}, "nyckel": {"typ": "elever"}},
            {
                "namn": "tom",
                "belopp": {"summa_kr": 100},
                "omfattning": {"stadier": ["7-9"]},
                "nyckel": {"typ": "elever", "vikter": {"per": "arskurs", "varden": {"10": 1}}},
            },
        ]
    )
    with pytest.raises(IndataFel) as e:
        fordela(m, u)
    fel = [p.meddelande for p in e.value.problem]
    assert any(m.startswith("potter.1: potten 'tom' når inga elever") for m in fel)
    assert any(m.startswith("potter.1.nyckel.vikter.varden: okänd nyckel '10'") for m in fel)

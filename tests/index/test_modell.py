"""Modellfilerna: exemplen läses, okända nycklar och felaktiga värden avvisas på svenska,
alla på en gång (DESIGN.md: pydantic med extra="forbid")."""

from __future__ import annotations

import pytest
import yaml

from skolpeng.fel import IndataFel
from skolpeng.index.modell import LITEN_ENHET_STANDARD, las_modell, las_viktmodell


def test_exempelmodellerna(modellfil, viktfil) -> None:
    m = las_modell(modellfil)
    assert m.utfall == "ej_behorig"
    assert m.kohorteffekter and m.indexbas == "riket"
    assert m.liten_enhet_grans == LITEN_ENHET_STANDARD == 10  # docs/regler/index.md#sma-enheter
    assert {f.namn: f.referens for f in m.faktorer}["utbildning"] == "eftergymnasial"
    vm = las_viktmodell(viktfil)
    # SKL tabell 1: vikterna 3/2/1, 1/1,5 och 1/3
    assert vm.vikter["utbildning"] == {"forgymnasial": 3, "gymnasial": 2, "eftergymnasial": 1}
    assert vm.vikter["kon"]["pojke"] == 1.5
    assert vm.vikter["ekonomiskt_bistand"]["ja"] == 3


def test_fel_i_modellfil_rapporteras_alla(tmp_path, modellfil) -> None:
    innehall = yaml.safe_load(modellfil.read_text(encoding="utf-8"))
    innehall["okand_nyckel"] = 1
    innehall["indexbas"] = "lanet"
    innehall["faktorer"][0]["referens"] = "doktorsexamen"
    del innehall["minsta_cell"]
    fil = tmp_path / "m.yaml"
    fil.write_text(yaml.safe_dump(innehall, allow_unicode=True), encoding="utf-8")
    with pytest.raises(IndataFel) as fel:
        las_modell(fil)
    text = fel.value.text()
    assert "okand_nyckel: okänd nyckel" in text
    assert "minsta_cell: obligatorisk nyckel saknas" in text
    assert "indexbas: otillåtet värde" in text
    assert "referensnivån 'doktorsexamen' finns inte" in text
    assert all(p.fil == str(fil) for p in fel.value.problem)


def test_ogiltig_yaml_och_saknad_fil(tmp_path) -> None:
    fil = tmp_path / "m.yaml"
    fil.write_text("namn: [oavslutad", encoding="utf-8")
    with pytest.raises(IndataFel, match="ogiltig YAML"):
        las_modell(fil)
    with pytest.raises(IndataFel, match="filen finns inte"):
        las_modell(tmp_path / "saknas.yaml")

"""README, "Allocation models": modellexemplen är giltiga och avsnittet nämner varje nyckel i
modellfilens schema (README, Allocation models: ett komplett exempel)."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel

from skolpeng.fordelning.modellfil import schema

README = Path(__file__).resolve().parents[3] / "README.md"


def _avsnitt() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("## Allocation models", 1)[1].split("\n## ", 1)[0]


def _block() -> list[str]:
    return [b.split("```", 1)[0] for b in _avsnitt().split("```yaml\n")[1:]]


def test_exemplen_ar_giltiga_modeller() -> None:
    block = _block()
    assert len(block) == 2
    for b in block:
        schema.Fordelningsmodell.model_validate(yaml.safe_load(b))
    ovriga = schema.Fordelningsmodell.model_validate(yaml.safe_load(block[1]))
    assert sum(p.belopp.andel_av_ram or 0 for p in ovriga.potter) <= 1


def test_avsnittet_namner_varje_nyckel_i_schemat() -> None:
    klasser = [
        v
        for v in vars(schema).values()
        if isinstance(v, type) and issubclass(v, BaseModel) and v.__module__ == schema.__name__
    ]
    assert schema.Fordelningsmodell in klasser and schema.Nyckel in klasser
    text = _avsnitt()
    saknas = sorted(
        f"{k.__name__}.{f}"
        for k in klasser
        for f in k.model_fields
        if f"{f}:" not in text and f"{f} " not in text
    )
    assert saknas == []
    for varde in (*schema.KOSTNADSSLAG, "linjar", "forstarkt", "troskel", "progressiv"):
        assert varde in text, varde

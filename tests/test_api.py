"""Det offentliga gränssnittet: varje namn i ``skolpeng.api.__all__`` finns,
samma objekt nås ur paketet, typkontrollens importer är samma namn, och kommandoraden och
webben importerar ur skolpeng bara ``skolpeng.api`` (import-linter kontrollerar samma sak i
``make test``)."""

from __future__ import annotations

import ast
from pathlib import Path

import skolpeng
from skolpeng import api
from skolpeng.api_namn import NAMN

SRC = Path(skolpeng.__file__).resolve().parent


def test_varje_namn_finns_och_nas_ur_paketet() -> None:
    assert api.__all__ == list(NAMN)
    assert len(set(api.__all__)) == len(api.__all__)
    for namn in api.__all__:
        assert getattr(skolpeng, namn) is getattr(api, namn), namn


def test_typkontrollens_importer_ar_samma_namn() -> None:
    trad = ast.parse((SRC / "api.py").read_text(encoding="utf-8"))
    villkor = next(n for n in trad.body if isinstance(n, ast.If))
    namn = {a.asname or a.name for n in villkor.body for a in n.names}
    assert namn == set(api.__all__)


def test_cli_och_webben_importerar_bara_api() -> None:
    egna = ("skolpeng.cli", "skolpeng.web", "skolpeng.api")
    fel = []
    for fil in [*(SRC / "cli").rglob("*.py"), *(SRC / "web").rglob("*.py")]:
        for nod in ast.walk(ast.parse(fil.read_text(encoding="utf-8"))):
            modul = nod.module or "" if isinstance(nod, ast.ImportFrom) else ""
            if modul.startswith("skolpeng") and not modul.startswith(egna) and modul != "skolpeng":
                fel.append(f"{fil.relative_to(SRC)}:{nod.lineno} {nod.module}")
            if isinstance(nod, ast.Import):
                fel += [
                    f"{fil.relative_to(SRC)}:{nod.lineno} {a.name}"
                    for a in nod.names
                    if a.name.startswith("skolpeng.") and not a.name.startswith(egna)
                ]
    assert fel == []

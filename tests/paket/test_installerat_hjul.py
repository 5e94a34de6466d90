"""Paketet fungerar installerat: hjulet byggs, installeras i en ny virtuell
miljö och ``skolpeng fordela`` körs utanför arkivet med en medföljande exempelmodell angiven
med sitt namn på det medföljande datasetet ``sverige``. Exempelmodellerna, parametrarna och
datasetet hittas då som paketdata (``importlib.resources``), inte via arkivets sökvägar.

Den nya miljön får bara beroendena från projektets miljö (en ``.pth``-fil till dess
site-packages, utan dess redigerbara installation av skolpeng), så att hjulet är det enda
skolpeng som finns. Långsamt (hjulet byggs): ``slow``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _kor(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    ut = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert ut.returncode == 0, ut.stdout + ut.stderr
    return ut.stdout


def test_hjulet_installerat_kor_en_medfoljande_modell_med_namn(tmp_path: Path) -> None:
    hjul = tmp_path / "hjul"
    _kor(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", hjul, ROT, cwd=tmp_path
    )
    (fil,) = hjul.glob("skolpeng-*.whl")
    namn = set(zipfile.ZipFile(fil).namelist())
    assert "skolpeng/modeller/goteborg_typ.yaml" in namn
    assert "skolpeng/modeller/data/skl_2014_risk.csv" in namn

    miljo = tmp_path / "miljo"
    venv.create(miljo, with_pip=False)
    python = miljo / "bin" / "python"
    site = Path(
        _kor(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
        ).strip()
    )
    (site / "projektets_beroenden.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _kor(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", fil,
         cwd=tmp_path)  # fmt: skip

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    kalla = _kor(python, "-c", "import skolpeng; print(skolpeng.__file__)", cwd=tmp_path, env=env)
    assert Path(kalla.strip()).is_relative_to(site)

    ut = tmp_path / "ut"
    _kor(miljo / "bin" / "skolpeng", "fordela", "--modell", "goteborg_typ", "--data", "sverige",
         "--ut", ut, "--utan-pdf", cwd=tmp_path, env=env)  # fmt: skip
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["argument"]["modell"] == "goteborg_typ"
    assert (ut / "fordelning.csv").read_text(encoding="utf-8").count("\n") > 100
    assert (ut / "modell.yaml").is_file()

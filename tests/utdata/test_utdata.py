"""Atomisk utdata: allt eller inget, och vanliga rättigheter på katalogen."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from skolpeng.utdata import atomisk_katalog, sha256_fil, skriv_manifest


def test_lyckat_block_flyttar_pa_plats_med_vanliga_rattigheter(tmp_path: Path) -> None:
    mal = tmp_path / "ut"
    with atomisk_katalog(mal) as tmp:
        (tmp / "a.csv").write_text("x\n1\n", encoding="utf-8")
    assert (mal / "a.csv").read_text(encoding="utf-8") == "x\n1\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(mal.stat().st_mode) == 0o777 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["ut"]


def test_misslyckat_block_lamnar_inget(tmp_path: Path) -> None:
    mal = tmp_path / "ut"
    with pytest.raises(RuntimeError), atomisk_katalog(mal) as tmp:
        (tmp / "a.csv").write_text("halvfärdig", encoding="utf-8")
        raise RuntimeError("avbrott mitt i skrivningen")
    assert not mal.exists()
    assert list(tmp_path.iterdir()) == []


def test_befintlig_katalog_orord_vid_fel(tmp_path: Path) -> None:
    mal = tmp_path / "ut"
    mal.mkdir()
    (mal / "a.csv").write_text("gammal", encoding="utf-8")
    with pytest.raises(ValueError), atomisk_katalog(mal) as tmp:
        (tmp / "a.csv").write_text("ny", encoding="utf-8")
        raise ValueError
    assert (mal / "a.csv").read_text(encoding="utf-8") == "gammal"


def test_manifest_hashar_utdata(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x\n", encoding="utf-8")
    path = skriv_manifest(tmp_path, "norm", {"ar": 2026}, {"elever.csv": "h"}, {"p.yaml": "q"})
    m = json.loads(path.read_text(encoding="utf-8"))
    assert m["utdata_sha256"] == {"a.csv": sha256_fil(tmp_path / "a.csv")}
    assert m["indata_sha256"] == {"elever.csv": "h"}
    assert m["version"]

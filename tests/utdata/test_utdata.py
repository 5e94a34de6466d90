"""Atomisk utdata: allt eller inget, och vanliga rättigheter på katalogen."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from skolpeng.fel import IndataFel
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
    (mal / "manifest.json").write_text("{}", encoding="utf-8")  # en tidigare utdatakatalog
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


def test_ny_korning_ersatter_hela_katalogen(tmp_path: Path) -> None:
    """En ny körning i en tidigare utdatakatalog lämnar ingen fil från den förra (t.ex. en PDF
    som inte skrivs med --utan-pdf), inte heller i underkataloger."""
    mal = tmp_path / "ut"
    with atomisk_katalog(mal) as tmp:
        (tmp / "redovisning").mkdir()
        (tmp / "redovisning" / "a.pdf").write_text("gammal pdf", encoding="utf-8")
        (tmp / "redovisning" / "a.html").write_text("gammal", encoding="utf-8")
        skriv_manifest(tmp, "fordela", {}, {}, {})
    with atomisk_katalog(mal) as tmp:
        (tmp / "redovisning").mkdir()
        (tmp / "redovisning" / "a.html").write_text("ny", encoding="utf-8")
        skriv_manifest(tmp, "fordela", {}, {}, {})
    filer = sorted(str(p.relative_to(mal)) for p in mal.rglob("*"))
    assert filer == ["manifest.json", "redovisning", "redovisning/a.html"]
    assert (mal / "redovisning" / "a.html").read_text(encoding="utf-8") == "ny"
    assert [p.name for p in tmp_path.iterdir()] == ["ut"]


def test_annan_katalog_ersatts_inte(tmp_path: Path) -> None:
    """En befintlig katalog som inte är en tidigare utdatakatalog (ingen manifest.json) raderas
    aldrig: fel innan något skrivs, och blocket körs inte."""
    mal = tmp_path / "dokument"
    mal.mkdir()
    (mal / "viktigt.txt").write_text("behåll", encoding="utf-8")
    kord = []
    with (
        pytest.raises(IndataFel, match="ingen tidigare utdatakatalog"),
        atomisk_katalog(mal) as tmp,
    ):
        kord.append(tmp)
    assert kord == []
    assert (mal / "viktigt.txt").read_text(encoding="utf-8") == "behåll"
    assert [p.name for p in tmp_path.iterdir()] == ["dokument"]
    # en tom katalog går bra
    tom = tmp_path / "tom"
    tom.mkdir()
    with atomisk_katalog(tom) as tmp:
        (tmp / "a.csv").write_text("x", encoding="utf-8")
    assert [p.name for p in tom.iterdir()] == ["a.csv"]

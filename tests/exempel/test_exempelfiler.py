"""Källexemplen under ``tests/exempel/``: varje fil anger sin källa som struktur (ett känt
dokument och ett avsnitt eller en sida, eller projektets beslut) och används av minst ett
test genom den gemensamma läsaren ``tests.exempel.lasning``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from skolpeng.parametrar.kallor import KANDA_DOKUMENT, ar_projektbeslut
from tests.exempel.lasning import EXEMPEL, exempelfiler, kallor, las_exempel

TESTER = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("fil", exempelfiler(), ids=lambda f: str(f.relative_to(EXEMPEL)))
def test_exemplet_har_en_kalla_som_struktur(fil: Path) -> None:
    data = las_exempel(fil.parent.name, fil.name)
    poster = kallor(data)
    assert poster, fil
    for k in poster:
        assert k.dokument in KANDA_DOKUMENT or ar_projektbeslut(k.dokument)
        assert k.avsnitt or k.sida or ar_projektbeslut(k.dokument)


@pytest.mark.parametrize("fil", exempelfiler(), ids=lambda f: str(f.relative_to(EXEMPEL)))
def test_exemplet_anvands_av_ett_test(fil: Path) -> None:
    """Exemplet läses av ett test: ``exempel("<namn>")`` eller ``las_exempel("<namn>")``
    (testhjälpen för paketet) i någon testmodul utanför ``tests/exempel/``."""
    kod = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted(TESTER.rglob("*.py")) if p.parent != EXEMPEL
    )
    anrop = re.compile(r'exempel\(\s*"' + re.escape(fil.name) + '"')
    assert anrop.search(kod), fil


def test_lasaren_avvisar_ett_exempel_med_fri_kalltext(tmp_path: Path) -> None:
    data = yaml.safe_load('kalla: "SOU 2025:72, avsnitt 6.2.1"\n')
    with pytest.raises(ValueError):
        kallor(data)

"""Källorna som struktur: varje parameter- och scenariofil anger för varje värde ett känt
dokument och ett avsnitt eller en sida, och laddaren avvisar allt annat."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from skolpeng.fel import IndataFel
from skolpeng.parametrar import PARAMETERKATALOG, las_parametrar, las_scenario
from skolpeng.parametrar.kallor import KANDA_DOKUMENT, Kalla, ar_projektbeslut

SCENARIER = sorted((PARAMETERKATALOG.parent / "scenarier").glob("*.yaml"))
ROT = Path(__file__).resolve().parents[2]


def _alla_kallor() -> list[tuple[str, Kalla]]:
    poster = [
        (f"{namn} från {v.fran}", k)
        for namn, p in las_parametrar().items()
        for v in p.varden
        for k in v.kalla
    ]
    poster += [(f.name, k) for f in SCENARIER for k in las_scenario(f).kalla]
    return poster


def test_varje_kalla_namnger_ett_kant_dokument_och_ett_avsnitt_eller_en_sida() -> None:
    poster = _alla_kallor()
    assert len(poster) >= 40  # alla filer lästa (35 värden, några med flera källor)
    fel = [
        vem
        for vem, k in poster
        if not (k.dokument in KANDA_DOKUMENT or ar_projektbeslut(k.dokument))
        or not (k.avsnitt or k.sida or ar_projektbeslut(k.dokument))
    ]
    assert fel == []


def test_filerna_har_inga_fria_kalltexter_kvar() -> None:
    """Rå YAML: ``kalla`` är en mappning eller en lista av mappningar, aldrig en text, och
    inget värde har ett eget ``citat`` bredvid källan."""
    for fil in [*sorted(PARAMETERKATALOG.rglob("*.yaml")), *SCENARIER]:
        text = fil.read_text(encoding="utf-8")
        assert not re.search(r"^\s*kalla: *\S", text, re.MULTILINE), fil
        assert not re.search(r"^\s{6}citat:", text, re.MULTILINE), fil
        assert yaml.safe_load(text)


def test_projektets_beslut_pekar_pa_en_regelfil_som_finns_om_den_finns() -> None:
    """Hänvisningen ``docs/regler/<fil>.md#<ankare>``: finns regelfilen i förrådet ska ankaret
    stå i den (``<a id="ankare">``)."""
    for vem, k in _alla_kallor():
        if not ar_projektbeslut(k.dokument):
            continue
        fil, ankare = k.dokument.split("#")
        if (ROT / fil).exists():
            assert f'id="{ankare}"' in (ROT / fil).read_text(encoding="utf-8"), vem


@pytest.mark.parametrize(
    ("post", "ord_i_felet"),
    [
        ({"dokument": "Wikipedia", "avsnitt": "1"}, "okänt dokument"),
        ({"dokument": "SOU 2025:72"}, "avsnitt eller en sida"),
        ({"dokument": "SOU 2025:72", "avsnitt": "6.2.1", "kapitel": "6"}, "kapitel"),
        ({"dokument": "docs/regler/norm.md"}, "okänt dokument"),
    ],
)
def test_laddaren_avvisar_en_dalig_kalla(tmp_path: Path, post: dict, ord_i_felet: str) -> None:
    (tmp_path / "amne").mkdir()
    fil = tmp_path / "amne" / "x.yaml"
    fil.write_text(
        yaml.safe_dump(
            {
                "p": {
                    "beskrivning": "b",
                    "enhet": "andel",
                    "varden": [{"fran": "2022-01-01", "varde": 0.5, "kalla": post}],
                }
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    with pytest.raises(IndataFel) as e:
        las_parametrar(tmp_path)
    assert ord_i_felet in str(e.value)
    assert "x.yaml" in str(e.value)


def test_en_fri_kalltext_avvisas(tmp_path: Path) -> None:
    (tmp_path / "amne").mkdir()
    (tmp_path / "amne" / "x.yaml").write_text(
        "p:\n  beskrivning: b\n  enhet: andel\n  varden:\n"
        '    - {fran: 2022-01-01, varde: 0.5, kalla: "SOU 2025:72, avsnitt 6.2.1"}\n',
        encoding="utf-8",
    )
    with pytest.raises(IndataFel) as e:
        las_parametrar(tmp_path)
    assert "inte som fri text" in str(e.value) and "x.yaml" in str(e.value)


def test_kalltexten_som_rapporterna_visar() -> None:
    k = [
        Kalla(dokument="SOU 2025:72", avsnitt="6.2.1"),
        Kalla(dokument="SOU 2025:72 bilagan", avsnitt="Parametrar 3", sida=12),
        Kalla(dokument="docs/regler/norm.md#steg-6", avsnitt="Löneläge", anmarkning="härledd"),
    ]
    assert [x.text() for x in k] == [
        "SOU 2025:72, avsnitt 6.2.1",
        "SOU 2025:72, bilagan Beräkning av den vägledande normen, Parametrar 3, s. 12",
        "Projektets beslut, Löneläge (härledd)",
    ]

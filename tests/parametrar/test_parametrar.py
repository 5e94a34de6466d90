"""Parametrarna som data: varje parameter är beskriven och citerad, datum löses rätt,
okända nycklar avvisas och scenarier överlagrar (DESIGN.md, vana 1, 4 och 5)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from skolpeng.fel import IndataFel
from skolpeng.parametrar import PARAMETERKATALOG, las_parametrar, load_parameters

SRC = Path(__file__).resolve().parents[2] / "src" / "skolpeng"


def test_varje_parameter_har_beskrivning_enhet_och_kalla() -> None:
    parametrar = las_parametrar()
    assert len(parametrar) >= 15
    for namn, p in parametrar.items():
        assert p.beskrivning.strip(), namn
        assert p.enhet.strip(), namn
        for v in p.varden:
            # en källa nämner ett dokument och ett avsnitt, en tabell eller en paragraf
            assert re.search(
                r"(SOU|[Ss]kolförordning|[Ss]kollag|SKL|KPMG|[Gg]ällande rätt)", v.kalltext
            ), (
                namn,
                v.kalltext,
            )


def test_norm_md_parametertabellen() -> None:
    """Värdena i parametertabellen i docs/regler/norm.md#parametrar (SOU 2025:72 6.2.1, 7.2, 9.2.2, bilagan)."""
    p = load_parameters(dt.date(2026, 1, 1))
    assert p.tal("norm.avrakningar.tillaggsbelopp_schablon_andel") == 0.015
    assert p.tal("norm.avrakningar.hemkommunsansvar_schablon_andel") == 0.01
    assert p.tal("norm.reservationer.utbudsansvar_platsgaranti_andel") == 0.054
    assert p.tal("norm.fordelning.grundersattning_andel") == 0.92
    assert p.tal("norm.fordelning.socioekonomisk_andel") == 0.08
    assert p.mappning("norm.fordelning.stadieindex_fk_gr") == {
        "F": 0.85,
        "1-3": 1.0,
        "4-6": 1.05,
        "7-9": 1.2,
    }
    assert p.mappning("norm.fordelning.stadieindex_fritidshem") == {
        "F": 1.0,
        "1-3": 1.0,
        "4-6": 0.6,
    }
    assert p.tal("norm.strukturtillagg.lonekostnadsandel") == 0.771
    assert p.tal("norm.strukturtillagg.byggkostnad_vikt") == 0.6
    assert p.tal("norm.strukturtillagg.lokalindex_antal_ar") == 3
    assert p.tal("norm.fordelning.index_saknas") == 100
    assert p.tal("norm.fordelning.index_saknas_internationell") == 75
    assert p.tal("norm.niva.niva_vagledande") == 1.0
    assert p.tal("norm.niva.niva_bindande") == 0.95
    assert p.tal("norm.niva.momskompensation_enskild_andel") == 0.06
    # grundersättningens och det socioekonomiska tilläggets andelar fördelar hela R
    assert p.tal("norm.fordelning.grundersattning_andel") + p.tal(
        "norm.fordelning.socioekonomisk_andel"
    ) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("datum", "avdrag"),
    [
        (dt.date(2026, 1, 1), 0.0),
        (dt.date(2027, 12, 31), 0.0),
        (dt.date(2028, 1, 1), 0.03),
        (dt.date(2028, 12, 31), 0.03),
        (dt.date(2029, 1, 1), 0.06),
        (dt.date(2035, 6, 1), 0.06),
    ],
)
def test_avdrag_for_utbudsansvar_loses_per_datum(datum: dt.date, avdrag: float) -> None:
    """SOU 2025:72, förslaget till skolförordningen 14 kap. 7 a § och övergångsbestämmelse 3:
    inget avdrag före 2028, 3 % för kalenderåret 2028, därefter 6 %."""
    p = load_parameters(datum)
    assert p.tal("bidrag.avdrag_utbudsansvar_andel") == avdrag
    assert p.tal("bidrag.administration_andel") == 0.03
    assert p.tal("bidrag.moms_andel") == 0.06


def test_okand_nyckel_i_parameterfil_avvisas(tmp_path: Path) -> None:
    (tmp_path / "norm").mkdir()
    (tmp_path / "norm" / "x.yaml").write_text(
        "a:\n  beskrivning: b\n  enhet: andel\n  enhetx: fel\n  varden:\n"
        '    - fran: 2022-01-01\n      varde: 0.1\n      kalla: {dokument: SOU 2025:72, avsnitt: "6.2.1"}\n',
        encoding="utf-8",
    )
    with pytest.raises(IndataFel) as e:
        las_parametrar(tmp_path)
    assert "a.enhetx: okänd nyckel" in e.value.text()


def test_datum_maste_vara_stigande(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "a:\n  beskrivning: b\n  enhet: andel\n  varden:\n"
        "    - {fran: 2023-01-01, varde: 0.1, kalla: {dokument: SOU 2025:72, avsnitt: x}}\n"
        "    - {fran: 2022-01-01, varde: 0.2, kalla: {dokument: SOU 2025:72, avsnitt: x}}\n",
        encoding="utf-8",
    )
    with pytest.raises(IndataFel, match="stigande"):
        las_parametrar(tmp_path)


def test_parameter_saknas_fore_forsta_datum(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "a:\n  beskrivning: b\n  enhet: andel\n  varden:\n"
        "    - {fran: 2023-01-01, varde: 0.1, kalla: {dokument: SOU 2025:72, avsnitt: x}}\n",
        encoding="utf-8",
    )
    assert "x.a" not in load_parameters(dt.date(2022, 6, 1), katalog=tmp_path).varden
    assert load_parameters(dt.date(2023, 6, 1), katalog=tmp_path).tal("x.a") == 0.1


def test_scenario_overlagrar_och_anger_kalla(tmp_path: Path) -> None:
    scen = tmp_path / "s.yaml"
    scen.write_text(
        "namn: hogre socioekonomisk andel\nbeskrivning: 12 procent\n"
        'kalla: {dokument: SOU 2025:72, avsnitt: "6.2.1"}\nandringar:\n'
        "  norm.fordelning.socioekonomisk_andel: {2026-01-01: 0.12}\n"
        "  norm.fordelning.grundersattning_andel: {2026-01-01: 0.88}\n",
        encoding="utf-8",
    )
    fore = load_parameters(dt.date(2025, 12, 31), scen)
    efter = load_parameters(dt.date(2026, 1, 1), scen)
    assert fore.tal("norm.fordelning.socioekonomisk_andel") == 0.08
    assert efter.tal("norm.fordelning.socioekonomisk_andel") == 0.12
    assert efter.kalla("norm.fordelning.socioekonomisk_andel").startswith("scenario ")
    assert efter.scenario == "hogre socioekonomisk andel"
    assert "scenario:s.yaml" in efter.filhashar


def test_scenario_med_okand_parameter_avvisas(tmp_path: Path) -> None:
    scen = tmp_path / "s.yaml"
    scen.write_text(
        'namn: x\nbeskrivning: y\nkalla: {dokument: SOU 2025:72, avsnitt: "6.2.1"}\nandringar:\n  norm.finns_inte: {2026-01-01: 1}\n',
        encoding="utf-8",
    )
    with pytest.raises(IndataFel, match="andringar.norm.finns_inte: okänd parameter"):
        load_parameters(dt.date(2026, 1, 1), scen)


def test_scenario_med_okand_nyckel_avvisas(tmp_path: Path) -> None:
    scen = tmp_path / "s.yaml"
    scen.write_text(
        'namn: x\nbeskrivning: y\nkalla: {dokument: SOU 2025:72, avsnitt: "6.2.1"}\nandringar: {}\nextra: 1\n',
        encoding="utf-8",
    )
    with pytest.raises(IndataFel, match="extra: okänd nyckel"):
        load_parameters(dt.date(2026, 1, 1), scen)


def test_filhashar_tacker_varje_parameterfil() -> None:
    p = load_parameters(dt.date(2026, 1, 1))
    filer = {str(f.relative_to(PARAMETERKATALOG)) for f in PARAMETERKATALOG.rglob("*.yaml")}
    assert filer <= set(p.filhashar)
    assert all(len(h) == 64 for h in p.filhashar.values())


def test_ingen_parameter_ar_oanvand() -> None:
    """Lint: varje parameter används av någon regel (namnet förekommer i källkoden utanför
    parametrar/), så att ingen citerad siffra ligger oanvänd."""
    kallkod = "\n".join(
        f.read_text(encoding="utf-8")
        for f in SRC.rglob("*.py")
        if "parametrar" not in f.relative_to(SRC).parts[:1]
    )
    oanvanda = [n for n in las_parametrar() if n not in kallkod]
    assert oanvanda == []


def test_textvarde_och_vardeslag(tmp_path) -> None:
    """En parameter kan ha ett textvärde (t.ex. utbudsansvarets trendmetod, ``text``); ett
    scenario eller en parameterfil som blandar slag (tal, text, mappning) avvisas på svenska."""
    import datetime as dt

    import pytest

    from skolpeng.fel import IndataFel
    from skolpeng.parametrar import load_parameters

    p = load_parameters(dt.date(2026, 1, 1))
    assert p.text("utbudsansvar.overkapacitet.trendmetod") == "linjar"
    with pytest.raises(TypeError):
        p.tal("utbudsansvar.overkapacitet.trendmetod")
    with pytest.raises(TypeError):
        p.text("utbudsansvar.overkapacitet.beredskap_andel")
    scen = tmp_path / "s.yaml"
    scen.write_text(
        'namn: s\nbeskrivning: b\nkalla: {dokument: SOU 2025:72, avsnitt: "6.2.1"}\nandringar:\n'
        "  utbudsansvar.overkapacitet.beredskap_andel: {2025-01-01: två}\n"
        "  utbudsansvar.overkapacitet.trendmetod: {2025-01-01: hp}\n",
        encoding="utf-8",
    )
    with pytest.raises(IndataFel) as fel:
        load_parameters(dt.date(2026, 1, 1), scen)
    (problem,) = fel.value.problem
    assert "beredskap_andel" in problem.meddelande and "fel slag (parametern är tal)" in (
        problem.meddelande
    )
    katalog = tmp_path / "data" / "x"
    katalog.mkdir(parents=True)
    (katalog / "y.yaml").write_text(
        "z:\n  beskrivning: b\n  enhet: e\n  varden:\n"
        "    - {fran: 2025-01-01, varde: 1.0, kalla: {dokument: SOU 2025:72, avsnitt: x}}\n"
        "    - {fran: 2026-01-01, varde: ett, kalla: {dokument: SOU 2025:72, avsnitt: x}}\n",
        encoding="utf-8",
    )
    with pytest.raises(IndataFel, match="samma slag"):
        load_parameters(dt.date(2026, 1, 1), katalog=tmp_path / "data")

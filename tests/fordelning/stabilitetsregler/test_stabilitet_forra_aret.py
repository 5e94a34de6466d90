"""Förra årets resultat: utdatakatalogen (fordelning.csv, modell.yaml, underlag_*.csv) och den
enkla tabellen skolenhetskod, kr_per_elev; fel på svenska med fil, rad och kolumn."""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.fel import IndataFel
from skolpeng.fordelning import FORDELNING_KOLUMNER, fordela
from skolpeng.fordelning.modellfil.schema import Stabilitet
from skolpeng.fordelning.stabilitetsregler.forra_aret import (
    las_forra_aret,
    skriv_forra_aret_underlag,
)
from skolpeng.fordelning.stabilitetsregler.golv import tillampa_stabilitet
from skolpeng.fordelning.underlag_och_resultat import Fordelningsunderlag
from tests.fordelning.handgjord_fordelning import kod, modell, underlag

A, B, C = kod(1), kod(2), kod(3)


def _fordelning():
    """En fördelning med index, målgrupp och givna belopp (motorn), med stabilitetsjustering."""
    u = underlag(
        {A: {"F": 10, "1": 20, "7": 5}, B: {"4": 30}, C: {"8": 25, "9": 25}},
        {A: 120.0, B: 80.0, C: 100.0},
        {C: "enskild"},
    )
    u = Fordelningsunderlag(
        enheter=u.enheter,
        elever=u.elever,
        index=u.index,
        malgrupper=pl.DataFrame(
            {"skolenhetskod": [A, B], "malgrupp": ["nyanlanda", "nyanlanda"], "antal": [3.0, 1.0]}
        ),
        givna_belopp=pl.DataFrame({"skolenhetskod": [B], "pott": ["hyra"], "belopp_kr": [5e4]}),
    )
    m = modell(
        1e7,
        [{"namn": "bas", "andel": 0.8}, {"namn": "struktur", "andel": 0.195, "nyckel": "index"}],
    )
    m = m.model_copy(
        update={
            "potter": [
                *m.potter,
                m.potter[0].model_copy(
                    update={
                        "namn": "nyanlanda",
                        "belopp": m.potter[0].belopp.model_copy(update={"andel_av_ram": 0.005}),
                        "nyckel": m.potter[0].nyckel.model_copy(
                            update={"typ": "malgrupp", "malgrupp": "nyanlanda"}
                        ),
                    }
                ),
                m.potter[0].model_copy(
                    update={
                        "namn": "hyra",
                        "belopp": m.potter[0].belopp.model_copy(
                            update={"andel_av_ram": None, "summa_kr": 5e4}
                        ),
                        "nyckel": m.potter[0].nyckel.model_copy(update={"typ": "givet"}),
                    }
                ),
            ],
            "stabilitet": Stabilitet(max_minskning_andel=0.02),
        }
    )
    f = fordela(type(m).model_validate(m.model_dump()), u)
    forra = pl.DataFrame({"skolenhetskod": [A, B], "kr_per_elev": [300_000.0, 200_000.0]})
    return tillampa_stabilitet(f, forra, m.stabilitet)


def _skriv_katalog(f, katalog):
    """Som ``skolpeng fordela``: FORDELNING_KOLUMNER först, sedan radernas övriga kolumner."""
    katalog.mkdir()
    ovriga = [c for c in f.rader.columns if c not in FORDELNING_KOLUMNER]
    f.rader.select(*FORDELNING_KOLUMNER, *ovriga).write_csv(katalog / "fordelning.csv")
    return skriv_forra_aret_underlag(f, katalog)


def test_katalogen_tur_och_retur(tmp_path):
    f = _fordelning()
    assert (f.rader["pott"] == "stabilitetsjustering").any()
    filer = _skriv_katalog(f, tmp_path / "2025")
    assert {p.name for p in filer} == {
        "modell.yaml",
        "underlag_enheter.csv",
        "underlag_elever.csv",
        "underlag_index.csv",
        "underlag_malgrupper.csv",
        "underlag_givna_belopp.csv",
    }
    forra = las_forra_aret(tmp_path / "2025")
    assert forra.har_underlag
    assert not any("okända kolumner" in a for a in forra.anteckningar)
    assert forra.modell == f.modell
    for falt in ("enheter", "elever", "malgrupper", "givna_belopp"):
        a, b = getattr(forra.underlag, falt), getattr(f.underlag, falt)
        kol = [c for c in b.columns if c in a.columns]
        assert a.select(kol).sort(kol).equals(b.select(kol).sort(kol).cast(a.select(kol).schema))
    idx = forra.underlag.index.select("skolenhetskod", "index", "index_standard")
    assert idx.equals(f.underlag.index.sort("skolenhetskod"))
    # beslutat belopp per enhet = fördelningens (inklusive stabilitetsjusteringen)
    e = forra.enheter.join(
        f.enheter.select("skolenhetskod", pl.col("belopp_kr").alias("b")), on="skolenhetskod"
    )
    assert e["belopp_kr"].to_list() == pytest.approx(e["b"].to_list(), rel=1e-12)
    just = f.rader.filter(pl.col("pott") == "stabilitetsjustering").group_by("skolenhetskod")
    just = dict(just.agg(pl.col("belopp_kr").sum()).iter_rows())
    for r in forra.enheter.iter_rows(named=True):
        assert r["stabilitetsjustering_kr"] == pytest.approx(just.get(r["skolenhetskod"], 0.0))
        assert r["kr_per_elev"] == pytest.approx(r["belopp_kr"] / r["elever"])
    assert set(forra.filhashar) >= {"fordelning.csv", "modell.yaml", "underlag_elever.csv"}
    # den utjämnade/omräknade modellen räknar samma belopp igen
    igen = fordela(forra.modell, forra.underlag)
    pre = f.rader.filter(pl.col("pott") != "stabilitetsjustering")
    assert igen.rader["belopp_kr"].sum() == pytest.approx(pre["belopp_kr"].sum())


def test_enkel_tabell_med_decimalkomma(tmp_path):
    fil = tmp_path / "beslut.csv"
    fil.write_text(f"skolenhetskod;kr_per_elev\n{A};48 000,50\n{B};51000\n", encoding="utf-8")
    forra = las_forra_aret(fil)
    assert not forra.har_underlag
    assert forra.per_elev().sort("skolenhetskod")["kr_per_elev"].to_list() == [48_000.5, 51_000.0]
    assert forra.enheter["elever"].null_count() == 2


def test_enkel_tabell_alla_fel_pa_en_gang(tmp_path):
    fil = tmp_path / "beslut.csv"
    fil.write_text(f"skolenhetskod,kr_per_elev\n12x4,5\n{A},-4\n{B},7\n{B},8\n", encoding="utf-8")
    with pytest.raises(IndataFel) as e:
        las_forra_aret(fil)
    platser = {(p.fil, p.rad, p.kolumn) for p in e.value.problem}
    assert ("beslut.csv", 2, "skolenhetskod") in platser
    assert ("beslut.csv", 3, "kr_per_elev") in platser
    assert ("beslut.csv", 5, "skolenhetskod") in platser
    assert len(e.value.problem) == 3


def test_katalog_med_saknade_filer_och_okand_enhet(tmp_path):
    f = _fordelning()
    _skriv_katalog(f, tmp_path / "k")
    (tmp_path / "k" / "modell.yaml").unlink()
    (tmp_path / "k" / "underlag_elever.csv").unlink()
    with pytest.raises(IndataFel) as e:
        las_forra_aret(tmp_path / "k")
    assert {p.fil for p in e.value.problem} == {"modell.yaml", "underlag_elever.csv"}
    assert all("saknas" in p.meddelande for p in e.value.problem)

    _skriv_katalog(f, tmp_path / "k2")
    enh = pl.read_csv(
        tmp_path / "k2" / "underlag_enheter.csv",
        schema_overrides={"skolenhetskod": pl.String, "kommunkod": pl.String},
    )
    enh.filter(pl.col("skolenhetskod") != C).write_csv(tmp_path / "k2" / "underlag_enheter.csv")
    with pytest.raises(IndataFel, match=f"finns inte i underlag_enheter.csv: {C}"):
        las_forra_aret(tmp_path / "k2")


def test_saknad_sokvag():
    with pytest.raises(IndataFel, match="finns inte"):
        las_forra_aret("/finns/inte/alls.csv")

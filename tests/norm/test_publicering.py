"""Publiceringstabellen i form av SOU 2025:72 tabell 9.2 (avsnitt 9.2.2, fotnot 5)."""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.norm.publicering import (
    PUBLICERING_KOLUMNER,
    VARAV,
    normrubrik,
    publiceringstabell,
)
from tests.rapporter.normresultat_hjalp import (
    ELEVER,
    ENHETER,
    LOKAL_RIKET,
    PLATSGARANTI,
    gor_resultat,
)


def _oavrundat(kod: str, stadium: str, res) -> dict:
    rad = res.enheter.filter((pl.col("skolenhetskod") == kod) & (pl.col("stadium") == stadium)).row(
        0, named=True
    )
    return rad


def test_struktur_huvudman_foljd_av_enheter_per_stadium():
    tab = publiceringstabell(gor_resultat("vagledande"))
    assert tab.columns == list(PUBLICERING_KOLUMNER)
    # Vägledande: bara kommunala enheter och huvudmän publiceras (docs/regler/norm.md#varianter).
    assert set(tab["huvudmannatyp"]) == {"kommunal"}
    ordning = tab.select("stadium", "radtyp", "huvudman_id", "skolenhetskod").rows()
    assert ordning == [
        ("1-3", "huvudman", "0114", None),
        ("1-3", "skolenhet", "0114", "10000001"),
        ("1-3", "skolenhet", "0114", "10000002"),
        ("1-3", "skolenhet", "0114", "10000003"),
        ("1-3", "huvudman", "2506", None),
        ("1-3", "skolenhet", "2506", "20000001"),
        ("1-3", "skolenhet", "2506", "20000002"),
        ("4-6", "huvudman", "0114", None),
        ("4-6", "skolenhet", "0114", "10000001"),
        ("4-6", "skolenhet", "0114", "10000003"),
        ("4-6", "huvudman", "2506", None),
        ("4-6", "skolenhet", "2506", "20000002"),
    ]
    hm = tab.filter(pl.col("radtyp") == "huvudman")
    assert hm["namn"].to_list()[:2] == ["Upplands Väsby kommun", "Arjeplogs kommun"]
    assert hm["kommunkod"].to_list() == ["0114", "2506", "0114", "2506"]
    assert hm["elever"].to_list() == [510.5, 53.0, 255.5, 21.0]


def test_hela_kronor_och_delarna_summerar_till_normen():
    tab = publiceringstabell(gor_resultat("bindande", niva=0.95, moms=0.06))
    for k in ("norm", *VARAV):
        assert tab[k].dtype == pl.Int64
    summa = sum(tab[k] for k in VARAV)
    assert (summa == tab["norm"]).all()


def test_enhetsrad_ar_avrundad_enhet_och_komponenter_i_normarets_prisniva():
    res = gor_resultat("vagledande")
    tab = publiceringstabell(res)
    rad = tab.filter((pl.col("skolenhetskod") == "20000001") & (pl.col("stadium") == "1-3"))
    ora = _oavrundat("20000001", "1-3", res)
    assert rad["norm"].item() == round(ora["norm"])
    # Fotnot 5: lokalkostnad = rikets lokalkostnad per elev + indexets tillägg/avdrag.
    assert abs(rad["varav_lokalkostnad"].item() - (LOKAL_RIKET - 3_996.8)) <= 1
    assert abs(rad["varav_platsgaranti"].item() - PLATSGARANTI) <= 1
    assert abs(rad["varav_socioekonomi"].item() - 14_324.1) <= 1
    # Gleshet 8 % av (P + S) (docs/regler/norm.md#steg-8).
    assert abs(rad["varav_gleshet"].item() - 0.08 * (80_000 * 1.103 + 14_324.1)) <= 1
    # Platsgaranti och lokalkostnad är lika inom kommunen (avsnitt 9.2.2).
    kommun = tab.filter((pl.col("kommunkod") == "0114") & (pl.col("radtyp") == "skolenhet"))
    assert kommun["varav_platsgaranti"].unique().to_list() == [round(PLATSGARANTI)]
    assert kommun["varav_lokalkostnad"].unique().to_list() == [round(LOKAL_RIKET + 442.5)]
    # Varje redovisad del inom en halv krona, resten (övrigt) inom 2,5 kr.
    for k, kol in (("socioekonomiskt_tillagg", "varav_socioekonomi"), ("gleshet", "varav_gleshet")):
        assert abs(rad[kol].item() - ora[k]) <= 0.5
    ovrigt = ora["norm"] - ora["socioekonomiskt_tillagg"] - ora["varav_lokalkostnad"]
    ovrigt -= ora["platsgaranti"] + ora["gleshet"]
    assert abs(rad["varav_ovrigt"].item() - ovrigt) <= 2.5


@pytest.mark.parametrize("stadium", ["1-3", "4-6"])
def test_huvudmannarad_ar_elevviktat_medel_av_enheterna(stadium):
    res = gor_resultat("vagledande")
    tab = publiceringstabell(res)
    for hm in ("0114", "2506"):
        enh = [
            (ELEVER[(kod, stadium)], _oavrundat(kod, stadium, res))
            for kod, _, _, typ, h, *_ in ENHETER
            if h == hm and (kod, stadium) in ELEVER
        ]
        n = sum(e for e, _ in enh)
        norm = sum(e * r["norm"] for e, r in enh) / n
        socio = sum(e * r["socioekonomiskt_tillagg"] for e, r in enh) / n
        rad = tab.filter(
            (pl.col("huvudman_id") == hm)
            & (pl.col("stadium") == stadium)
            & (pl.col("radtyp") == "huvudman")
        )
        assert rad["norm"].item() == round(norm)
        assert abs(rad["varav_socioekonomi"].item() - socio) <= 1


def test_bindande_publicerar_alla_enheter_och_skalar_delarna():
    res = gor_resultat("bindande", niva=0.95, moms=0.06)
    tab = publiceringstabell(res)
    assert set(tab["huvudmannatyp"]) == {"kommunal", "enskild"}
    enskild = tab.filter(pl.col("huvudman_id") == "5560000001")
    assert enskild["radtyp"].to_list() == ["huvudman", "skolenhet", "huvudman", "skolenhet"]
    rad = enskild.filter(pl.col("skolenhetskod") == "30000001").row(0, named=True)
    # 95 % nivå och 6 % moms: socioekonomin är 0,95·1,06 av modellens tillägg.
    assert abs(rad["varav_socioekonomi"] - 9_000.2 * 0.95 * 1.06) <= 1
    assert rad["varav_platsgaranti"] == 0 and rad["varav_gleshet"] == 0
    # Kommunala huvudmän först i varje stadium.
    forsta = tab.filter(pl.col("stadium") == "1-3")["huvudmannatyp"].to_list()
    assert forsta == sorted(forsta, key=lambda t: t != "kommunal")


def test_normrubriker_som_tabell_9_2():
    assert normrubrik("1-3") == "Norm åk 1–3"
    assert normrubrik("F") == "Norm förskoleklass"
    assert normrubrik("7-9", "bindande") == "Norm åk 7–9"
    assert normrubrik("4-6", "fritidshem") == "Norm fritidshem åk 4–6"

"""Den handräknade kommunen A (``utbetalning_hjalp``): varje månads utbetalning och fordran
kontrolleras mot en oberoende beräkning i testet, med exakta bråk.

Grunderna (från källorna, inte från projektets indata):

- bidraget per elev = (kostnadsslag + lokalkostnad) × 1,03 (administration 3 %,
  skolförordningen 14 kap. 4 § p. 5) × 1,06 (moms 6 %, p. 6); avdraget för utbudsansvar är
  0 före 2028 (SOU 2025:72, övergångsbestämmelse 2); avrundat till hela kronor;
- den interkommunala ersättningen för eget val = kommunens eget belopp per elev (skollagen
  10 kap. 34 §; SOU avsnitt 3.1.1), eller det överenskomna beloppet;
- en tolftedel per månad; ett tillskott från september fördelas på de fyra återstående
  utbetalningarna (föreslagen skolförordning 14 kap. 2 §);
- varje utbetalning i hela kronor så att den löpande summan är den avrundade löpande
  summan; en rättelse av en betald månad blir en korrigering i nästa utbetalning.
"""

from __future__ import annotations

from fractions import Fraction
from math import floor
from pathlib import Path

import polars as pl
import pytest

from skolpeng.data.utbetalning_filer import las_prislista
from skolpeng.fordelning.korning import berakna_korning
from skolpeng.fordelning.utbetalning.korning import berakna_utbetalningar
from tests.fordelning.utbetalning_hjalp import (
    ELEVER_I_A,
    LOKALKOSTNAD,
    RAM,
    RAM_SEPTEMBER,
    A,
    B,
    C,
    antal,
    skriv_dataset,
    skriv_modell,
    skriv_prislista,
)

ADMINISTRATION = Fraction(3, 100)  # skolförordningen 14 kap. 4 § p. 5
MOMS = Fraction(6, 100)  # skolförordningen 14 kap. 4 § p. 6
TILLSKOTT_FRAN = 9


def _avrunda(x: Fraction) -> int:
    return floor(x + Fraction(1, 2))


def _bidrag(ram: int) -> int:
    per_elev = Fraction(ram, ELEVER_I_A)
    return _avrunda((per_elev + LOKALKOSTNAD) * (1 + ADMINISTRATION) * (1 + MOMS))


G0, G1 = _bidrag(RAM), _bidrag(RAM_SEPTEMBER)
EGEN0, EGEN1 = RAM // ELEVER_I_A, RAM_SEPTEMBER // ELEVER_I_A
LISTA_B_13 = 96_000

# linje -> (årsbelopp före, efter tillskottet); E3 ligger i B och får kommunens genomsnitt,
# som här är detsamma eftersom alla A:s enheter har samma belopp per elev.
LINJER = {
    ("bidrag", "10000021", "1-3", A): (G0, G1),
    ("bidrag", "10000022", "7-9", A): (G0, G1),
    ("bidrag", "10000032", "7-9", A): (G0, G1),
    ("ersattning", "10000031", "1-3", A): (LISTA_B_13, LISTA_B_13),
    ("ersattning", "10000031", "7-9", A): (EGEN0, EGEN1),
    ("fordran", "10000011", "1-3", B): (LISTA_B_13, LISTA_B_13),
    ("fordran", "10000011", "1-3", C): (EGEN0, EGEN1),
    ("fordran", "10000012", "7-9", C): (EGEN0, EGEN1),
}
STADIUM_TILL_AK = {"1-3": "1", "7-9": "7"}


def _manadsbelopp(linje: tuple, m: int) -> Fraction:
    p0, p1 = LINJER[linje]
    belopp = Fraction(p0, 12)
    if m >= TILLSKOTT_FRAN:
        belopp += Fraction(p1 - p0, 13 - TILLSKOTT_FRAN)
    return belopp


def _elever(linje: tuple, m: int, version: int) -> int:
    typ, enhet, stadium, hem = linje
    return antal(version)[(enhet, STADIUM_TILL_AK[stadium], hem, m)]


def _forvantat() -> dict[tuple, list[tuple[int, int]]]:
    """linje -> [(belopp, korrigering)] per månad 1–12, när januari–april betalas med
    version 1 av underlaget och maj–december med version 2."""
    ut: dict[tuple, list[tuple[int, int]]] = {}
    for linje in LINJER:
        betalt, rader = 0, []
        for m in range(1, 13):
            v = 1 if m <= 4 else 2
            fore = sum(_elever(linje, j, v) * _manadsbelopp(linje, j) for j in range(1, m))
            till = fore + _elever(linje, m, v) * _manadsbelopp(linje, m)
            belopp = _avrunda(till) - _avrunda(fore)
            korr = _avrunda(fore) - betalt
            betalt += belopp + korr
            rader.append((belopp, korr))
        ut[linje] = rader
    return ut


@pytest.fixture(scope="module")
def korningar(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    rot = tmp_path_factory.mktemp("a")
    modell = skriv_modell(rot / "modell.yaml")
    lista = las_prislista(skriv_prislista(rot / "prislista.csv"))
    k1 = berakna_korning(modell, str(skriv_dataset(rot / "v1", 1)))
    k2 = berakna_korning(modell, str(skriv_dataset(rot / "v2", 2)))
    tab1, tab2 = k1.underlag.elever_hemkommun, k2.underlag.elever_hemkommun
    assert tab1 is not None and tab2 is not None
    april = berakna_utbetalningar(k1, tab1, (1, 2, 3, 4), lista)
    fryst = april.rader.with_columns(status=pl.lit("fryst"))
    maj = berakna_utbetalningar(k2, tab2, (5,), lista, fryst)
    fryst2 = maj.rader.with_columns(status=pl.lit("fryst"))
    resten = berakna_utbetalningar(k2, tab2, tuple(range(6, 13)), lista, fryst2)
    return {"k1": k1, "april": april, "maj": maj, "resten": resten, "fryst": fryst}


def _rad(rader: pl.DataFrame, linje: tuple, m: int) -> dict:
    typ, enhet, stadium, hem = linje
    r = rader.filter(
        (pl.col("typ") == typ)
        & (pl.col("skolenhetskod") == enhet)
        & (pl.col("stadium") == stadium)
        & (pl.col("hemkommun") == hem)
        & (pl.col("manad") == m)
    )
    assert r.height == 1, (linje, m)
    return r.row(0, named=True)


def test_bidraget_per_elev_ur_grunderna(korningar: dict) -> None:
    assert (G0, G1) == (120_098, 133_200)
    bidrag = korningar["k1"].bidrag  # type: ignore[attr-defined]
    assert sorted(bidrag["bidrag"].round(6).to_list()) == [G0, G0]


def test_varje_manads_utbetalning_och_fordran(korningar: dict) -> None:
    forvantat = _forvantat()
    rader = korningar["resten"].rader  # type: ignore[attr-defined]
    for linje, manader in forvantat.items():
        for m, (belopp, korr) in enumerate(manader, start=1):
            r = _rad(rader, linje, m)
            assert (r["belopp_kr"], r["korrigering_kr"]) == (belopp, korr), (linje, m)
            assert r["att_betala_kr"] == belopp + korr
    nycklar = set(rader.select("typ", "skolenhetskod", "stadium", "hemkommun").unique().iter_rows())
    assert nycklar == set(LINJER)


def test_eleven_som_borjar_i_mars_betalas_fran_mars(korningar: dict) -> None:
    rader = korningar["resten"].rader  # type: ignore[attr-defined]
    linje = ("bidrag", "10000021", "1-3", A)
    assert _rad(rader, linje, 2)["elever"] == 100
    assert _rad(rader, linje, 3)["elever"] == 101
    nya = korningar["april"].nya  # type: ignore[attr-defined]
    assert nya.filter(pl.col("typ") == "ny_elev").select(
        "skolenhetskod", "stadium", "manad", "antal"
    ).rows() == [("10000021", "1-3", 3, 1.0)]


def test_rattelsen_i_maj_ar_en_korrigering_och_april_ar_ofordrad(korningar: dict) -> None:
    linje = ("bidrag", "10000022", "7-9", A)
    maj = korningar["maj"].rader  # type: ignore[attr-defined]
    r = _rad(maj, linje, 5)
    # betalt jan–apr: avrunda(320 × 120 098 / 12) = 3 202 613; rätt: 324 × 120 098 / 12 =
    # 3 242 646; korrigeringen i maj är skillnaden
    assert r["korrigering_kr"] == 3_242_646 - 3_202_613 == 40_033
    assert "mars: 80 → 82 elever" in r["korrigering_avser"]
    assert "april: 80 → 82 elever" in r["korrigering_avser"]
    fryst = korningar["fryst"]
    for m in range(1, 5):
        assert _rad(maj, linje, m) == _rad(fryst, linje, m)  # type: ignore[arg-type]


def test_helt_ar_med_samma_elevantal_ger_arsbidraget_efter_tillskottet(korningar: dict) -> None:
    rader = korningar["resten"].rader  # type: ignore[attr-defined]
    e3 = rader.filter(pl.col("skolenhetskod") == "10000032")
    assert e3["att_betala_kr"].sum() == 12 * G1
    b1 = rader.filter((pl.col("skolenhetskod") == "10000031") & (pl.col("stadium") == "1-3"))
    assert b1["att_betala_kr"].sum() == 6 * LISTA_B_13


def test_budgetandringen_ar_en_ny_prisversion_fran_september(korningar: dict) -> None:
    versioner = korningar["resten"].versioner  # type: ignore[attr-defined]
    assert [v.fran_manad for v in versioner] == [1, 9]
    assert versioner[1].andring.ram_kr == RAM_SEPTEMBER


def test_grunder_for_fordringarna(korningar: dict) -> None:
    rader = korningar["resten"].rader  # type: ignore[attr-defined]
    b = _rad(rader, ("fordran", "10000011", "1-3", B), 1)
    c = _rad(rader, ("fordran", "10000011", "1-3", C), 1)
    assert "överenskommen prislista" in b["grund"]
    assert "uppskattning med kommunens egna grunder" in c["grund"]


def test_utan_prislista_galler_kommunens_egna_grunder(tmp_path: Path) -> None:
    k = berakna_korning(skriv_modell(tmp_path / "m.yaml"), str(skriv_dataset(tmp_path / "d", 1)))
    assert k.underlag.elever_hemkommun is not None
    r = berakna_utbetalningar(k, k.underlag.elever_hemkommun, (1,))
    e = _rad(r.rader, ("ersattning", "10000031", "1-3", A), 1)
    assert e["arsbelopp_kr"] == EGEN0
    assert e["att_betala_kr"] == _avrunda(Fraction(6 * EGEN0, 12))

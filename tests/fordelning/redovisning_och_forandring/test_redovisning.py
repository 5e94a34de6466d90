"""Redovisningen per skolenhet (docs/regler/fordelning-och-bidrag.md#redovisning):
varje pottrad finns, summorna stämmer, standardvärden och tak syns, förändringen följer med.

Fördelningen är handgjord (``redovisning_hjalp``) med en egen minimal beräkning, oberoende
av motorn; beloppen nedan räknas om för hand ur hjälpens konstanter."""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest

from skolpeng.fordelning.redovisning_och_forandring.redovisning import redovisning
from tests.fordelning.redovisning_hjalp import (
    ARSKURSER,
    FORANDRING_DELAR,
    MALGRUPPER,
    RAM,
    TAK,
    VIKTER,
    elever_per_stadium,
    gor_forandring,
    gor_fordelning,
)


@pytest.fixture(scope="module")
def fordelning():
    return gor_fordelning()


@pytest.fixture(scope="module")
def reds(fordelning):
    return {r.skolenhetskod: r for r in redovisning(fordelning, gor_forandring(fordelning))}


def test_en_redovisning_per_enhet_i_enheternas_ordning(fordelning, reds) -> None:
    koder = fordelning.enheter["skolenhetskod"].to_list()
    assert [r.skolenhetskod for r in redovisning(fordelning)] == koder
    assert reds["10000001"].namn == "Ekskolan"
    assert reds["30000001"].huvudmannatyp == "enskild"


def test_varje_pottrad_finns_och_i_modellens_ordning(fordelning, reds) -> None:
    """Varje rad i fördelningen för enheten finns i redovisningen (samma belopp), och
    potterna står i modellens ordning med delpotterna i sin ordning."""
    for kod, red in reds.items():
        egna = fordelning.rader.filter(pl.col("skolenhetskod") == kod)
        assert len(red.rader) == egna.height
        ur_fordelning = sorted(
            (r["pott"], r["delpott"] or "", r["stadium"] or "", round(r["belopp_kr"], 6))
            for r in egna.iter_rows(named=True)
        )
        ur_red = sorted(
            (r.pott, r.delpott or "", r.stadium or "", round(r.belopp_kr, 6)) for r in red.rader
        )
        assert ur_red == ur_fordelning
    ordning = [(p.pott, p.delpott) for p in reds["10000001"].potter]
    assert ordning == [
        ("grundbelopp", None),
        ("socioekonomi", None),
        ("tillagg", "nyanlanda"),
        ("tillagg", "lag_utbildning"),
        ("lokaler", None),
        ("statsbidrag", None),
    ]
    # statsbidraget når bara kommunala enheter
    assert "statsbidrag" not in {p.pott for p in reds["30000001"].potter}
    # raderna inom en pott i stadieordning
    grund = [r.stadium for r in reds["10000003"].rader if r.pott == "grundbelopp"]
    assert grund == ["1-3", "4-6", "7-9"]


def test_summor(fordelning, reds) -> None:
    """Enhetens belopp = Σ rader = fördelningens enhetsbelopp; avrundat = Σ avrundade rader;
    potternas bidrag per elev i enheten summerar till enhetens belopp per elev; över alla
    enheter summerar redovisningarnas avrundade pottbelopp till potternas avrundade belopp."""
    belopp = dict(fordelning.enheter.select("skolenhetskod", "belopp_kr").iter_rows())
    for kod, red in reds.items():
        assert red.belopp_kr == pytest.approx(belopp[kod], rel=1e-12)
        assert red.belopp_kr == pytest.approx(sum(r.belopp_kr for r in red.rader), rel=1e-12)
        assert red.belopp_kr_avrundat == sum(r.belopp_kr_avrundat for r in red.rader)
        assert red.belopp_kr_avrundat == sum(p.belopp_kr_avrundat for p in red.potter)
        assert sum(p.kr_per_elev_enhet for p in red.potter) == pytest.approx(red.kr_per_elev)
        assert abs(red.belopp_kr_avrundat - red.belopp_kr) < len(red.rader)
    per_pott: dict[str, int] = {}
    for red in reds.values():
        for p in red.potter:
            per_pott[p.pott] = per_pott.get(p.pott, 0) + p.belopp_kr_avrundat
    assert per_pott == dict(fordelning.potter.select("pott", "fordelat_avrundat_kr").iter_rows())
    assert sum(per_pott.values()) == round(0.92 * RAM) + 2_000_000 + 3_000_000 + 1_000_000


def test_belopp_mot_handrakning(reds) -> None:
    """Ekskolan (F 20, 1–3 75, 4–6 60 elever) räknat för hand ur modellens konstanter."""
    eps = elever_per_stadium()
    viktade = sum(n * VIKTER[s] for (_, s), n in eps.items())
    pris = 0.80 * RAM / viktade
    red = reds["10000001"]
    p = {(x.pott, x.delpott): x for x in red.potter}
    assert red.elever_per_stadium == (("F", 20.0), ("1-3", 75.0), ("4-6", 60.0))
    assert red.elever == 155
    assert p[("grundbelopp", None)].belopp_kr == pytest.approx(
        pris * (20 * 0.85 + 75 * 1.0 + 60 * 1.05)
    )
    # nyckelvärdet för grundbeloppet = elevviktad medelvikt
    assert p[("grundbelopp", None)].nyckelvarde == pytest.approx(
        (20 * 0.85 + 75 * 1.0 + 60 * 1.05) / 155
    )
    # taket binder: 9 000 kr per elev
    assert p[("socioekonomi", None)].kr_per_elev == pytest.approx(TAK)
    # målgruppen: 30 av (30 + 10 + 40 + 12) lågutbildade, 40 % av 2 mnkr
    lag = p[("tillagg", "lag_utbildning")]
    assert lag.belopp_kr == pytest.approx(0.4 * 2_000_000 * 30 / 92)
    assert lag.nyckelvarde == 30
    assert lag.kr_per_elev == pytest.approx(0.4 * 2_000_000 / 92)
    assert lag.kr_per_elev_enhet == pytest.approx(lag.belopp_kr / 155)
    # lika belopp per enhet: 3 mnkr / 4 enheter
    assert p[("lokaler", None)].belopp_kr == pytest.approx(750_000)
    # statsbidraget per elev i F–3 bland kommunala enheter
    f3 = sum(n for (k, s), n in eps.items() if k.startswith("1") and s in ("F", "1-3"))
    assert p[("statsbidrag", None)].kr_per_elev == pytest.approx(1_000_000 / f3)
    assert p[("statsbidrag", None)].samma_grunder is False
    assert sum(ARSKURSER["10000001"].values()) == 155
    assert MALGRUPPER["10000001"]["lag_utbildning"] == 30


def test_nyckeln_som_gav_beloppet_syns(reds) -> None:
    """Förklaringen per pott: en text per stadium när stadierna har olika vikt."""
    grund = reds["10000001"].potter[0]
    assert grund.forklaring.startswith("F: vikt 0,85 × ")
    assert "åk 4–6: vikt 1,05 × " in grund.forklaring
    socio = reds["10000002"].potter[1]
    assert socio.nyckel == "index" and socio.forklaring.startswith("index 0,90 × ")


def test_standardvarden_och_tak_syns(reds) -> None:
    """Granskolan saknar index (standardvärdet användes); taket band för Ekskolan."""
    gran = reds["10000003"]
    assert gran.index_standard
    assert len(gran.standardvarden) == 1 and "standardvärdet" in gran.standardvarden[0]
    assert reds["10000001"].begransningar and "Taket" in reds["10000001"].begransningar[0]
    assert not reds["10000002"].begransningar and not reds["10000002"].standardvarden


def test_standardvarde_utan_anteckning_far_en_mening(fordelning) -> None:
    """Utan anteckningar skriver redovisningen själv att standardvärdet användes, och ett tak
    som band enligt kolumnen ``tak_band`` syns även utan anteckning."""
    rader = fordelning.rader.with_columns(
        tak_band=(pl.col("skolenhetskod") == "10000001") & (pl.col("pott") == "socioekonomi")
    )
    f = dataclasses.replace(
        fordelning,
        rader=rader,
        anteckningar=(),
        underlag=dataclasses.replace(fordelning.underlag, anteckningar=()),
    )
    reds = {r.skolenhetskod: r for r in redovisning(f)}
    assert "standardvärdet 100,0" in reds["10000003"].standardvarden[0]
    assert reds["10000001"].begransningar == (
        "Taket per elev i potten ”Socioekonomi” band för skolenheten; överskottet fördelades på "
        "enheterna under taket.",
    )


def test_forandringen_foljer_med(reds) -> None:
    for kod, (e, i, p) in FORANDRING_DELAR.items():
        f = reds[kod].forandring
        assert f is not None
        assert (f.varav_elever_kr, f.varav_index_kr, f.varav_parametrar_kr) == (e, i, p)
        assert f.andring_kr == pytest.approx(e + i + p)
        assert f.belopp_kr - f.belopp_forra_kr == pytest.approx(f.andring_kr)
        assert f.varav_stabilitet_kr == 0


def test_utan_forandring_och_med_felaktig_ram(fordelning) -> None:
    assert all(r.forandring is None for r in redovisning(fordelning))
    trasig = gor_forandring(fordelning).drop("varav_index_kr")
    with pytest.raises(ValueError, match="varav_index_kr"):
        redovisning(fordelning, trasig)

"""Svensk sorteringsordning (skolpeng.sortering, ICU:s kollation för sv_SE): Å, Ä, Ö efter Z
i den ordningen, versaler och gemener och accenter som i svenska ordlistor.
Förväntningarna är de svenska alfabetiska reglerna, inte programmets egen utdata."""

from __future__ import annotations

import polars as pl

from skolpeng.sortering import sortera_ram, svensk_nyckel, svensk_sortering


def test_a_a_o_efter_z_i_ordningen_a_ring_a_prickar_o_prickar() -> None:
    namn = ["Änglagårdsskolan", "Åkeredsskolan", "Zetterlundska", "Öckerö", "Alléskolan"]
    assert svensk_sortering(namn) == [
        "Alléskolan", "Zetterlundska", "Åkeredsskolan", "Änglagårdsskolan", "Öckerö",
    ]  # fmt: skip
    # Pythons ordning (kodpunkter) sätter Ä (U+00C4) före Å (U+00C5): fel på svenska
    assert sorted(["Åkeredsskolan", "Änglagårdsskolan"]) == ["Änglagårdsskolan", "Åkeredsskolan"]


def test_kommunnamn_med_a_a_o_i_andra_bokstaven() -> None:
    # u före å, ä, ö (som efter z): Hudiksvall, Håbo, Hässleholm, Höganäs, Hörby
    assert svensk_sortering(["Höganäs", "Hässleholm", "Håbo", "Hörby", "Hudiksvall"]) == [
        "Hudiksvall", "Håbo", "Hässleholm", "Höganäs", "Hörby",
    ]  # fmt: skip


def test_versaler_gemener_och_accenter() -> None:
    # skiftläget avgör inte före bokstäverna: "ekbacken" och "Eklanda" efter varandra
    assert svensk_sortering(["Eklanda", "ekbacken", "Ekdal"]) == ["ekbacken", "Ekdal", "Eklanda"]
    # é sorteras som e (accent bara vid lika): "Café" mellan "Cafa" och "Cafg"
    assert svensk_sortering(["Cafg", "Café", "Cafa"]) == ["Cafa", "Café", "Cafg"]
    # ü sorteras som y på svenska
    assert svensk_nyckel("Müller") > svensk_nyckel("Mx") and svensk_nyckel(
        "Müller"
    ) < svensk_nyckel("Mz")
    assert svensk_nyckel(None) == svensk_nyckel("")


def test_ram_och_poster_efter_namn() -> None:
    ram = pl.DataFrame({"kod": ["1", "2", "3"], "namn": ["Östra", "Ängby", "Arvika"]})
    assert sortera_ram(ram, "namn")["kod"].to_list() == ["3", "2", "1"]
    assert sortera_ram(ram, "namn", descending=True)["kod"].to_list() == ["1", "2", "3"]
    poster = [{"id": 1, "namn": "Åby"}, {"id": 2, "namn": "Zinkgruvan"}]
    assert [p["id"] for p in svensk_sortering(poster, lambda p: p["namn"])] == [2, 1]

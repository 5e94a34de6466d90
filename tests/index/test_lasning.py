"""Läsning av elevdata: fil eller katalog, CSV (; eller ,) och parquet, strömmande, och alla
fel på en gång med fil, rad och kolumn (DESIGN.md "Errors")."""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.fel import IndataFel
from skolpeng.index.lasning import (
    aktuella_celler,
    las_aktuella,
    las_traningsdata,
    modellnivaer,
    traningsceller,
)


def test_katalog_med_csv_och_parquet_ger_samma_celler(tmp_path, elevdata, modell) -> None:
    h = elevdata.historiska
    katalog = tmp_path / "traning"
    katalog.mkdir()
    h.filter(pl.col("kohort") <= "2021").write_csv(katalog / "a.csv", separator=";")
    h.filter(pl.col("kohort") > "2021").with_columns(pl.col("kohort").cast(pl.Int64)).write_parquet(
        katalog / "b.parquet"
    )
    (katalog / "las_mig.txt").write_text("ignoreras", encoding="utf-8")
    lf = las_traningsdata(katalog, modell)
    assert isinstance(lf, pl.LazyFrame)
    assert traningsceller(lf, modell).equals(traningsceller(h, modell))


def test_aktuella_fran_csv(tmp_path, elevdata, modell) -> None:
    fil = tmp_path / "aktuella.csv"
    elevdata.aktuella.write_csv(fil)
    celler = aktuella_celler(las_aktuella(fil, modellnivaer(modell)), modell.faktornamn)
    assert celler.equals(aktuella_celler(elevdata.aktuella, modell.faktornamn))
    assert int(celler["antal"].sum()) == elevdata.aktuella.height


def test_alla_fel_pa_en_gang(tmp_path, elevdata, modell) -> None:
    h = elevdata.historiska.head(20).with_row_index("i")
    h = h.with_columns(
        pl.when(pl.col("i") == 2)
        .then(pl.lit("doktor"))
        .otherwise(pl.col("utbildning"))
        .alias("utbildning"),
        pl.when(pl.col("i") == 4)
        .then(pl.lit("2"))
        .otherwise(pl.col("ej_behorig").cast(pl.String))
        .alias("ej_behorig"),
        pl.when(pl.col("i") == 5).then(pl.lit(None)).otherwise(pl.col("kohort")).alias("kohort"),
    ).drop("i", "kon")
    fil = tmp_path / "fel.csv"
    h.write_csv(fil)
    with pytest.raises(IndataFel) as fel:
        las_traningsdata(fil, modell)
    problem = fel.value.problem
    # en saknad kolumn stoppar inte kontrollen av de andra: alla fel i filen på en gång;
    # rad i kalkylprogrammet: rubriken är rad 1, elev i (0-baserat) på rad i + 2
    platser = {(p.kolumn, p.rad) for p in problem}
    assert platser == {("kon", None), ("utbildning", 4), ("ej_behorig", 6), ("kohort", 7)}
    h.with_columns(kon=pl.lit("pojke")).write_csv(fil)
    with pytest.raises(IndataFel) as fel:
        las_traningsdata(fil, modell)
    platser = {(p.kolumn, p.rad) for p in fel.value.problem}
    assert platser == {("utbildning", 4), ("ej_behorig", 6), ("kohort", 7)}
    # en tom cell visas som "tom cell", aldrig som Pythons None
    assert "None" not in fel.value.text() and "tom cell" in fel.value.text()
    assert all(p.fil == str(fil) for p in fel.value.problem)
    assert "okänd nivå" in fel.value.text() and "förväntade 0 eller 1" in fel.value.text()


def test_fel_i_flera_filer_samlas(tmp_path, elevdata, modell) -> None:
    akt = elevdata.aktuella.head(30)
    (tmp_path / "k").mkdir()
    akt.with_columns(invandring=pl.lit("mars")).write_parquet(tmp_path / "k" / "a.parquet")
    akt.drop("kommunkod").write_csv(tmp_path / "k" / "b.csv")
    with pytest.raises(IndataFel) as fel:
        las_aktuella(tmp_path / "k", modellnivaer(modell))
    filer = {p.fil for p in fel.value.problem}
    assert filer == {str(tmp_path / "k" / "a.parquet"), str(tmp_path / "k" / "b.csv")}
    # 30 felaktiga rader: fem exempel och en rad som säger hur många fler
    assert sum(p.kolumn == "invandring" for p in fel.value.problem) == 6
    assert "ytterligare 25 rader" in fel.value.text()


def test_saknad_fil_och_tom_katalog(tmp_path, modell) -> None:
    with pytest.raises(IndataFel, match="filen finns inte"):
        las_traningsdata(tmp_path / "finns_inte.parquet", modell)
    (tmp_path / "tom").mkdir()
    with pytest.raises(IndataFel, match="inga .parquet"):
        las_traningsdata(tmp_path / "tom", modell)


def test_windows_1252(tmp_path, modell) -> None:
    """En CSV-fil i Windows-1252 med å/ä/ö i en extra kolumn läses också."""
    fil = tmp_path / "aktuella.csv"
    text = "skolenhetskod;kommunkod;namn;" + ";".join(modell.faktornamn) + "\n"
    text += "12345678;0180;Ängsskolan;" + ";".join(f.referens for f in modell.faktorer) + "\n"
    fil.write_bytes(text.encode("cp1252"))
    celler = aktuella_celler(las_aktuella(fil, modellnivaer(modell)), modell.faktornamn)
    assert celler["antal"].to_list() == [1]
    assert celler["kommunkod"].to_list() == ["0180"]


def test_utfall_som_decimaltal_och_nivaer_oavsett_skiftlage(tmp_path, elevdata, modell) -> None:
    """Excel skriver utfallet som ``1.0`` eller ``1,0`` och nivåer kan ha annat skiftläge: det
    ger samma celler som originalet; ``2.0`` och ``0.5`` är fel."""
    h = elevdata.historiska.head(200)
    fil = tmp_path / "excel.csv"
    h.with_columns(
        pl.when(pl.col("ej_behorig") == 1)
        .then(pl.lit("1,0"))
        .otherwise(pl.lit("0.0"))
        .alias("ej_behorig"),
        pl.col("utbildning").str.to_uppercase(),
        (pl.lit(" ") + pl.col("kon").str.to_titlecase() + pl.lit(" ")).alias("kon"),
    ).write_csv(fil, separator=";")
    assert traningsceller(las_traningsdata(fil, modell), modell).equals(traningsceller(h, modell))
    fel_fil = tmp_path / "fel.csv"
    h.head(3).with_columns(
        pl.Series("ej_behorig", ["2.0", "0.5", "1"]),
    ).write_csv(fel_fil)
    with pytest.raises(IndataFel) as fel:
        las_traningsdata(fel_fil, modell)
    assert {(p.kolumn, p.rad) for p in fel.value.problem} == {("ej_behorig", 2), ("ej_behorig", 3)}


def test_koder_och_kohort_i_sitt_format(tmp_path, elevdata, modell) -> None:
    """``180`` är inte kommunkoden ``0180``, en skolenhetskod har 8 siffror och en kohort är
    ett årtal: fel med rad och kolumn i stället för en ny kod."""
    akt = elevdata.aktuella.head(3).with_columns(
        pl.Series("kommunkod", ["180", "0180", "01800"]),
        pl.Series("skolenhetskod", ["1234567", "12345678", "1234567A"]),
    )
    fil = tmp_path / "aktuella.csv"
    akt.write_csv(fil)
    with pytest.raises(IndataFel) as fel:
        las_aktuella(fil, modellnivaer(modell))
    assert {(p.kolumn, p.rad) for p in fel.value.problem} == {
        ("kommunkod", 2),
        ("kommunkod", 4),
        ("skolenhetskod", 2),
        ("skolenhetskod", 4),
    }
    assert "4 siffror" in fel.value.text() and "8 siffror" in fel.value.text()
    if modell.kohorteffekter:
        h = elevdata.historiska.head(3).with_columns(pl.Series("kohort", ["abc", "2021", "21"]))
        hfil = tmp_path / "kohort.csv"
        h.write_csv(hfil)
        with pytest.raises(IndataFel) as fel:
            las_traningsdata(hfil, modell)
        assert {(p.kolumn, p.rad) for p in fel.value.problem} == {("kohort", 2), ("kohort", 4)}


def test_kommunkod_kravs_inte_med_indexbas_riket(tmp_path, elevdata, modell) -> None:
    """Med indexbas riket behövs ingen kommunkod: cellerna blir desamma utom kommunkoden."""
    fil = tmp_path / "aktuella.csv"
    elevdata.aktuella.drop("kommunkod").write_csv(fil)
    with pytest.raises(IndataFel, match="kommunkod"):
        las_aktuella(fil, modellnivaer(modell))
    utan = aktuella_celler(
        las_aktuella(fil, modellnivaer(modell), med_kommunkod=False), modell.faktornamn
    )
    med = aktuella_celler(elevdata.aktuella, modell.faktornamn)
    assert utan["kommunkod"].null_count() == utan.height
    assert int(utan["antal"].sum()) == int(med["antal"].sum()) == elevdata.aktuella.height
    grupper = ["skolenhetskod", *modell.faktornamn]
    assert (
        utan.drop("kommunkod")
        .sort(grupper)
        .equals(
            med.group_by(grupper)
            .agg(pl.col("antal").sum())
            .sort(grupper)
            .select(utan.drop("kommunkod").columns)
        )
    )

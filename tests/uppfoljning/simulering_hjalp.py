"""Hjälp för simuleringstesterna: handbyggda normresultat, kostnadstabeller och ett litet
komplett dataset (fyra kommuner) som normen kan beräknas på.

In: listor av rader. Ut: ``NormResultat``, ``kostnader_huvudman`` och en datasetkatalog.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import polars as pl

from skolpeng.data.schema import ARSKURSER, POLARS_TYP, TABELLER, Underlag
from skolpeng.data.skrivning import skriv_underlag
from skolpeng.norm.resultat import NormResultat


def normresultat(
    rader: list[tuple[str, str, str, float, float, float]],
    variant: str = "vagledande",
    normar: int = 2024,
    modersmal: float = 2_000_000.0,
    nettokostnad: float = 200_000_000.0,
    upprakningsfaktor: float = 1.1,
) -> NormResultat:
    """Ett normresultat ur rader (huvudman_id, huvudmannatyp, stadium, elever, norm, index).

    Varje rad blir en skolenhet med ett stadium; huvudmannens tabell är elevsummor per stadium.
    Sammanfattningen har modersmål och nettokostnad (modersmålsandel 1 % som standard) och
    uppräkningsfaktorn från kostnadsåret till normåret."""
    enheter = pl.DataFrame(
        {
            "skolenhetskod": [f"{i:08d}" for i in range(len(rader))],
            "huvudman_id": [r[0] for r in rader],
            "huvudmannatyp": [r[1] for r in rader],
            "stadium": [r[2] for r in rader],
            "elever": [float(r[3]) for r in rader],
            "norm": [float(r[4]) for r in rader],
            "socioekonomiskt_index": [float(r[5]) for r in rader],
        }
    )
    huvudman = (
        enheter.group_by("huvudman_id", "huvudmannatyp", "stadium", maintain_order=True)
        .agg(
            pl.col("elever").sum(),
            ((pl.col("elever") * pl.col("norm")).sum() / pl.col("elever").sum()).alias("norm"),
        )
        .with_columns(("Huvudman " + pl.col("huvudman_id")).alias("huvudman_namn"))
    )
    return NormResultat(
        variant=variant,
        normar=normar,
        kostnadsar=normar - 2,
        elevar=f"kalenderår {normar}",
        niva=1.0,
        enheter=enheter,
        huvudman=huvudman,
        kommuner=pl.DataFrame(),
        sammanfattning={
            "modersmal": modersmal,
            "nettokostnad": nettokostnad,
            "upprakningsfaktor": upprakningsfaktor,
        },
    )


def kostnader(
    rader: list[tuple[str, str, float, float]], ar: int = 2024, verksamhet: str = "fk_gr"
) -> pl.DataFrame:
    """``kostnader_huvudman`` ur rader (huvudman_id, huvudmannatyp, kostnad_per_elev, elever)."""
    return pl.DataFrame(
        {
            "huvudman_id": [r[0] for r in rader],
            "ar": [ar] * len(rader),
            "verksamhet": [verksamhet] * len(rader),
            "huvudmannatyp": [r[1] for r in rader],
            "kostnad_per_elev": [float(r[2]) for r in rader],
            "elever": [float(r[3]) for r in rader],
        }
    )


def _tabell(namn: str, rader: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {k.namn: POLARS_TYP[k.typ] for k in TABELLER[namn].kolumner}
    return pl.DataFrame({k: [r.get(k) for r in rader] for k in schema}, schema=schema)


KOMMUNER = ("0114", "0115", "0116", "0117")


def litet_dataset(
    katalog: Path, normar: int = 2024, med_kostnader: bool = True, kostnadsar: int | None = None
) -> Path:
    """Skriver ett litet men komplett dataset för normår ``normar`` till katalog.

    Fyra kommuner med två kommunala skolenheter var, två enskilda huvudmän (tre enheter) och
    en statlig enhet; 20 elever per årskurs och läsår; ``kostnader_huvudman`` för år
    ``kostnadsar`` (standard: normåret) med kommunernas kostnad spridd kring normnivån."""
    c = normar - 2
    enheter = []
    for i, k in enumerate(KOMMUNER):
        for j in range(2):
            enheter.append(
                dict(
                    skolenhetskod=f"1{i}{j}00000",
                    namn=f"Skola {k}-{j}",
                    kommunkod=k,
                    huvudmannatyp="kommunal",
                    huvudman_id=k,
                    huvudman_namn=f"Kommun {k}",
                    internationell=0,
                )
            )
    for kod, k, hm in (
        ("90000001", "0114", "E1"),
        ("90000002", "0115", "E1"),
        ("90000003", "0116", "E2"),
    ):
        enheter.append(
            dict(
                skolenhetskod=kod,
                namn=f"Friskola {kod}",
                kommunkod=k,
                huvudmannatyp="enskild",
                huvudman_id=hm,
                huvudman_namn=f"Friskolan {hm} AB",
                internationell=0,
            )
        )
    enheter.append(
        dict(
            skolenhetskod="80000001",
            namn="Sameskola",
            kommunkod="0117",
            huvudmannatyp="statlig",
            huvudman_id="SAM",
            huvudman_namn="Staten",
            internationell=0,
        )
    )
    lasar = [f"{normar - 1}/{normar % 100:02d}", f"{normar}/{(normar + 1) % 100:02d}"]
    elever = [
        dict(skolenhetskod=e["skolenhetskod"], verksamhet="fk_gr", lasar=la, arskurs=a, antal=20)
        for e in enheter
        for la in lasar
        for a in ARSKURSER
    ]
    index = [
        dict(skolenhetskod=e["skolenhetskod"], ar=normar, verksamhet="fk_gr", index=60.0 + 10.0 * n)
        for n, e in enumerate(enheter)
    ]
    kommuner = [
        dict(
            kommunkod=k,
            kommunnamn=f"Kommun {k}",
            kommungrupp=g,
            nuts2="SE11",
            loneindex=li,
            gleshetsindex=gi,
        )
        for k, g, li, gi in zip(
            KOMMUNER,
            ("A1", "A1", "B2", "B2"),
            (103.0, 98.0, 100.0, 99.0),
            (100.0, 100.0, 106.0, 100.0),
            strict=True,
        )
    ]
    elever_kommun = 2 * 10 * 20.0
    lokal = [
        dict(
            kommunkod=k,
            ar=y,
            lokalkostnad_per_elev=18000.0 + 1000 * i + 100 * (y - c),
            byggkostnadsindex=95.0 + 5 * i,
            elever_kommunal=elever_kommun,
        )
        for i, k in enumerate(KOMMUNER)
        for y in range(c - 2, c + 1)
    ]
    rs = [
        dict(
            kommunkod=k,
            ar=c,
            verksamhet="fk_gr",
            nettokostnad=(105_000.0 + 6_000 * i) * elever_kommun * 1.25,
            skolskjuts=1_000_000.0,
            kop_fran_staten=0.0,
            kop_fran_utlandet=0.0,
            lamnade_bidrag=(105_000.0 + 6_000 * i) * elever_kommun * 0.2,
            externa_lokalhyror=3_000_000.0,
            kalkylerade_kapitalkostnader=2_000_000.0,
            interna_lokalkostnader=2_500_000.0,
            externa_hyresintakter=100_000.0,
            elever_kommunal=elever_kommun,
        )
        for i, k in enumerate(KOMMUNER)
    ]
    modersmal = [dict(kommunkod=k, ar=c, arsarbetskrafter=1.5 + i) for i, k in enumerate(KOMMUNER)]
    nationellt = [
        dict(ar=y, kpif=kp, kpif_prognos=int(y > c), larare_manadslon=40_000.0, po_palagg=0.3864)
        for y, kp in ((c, 0.05), (c + 1, 0.04), (c + 2, 0.02))
    ]
    kost = None
    if med_kostnader:
        ar = normar if kostnadsar is None else kostnadsar
        kost = _tabell(
            "kostnader_huvudman",
            [
                dict(
                    huvudman_id=k,
                    ar=ar,
                    verksamhet="fk_gr",
                    huvudmannatyp="kommunal",
                    kostnad_per_elev=kpe,
                    elever=400.0,
                )
                for k, kpe in zip(KOMMUNER, (72_000.0, 84_000.0, 92_000.0, 100_000.0), strict=True)
            ]
            + [
                dict(
                    huvudman_id="E1",
                    ar=ar,
                    verksamhet="fk_gr",
                    huvudmannatyp="enskild",
                    kostnad_per_elev=78_000.0,
                    elever=400.0,
                ),
                dict(
                    huvudman_id="E2",
                    ar=ar,
                    verksamhet="fk_gr",
                    huvudmannatyp="enskild",
                    kostnad_per_elev=90_000.0,
                    elever=200.0,
                ),
            ],
        )
    underlag = Underlag(
        skolenheter=_tabell("skolenheter", enheter),
        elever=_tabell("elever", elever),
        socioekonomiskt_index=_tabell("socioekonomiskt_index", index),
        kommuner=_tabell("kommuner", kommuner),
        lokalkostnadsunderlag=_tabell("lokalkostnadsunderlag", lokal),
        rakenskapssammandrag=_tabell("rakenskapssammandrag", rs),
        modersmal=_tabell("modersmal", modersmal),
        nationellt=_tabell("nationellt", nationellt),
        kostnader_huvudman=kost,
        namn="litet",
    )
    skriv_underlag(underlag, katalog)
    return katalog


def png_storlek(data: bytes) -> tuple[int, int]:
    """Kontrollerar PNG-signaturen och varje chunks CRC; ut: (bredd, höjd) ur IHDR."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, typer = 8, []
    while pos < len(data):
        (langd,) = struct.unpack(">I", data[pos : pos + 4])
        typ = data[pos + 4 : pos + 8]
        innehall = data[pos + 8 : pos + 8 + langd]
        (crc,) = struct.unpack(">I", data[pos + 8 + langd : pos + 12 + langd])
        assert zlib.crc32(typ + innehall) == crc, typ
        typer.append(typ)
        pos += 12 + langd
    assert typer[0] == b"IHDR" and typer[-1] == b"IEND" and b"IDAT" in typer
    bredd, hojd = struct.unpack(">II", data[16:24])
    return bredd, hojd

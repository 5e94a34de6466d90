"""Filerna som utbetalningskörningen läser utöver datasetet: den överenskomna
prislistan för interkommunal ersättning och en tidigare körnings utbetalda (frysta) rader.

- Prislistan (CSV eller XLSX): ``kommunkod, stadium, kr_per_elev`` – belopp per elev och år
  som kommunen har kommit överens om med den andra kommunen (skollagen 10 kap. 34 §).
- En tidigare körning: utkatalogen från ``skolpeng utbetalning`` med ``utbetalningar.csv``
  och ``fordringar.csv``; alla dess månader är utbetalda och frysta.

In: sökvägar. Ut: kontrollerade ramar, eller ``IndataFel`` med alla problem (fil, rad,
kolumn). Läsaren beräknar inga regler.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.data.lasning import RAD, las_tabell_med_rader
from skolpeng.data.schema import STADIER_FK_GR, Kolumn, Tabell
from skolpeng.fel import IndataFel, Problem

PRISLISTA = Tabell(
    "prislista",
    (
        Kolumn("kommunkod", "kod4"),
        Kolumn("stadium", "val", tillatna=STADIER_FK_GR),
        Kolumn("kr_per_elev", "float", minst=0),
    ),
    nyckel=("kommunkod", "stadium"),
    obligatorisk=False,
)

#: Största fil som läses som en tidigare körning (byte).
MAX_BYTE = 200 * 1024 * 1024
TYPTEXT = {"bidrag": "bidrag", "interkommunal ersättning": "ersattning"}
_GEMENSAMMA = (
    "manad",
    "skolenhetskod",
    "stadium",
    "elever",
    "arsbelopp_per_elev_kr",
    "manadsbelopp_per_elev_kr",
    "belopp_kr",
    "korrigering_kr",
    "korrigering_avser",
    "grund",
)
UTBETALNINGAR_KRAV = ("typ", *_GEMENSAMMA, "att_betala_kr")
FORDRINGAR_KRAV = ("hemkommun", *_GEMENSAMMA, "att_fordra_kr")


def las_prislista(fil: Path) -> pl.DataFrame:
    """Prislistan -> ``kommunkod, stadium, kr_per_elev``; dåliga celler och dubbletter ->
    ``IndataFel``."""
    fil = Path(fil)
    if not fil.is_file():
        raise IndataFel([Problem(str(fil), "filen finns inte")])
    last = las_tabell_med_rader(fil, PRISLISTA)
    problem = list(last.problem)
    d = last.data
    dubbla = d.filter(pl.struct("kommunkod", "stadium").is_duplicated()).sort(RAD)
    for rad in dubbla[RAD].to_list()[1:]:
        problem.append(
            Problem(fil.name, "samma kommun och stadium förekommer flera gånger", rad, "stadium")
        )
    if problem:
        raise IndataFel(problem)
    return d.drop(RAD)


def _las_csv(fil: Path, krav: tuple[str, ...], problem: list[Problem]) -> pl.DataFrame | None:
    if not fil.is_file():
        problem.append(Problem(str(fil), "filen saknas i den tidigare körningens katalog"))
        return None
    if fil.stat().st_size > MAX_BYTE:
        problem.append(Problem(fil.name, f"filen är större än {MAX_BYTE // 2**20} MB"))
        return None
    try:
        d = pl.read_csv(fil, infer_schema=False)
    except pl.exceptions.PolarsError as fel:
        problem.append(Problem(fil.name, f"kunde inte läsas som CSV: {str(fel).splitlines()[0]}"))
        return None
    saknas = [k for k in krav if k not in d.columns]
    problem += [Problem(fil.name, f"kolumnen {k!r} saknas", kolumn=k) for k in saknas]
    return None if saknas else d


def _rader(d: pl.DataFrame, fil: str, ar: int, problem: list[Problem]) -> pl.DataFrame:
    """Texten -> interna typer; månader utanför året och icke-tal är problem."""
    d = d.with_row_index(RAD, offset=2)
    fel_manad = d.filter(~pl.col("manad").str.contains(rf"^{ar}-(0[1-9]|1[0-2])$"))
    for rad, v in fel_manad.select(RAD, "manad").head(20).iter_rows():
        problem.append(Problem(fil, f"'{v}' är ingen månad i budgetåret {ar}", rad, "manad"))
    tal = ("elever", "arsbelopp_per_elev_kr", "manadsbelopp_per_elev_kr")
    hela = ("belopp_kr", "korrigering_kr", "att_betala_kr")
    ut = d.with_columns(
        manad=pl.col("manad").str.slice(5, 2).cast(pl.Int64, strict=False),
        **{k: pl.col(k).cast(pl.Float64, strict=False) for k in tal},
        **{k: pl.col(k).cast(pl.Int64, strict=False) for k in hela},
    )
    for k in (*tal, *hela):
        for rad in ut.filter(pl.col(k).is_null())[RAD].head(20).to_list():
            problem.append(Problem(fil, "värdet är inte ett tal", int(rad), k))
    return ut


def _kontrollera_manifest(fil: Path, kommunkod: str, ar: int) -> list[Problem]:
    """Den tidigare körningen ska gälla samma kommun och budgetår (enligt dess manifest)."""
    import json

    if not fil.is_file() or fil.stat().st_size > MAX_BYTE:
        return [Problem(str(fil), "manifest.json saknas: katalogen är inte en utbetalningskörning")]
    try:
        manifest = json.loads(fil.read_text("utf-8"))
        modell = manifest["modell"]
        fel = manifest.get("kommando") != "utbetalning"
        annan = (str(modell["kommunkod"]), int(modell["ar"])) != (kommunkod, ar)
    except (ValueError, KeyError, TypeError):
        return [Problem(fil.name, "manifest.json kunde inte läsas")]
    if fel:
        return [
            Problem(fil.name, "katalogen är inte en utbetalningskörning (skolpeng utbetalning)")
        ]
    if annan:
        return [
            Problem(
                fil.name,
                f"den tidigare körningen gäller kommun {modell['kommunkod']} år {modell['ar']}, "
                f"inte kommun {kommunkod} år {ar}",
            )
        ]
    return []


def las_tidigare(katalog: Path, kommunkod: str, ar: int) -> pl.DataFrame:
    """En tidigare körnings utkatalog -> de frysta raderna (``RADKOLUMNER`` i
    ``fordelning.utbetalning.korning``, ``status`` = ``fryst``). Kommunen är hemkommunen för
    utbetalningarna; alla problem på en gång -> ``IndataFel``."""
    katalog = Path(katalog)
    problem: list[Problem] = []
    if not katalog.is_dir():
        raise IndataFel([Problem(str(katalog), "katalogen finns inte")])
    problem += _kontrollera_manifest(katalog / "manifest.json", kommunkod, ar)
    u = _las_csv(katalog / "utbetalningar.csv", UTBETALNINGAR_KRAV, problem)
    f = _las_csv(katalog / "fordringar.csv", FORDRINGAR_KRAV, problem)
    delar = []
    if u is not None:
        okanda = u.with_row_index(RAD, offset=2).filter(~pl.col("typ").is_in(list(TYPTEXT)))
        for rad, v in okanda.select(RAD, "typ").head(20).iter_rows():
            problem.append(Problem("utbetalningar.csv", f"okänd typ '{v}'", rad, "typ"))
        u = _rader(u, "utbetalningar.csv", ar, problem).with_columns(
            typ=pl.col("typ").replace(TYPTEXT), hemkommun=pl.lit(kommunkod)
        )
        delar.append(u)
    if f is not None:
        f = _rader(f.rename({"att_fordra_kr": "att_betala_kr"}), "fordringar.csv", ar, problem)
        delar.append(f.with_columns(typ=pl.lit("fordran")))
    if problem:
        raise IndataFel(problem)
    return pl.concat(
        [
            x.select(
                "typ",
                "skolenhetskod",
                "stadium",
                "hemkommun",
                "manad",
                "elever",
                pl.col("arsbelopp_per_elev_kr").alias("arsbelopp_kr"),
                pl.col("manadsbelopp_per_elev_kr").alias("manadsbelopp_kr"),
                "belopp_kr",
                "korrigering_kr",
                "att_betala_kr",
                pl.col("korrigering_avser").fill_null(""),
                pl.col("grund").fill_null(""),
                status=pl.lit("fryst"),
            )
            for x in delar
        ]
    )

"""Sammanfattningen av en normberäkning: i terminalen (rich) och som ``sammanfattning.json``.

In: ``NormResultat`` (och var utdata skrevs). Ut: normen per stadium för riket och per
kommungrupp (elevviktade medelvärden över de publicerade skolenheterna), elevåret, de
nationella storheterna, en utskriven tabell på svenska och JSON-filen. Inga regler här.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
from rich.console import Console
from rich.table import Table

from skolpeng.norm.publicering import (
    STADIUM_ORDNING,
    STADIUM_TEXT,
    publicerade_enheter,
)
from skolpeng.norm.resultat import NormResultat

RIKET = "Riket"

VARIANT_TEXT: dict[str, str] = {
    "vagledande": "vägledande norm för förskoleklass och grundskola",
    "bindande": "bindande norm för förskoleklass och grundskola",
    "fritidshem": "norm för fritidshem",
}


def omfattning(resultat: NormResultat) -> str:
    """Vilka skolenheter som publiceras, i klartext (docs/regler/norm.md#varianter)."""
    if resultat.variant == "vagledande":
        return "kommunala skolenheter"
    return "alla deltagande skolenheter (kommunala och enskilda)"


def stadier(resultat: NormResultat) -> list[str]:
    """Resultatets stadier i ordningen F, 1–3, 4–6, 7–9."""
    return sorted(resultat.enheter["stadium"].unique().to_list(), key=_stadieordning)


def _stadieordning(s: str) -> int:
    return STADIUM_ORDNING.get(s, 99)


def _viktat(enheter: pl.DataFrame, grupp: Sequence[str]) -> pl.DataFrame:
    return enheter.group_by(*grupp).agg(
        pl.col("elever").sum().alias("elever"),
        ((pl.col("norm") * pl.col("elever")).sum() / pl.col("elever").sum()).alias("norm"),
        pl.len().alias("antal_skolenheter"),
    )


def norm_per_grupp(resultat: NormResultat, alla_enheter: bool = False) -> pl.DataFrame:
    """Elevviktad norm per grupp och stadium.

    In: resultatet; ``alla_enheter`` = alla deltagande enheter i stället för de publicerade.
    Ut: ``grupp, stadium, elever, norm, antal_skolenheter`` där ``grupp`` är ``"Riket"``
    följt av kommungrupperna i bokstavsordning (enheternas lägeskommuns kommungrupp).
    """
    enheter = resultat.enheter if alla_enheter else publicerade_enheter(resultat)
    riket = _viktat(enheter, ["stadium"]).with_columns(pl.lit(RIKET).alias("grupp"))
    delar = [riket]
    if "kommungrupp" in enheter.columns:
        grupper = _viktat(
            enheter.with_columns(pl.col("kommungrupp").fill_null("okänd")),
            ["kommungrupp", "stadium"],
        ).rename({"kommungrupp": "grupp"})
        delar.append(grupper.sort("grupp"))
    kolumner = ["grupp", "stadium", "elever", "norm", "antal_skolenheter"]
    tabell = pl.concat([d.select(kolumner) for d in delar], how="vertical")
    return tabell.sort(
        pl.col("grupp") != RIKET,
        "grupp",
        pl.col("stadium").replace_strict(STADIUM_ORDNING, default=99, return_dtype=pl.Int32),
    )


def _json_varde(v: Any) -> Any:
    """Gör numpy-tal, polars-tabeller och NaN JSON-vänliga (NaN -> null)."""
    if isinstance(v, dict):
        return {str(k): _json_varde(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_json_varde(x) for x in v]
    if isinstance(v, pl.DataFrame):
        return v.to_dicts()
    if hasattr(v, "item") and not isinstance(v, str | bytes):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def sammanfattning_data(
    resultat: NormResultat, utfiler: Sequence[str] = (), scenario: str | None = None
) -> dict[str, Any]:
    """Allt som ``sammanfattning.json`` innehåller.

    In: resultatet, utdatafilernas namn och scenariots namn. Ut: en JSON-vänlig dict med
    variant, normår, kostnadsår, elevår, nivå, de nationella storheterna
    (``nationellt`` = ``resultat.sammanfattning``), normen per stadium för riket och per
    kommungrupp (publicerade enheter), normen per stadium över alla deltagande enheter, och
    Σ elever·norm (kr) för de publicerade och för alla enheter.
    """
    publicerade = norm_per_grupp(resultat)
    alla = norm_per_grupp(resultat, alla_enheter=True).filter(pl.col("grupp") == RIKET)
    per_grupp: dict[str, dict[str, float]] = {}
    for rad in publicerade.iter_rows(named=True):
        per_grupp.setdefault(rad["grupp"], {})[rad["stadium"]] = rad["norm"]
    pub_enheter = publicerade_enheter(resultat)
    return _json_varde(
        {
            "variant": resultat.variant,
            "normar": resultat.normar,
            "kostnadsar": resultat.kostnadsar,
            "elevar": resultat.elevar,
            "niva": resultat.niva,
            "scenario": scenario,
            "publicerade_enheter": omfattning(resultat),
            "lokalkostnadsindex": resultat.sammanfattning.get("lokalindex_beskrivning"),
            "nationellt": resultat.sammanfattning,
            "norm_per_stadium": {
                r["stadium"]: {
                    "elever": r["elever"],
                    "norm_kr_per_elev": r["norm"],
                    "antal_skolenheter": r["antal_skolenheter"],
                }
                for r in publicerade.filter(pl.col("grupp") == RIKET).iter_rows(named=True)
            },
            "norm_per_stadium_alla_enheter": {
                r["stadium"]: {
                    "elever": r["elever"],
                    "norm_kr_per_elev": r["norm"],
                    "antal_skolenheter": r["antal_skolenheter"],
                }
                for r in alla.iter_rows(named=True)
            },
            "norm_per_kommungrupp": {g: v for g, v in per_grupp.items() if g != RIKET},
            "normbelopp_kr": {
                "publicerade_enheter": _summa(pub_enheter, "norm"),
                "alla_enheter": _summa(resultat.enheter, "norm"),
            },
            "modellvarde_kr_alla_enheter": _summa(resultat.enheter, "modellvarde"),
            "utdata": list(utfiler),
        }
    )


def _summa(enheter: pl.DataFrame, kolumn: str) -> float:
    return float((enheter["elever"] * enheter[kolumn]).sum())


def skriv_sammanfattning_json(data: dict[str, Any], path: Path) -> Path:
    """Skriver ``data`` (från ``sammanfattning_data``) som UTF-8-JSON. Ut: sökvägen."""
    path = Path(path)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def kronor(belopp: float | None) -> str:
    """Hela kronor med mellanslag som tusentalsavgränsare: ``108 775``."""
    if belopp is None or not math.isfinite(belopp):
        return "–"
    return f"{math.floor(belopp + 0.5):,}".replace(",", " ")


def decimaltal(tal: float, decimaler: int = 4) -> str:
    """Ett tal med decimalkomma: ``1,1030``."""
    return f"{tal:.{decimaler}f}".replace(".", ",")


def normtabell(resultat: NormResultat) -> Table:
    """Den utskrivna tabellen: normen (kr/elev) per stadium för riket och kommungrupperna."""
    per_grupp = norm_per_grupp(resultat)
    kolumner = stadier(resultat)
    tabell = Table(
        title=f"Normen {resultat.normar} i kr per elev – {omfattning(resultat)}",
        caption="Elevviktade medelvärden; kommungrupp efter skolenhetens lägeskommun.",
    )
    tabell.add_column("Grupp")
    for s in kolumner:
        tabell.add_column(STADIUM_TEXT.get(s, s).capitalize(), justify="right")
    varden = {(r["grupp"], r["stadium"]): r["norm"] for r in per_grupp.iter_rows(named=True)}
    for grupp in per_grupp["grupp"].unique(maintain_order=True).to_list():
        tabell.add_row(
            grupp,
            *[kronor(varden.get((grupp, s))) for s in kolumner],
            style="bold" if grupp == RIKET else None,
        )
    return tabell


def saknat_index_text(resultat: NormResultat) -> str | None:
    """En rad om skolenheter utan socioekonomiskt index för normåret (de får standardvärdet
    enligt docs/regler/norm.md#steg-5), eller None när alla har index. Saknas indexet för hela året
    blir det socioekonomiska tillägget lika för alla – det ska synas i utskriften."""
    s = resultat.sammanfattning
    utan, alla = s.get("antal_enheter_utan_index"), s.get("antal_enheter")
    if not utan:
        return None
    p = s.get("parametrar", {})
    standard = p.get("index_saknas")
    intl = p.get("index_saknas_internationell")
    text = (
        f"Socioekonomiskt index: {utan} av {alla} skolenheter saknar index för "
        f"{resultat.normar} och får standardvärdet"
    )
    if standard is not None:
        text += f" {decimaltal(float(standard), 0)}"
        if intl is not None and intl != standard:
            text += f" (internationella skolor {decimaltal(float(intl), 0)})"
    return text + "."


def skriv_ut_sammanfattning(
    resultat: NormResultat,
    konsol: Console,
    utkatalog: Path | None = None,
    filer: Sequence[str] = (),
) -> None:
    """Skriver sammanfattningen i terminalen: rubrik, normtabellen, elevår, kostnadsår och
    uppräkning, vilket lokalkostnadsindex som användes (fastställt eller beräknat, och åren),
    antalet skolenheter utan socioekonomiskt index, och var utdata finns."""
    variant = VARIANT_TEXT.get(resultat.variant, resultat.variant)
    konsol.print(f"[bold]Skolpengsnorm {resultat.normar}[/bold] – {variant}")
    konsol.print(f"Nivå: {decimaltal(100 * resultat.niva, 0)} % av modellvärdet")
    konsol.print(normtabell(resultat))
    konsol.print(f"Elevår: {resultat.elevar}")
    f = resultat.sammanfattning.get("upprakningsfaktor")
    upprakning = f", uppräkning med KPIF f = {decimaltal(float(f))}" if f is not None else ""
    konsol.print(f"Kostnadsår: {resultat.kostnadsar}{upprakning}")
    lokalindex = resultat.sammanfattning.get("lokalindex_beskrivning")
    if lokalindex:
        konsol.print(f"Lokalkostnadsindex: {lokalindex}.", highlight=False)
    index_text = saknat_index_text(resultat)
    if index_text:
        konsol.print(index_text, highlight=False)
    if utkatalog is not None:
        konsol.print(f"Utdata i [bold]{utkatalog}[/bold]:")
        for namn in filer:
            konsol.print(f"  {Path(utkatalog) / namn}", highlight=False)

"""Innehållet i Excelbokens text-blad: nationella storheter med svenska namn, parametrarna
med källor och datasetets proveniens ur dess README.

In: ``NormResultat.sammanfattning``, ``Parameterlage``, datasetets katalog. Ut: rader
(listor av celler) att skriva; ingen formatering och ingen regel här.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from skolpeng.parametrar import Parameterlage, las_parametrar

# Nyckel i NormResultat.sammanfattning -> (svensk benämning, enhet). Belopp i
# kostnadsårets prisnivå utom där annat står (se skolpeng.norm.stegen).
STORHETER: dict[str, tuple[str, str]] = {
    "nettokostnad": ("Nettokostnad (NK), kostnadsåret", "kr"),
    "skolskjuts": ("Avräkning: skolskjuts", "kr"),
    "kop_fran_staten": ("Avräkning: köp av huvudverksamhet från staten", "kr"),
    "kop_fran_utlandet": ("Avräkning: köp av huvudverksamhet från utlandet", "kr"),
    "lamnade_bidrag": ("Avräkning: lämnade bidrag", "kr"),
    "tillaggsbelopp_schablon": ("Avräkning: schablon för tilläggsbelopp och lovskola", "kr"),
    "hemkommunsansvar_schablon": ("Avräkning: schablon för hemkommunsansvar", "kr"),
    "modersmal": ("Avräkning: modersmål", "kr"),
    "normgrundande_belopp": ("Normgrundande belopp (NGB)", "kr"),
    "platsgaranti_reservation": ("Reservation för platsgaranti (U)", "kr"),
    "gleshet_reservation": ("Reservation för gleshet (G)", "kr"),
    "gleshet_per_krona": ("Gleshet per krona återstod (c)", "kvot"),
    "gleshet_iterationer": ("Iterationer för glesheten (kontroll)", "antal"),
    "aterstaende": ("Återstående belopp efter reservationer (R)", "kr"),
    "grundersattning_total": ("Grundersättning totalt (B)", "kr"),
    "socioekonomiskt_total": ("Socioekonomiskt tillägg totalt (S)", "kr"),
    "lokalkostnad_per_elev_riket": ("Rikets lokalkostnad per elev (L_R)", "kr"),
    "lonejustering_avdrag": ("Avdrag per elev för löneläget (d_w)", "kr"),
    "lokaljustering_avdrag": ("Avdrag per elev för lokalkostnadsläget (d_l)", "kr"),
    "platsgaranti_per_elev": ("Platsgaranti per elev (PG)", "kr"),
    "upprakningsfaktor": ("Uppräkning med KPIF till normåret (f)", "faktor"),
    "elever_per_stadium": ("Elever", "elever"),
    "prislapp_per_stadium": ("Prislapp, kostnadsårets prisnivå (P)", "kr"),
    "prislapp_per_stadium_normar": ("Prislapp, normårets prisnivå (f·P)", "kr"),
    "lokalindex_ar": ("År i lokalkostnadsindexet", "år"),
    "lokalindex_faststallt": ("Fastställt lokalkostnadsindex (tabellen lokalindex)", ""),
    "lokalindex_fil": ("Lokalkostnadsindexets fil", ""),
    "lokalindex_beskrivning": ("Lokalkostnadsindex som användes", ""),
    "antal_enheter": ("Deltagande skolenheter", "antal"),
    "antal_elever": ("Elever i deltagande skolenheter", "elever"),
    "antal_enheter_utan_index": ("Skolenheter utan socioekonomiskt index", "antal"),
    "modellvarde_summa": ("Σ elever · modellvärde, kostnadsåret (= NGB)", "kr"),
    "niva": ("Nivå (andel av modellvärdet)", "andel"),
    "momskompensation_enskild_andel": ("Momskompensation för enskild huvudman", "andel"),
    "kostnadsar": ("Kostnadsår", "år"),
    "normar": ("Normår", "år"),
}
# Visas på andra ställen i boken (eller är texter), inte bland storheterna.
UTELAMNADE: frozenset[str] = frozenset({"variant", "verksamhet", "elevar", "parametrar"})


def _enhet_gissad(nyckel: str) -> str:
    if nyckel.endswith("_kr") or nyckel.endswith("belopp"):
        return "kr"
    if nyckel.endswith("_andel"):
        return "andel"
    if nyckel.startswith("antal_"):
        return "antal"
    return ""


def storheter(sammanfattning: dict[str, Any]) -> Iterator[tuple[str, Any, str, str]]:
    """De nationella storheterna som rader ``(benämning, värde, enhet, nyckel)``.

    In: ``NormResultat.sammanfattning``. Ut: en rad per tal; en mappning (t.ex. per
    stadium) ger en rad per post, en lista blir text. Okända nycklar visas med nyckeln som
    benämning, så att inget försvinner.
    """
    for nyckel, varde in sammanfattning.items():
        if nyckel in UTELAMNADE:
            continue
        benamning, enhet = STORHETER.get(nyckel, (nyckel.replace("_", " "), _enhet_gissad(nyckel)))
        if isinstance(varde, dict):
            for k, v in varde.items():
                yield f"{benamning}, {_stadium(str(k))}", _cell(v), enhet, f"{nyckel}.{k}"
        elif isinstance(varde, list | tuple):
            yield benamning, ", ".join(str(x) for x in varde), enhet, nyckel
        else:
            yield benamning, _cell(varde), enhet, nyckel


def _stadium(s: str) -> str:
    return {"F": "förskoleklass", "1-3": "åk 1–3", "4-6": "åk 4–6", "7-9": "åk 7–9"}.get(s, s)


def _cell(v: Any) -> Any:
    if isinstance(v, bool):
        return "ja" if v else "nej"
    if isinstance(v, int | float):
        return v
    return "" if v is None else str(v)


def _varde_text(v: float | dict[str, float]) -> float | str:
    if isinstance(v, dict):
        return "; ".join(f"{_stadium(k)}: {str(x).replace('.', ',')}" for k, x in v.items())
    return float(v)


def parameterrader(lage: Parameterlage, prefix: tuple[str, ...] = ("norm.",)) -> list[list[Any]]:
    """En rad per parameter som normen använder (namn som börjar med ``prefix``):
    ``[namn, värde, enhet, beskrivning, gäller från, källa, citat]``.

    In: parameterläget (värden och källor vid datumet, efter scenario). Beskrivning, enhet
    och citat kommer ur parameterfilerna; ett scenariovärde har scenariots källa och inget
    citat.
    """
    definitioner = las_parametrar()
    rader: list[list[Any]] = []
    for namn in sorted(lage.varden):
        if not namn.startswith(prefix):
            continue
        definition = definitioner.get(namn)
        kalla = lage.kalla(namn)
        gallande = definition.vid(lage.datum) if definition is not None else None
        fran_scenario = kalla.startswith("scenario ")
        rader.append(
            [
                namn,
                _varde_text(lage.varde(namn)),
                definition.enhet if definition else "",
                definition.beskrivning if definition else "",
                "" if fran_scenario or gallande is None else gallande.fran.isoformat(),
                kalla,
                "" if fran_scenario or gallande is None else (gallande.citat or ""),
            ]
        )
    return rader


_RUBRIK = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_PROVENIENS = re.compile(r"proveniens|provenance|käll|ursprung", re.IGNORECASE)


def utan_markdown(text: str) -> str:
    """Tar bort markdowns kodmarkering (`` ` ``) och fetstil (``**``) ur en cell eller rubrik,
    så att Excelcellen visar texten och inte markeringen."""
    return text.replace("`", "").replace("**", "").strip()


def _celler(rad: str) -> list[str]:
    text = rad.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [utan_markdown(c) for c in text.split("|")]


def _ar_avgransare(celler: list[str]) -> bool:
    return all(re.fullmatch(r":?-{2,}:?", c) for c in celler if c) and any(celler)


def markdown_tabeller(text: str) -> list[tuple[str, list[list[str]]]]:
    """Alla tabeller i en markdowntext som ``(närmaste rubrik, rader)``; avgränsarraden
    (``|---|``) tas bort, rubrikraden står först, kodmarkering och fetstil tas bort."""
    tabeller: list[tuple[str, list[list[str]]]] = []
    rubrik = ""
    aktuell: list[list[str]] | None = None
    for rad in text.splitlines():
        m = _RUBRIK.match(rad)
        if m:
            rubrik = utan_markdown(m.group(1))
        if rad.strip().startswith("|"):
            celler = _celler(rad)
            if aktuell is None:
                aktuell = []
                tabeller.append((rubrik, aktuell))
            if not _ar_avgransare(celler):
                aktuell.append(celler)
        else:
            aktuell = None
    return [(r, t) for r, t in tabeller if t]


def proveniens_tabeller(katalog: Path | None) -> list[tuple[str, list[list[str]]]]:
    """Proveniens-tabellerna ur datasetets ``README.md`` (om katalogen har en).

    In: datasetets katalog. Ut: ``(rubrik, rader)`` för tabellerna under en rubrik om
    proveniens/källor; finns ingen sådan rubrik ges alla tabeller; ingen README -> tomt.
    """
    if katalog is None:
        return []
    readme = next(
        (Path(katalog) / n for n in ("README.md", "readme.md") if (Path(katalog) / n).is_file()),
        None,
    )
    if readme is None:
        return []
    tabeller = markdown_tabeller(readme.read_text(encoding="utf-8"))
    valda = [(r, t) for r, t in tabeller if _PROVENIENS.search(r)]
    return [(f"README.md: {r}" if r else "README.md", t) for r, t in (valda or tabeller)]

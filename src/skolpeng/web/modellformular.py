"""Formulären för modeller och scenarier <-> modellens YAML-text (som är den enda sanningen).

In: modelltexten och formulärets fält (strängar). Ut: en ny modelltext. Texten läses med
den begränsade YAML-läsaren (``yamllasning.las_yaml``) till en ordbok, fälten ändras i
ordboken och texten skrivs med ``yaml.safe_dump(sort_keys=False, allow_unicode=True)``; anroparen validerar den nya texten
(``las_webbmodell`` och ``kor_modell``). Fel i fälten blir ``IndataFel`` med alla problem.

Modellformulärets fält (potter numrerade från 0): ``ram_kr``, ``pott-{i}-rubrik``,
``pott-{i}-belopptyp`` (andel_av_ram, summa_kr, per_elev_kr), ``pott-{i}-belopp``,
``pott-{i}-nyckeltyp``, ``pott-{i}-form``, ``pott-{i}-faktor``, ``pott-{i}-troskel``,
``pott-{i}-exponent``, ``pott-{i}-tak``, ``max_minskning_kr_per_elev`` och
``max_minskning_andel``. Ett tomt fält tar bort den valfria nyckeln.

Scenariots spakar: ``andel-{i}`` (pottens andel av ramen i procent) för potterna med
``andel_av_ram`` utom balanspotten, ``ram_kr`` och ``max_minskning_kr_per_elev``; varje spak
har också ett skjutreglage ``<namn>-reglage``. Balanspotten (den första potten med
andel_av_ram och nyckeln elever, annars den första med andel_av_ram) får det som blir kvar så
att andelarna summerar som i scenariots text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from skolpeng.api import (
    TIDSGRANS_WEBB_S,
    Fordelningsmodell,
    IndataFel,
    Problem,
    talformat,
    visningsnamn,
)
from skolpeng.api import las_yaml as las_begransad_yaml

KALLA = "Formuläret"
# libyamls snabbare säkra skrivare när den finns (samma resultat som safe_dump).
_SKRIVARE = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
BELOPPSTYPER: tuple[tuple[str, str], ...] = (
    ("andel_av_ram", "Andel av ramen (%)"),
    ("summa_kr", "Summa (kr)"),
    ("per_elev_kr", "Kronor per elev"),
)
NYCKELTYPER: tuple[tuple[str, str], ...] = (
    ("elever", "Elever (ev. viktade)"),
    ("index", "Elever × socioekonomiskt index"),
    ("malgrupp", "Elever i målgrupp"),
    ("klumpsumma", "Lika belopp per enhet"),
    ("givet", "Givna belopp per enhet"),
)
FORMER: tuple[tuple[str, str], ...] = (
    ("linjar", "Linjär"),
    ("forstarkt", "Förstärkt (faktor)"),
    ("troskel", "Tröskel"),
    ("progressiv", "Progressiv (exponent)"),
)
FORMPARAMETRAR: tuple[tuple[str, str], ...] = (
    ("faktor", "faktor"),
    ("troskel", "troskel"),
    ("exponent", "exponent"),
    ("tak", "tak_per_elev_kr"),
)
BEHOVSNYCKLAR = ("index", "malgrupp")


def las_tal(varde: str | None, falt: str, problem: list[Problem]) -> float | None:
    """Ett tal ur ett formulärfält i svensk form (``talformat.tolka``: '24,5', '6 467 827 953',
    '1 234,5', hårt mellanslag; en ensam decimalpunkt godtas också); tomt -> None; annat ->
    ett problem i ``problem`` och None."""
    text = (varde or "").strip()
    if not text:
        return None
    if "," not in text and text.count(".") == 1:
        text = text.replace(".", ",")  # '24.5' (en webbläsares talfält) betyder 24,5
    try:
        tal = talformat.tolka(text)
    except ValueError:
        problem.append(Problem(KALLA, f"{falt}: {varde!r} är inte ett tal"))
        return None
    if tal != tal or tal in (float("inf"), float("-inf")):
        problem.append(Problem(KALLA, f"{falt}: {varde!r} är inte ett ändligt tal"))
        return None
    return tal


def las_yaml(text: str) -> dict[str, Any]:
    """Modelltexten som ordbok; ``IndataFel`` om den inte är en YAML-ordbok."""
    d = las_begransad_yaml(text, "modell.yaml", "modellfilen", TIDSGRANS_WEBB_S)
    if not isinstance(d, dict) or not isinstance(d.get("potter"), list):
        raise IndataFel([Problem("modell.yaml", "modellen ska vara en YAML-ordbok med potter")])
    return d


def skriv_yaml(d: dict[str, Any]) -> str:
    """Ordboken som modelltext (nycklarnas ordning bevaras, å/ä/ö som de är)."""
    return yaml.dump(d, Dumper=_SKRIVARE, sort_keys=False, allow_unicode=True, width=100)


def _heltal_om_mojligt(x: float) -> float | int:
    return int(x) if float(x).is_integer() and abs(x) < 1e15 else x


def _satt(d: dict[str, Any], nyckel: str, varde: Any) -> None:
    """Sätter ``d[nyckel]``, eller tar bort nyckeln när värdet är None."""
    if varde is None:
        d.pop(nyckel, None)
    else:
        d[nyckel] = _heltal_om_mojligt(varde) if isinstance(varde, float) else varde


def _satt_stabilitet(d: dict[str, Any], falt: Mapping[str, float | None]) -> None:
    stab = dict(d.get("stabilitet") or {})
    for nyckel, varde in falt.items():
        _satt(stab, nyckel, varde)
    if stab:
        d["stabilitet"] = stab
    else:
        d.pop("stabilitet", None)


@dataclass(frozen=True)
class Pottrad:
    """En pott i modellformuläret (värdena som formuläret visar)."""

    i: int
    namn: str
    rubrik: str
    belopptyp: str
    belopp: float
    nyckeltyp: str | None
    form: str
    faktor: float | None
    troskel: float | None
    exponent: float | None
    tak: float | None
    har_delpotter: bool
    behov: bool


def pottrader(modell: Fordelningsmodell) -> list[Pottrad]:
    """Modellens potter som formulärrader."""
    ut: list[Pottrad] = []
    for i, p in enumerate(modell.potter):
        typ, belopp = next((k, v) for k, v in p.belopp.model_dump().items() if v is not None)
        n = p.nyckel
        nycklar = [n] if n is not None else [d.nyckel for d in p.delpotter or []]
        ut.append(Pottrad(
            i=i, namn=p.namn, rubrik=p.rubrik or "", belopptyp=typ, belopp=belopp,
            nyckeltyp=n.typ if n else None, form=n.form if n else "linjar",
            faktor=n.faktor if n else None, troskel=n.troskel if n else None,
            exponent=n.exponent if n else None, tak=n.tak_per_elev_kr if n else None,
            har_delpotter=n is None, behov=any(k.typ in BEHOVSNYCKLAR for k in nycklar),
        ))  # fmt: skip
    return ut


def _tillampa_pott(pott: dict[str, Any], i: int, form: Mapping[str, str],
                   problem: list[Problem]) -> None:  # fmt: skip
    etikett = f"pott {i + 1} ({pott.get('namn', '')})"
    if f"pott-{i}-rubrik" in form:
        _satt(pott, "rubrik", form[f"pott-{i}-rubrik"].strip() or None)
    typ = form.get(f"pott-{i}-belopptyp")
    if typ is not None:
        if typ not in dict(BELOPPSTYPER):
            problem.append(Problem(KALLA, f"{etikett}, beloppstyp: okänt värde {typ!r}"))
        else:
            belopp = las_tal(form.get(f"pott-{i}-belopp"), f"{etikett}, belopp", problem)
            if belopp is None:
                problem.append(Problem(KALLA, f"{etikett}, belopp: ange ett tal"))
            else:
                if typ == "andel_av_ram":  # fältet visar procent av ramen
                    belopp = round(belopp / 100, 10)
                pott["belopp"] = {typ: _heltal_om_mojligt(belopp)}
    if f"pott-{i}-nyckeltyp" not in form or not isinstance(pott.get("nyckel"), dict):
        return
    nyckel = dict(pott["nyckel"])
    nyckeltyp = form[f"pott-{i}-nyckeltyp"]
    if nyckeltyp not in dict(NYCKELTYPER):
        problem.append(Problem(KALLA, f"{etikett}, nyckel: okänt värde {nyckeltyp!r}"))
        return
    nyckel["typ"] = nyckeltyp
    if nyckeltyp != "index":
        for k in ("form", "faktor", "troskel", "exponent", "tak_per_elev_kr"):
            nyckel.pop(k, None)
    else:
        formval = form.get(f"pott-{i}-form", "linjar")
        if formval not in dict(FORMER):
            problem.append(Problem(KALLA, f"{etikett}, form: okänt värde {formval!r}"))
        nyckel["form"] = formval
        for falt, modellnyckel in FORMPARAMETRAR:
            if f"pott-{i}-{falt}" in form:
                varde = las_tal(form[f"pott-{i}-{falt}"], f"{etikett}, {modellnyckel}", problem)
                _satt(nyckel, modellnyckel, varde)
    pott["nyckel"] = nyckel


def tillampa_modellformular(text: str, form: Mapping[str, str]) -> str:
    """Modelltexten med modellformulärets fält tillämpade (se modulens docstring). Fält som
    saknas lämnas orörda. ``IndataFel`` med alla problem i fälten."""
    d = las_yaml(text)
    problem: list[Problem] = []
    if "ram_kr" in form:
        _satt(d, "ram_kr", las_tal(form["ram_kr"], "budgetram", problem))
    for i, pott in enumerate(d["potter"]):
        if isinstance(pott, dict):
            _tillampa_pott(pott, i, form, problem)
    stab = {}
    for k in ("max_minskning_kr_per_elev", "max_minskning_andel"):
        if k in form:
            stab[k] = las_tal(form[k], k, problem)
    if stab.get("max_minskning_andel") is not None:  # fältet visar procent
        stab["max_minskning_andel"] = round(stab["max_minskning_andel"] / 100, 10)
    if stab:
        _satt_stabilitet(d, stab)
    if problem:
        raise IndataFel(problem)
    return skriv_yaml(d)


@dataclass(frozen=True)
class Andelsspak:
    """En pott med andel av ramen i scenariot: ``i`` pottens nummer, andelen 0–1, om den
    fördelas efter behov (index/målgrupp) och om den är balanspotten."""

    i: int
    rubrik: str
    andel: float
    behov: bool
    balans: bool


@dataclass(frozen=True)
class Spakar:
    """Scenariots spakar: andelarna, deras summa (hålls fast), ramen och största minskning
    per elev."""

    andelar: list[Andelsspak]
    andelssumma: float
    ram_kr: float | None
    max_minskning_kr_per_elev: float | None

    @property
    def balans(self) -> Andelsspak | None:
        """Balanspotten (tar upp skillnaden när en annan andel ändras)."""
        return next((a for a in self.andelar if a.balans), None)

    @property
    def behovsandel(self) -> float:
        """Summan av andelarna för potter som fördelas efter behov."""
        return sum(a.andel for a in self.andelar if a.behov)


def spakar(modell: Fordelningsmodell) -> Spakar:
    """Modellens spakar (andelar, ram, största minskning per elev)."""
    med_andel = [(i, p) for i, p in enumerate(modell.potter) if p.belopp.andel_av_ram is not None]
    balans = next((i for i, p in med_andel if p.nyckel is not None and p.nyckel.typ == "elever"),
                  med_andel[0][0] if med_andel else None)  # fmt: skip
    if len(med_andel) < 2:
        balans = None
    rader = pottrader(modell)
    andelar = [
        Andelsspak(i, visningsnamn(p), p.belopp.andel_av_ram or 0.0, rader[i].behov, i == balans)
        for i, p in med_andel
    ]
    stab = modell.stabilitet
    return Spakar(andelar, sum(a.andel for a in andelar), modell.ram_kr,
                  stab.max_minskning_kr_per_elev if stab else None)  # fmt: skip


def _spakvarde(form: Mapping[str, str], namn: str, utlosare: str | None) -> str | None:
    """Värdet för spaken: reglagets när det var reglaget som ändrades, annars talfältets."""
    if utlosare == f"{namn}-reglage" and f"{namn}-reglage" in form:
        return form[f"{namn}-reglage"]
    return form.get(namn)


def tillampa_spakar(
    text: str, form: Mapping[str, str], utlosare: str | None = None, bas: Spakar | None = None
) -> str:
    """Scenariots text med spakarna tillämpade. ``utlosare`` är id för fältet som ändrades
    (HTMX-rubriken ``HX-Trigger``): är det ett reglage gäller reglagets värde. Balanspotten
    får andelssumman minus de övriga andelarna; ``IndataFel`` om den skulle bli negativ.
    ``bas`` är textens spakar om anroparen redan har dem (annars läses texten)."""
    from skolpeng.web.korning import las_webbmodell

    s = bas if bas is not None else spakar(las_webbmodell(text))
    d = las_yaml(text)
    problem: list[Problem] = []
    nya: dict[int, float] = {}
    for a in s.andelar:
        if a.balans:
            continue
        procent = las_tal(_spakvarde(form, f"andel-{a.i}", utlosare), a.rubrik, problem)
        if procent is not None and not 0 <= procent <= 100:
            problem.append(Problem(KALLA, f"{a.rubrik}: andelen ska vara 0–100 %"))
        nya[a.i] = a.andel if procent is None else round(procent / 100, 6)
    b = s.balans
    if b is not None:
        rest = round(s.andelssumma - sum(nya.values()), 6)
        if rest < 0:
            problem.append(Problem(KALLA, f"andelarna överstiger tillsammans "
                                          f"{100 * s.andelssumma:.1f} % av ramen; {b.rubrik} "
                                          "skulle bli negativ"))  # fmt: skip
        nya[b.i] = max(rest, 0.0)
    for i, andel in nya.items():
        d["potter"][i]["belopp"] = {"andel_av_ram": andel}
    if "ram_kr" in form:
        ram = las_tal(_spakvarde(form, "ram_kr", utlosare), "ram_kr", problem)
        if ram is not None:
            _satt(d, "ram_kr", ram)
    if "max_minskning_kr_per_elev" in form:
        varde = las_tal(_spakvarde(form, "max_minskning_kr_per_elev", utlosare),
                        "största minskning per elev", problem)  # fmt: skip
        _satt_stabilitet(d, {"max_minskning_kr_per_elev": varde})
    if problem:
        raise IndataFel(problem)
    return skriv_yaml(d)

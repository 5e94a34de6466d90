"""Kontroll av att en modell går att räkna på ett underlag (modell × data).

In: ``Fordelningsmodell`` och ``Rutnat`` (underlaget som matriser). Ut: en lista ``Problem``
på svenska med nyckelns sökväg i modellen (``potter.2.omfattning.enheter``): okända stadier,
årskurser och viktnycklar, namngivna enheter som inte finns bland kommunens skolenheter,
målgrupper och givna belopp som saknas, index som saknas, potter och delpotter som inte når
någon elev. Alla problem på en gång; ``fordela`` och ``forbered_underlag`` kastar
``IndataFel`` med dem.
"""

from __future__ import annotations

import numpy as np

from skolpeng.data.schema import ARSKURSER, STADIER_FK_GR, STADIER_FRITIDSHEM
from skolpeng.fel import Problem
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell, Nyckel, Omfattning, Pott
from skolpeng.fordelning.motor.rutnat import Rutnat, giltiga_viktnycklar, omfattningsmask

FRITIDSHEM_ARSKURSER: tuple[str, ...] = ("F", "1", "2", "3", "4", "5", "6")


def givet_namn(pott: str, delpott: str | None) -> str:
    """Namnet som en pott (eller delpott) har i tabellen ``givna_belopp``: pottens namn,
    för en delpott ``<pott>/<delpott>``."""
    return pott if delpott is None else f"{pott}/{delpott}"


def modellfil(modell: Fordelningsmodell) -> str:
    """Det ``fil`` som modellens problem redovisas under."""
    return f"modellen {modell.namn!r}"


def _omfattning(
    o: Omfattning, sokvag: str, modell: Fordelningsmodell, r: Rutnat, fil: str
) -> list[Problem]:
    fk = modell.verksamhet == "fk_gr"
    stadier = STADIER_FK_GR if fk else STADIER_FRITIDSHEM
    arskurser = ARSKURSER if fk else FRITIDSHEM_ARSKURSER
    problem = []
    for s in o.stadier or []:
        if s not in stadier:
            problem.append(
                Problem(
                    fil, f"{sokvag}.stadier: okänt stadium {s!r}, förväntade {', '.join(stadier)}"
                )
            )
    for a in o.arskurser or []:
        if a not in arskurser:
            problem.append(
                Problem(
                    fil,
                    f"{sokvag}.arskurser: okänd årskurs {a!r}, förväntade {', '.join(arskurser)}",
                )
            )
    if o.verksamhet is not None and o.verksamhet not in r.verksamheter:
        problem.append(
            Problem(
                fil,
                f"{sokvag}.verksamhet: verksamheten {o.verksamhet!r} ingår inte i modellens ram "
                f"({', '.join(r.verksamheter)}; grundskola och anpassad grundskola i en ram "
                "anges med med_anpassad_gr: true)",
            )
        )
    if o.resursskolor and (r.resursskola is None or not r.resursskola.any()):
        problem.append(
            Problem(
                fil,
                f"{sokvag}.resursskolor: kommunen har inga resursskolor med elever i "
                "underlaget (tabellen resursskolor)",
            )
        )
    kanda = set(r.koder.tolist())
    for kod in o.enheter or []:
        if kod not in kanda:
            problem.append(
                Problem(
                    fil,
                    f"{sokvag}.enheter: skolenheten {kod} finns inte bland kommunens "
                    f"{modell.kommunkod} skolenheter med elever",
                )
            )
    return problem


def _vikter(n: Nyckel, sokvag: str, fil: str) -> list[Problem]:
    """Nyckelns vikter mot modellen själv (kombination, kända nycklar, inga negativa);
    kontrolleras även när potten inte når några elever."""
    problem = []
    if n.vikter is not None:
        if n.typ not in ("elever", "index", "behovsniva"):
            problem.append(
                Problem(
                    fil,
                    f"{sokvag}.vikter: vikter kan bara kombineras med nycklarna elever och index",
                )
            )
        giltiga = giltiga_viktnycklar(n.vikter)
        for k in n.vikter.varden:
            if k not in giltiga:
                problem.append(
                    Problem(
                        fil,
                        f"{sokvag}.vikter.varden: okänd nyckel {k!r} för per={n.vikter.per}, "
                        f"förväntade {', '.join(giltiga)}",
                    )
                )
        if any(v < 0 for v in n.vikter.varden.values()):
            problem.append(Problem(fil, f"{sokvag}.vikter.varden: en vikt får inte vara negativ"))
    return problem


def _nyckel(
    n: Nyckel, sokvag: str, givet: str, r: Rutnat, mask: np.ndarray, fil: str
) -> list[Problem]:
    problem = _vikter(n, sokvag, fil)
    if n.typ == "malgrupp" and n.malgrupp not in r.malgrupper:
        problem.append(
            Problem(
                fil,
                f"{sokvag}.malgrupp: målgruppen {n.malgrupp!r} saknas i tabellen malgrupper "
                "för kommunens skolenheter och läsåret",
            )
        )
    if (n.typ == "behovsniva" or n.behovsnivaer is not None) and not r.niva:
        problem.append(
            Problem(
                fil,
                f"{sokvag}: nyckeln per behovsnivå kräver tabellen elever_behovsniva med "
                "kommunens elever per behovsnivå för läsåret",
            )
        )
    if n.typ == "givet" and givet not in r.givna:
        problem.append(
            Problem(
                fil,
                f"{sokvag}: nyckeln givet kräver belopp i tabellen givna_belopp med pott = "
                f"{givet!r} för modellens år och kommunens skolenheter; inga finns",
            )
        )
    if n.typ == "index":
        if r.index is None:
            problem.append(Problem(fil, f"{sokvag}: nyckeln index kräver index i underlaget"))
        else:
            saknas = mask.any(axis=1) & np.isnan(r.index)
            if saknas.any():
                problem.append(
                    Problem(
                        fil,
                        f"{sokvag}: skolenheter i omfattningen saknar index: "
                        + ", ".join(r.koder[saknas].tolist()),
                    )
                )
            elif n.form == "progressiv" and (r.index[mask.any(axis=1)] <= 0).any():
                problem.append(Problem(fil, f"{sokvag}: den progressiva formen kräver index > 0"))
    return problem


def kontrollera(
    modell: Fordelningsmodell, r: Rutnat, saknade_tabeller: frozenset[str] = frozenset()
) -> list[Problem]:
    """Modellen mot underlaget -> alla problem (tom lista om modellen går att räkna).
    ``saknade_tabeller`` (``malgrupper``, ``givna_belopp``) är tabeller som saknas helt i
    datasetet och redan redovisats; nycklar som läser dem kontrolleras inte igen."""
    fil = modellfil(modell)
    problem: list[Problem] = []
    for i, p in enumerate(modell.potter):
        problem += _pott(p, f"potter.{i}", modell, r, fil)
    hoppa = {"malgrupper": "tabellen malgrupper", "givna_belopp": "tabellen givna_belopp"}
    for t in saknade_tabeller:
        problem = [x for x in problem if hoppa[t] not in x.meddelande]
    return problem


def _pott(p: Pott, sokvag: str, modell: Fordelningsmodell, r: Rutnat, fil: str) -> list[Problem]:
    problem = _omfattning(p.omfattning, f"{sokvag}.omfattning", modell, r, fil)
    mask = omfattningsmask(r, p.omfattning)
    if not (r.elever * mask).sum() > 0:
        problem.append(
            Problem(fil, f"{sokvag}: potten {p.namn!r} når inga elever (omfattningen är tom)")
        )
        if p.nyckel is not None:
            return problem + _vikter(p.nyckel, f"{sokvag}.nyckel", fil)
        for j, d in enumerate(p.delpotter or []):
            problem += _vikter(d.nyckel, f"{sokvag}.delpotter.{j}.nyckel", fil)
        return problem
    if p.nyckel is not None:
        return problem + _nyckel(p.nyckel, f"{sokvag}.nyckel", p.namn, r, mask, fil)
    for j, d in enumerate(p.delpotter or []):
        ds = f"{sokvag}.delpotter.{j}"
        dmask = mask
        if d.omfattning is not None:
            problem += _omfattning(d.omfattning, f"{ds}.omfattning", modell, r, fil)
            dmask = mask & omfattningsmask(r, d.omfattning)
        if not (r.elever * dmask).sum() > 0:
            problem.append(
                Problem(fil, f"{ds}: delpotten {d.namn!r} i potten {p.namn!r} når inga elever")
            )
            problem += _vikter(d.nyckel, f"{ds}.nyckel", fil)
            continue
        problem += _nyckel(d.nyckel, f"{ds}.nyckel", givet_namn(p.namn, d.namn), r, dmask, fil)
    return problem

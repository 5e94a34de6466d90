"""Webbens enda väg in i beräkningarna: underlag och norm ur minnet, modelltext -> körning.

In: appens tillstånd (``request.app.state``: ``sessionsfabrik``, ``minne``), en lagrad
datasetversion och modellfilens text. Ut: samma ``Fordelningskorning`` som ``skolpeng fordela``
ger (``skolpeng.fordelning.korning.berakna_fordelning``), med normen ur minnet.

Modeller i webben får inte hänvisa till filer (``index.fil``): ingen sökväg från användaren
når filsystemet. Index och målgrupper hämtas ur datasetets tabeller.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from skolpeng.api import IndataFel, Problem

if TYPE_CHECKING:
    from fastapi import Request
    from sqlalchemy.orm import Session

    from skolpeng.api import (
        Dataset,
        Fordelningskorning,
        Fordelningsmodell,
        ForraAret,
        Modell,
        NormResultat,
        Underlag,
    )

#: Största tillåtna modelltext (tecken).
MAX_MODELLTEXT = 200_000


def underlag_for(tillstand: Any, ds: Dataset) -> Underlag:
    """Datasetversionens underlag (läses en gång per process och version)."""
    from skolpeng.api import las_dataset

    return tillstand.minne.underlag(ds.id, lambda: las_dataset(ds))


def norm_for(tillstand: Any, ds: Dataset, ar: int, variant: str) -> NormResultat | None:
    """Normen för datasetversionen, året och varianten; None när underlaget eller
    parametrarna inte räcker (då saknas jämförelsen med normen och körningen säger varför)."""
    from skolpeng.api import berakna_norm_for

    underlag = underlag_for(tillstand, ds)

    def berakna() -> NormResultat | None:
        try:
            return berakna_norm_for(underlag, ar, variant)
        except (KeyError, IndataFel):
            return None

    return tillstand.minne.norm(ds.id, ar, variant, berakna)


def _med_tjanstemannens_ord(fel: IndataFel, kalla: str, visat: str = "Modelltexten") -> IndataFel:
    """Problemen i modellfilen med orden på sidan: ``visat`` ("Modelltexten") i stället för
    filnamnet ``modell.yaml`` och inget "(filen)" för fel som gäller hela texten."""
    problem = [
        dataclasses.replace(
            p,
            fil=visat if p.fil == "modell.yaml" else p.fil,
            meddelande=p.meddelande.removeprefix("(filen): "),
        )  # fmt: skip
        if p.fil == kalla
        else p
        for p in fel.problem
    ]
    return IndataFel(problem)


def las_webbmodell(
    text: str, kalla: str = "modell.yaml", visat: str = "Modelltexten"
) -> Fordelningsmodell:
    """Modelltexten -> modellen. ``IndataFel`` (svenska, med nyckelns sökväg; filen heter
    ``visat`` – "Modelltexten" på sidorna, filnamnet i en importerad katalog) vid fel, för
    stor text, hänvisning till en fil eller ett personnummer i något värde."""
    from skolpeng.api import (
        TIDSGRANS_WEBB_S,
        las_modell_text,
        personnummer_i_rader,
        personnummer_i_varde,
    )

    if len(text) > MAX_MODELLTEXT:
        raise IndataFel([Problem(visat, f"modellen är för stor (högst {MAX_MODELLTEXT} tecken)")])
    try:
        modell = las_modell_text(text, kalla, tidsgrans=TIDSGRANS_WEBB_S)
    except IndataFel as fel:
        raise _med_tjanstemannens_ord(fel, kalla, visat) from None
    if modell.index is not None and modell.index.fil is not None:
        raise IndataFel(
            [
                Problem(
                    visat if kalla == "modell.yaml" else kalla,
                    "index.fil: i webbapplikationen kan modellen inte hänvisa till filer; "
                    "indexet hämtas ur datasetets tabell socioekonomiskt_index",
                )
            ]
        )
    problem = personnummer_i_varde(kalla, modell.model_dump(exclude_defaults=True))
    problem = problem or personnummer_i_rader(kalla, text)  # också i kommentarerna
    if problem:
        raise IndataFel(problem)
    return modell


def kor_modell(
    tillstand: Any,
    modell: Fordelningsmodell,
    ds: Dataset,
    forra: ForraAret | None = None,
    med_bidrag: bool = True,
) -> Fordelningskorning:
    """Fördelningen för modellen på datasetversionen (med förra årets beslut när det finns),
    jämförd med normen ur minnet. ``med_bidrag=False`` för omräkningar som inte visar bidragen
    till enskilda huvudmän (snabbare). ``IndataFel`` när underlaget inte räcker för modellen."""
    from skolpeng.api import berakna_fordelning, normvariant

    underlag = underlag_for(tillstand, ds)
    norm = norm_for(tillstand, ds, modell.ar, normvariant(modell))
    with tillstand.minne.berakningsplatser:
        return berakna_fordelning(modell, underlag, None, forra, norm=norm, med_bidrag=med_bidrag)


def kor_med_forra_aret(
    tillstand: Any, db: Session, modell: Fordelningsmodell, ds: Dataset, med_bidrag: bool = True
) -> Fordelningskorning:
    """``kor_modell`` med förra året = kommunens senaste beslut för året före modellens år
    (``lagring.beslut.forra_arets``; None när inget finns)."""
    from skolpeng.api import forra_arets

    forra = forra_arets(db, modell.kommunkod, modell.ar, modell.verksamhet)
    return kor_modell(tillstand, modell, ds, forra, med_bidrag)


def kor_text(request: Request, db: Session, text: str, m: Modell, med_bidrag: bool = True
             ) -> tuple[Fordelningsmodell, Fordelningskorning]:  # fmt: skip
    """Modelltexten (modellens eller ett scenarios) körd på modellens dataset med förra årets
    beslut (``med_bidrag=False``: utan bidragen till enskilda, som scenariosidan inte visar).
    ``IndataFel`` med alla problem; kommunkoden får inte bytas."""
    modell = las_webbmodell(text)
    if modell.kommunkod != m.kommunkod:
        raise IndataFel([Problem("modell.yaml", f"kommunkod: modellen hör till kommun "
                                                f"{m.kommunkod} och kan inte byta kommun")])  # fmt: skip
    return modell, kor_minnesvart(request.app.state, db, text, modell, m.dataset, med_bidrag)


def kor_minnesvart(tillstand: Any, db: Session, text: str, modell: Fordelningsmodell,
                   ds: Dataset, med_bidrag: bool = True) -> Fordelningskorning:  # fmt: skip
    """``kor_med_forra_aret`` för modelltexten, räknad en gång per datasetversion, text,
    förra årets beslut och ``med_bidrag`` (``web.korningsminne``)."""
    from skolpeng.api import forra_arets
    from skolpeng.web.korningsminne import minnesvard_korning

    forra = forra_arets(db, modell.kommunkod, modell.ar, modell.verksamhet)
    return minnesvard_korning(tillstand, ds.id, text, forra, med_bidrag,
                              lambda: kor_modell(tillstand, modell, ds, forra, med_bidrag))  # fmt: skip

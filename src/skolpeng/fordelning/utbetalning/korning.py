"""Utbetalningskörningen: en hemkommuns bidrag, interkommunala ersättning och fordringar per
månad, från en beräknad fördelning och tabellen ``elever_hemkommun``.

Ordningen:

1. prisversioner: bidraget per elev ur kommunens beslut (och genomsnittet för enheter utanför
   fördelningen), interkommunal ersättning efter prislistan eller kommunens egna grunder;
   en budgetändring i modellen (``utbetalning.budgetandringar``) ger en ny version från sin
   månad, med fördelningen omräknad med den nya ramen (``budget.manadsbelopp``);
2. för varje månad M som inte redan är fryst: de elever som räknas (``antal.raknade_elever``
   med det som är känt i M) × månadsbeloppet = det linjen har rätt till; utbetalningen och
   korrigeringen mot det som redan betalats (``belopp.manadens_utbetalning``);
3. en fryst månad (läst ur en tidigare körning) ändras aldrig: dess rader förs över som de är.

In: körningen (``fordelning.korning.Fordelningskorning``), ``elever_hemkommun``, prislistan,
tidigare utbetalda rader och månaderna. Ut: ``Utbetalningsresultat`` (inga filer skrivs).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.fordelning.korning import Fordelningskorning
from skolpeng.fordelning.lika_villkor.ny_elev import MANADER
from skolpeng.fordelning.lika_villkor.per_enhet import avrunda_bidrag, berakna_bidrag_per_enhet
from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.fordelning.utbetalning.antal import elever_per_manad, raknade_elever
from skolpeng.fordelning.utbetalning.belopp import manadens_utbetalning
from skolpeng.fordelning.utbetalning.budget import manadsbelopp
from skolpeng.fordelning.utbetalning.linjer import NYCKEL, utbetalningslinjer
from skolpeng.fordelning.utbetalning.priser import (
    bidragspriser,
    egna_grunder,
    genomsnittligt_bidrag,
    interkommunala_priser,
)
from skolpeng.fordelning.utbetalning.priser_index import bidrag_med_eget_index
from skolpeng.fordelning.utbetalning.regel import Budgetandring

#: De interna raderna per linje och månad (utbetalningar och fordringar i samma form).
RADKOLUMNER: tuple[str, ...] = (
    *NYCKEL,
    "manad",
    "elever",
    "arsbelopp_kr",
    "manadsbelopp_kr",
    "belopp_kr",
    "korrigering_kr",
    "att_betala_kr",
    "korrigering_avser",
    "grund",
    "status",
)


@dataclass(frozen=True)
class Prisversion:
    """Priserna som gäller från ``fran_manad``: ``NYCKEL, arsbelopp_kr, grund`` per linje;
    ``andring`` är budgetändringen som gav versionen (None för årets början)."""

    fran_manad: int
    priser: pl.DataFrame
    andring: Budgetandring | None = None


@dataclass(frozen=True)
class Utbetalningsresultat:
    """Allt körningen räknade fram.

    - ``rader``: ``RADKOLUMNER`` för alla månader 1 … sista körda månaden (frysta och nya);
      ``status`` är ``fryst`` (läst ur en tidigare körning), ``beräknad`` (en tidigare månad
      räknad nu, antagen utbetald så) eller ``körd`` (de månader körningen gäller);
    - ``versioner``: prisversionerna (budgetändringar);
    - ``nya``: beslut som ska fattas omgående: ``typ`` (``ny_elev``/``ny_skolenhet``),
      ``skolenhetskod, stadium, manad, antal``;
    - ``anteckningar``: svenska noteringar."""

    ar: int
    kommunkod: str
    manader: tuple[int, ...]
    rader: pl.DataFrame
    versioner: tuple[Prisversion, ...]
    nya: pl.DataFrame
    anteckningar: tuple[str, ...]


def _priser(
    korning: Fordelningskorning,
    fordelning: Fordelning,
    bidrag_avrundat: pl.DataFrame,
    linjer: pl.DataFrame,
    prislista: pl.DataFrame | None,
) -> pl.DataFrame:
    """En prisversion för alla linjer: ``NYCKEL, arsbelopp_kr, grund``."""
    snitt = genomsnittligt_bidrag(fordelning, korning.lage)
    egna = egna_grunder(fordelning)
    unika = linjer.select(*NYCKEL, "motkommun").unique()
    b = unika.filter(pl.col("typ") == "bidrag")
    utanfor = sorted(set(b["skolenhetskod"]) - set(bidrag_avrundat["skolenhetskod"]))
    eget = bidrag_med_eget_index(fordelning, korning.lage, korning.underlag, utanfor)
    priser = bidragspriser(b, bidrag_avrundat, snitt, eget)
    delar = [b.join(priser, on=["skolenhetskod", "stadium"])]
    for typ in ("ersattning", "fordran"):
        d = unika.filter(pl.col("typ") == typ)
        if d.height:
            p = interkommunala_priser(d, egna, prislista, fordran=typ == "fordran")
            delar.append(d.join(p, on=["motkommun", "stadium"]))
    return pl.concat([x.select(*NYCKEL, "arsbelopp_kr", "grund") for x in delar])


def prisversioner(
    korning: Fordelningskorning, linjer: pl.DataFrame, prislista: pl.DataFrame | None
) -> tuple[list[Prisversion], list[str]]:
    """Årets början och en version per budgetändring (fördelningen räknad om med den nya
    ramen: samma underlag, potter och nycklar; bidragen med samma villkorade belopp).
    Ut: (versionerna, noteringar)."""
    from skolpeng.fordelning import fordela

    modell = korning.modell
    bidrag0 = avrunda_bidrag(korning.bidrag)
    versioner = [Prisversion(1, _priser(korning, korning.fordelning, bidrag0, linjer, prislista))]
    noter: list[str] = []
    for andring in modell.utbetalning.budgetandringar:
        ny_modell = modell.model_copy(update={"ram_kr": andring.ram_kr})
        f = fordela(ny_modell, korning.fordelning.underlag)
        bidrag = avrunda_bidrag(
            berakna_bidrag_per_enhet(f, korning.lage, korning.villkorade_belopp)
        )
        p = _priser(korning, f, bidrag, linjer, prislista)
        if andring.synnerliga_skal:
            forra = versioner[-1].priser.filter(pl.col("typ") == "bidrag")
            p = pl.concat([forra, p.filter(pl.col("typ") != "bidrag")])
            noter.append(
                f"Budgetändringen från {andring.fran} ges inte till de enskilda huvudmännen av "
                f"synnerliga skäl: {andring.synnerliga_skal}"
            )
        if korning.forra is not None or korning.bidragsfiler:
            noter.append(
                f"Budgetändringen från {andring.fran}: fördelningen är omräknad utan "
                "stabilitetsregler och faktiska lokalkostnader."
            )
        versioner.append(Prisversion(andring.manad, p, andring))
    return versioner, noter


def _taltext(x: pl.Expr) -> pl.Expr:
    """Ett elevantal som text: heltal utan decimaler, annars fyra decimaler."""
    return (
        pl.when(x == x.round(0))
        .then(x.cast(pl.Int64).cast(pl.String))
        .otherwise(x.round(4).cast(pl.String))
    )


def _korrigeringstext(nu: pl.DataFrame, fore: pl.DataFrame) -> pl.DataFrame:
    """Månader före M där eleverna som räknas nu skiljer sig från de utbetalda:
    ``NYCKEL, korrigering_avser`` (t.ex. ``mars: 12 → 13 elever``)."""
    namn = {i + 1: m for i, m in enumerate(MANADER)}
    skillnad = (
        nu.join(
            fore.select(*NYCKEL, "manad", pl.col("elever").alias("_e")),
            on=[*NYCKEL, "manad"],
            how="full",
            coalesce=True,
        )
        .with_columns(pl.col("raknat", "_e").fill_null(0.0))
        .filter((pl.col("raknat") - pl.col("_e")).abs() > 1e-9)
        .sort("manad")
        .with_columns(
            text=pl.format(
                "{}: {} → {} elever",
                pl.col("manad").replace_strict(namn, return_dtype=pl.String),
                _taltext(pl.col("_e")),
                _taltext(pl.col("raknat")),
            )
        )
    )
    return skillnad.group_by(NYCKEL).agg(korrigering_avser=pl.col("text").str.join("; "))


def _manad(
    per_manad: pl.DataFrame,
    priser_manad: pl.DataFrame,
    grund: pl.DataFrame,
    historik: pl.DataFrame,
    raknesatt: str,
    ar: int,
    manad: int,
    status: str,
) -> pl.DataFrame:
    """Raderna för en månad (``RADKOLUMNER``) givet historiken för tidigare månader."""
    raknat = raknade_elever(per_manad, raknesatt, ar, manad, NYCKEL)
    berattigat = raknat.join(priser_manad, on=[*NYCKEL, "manad"], how="left").with_columns(
        exakt_kr=pl.col("raknat") * pl.col("manadsbelopp_kr").fill_null(0.0)
    )
    fore = historik.filter(pl.col("manad") < manad)
    betalt = fore.group_by(NYCKEL).agg(betalt_kr=pl.col("att_betala_kr").sum())
    utbet = manadens_utbetalning(berattigat, NYCKEL, manad, betalt)
    text = _korrigeringstext(raknat.filter(pl.col("manad") < manad), fore)
    denna = berattigat.filter(pl.col("manad") == manad).select(
        *NYCKEL, pl.col("raknat").alias("elever"), "arsbelopp_kr", "manadsbelopp_kr"
    )
    alla_priser = priser_manad.filter(pl.col("manad") == manad).drop("manad")
    return (
        utbet.join(denna.drop("arsbelopp_kr", "manadsbelopp_kr"), on=NYCKEL, how="left")
        .join(alla_priser, on=NYCKEL, how="left")
        .join(text, on=NYCKEL, how="left")
        .join(grund, on=NYCKEL, how="left")
        .with_columns(
            manad=pl.lit(manad, dtype=pl.Int64),
            elever=pl.col("elever").fill_null(0.0),
            arsbelopp_kr=pl.col("arsbelopp_kr").fill_null(0.0),
            manadsbelopp_kr=pl.col("manadsbelopp_kr").fill_null(0.0),
            korrigering_avser=pl.col("korrigering_avser").fill_null(""),
            grund=pl.col("grund").fill_null(""),
            status=pl.lit(status),
        )
        .filter(
            (pl.col("elever") > 0) | (pl.col("att_betala_kr") != 0) | (pl.col("belopp_kr") != 0)
        )
        .select(RADKOLUMNER)
    )


def _nya_beslut(per_manad: pl.DataFrame, manader: tuple[int, ...]) -> pl.DataFrame:
    """Beslut som ska fattas omgående (SOU 5.5.1) i de körda månaderna: en enhet med
    kommunens elever för första gången efter januari (``ny_skolenhet``) och fler bidragselever
    i ett stadium än månaden före (``ny_elev``, antal = ökningen)."""
    b = per_manad.filter(pl.col("typ") == "bidrag")
    forsta = b.group_by("skolenhetskod").agg(forsta=pl.col("manad").min())
    nya_enh = forsta.filter((pl.col("forsta") > 1) & pl.col("forsta").is_in(list(manader)))
    enh = (
        b.join(nya_enh, left_on=["skolenhetskod", "manad"], right_on=["skolenhetskod", "forsta"])
        .group_by("skolenhetskod", "stadium", "manad")
        .agg(antal=pl.col("antal").sum())
        .with_columns(typ=pl.lit("ny_skolenhet"))
    )
    per = b.group_by("skolenhetskod", "stadium", "manad").agg(antal=pl.col("antal").sum())
    fore = per.with_columns(manad=pl.col("manad") + 1).rename({"antal": "_fore"})
    okning = (
        per.join(fore, on=["skolenhetskod", "stadium", "manad"], how="left")
        .join(nya_enh.select("skolenhetskod"), on="skolenhetskod", how="anti")
        .filter(pl.col("manad").is_in(list(manader)) & (pl.col("manad") > 1))
        .with_columns(antal=pl.col("antal") - pl.col("_fore").fill_null(0.0))
        .filter(pl.col("antal") > 0)
        .select("skolenhetskod", "stadium", "manad", "antal", typ=pl.lit("ny_elev"))
    )
    return pl.concat([enh.select(okning.columns), okning]).sort("manad", "skolenhetskod", "stadium")


def kontrollera_historik(historik: pl.DataFrame | None, manader: tuple[int, ...]) -> None:
    """De frysta månaderna ska vara 1 … n i följd och före de månader som körs; annars
    ``IndataFel`` (en fryst månad räknas aldrig om)."""
    if historik is None or historik.height == 0:
        return
    frysta = sorted(set(historik["manad"].to_list()))
    problem = []
    if frysta != list(range(1, len(frysta) + 1)):
        problem.append(
            Problem(
                "--tidigare",
                "de tidigare utbetalningarna ska gälla januari och följande "
                f"månader i följd, men gäller månaderna {frysta}",
            )
        )
    krockar = sorted(set(frysta) & set(manader))
    if krockar:
        problem.append(
            Problem(
                "--tidigare",
                f"{', '.join(MANADER[m - 1] for m in krockar)} är redan utbetald och fryst; "
                "en fryst månad räknas inte om (en rättelse blir en korrigering nästa månad)",
            )
        )
    if problem:
        raise IndataFel(problem)


def berakna_utbetalningar(
    korning: Fordelningskorning,
    elever_hemkommun: pl.DataFrame,
    manader: tuple[int, ...],
    prislista: pl.DataFrame | None = None,
    historik: pl.DataFrame | None = None,
) -> Utbetalningsresultat:
    """Utbetalningarna för ``manader`` (t.ex. ``(5,)`` eller ``(1, …, 12)``).

    In: körningen för budgetåret, ``elever_hemkommun``, månaderna, prislistan för
    interkommunal ersättning (``kommunkod, stadium, kr_per_elev``) och de frysta raderna från
    tidigare körningar (``RADKOLUMNER``; None = inga). Tidigare månader som inte är frysta
    räknas med dagens underlag och antas utbetalda så (det står i noteringarna).
    Ut: ``Utbetalningsresultat``."""
    modell = korning.modell
    ar, k, regel = modell.ar, modell.kommunkod, modell.utbetalning
    kontrollera_historik(historik, manader)
    per_manad0 = elever_per_manad(elever_hemkommun, modell.verksamhet, ar)
    linjer, noter = utbetalningslinjer(per_manad0, korning.underlag.skolenheter, k)
    if per_manad0.height == 0:
        noter.append(
            f"elever_hemkommun har inga elever i verksamheten {modell.verksamhet} under {ar}: "
            "inget att betala ut."
        )
    versioner, p = prisversioner(korning, linjer, prislista)
    noter += p
    per_manad = linjer.select(*NYCKEL, "manad", "antal")
    manadspris = manadsbelopp([(v.fran_manad, v.priser) for v in versioner], NYCKEL)
    grund = versioner[-1].priser.select(*NYCKEL, "grund")
    rader = [] if historik is None else [historik.select(RADKOLUMNER)]
    frysta = set() if historik is None else set(historik["manad"].to_list())
    sista = max(manader)
    for m in range(1, sista + 1):
        if m in frysta:
            continue
        status = "körd" if m in manader else "beräknad"
        tidigare = pl.concat(rader) if rader else pl.DataFrame(schema=_schema())
        rader.append(_manad(per_manad, manadspris, grund, tidigare, regel.raknesatt, ar, m, status))
    if any(m not in frysta and m not in manader for m in range(1, sista)):
        noter.append(
            "Tidigare månader som inte lästs från en tidigare körning (--tidigare) är räknade "
            "med dagens underlag och antas utbetalda så."
        )
    alla = pl.concat(rader).sort("manad", *NYCKEL)
    return Utbetalningsresultat(
        ar=ar,
        kommunkod=k,
        manader=tuple(sorted(manader)),
        rader=alla,
        versioner=tuple(versioner),
        nya=_nya_beslut(per_manad, tuple(manader)),
        anteckningar=tuple(noter),
    )


def _schema() -> dict[str, pl.DataType]:
    """Typerna i ``RADKOLUMNER``."""
    typer: dict[str, pl.DataType] = {k: pl.String() for k in RADKOLUMNER}
    typer["manad"] = pl.Int64()
    for k in ("elever", "arsbelopp_kr", "manadsbelopp_kr"):
        typer[k] = pl.Float64()
    for k in ("belopp_kr", "korrigering_kr", "att_betala_kr"):
        typer[k] = pl.Int64()
    return typer

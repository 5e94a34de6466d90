"""Bidraget per elev till enskilda huvudmäns skolenheter, per stadium (docs/regler/fordelning-och-bidrag.md#bidrag; skolförordningen 14 kap. 4, 7 a, 10 §§ i föreslagen lydelse).

In: en beräknad ``Fordelning`` och parameterläget den 1 januari modellens år (valfritt de
villkorade beloppen, ``bidrag_indata.py``, och tilläggsbeloppen, ``tillaggsbelopp.py``). Ut: en
rad per enskild skolenhet och stadium med beloppen per elev per kostnadsslag, lokalkostnad,
administration, avdrag, tilläggsbelopp, villkorat belopp, moms, bidraget per elev och totalt
(``BIDRAG_KOLUMNER``, det som blir ``bidrag.csv``). Tilläggsbeloppet per elev är enhetens och
stadiets summa per år (``tillaggsbelopp_ar_kr``) delad med ``elever`` – samma elever som
``bidrag_totalt_kr`` = bidrag × elever räknas på, så att totalen innehåller exakt summan och
dess mervärdesskatt.

Vad ``G0`` byggs av (steg 1), så att inget räknas två gånger:

- undervisning, lärverktyg, elevhälsa, måltider = enhetens egna belopp i ``fordelning.rader``
  ur potter med ``samma_grunder = true`` och dessa kostnadsslag, per stadium delat med
  enhetens elever i stadiet (samma potter och nycklar som kommunens enheter, enhetens eget
  index). Potter med ``samma_grunder = false`` (statsbidrag, kommunens egna ansvarstillägg)
  ingår inte;
- lokalkostnad = kommunens genomsnittliga lokalkostnad per elev i motsvarande verksamhet,
  *inte* enhetens egen andel av en lokalkostnadspott (den ersätts). Genomsnittet är modellens
  ``bidrag.lokalkostnad_per_elev_kr`` om den anges, annars Σ de kommunala enheternas belopp ur
  lokalkostnadspotter med ``samma_grunder = true`` / de kommunala enheternas elever, per
  skolform: förskoleklass (stadium F) och grundskola (1–9) var för sig i ``fk_gr``, hela
  fritidshemmet i ``fritidshem`` och hela anpassade grundskolan i ``anpassad_gr``
  (skolförordningen 14 kap. 6 §: "i motsvarande verksamhet"; ``skolform.py``).
  Där kommunen av särskilda skäl beslutat att ersätta en enhets faktiska lokalkostnad anges
  den per enhet (``faktiska_lokalkostnader``) och går före genomsnittet.

Steg 2–4 (administration 3 % av G0; avdrag r × (G0 + administration) med r ur
``bidrag.avdrag_utbudsansvar_andel`` den 1 januari, 0 för alla om kommunen avstår av
särskilda skäl; moms 6 % av grundbeloppet efter avdrag + tilläggsbelopp + villkorat belopp,
som inte får administration eller avdrag) görs av
``bidrag.berakna_bidrag`` för varje rad.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from skolpeng.avrundning import avrunda_storsta_rest_rader
from skolpeng.data.schema import ARSKURS_TILL_STADIUM
from skolpeng.fel import IndataFel, Problem
from skolpeng.fordelning.lika_villkor.bidrag import Bidragsparametrar, berakna_bidrag
from skolpeng.fordelning.lika_villkor.indata import villkorat_per_rad
from skolpeng.fordelning.lika_villkor.skolform import FORM as _FORM
from skolpeng.fordelning.lika_villkor.skolform import skolform_uttryck, skolformer
from skolpeng.fordelning.lika_villkor.tillaggsbelopp import tillagg_per_rad
from skolpeng.fordelning.underlag_och_resultat import Fordelning, Fordelningsunderlag
from skolpeng.parametrar import Parameterlage

#: Kostnadsslagen som tas ur modellens potter (lokalkostnader ersätts av genomsnittet).
KOSTNADSSLAG_ENHET: tuple[str, ...] = ("undervisning", "larverktyg", "elevhalsa", "maltider")

#: Delarna av bidraget per elev med tecken: de summerar till ``bidrag``.
DELAR: tuple[str, ...] = (
    *KOSTNADSSLAG_ENHET,
    "lokalkostnad",
    "administration",
    "avdrag_utbudsansvar",
    "tillaggsbelopp",
    "villkorat_belopp",
    "moms",
)

#: bidrag.csv: en rad per enskild skolenhet och stadium; belopp i kr per elev utom
#: ``bidrag_totalt_kr`` (= bidrag × elever), ``tillaggsbelopp_ar_kr`` (kommunens beslutade
#: tilläggsbelopp för enheten och stadiet per år, sammanlagt) och ``moms_tillaggsbelopp`` (kr
#: per elev, varav-belopp i ``moms``).
BIDRAG_KOLUMNER: tuple[str, ...] = (
    "skolenhetskod",
    "huvudman_id",
    "stadium",
    "elever",
    *DELAR[:-2],
    "villkorat_belopp",
    "moms",
    "bidrag",
    "bidrag_totalt_kr",
    "avdrag_avstatt",
    "avdrag_andel",
    "lokalkostnad_grund",
    "tillaggsbelopp_ar_kr",
    "tillaggsbelopp_andamal",
    "moms_tillaggsbelopp",
)


def elever_per_stadium(underlag: Fordelningsunderlag) -> pl.DataFrame:
    """Underlagets elever per årskurs -> ``skolenhetskod, stadium, elever`` (bara > 0)."""
    return (
        underlag.elever.with_columns(
            stadium=pl.col("arskurs").replace_strict(ARSKURS_TILL_STADIUM, return_dtype=pl.String)
        )
        .group_by("skolenhetskod", "stadium")
        .agg(elever=pl.col("antal").cast(pl.Float64).sum())
        .filter(pl.col("elever") > 0)
    )


def rader_per_stadium(fordelning: Fordelning, elever: pl.DataFrame) -> pl.DataFrame:
    """``fordelning.rader`` med stadium på varje rad: ett belopp utan stadium (t.ex. en
    klumpsumma per enhet) fördelas på enhetens stadier i proportion till eleverna.
    Ut: ``skolenhetskod, stadium, pott, kostnadsslag, samma_grunder, belopp_kr``."""
    kol = ["skolenhetskod", "stadium", "pott", "kostnadsslag", "samma_grunder", "belopp_kr"]
    rader = fordelning.rader.select(kol)
    utan = rader.filter(pl.col("stadium").is_null())
    if utan.height == 0:
        return rader
    andel = elever.with_columns(
        andel=pl.col("elever") / pl.col("elever").sum().over("skolenhetskod")
    ).select("skolenhetskod", pl.col("stadium").alias("_st"), "andel")
    spridda = (
        utan.join(andel, on="skolenhetskod", how="inner")
        .with_columns(stadium=pl.col("_st"), belopp_kr=pl.col("belopp_kr") * pl.col("andel"))
        .select(kol)
    )
    return pl.concat([rader.filter(pl.col("stadium").is_not_null()), spridda])


def lokalkostnad_per_elev(fordelning: Fordelning) -> pl.DataFrame:
    """Kommunens genomsnittliga lokalkostnad per elev per skolform.

    In: fördelningen (modellens ``bidrag.lokalkostnad_per_elev_kr``, eller de kommunala
    enheternas lokalkostnadspotter och elever). Ut: ``skolform, lokalkostnad_per_elev_kr,
    lokalkostnad_grund`` (svensk text om hur beloppet togs fram)."""
    modell = fordelning.modell
    former = skolformer(modell.verksamhet)
    given = modell.bidrag.lokalkostnad_per_elev_kr
    if given is not None:
        grund = "kommunens genomsnittliga lokalkostnad per elev enligt modellens uppgift"
        return pl.DataFrame(
            {
                "skolform": former,
                "lokalkostnad_per_elev_kr": [float(given)] * len(former),
                "lokalkostnad_grund": [grund] * len(former),
            }
        )
    elever = elever_per_stadium(fordelning.underlag)
    kommunala = fordelning.underlag.enheter.filter(pl.col("huvudmannatyp") == "kommunal").select(
        "skolenhetskod"
    )
    sf = skolform_uttryck(modell.verksamhet)
    elever_k = elever.join(kommunala, on="skolenhetskod").with_columns(skolform=sf)
    pengar = (
        rader_per_stadium(fordelning, elever)
        .filter(pl.col("samma_grunder") & (pl.col("kostnadsslag") == "lokalkostnader"))
        .join(kommunala, on="skolenhetskod")
        .with_columns(skolform=sf)
    )
    har_pott = any(p.kostnadsslag == "lokalkostnader" and p.samma_grunder for p in modell.potter)
    totalt_elever = float(elever_k["elever"].sum())
    totalt_kr = float(pengar["belopp_kr"].sum())
    rader = []
    for form in former:
        e = float(elever_k.filter(pl.col("skolform") == form)["elever"].sum())
        kr = float(pengar.filter(pl.col("skolform") == form)["belopp_kr"].sum())
        if not har_pott:
            rader.append(
                (
                    form,
                    0.0,
                    "modellen har ingen lokalkostnadspott och anger ingen "
                    "lokalkostnad per elev: lokalkostnaden är 0 kr",
                )
            )
        elif e > 0:
            rader.append(
                (form, kr / e, f"genomsnittet för kommunens egna skolenheter i {_FORM[form]}")
            )
        elif totalt_elever > 0:
            rader.append(
                (
                    form,
                    totalt_kr / totalt_elever,
                    "genomsnittet för kommunens egna skolenheter i hela verksamheten, "
                    f"eftersom kommunen inte har egna elever i {_FORM[form]}",
                )
            )
        else:
            rader.append(
                (form, 0.0, "kommunen har inga egna elever i verksamheten: lokalkostnaden är 0 kr")
            )
    return pl.DataFrame(
        rader, schema=["skolform", "lokalkostnad_per_elev_kr", "lokalkostnad_grund"], orient="row"
    )


_STADIEORDNING = {"F": 0, "1-3": 1, "4-6": 2, "7-9": 3}


def kontrollera_parameterdatum(lage: Parameterlage, ar: int) -> None:
    """Satserna ska vara de som gäller den 1 januari kalenderåret (bidraget fastställs inför
    kalenderårets början, 14 kap. 1 §); annars ``IndataFel``."""
    if lage.datum != dt.date(ar, 1, 1):
        raise IndataFel(
            [
                Problem(
                    "parametrar",
                    f"bidraget för kalenderåret {ar} ska beräknas med satserna den 1 januari "
                    f"{ar}, men parameterläget gäller {lage.datum.isoformat()}",
                )
            ]
        )


def _med_faktisk_lokalkostnad(
    rader: pl.DataFrame, faktiska: pl.DataFrame, fordelning: Fordelning
) -> pl.DataFrame:
    """Byter kommunens genomsnitt mot huvudmannens faktiska lokalkostnad för de enheter där
    kommunen av särskilda skäl beslutat det (14 kap. 6 §). Enheten ska vara en enskild enhet
    i fördelningen, beloppet ≥ 0 och skälen angivna; varje enhet högst en gång
    (``IndataFel`` med alla problem)."""
    typ = dict(
        zip(
            fordelning.underlag.enheter["skolenhetskod"],
            fordelning.underlag.enheter["huvudmannatyp"],
            strict=True,
        )
    )
    problem: list[Problem] = []
    sedda: set[str] = set()
    fil = "faktiska_lokalkostnader"
    for i, r in enumerate(faktiska.iter_rows(named=True), start=2):
        kod = r.get("skolenhetskod")
        if typ.get(kod) != "enskild":
            problem.append(
                Problem(fil, f"{kod} är inte en enskild skolenhet i kommunen", i, "skolenhetskod")
            )
        if kod in sedda:
            problem.append(Problem(fil, f"{kod} förekommer flera gånger", i, "skolenhetskod"))
        sedda.add(kod)
        if r.get("kr_per_elev") is None or not r["kr_per_elev"] >= 0:
            problem.append(Problem(fil, "beloppet per elev ska vara ≥ 0 kr", i, "kr_per_elev"))
        if not (r.get("skal") or "").strip():
            problem.append(Problem(fil, "de särskilda skälen ska anges", i, "skal"))
    if problem:
        raise IndataFel(problem)
    text = "huvudmannens faktiska lokalkostnad per elev av särskilda skäl (14 kap. 6 §): "
    return (
        rader.join(
            faktiska.select(
                "skolenhetskod",
                pl.col("kr_per_elev").cast(pl.Float64).alias("_faktisk"),
                pl.col("skal").alias("_skal"),
            ),
            on="skolenhetskod",
            how="left",
        )
        .with_columns(
            lokalkostnad_per_elev_kr=pl.coalesce("_faktisk", "lokalkostnad_per_elev_kr"),
            lokalkostnad_grund=pl.when(pl.col("_faktisk").is_not_null())
            .then(pl.lit(text) + pl.col("_skal"))
            .otherwise(pl.col("lokalkostnad_grund")),
        )
        .drop("_faktisk", "_skal")
    )


def berakna_bidrag_per_enhet(
    fordelning: Fordelning,
    lage: Parameterlage,
    villkorade_belopp: pl.DataFrame | None = None,
    faktiska_lokalkostnader: pl.DataFrame | None = None,
    tillaggsbelopp: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Bidraget per elev och totalt för varje enskild skolenhet och stadium (ren funktion).

    In: fördelningen, parameterläget den 1 januari modellens år (annars ``IndataFel``),
    valfritt de villkorade beloppen (``skolenhetskod, stadium, andamal, villkor, kr_per_elev``,
    kontrollerade med ``bidrag_indata.kontrollera_villkorade_belopp``) och valfritt de enheter där
    lokalkostnaden av särskilda skäl är huvudmannens faktiska kostnad (``skolenhetskod,
    kr_per_elev, skal``; skolförordningen 14 kap. 6 §) och tilläggsbeloppen (``skolenhetskod,
    stadium, andamal, belopp_kr`` per år, kontrollerade med
    ``tillaggsbelopp.kontrollera_tillaggsbelopp``). Ut: ``BIDRAG_KOLUMNER`` sorterade på
    huvudman, skolenhet och stadium, oavrundade (se ``avrunda_bidrag``)."""
    modell = fordelning.modell
    kontrollera_parameterdatum(lage, modell.ar)
    satser = Bidragsparametrar.fran_lage(lage)
    avsta = modell.bidrag.avsta_avdrag
    enskilda = fordelning.underlag.enheter.filter(pl.col("huvudmannatyp") == "enskild").select(
        "skolenhetskod", "huvudman_id"
    )
    elever = elever_per_stadium(fordelning.underlag)
    belopp = (
        rader_per_stadium(fordelning, elever)
        .filter(pl.col("samma_grunder") & pl.col("kostnadsslag").is_in(KOSTNADSSLAG_ENHET))
        .group_by("skolenhetskod", "stadium")
        .agg(
            pl.col("belopp_kr").filter(pl.col("kostnadsslag") == k).sum().alias(f"_{k}")
            for k in KOSTNADSSLAG_ENHET
        )
    )
    lokal = lokalkostnad_per_elev(fordelning)
    sf = skolform_uttryck(modell.verksamhet)
    rader = (
        elever.join(enskilda, on="skolenhetskod")
        .join(belopp, on=["skolenhetskod", "stadium"], how="left")
        .with_columns(skolform=sf)
        .join(lokal, on="skolform", how="left")
        .with_columns(
            (pl.col(f"_{k}").fill_null(0.0) / pl.col("elever")).alias(k) for k in KOSTNADSSLAG_ENHET
        )
        .with_columns(_ordning=pl.col("stadium").replace_strict(_STADIEORDNING, default=9))
        .sort("huvudman_id", "skolenhetskod", "_ordning")
    )
    if faktiska_lokalkostnader is not None and faktiska_lokalkostnader.height:
        rader = _med_faktisk_lokalkostnad(rader, faktiska_lokalkostnader, fordelning)
    villkorat = villkorat_per_rad(villkorade_belopp, rader)
    rader = pl.concat([rader, tillagg_per_rad(tillaggsbelopp, rader)], how="horizontal")
    ut: dict[str, list[float]] = {
        k: [] for k in ("lokalkostnad", *DELAR[5:], "bidrag", "moms_tillaggsbelopp")
    }
    for i, r in enumerate(rader.iter_rows(named=True)):
        b = berakna_bidrag(
            sum(r[k] for k in KOSTNADSSLAG_ENHET),
            r["lokalkostnad_per_elev_kr"],
            satser,
            avsta_avdrag=avsta,
            tillaggsbelopp_kr=r["tillaggsbelopp_ar_kr"] / r["elever"],
            villkorat_belopp_kr=float(villkorat[i]),
        )
        ut["lokalkostnad"].append(b.lokalkostnad)
        ut["administration"].append(b.administration)
        ut["avdrag_utbudsansvar"].append(b.avdrag_utbudsansvar)
        ut["tillaggsbelopp"].append(b.tillaggsbelopp)
        ut["villkorat_belopp"].append(b.villkorat_belopp)
        ut["moms"].append(b.moms)
        ut["bidrag"].append(b.bidrag)
        ut["moms_tillaggsbelopp"].append(b.moms_tillaggsbelopp)
    sats = 0.0 if avsta else satser.avdrag_utbudsansvar_andel
    return (
        rader.with_columns(pl.Series(k, v, dtype=pl.Float64) for k, v in ut.items())
        .with_columns(
            bidrag_totalt_kr=pl.col("bidrag") * pl.col("elever"),
            avdrag_avstatt=pl.lit(avsta),
            avdrag_andel=pl.lit(sats, dtype=pl.Float64),
        )
        .select(BIDRAG_KOLUMNER)
    )


def avrunda_bidrag(bidrag: pl.DataFrame) -> pl.DataFrame:
    """Bidragen i hela kronor för beslut och publicering.

    In: ``berakna_bidrag_per_enhet``s ram. Ut: samma kolumner där ``bidrag`` är avrundat till
    hela kronor och delarna (``DELAR``, avdraget med minustecken) avrundats med största-rest
    per rad så att de summerar exakt till det avrundade bidraget; ``bidrag_totalt_kr`` =
    avrundat bidrag × elever, avrundat till hela kronor; ``tillaggsbelopp_ar_kr`` och
    ``moms_tillaggsbelopp`` till hela kronor var för sig."""
    if bidrag.height == 0:
        return bidrag.with_columns(pl.col(*DELAR, "bidrag", "bidrag_totalt_kr").cast(pl.Int64))
    tecken = np.array([-1.0 if d == "avdrag_utbudsansvar" else 1.0 for d in DELAR])
    delar = bidrag.select(DELAR).to_numpy() * tecken
    avrundat = avrunda_storsta_rest_rader(delar, bidrag["bidrag"].to_numpy())
    total = avrundat.sum(axis=1)
    return bidrag.with_columns(
        *(
            pl.Series(d, (avrundat[:, j] * int(tecken[j])).astype(np.int64))
            for j, d in enumerate(DELAR)
        ),
        pl.Series("bidrag", total.astype(np.int64)),
        pl.Series(
            "bidrag_totalt_kr",
            np.floor(total * bidrag["elever"].to_numpy() + 0.5).astype(np.int64),
        ),
        *(
            (pl.col(k).cast(pl.Float64) + 0.5).floor().cast(pl.Int64)
            for k in ("tillaggsbelopp_ar_kr", "moms_tillaggsbelopp")
            if k in bidrag.columns
        ),
    )

"""``skolpeng uppfoljning``: uppföljningens analyser (docs/regler/uppfoljning.md) som kommandon.

Kommandon (alla skriver atomiskt till ``--ut``: CSV, JSON, HTML, PDF, PNG och manifest;
fel i indata ger alla problem på svenska, exitkod 2 och inga filer):

- ``forvantat`` – förväntat mot faktiskt resultat (SALSA-typ): ``--resultat`` (fil, katalog
  eller medföljande dataset, t.ex. ``resultat_ak9``), ``--bakgrund`` (annars bredvid);
- ``traffsakerhet`` – modellens träffsäkerhet: ``--resultat``, ``--index``, ``--belopp``;
- ``resultatgap`` – gapet mellan enheter med högt och lågt index över tid;
- ``volatilitet`` – förändringen per enhet från år till år: ``--belopp`` (``--dekomposition``);
  ``--belopp`` (och ``--dekomposition``) kan vara utdatakataloger från ``skolpeng fordela``,
  en per år (``uppfoljning.fran_fordelning``);
- ``riktade-medel`` – alla riktade medel per enhet: ``--belopp`` (``--resultat``);
- ``syntetisk`` – skriver syntetiska uppföljningsdata med planterade svar;
- ``rapport`` – kommunens årliga uppföljningsrapport (``uppfolj_rapport``); ``resultatgap``
  utan ``--index`` räknar på en verklig resultatserie (``uppfolj_serie``).

``--analys`` är en YAML-fil (``uppfoljning.indata.Analysinstallningar``) med utfall, faktorer,
minsta antal elever, intervallnivå, läsår -> år och trösklar; utan den gäller standardvärdena.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from skolpeng.cli.gemensamt import konsol, med_felhantering
from skolpeng.cli.uppfolj_anvandning import (
    AnvandningFil,
    anvandningstabeller,
    med_anvandningens_html,
    registrera_anvandning,
)
from skolpeng.cli.uppfolj_kataloger import Varde
from skolpeng.cli.uppfolj_korning import (
    Indata,
    Utdata,
    bakgrundsnotering,
    las_indata,
    skriv_syntetisk,
    skriv_utdata,
)
from skolpeng.cli.uppfolj_rapport_kommando import registrera_rapport
from skolpeng.cli.uppfolj_serie import (
    BakgrundBredvid,
    ValfrittIndex,
    resultatgap_serie,
    serieargument,
)

if TYPE_CHECKING:
    import polars as pl


def _opt(namn: str, hjalp: str) -> Any:
    return typer.Option(namn, help=hjalp)


Ut = Annotated[Path, typer.Option("--ut", help="Utkatalog (skrivs atomiskt).")]
Analys = Annotated[
    Path | None, typer.Option("--analys", help="Analysfil (YAML); utan den gäller standardvärdena.")
]
ResultatFil = Annotated[str, _opt("--resultat", "resultat.csv eller katalog.")]
IndexFil = Annotated[str, _opt("--index", "index.csv eller katalog.")]
BeloppFil = Annotated[
    list[str],
    _opt(
        "--belopp",
        "belopp.csv eller katalog; eller en eller flera utdatakataloger från skolpeng fordela "
        "(upprepa flaggan eller skilj med komma).",
    ),
]
EnheterFil = Annotated[str | None, _opt("--enheter", "enheter.csv med namn (valfritt).")]
#: Tabellnamn -> (argumentets värde: fil, katalog, medföljande dataset eller en lista med
#: fordela-kataloger; krävs).
Tabellargument = dict[str, tuple[Varde, bool]]


def _skriv(text: str) -> None:
    konsol.print(text, highlight=False, markup=False)


def kor_analys(
    kommando: str,
    tabeller: Tabellargument,
    analys: Path | None,
    ut: Path,
    analysera: Callable[[Indata], tuple[Utdata, list[str]]],
    bredvid: str | None = None,
) -> Utdata:
    """Det som är gemensamt för varje analys: tabellerna (flaggan är ``--<tabell>``) och
    analysfilen läses (``las_indata``; alla problem på en gång), ``analysera`` gör utdata och
    raderna för skärmen, allt skrivs atomiskt i ``ut`` med argumenten i manifestet och sedan
    skrivs raderna ut. Ut: det skrivna."""
    ind = las_indata(
        {t: (varde, f"--{t}", kravs) for t, (varde, kravs) in tabeller.items()},
        analys,
        bredvid=bredvid,
    )
    utdata, rader = analysera(ind)
    argument = {t: varde for t, (varde, _) in tabeller.items()} | {
        "analys": str(analys) if analys else None,
        "ut": str(ut),
    }
    skriv_utdata(ut, kommando, utdata, ind, argument, _skriv)
    for rad in rader:
        _skriv(rad)
    return utdata


def _forvantat(ind: Indata) -> tuple[Utdata, list[str]]:
    """Indata -> (förväntat mot faktiskt: tabeller, sammanfattning, HTML, diagram; en rad per regression). Utan bakgrund: ``IndataFel``."""
    from skolpeng.api import (
        UTFALLSNAMN,
        IndataFel,
        Problem,
        decimal,
        forvantat_resultat,
        heltal,
        koefficienttabell,
    )
    from skolpeng.api import uppfoljningsrapport as rg

    if "bakgrund" not in ind.tabeller:
        raise IndataFel([Problem("--bakgrund", "bakgrund.csv saknas (ange --bakgrund)")])
    inst = ind.installningar
    f = forvantat_resultat(
        ind.tabeller["resultat"],
        ind.tabeller["bakgrund"],
        inst.utfall,
        inst.faktorer,
        inst.minsta_antal_elever,
        inst.intervallniva,
    )
    diagram = rg.forvantat_diagramlista(f, inst)
    noteringar = bakgrundsnotering(ind.tabeller["bakgrund"])
    utdata = Utdata(
        "forvantat",
        {
            "forvantat_enheter": f.enheter,
            "forvantat_koefficienter": koefficienttabell(f),
            "forvantat_uteslutna": f.uteslutna,
        },
        rg.forvantat_sammanfattning(f, inst) | {"noteringar": noteringar},
        rg.forvantat_html(f, inst, diagram, noteringar, ind.namn()),
        diagram,
    )
    rader = []
    for r in f.regressioner:
        termer = ", ".join(
            f"{'konstant' if t == 'const' else t} {decimal(k, 3)} (standardfel {decimal(s, 3)})"
            for t, k, s in r.koefficienter.select("term", "koefficient", "standardfel").iter_rows()
        )
        rader.append(
            f"{UTFALLSNAMN.get(r.utfall, r.utfall)} {r.lasar}: R² = {decimal(r.r2, 3)}, "
            f"{heltal(r.antal_enheter)} enheter; {termer}"
        )
    return utdata, rader


def kor_forvantat(
    resultat: str, bakgrund: str | None, enheter: str | None, analys: Path | None, ut: Path
) -> Utdata:
    """``uppfoljning forvantat``: läser, analyserar och skriver. Ut: det skrivna."""
    tabeller: Tabellargument = {
        "resultat": (resultat, True),
        "bakgrund": (bakgrund, False),
        "enheter": (enheter, False),
    }
    return kor_analys("forvantat", tabeller, analys, ut, _forvantat, bredvid="resultat")


def _resultat_med_ar(ind: Indata) -> pl.DataFrame:
    from skolpeng.api import med_ar

    return med_ar(ind.tabeller["resultat"], ind.installningar.lasar_till_ar)


def _traffsakerhet(ind: Indata) -> tuple[Utdata, list[str]]:
    """Indata -> (träffsäkerhetens utdata; antalet flaggade enheter och år)."""
    import polars as pl

    from skolpeng.api import med_ar, per_enhet, traffsakerhet
    from skolpeng.api import uppfoljningsrapport_ekonomi as re_

    inst = ind.installningar
    bak = ind.tabeller.get("bakgrund")
    eb = per_enhet(ind.tabeller["belopp"])
    t = traffsakerhet(
        _resultat_med_ar(ind),
        ind.tabeller["index"],
        eb,
        inst.utfall,
        inst.minsta_antal_elever,
        inst.trosklar.kompensation_kvantil,
        med_ar(bak, inst.lasar_till_ar, "bakgrund") if bak is not None else None,
        inst.faktorer,
    )
    diagram = re_.traffsakerhet_diagramlista(t, eb)
    tabeller = {
        "traffsakerhet_forklaringsgrad": t.forklaringsgrad,
        "traffsakerhet_kompensation": t.kompensation,
        "traffsakerhet_omfordelning": t.omfordelning,
    }
    if t.grupper is not None:
        tabeller["traffsakerhet_grupper"] = t.grupper
    utdata = Utdata(
        "traffsakerhet",
        tabeller,
        re_.traffsakerhet_sammanfattning(t),
        re_.traffsakerhet_html(t, inst, diagram),
        diagram,
    )
    flagg = (
        t.kompensation.filter(pl.col("bedomning") != "")
        if t.kompensation.height
        else t.kompensation
    )
    return utdata, [
        f"{flagg.height} enheter och år flaggade som möjligen under- eller överkompenserade."
    ]


def kor_traffsakerhet(
    resultat: str, index: str, belopp: Varde, bakgrund: str | None, analys: Path | None, ut: Path
) -> Utdata:
    """``uppfoljning traffsakerhet``."""
    tabeller: Tabellargument = {
        "resultat": (resultat, True),
        "index": (index, True),
        "belopp": (belopp, True),
        "bakgrund": (bakgrund, False),
    }
    return kor_analys("traffsakerhet", tabeller, analys, ut, _traffsakerhet, bredvid="resultat")


def _resultatgap(ind: Indata) -> tuple[Utdata, list[str]]:
    """Indata -> (resultatgapets utdata; slutsatserna). Utan index: den verkliga serien."""
    if "index" not in ind.tabeller:
        return resultatgap_serie(ind)
    from skolpeng.api import analysunderlag, resultatgap
    from skolpeng.api import uppfoljningsrapport as rg

    inst = ind.installningar
    res = _resultat_med_ar(ind)
    g = resultatgap(
        res,
        ind.tabeller["index"],
        inst.utfall,
        inst.minsta_antal_elever,
        inst.trosklar.trend_signifikans,
    )
    underlag = {
        u: analysunderlag(res, ind.tabeller["index"], None, u, inst.minsta_antal_elever)
        for u in g.per_ar["utfall"].unique().to_list()
    }
    diagram = rg.resultatgap_diagramlista(g, underlag)
    utdata = Utdata(
        "resultatgap",
        {"resultatgap_per_ar": g.per_ar, "resultatgap_trender": g.trender},
        rg.resultatgap_sammanfattning(g),
        rg.resultatgap_html(g, inst, diagram),
        diagram,
    )
    return utdata, list(utdata.sammanfattning["slutsats"].values())


def kor_resultatgap(
    resultat: str,
    index: str | None,
    analys: Path | None,
    ut: Path,
    bakgrund: str | None = None,
    enheter: str | None = None,
) -> Utdata:
    """``uppfoljning resultatgap``; utan ``index`` gapet på behovsindexet ur bakgrunden."""
    tabeller: Tabellargument = serieargument(resultat, index, bakgrund, enheter)
    return kor_analys("resultatgap", tabeller, analys, ut, _resultatgap, bredvid="resultat")


def _volatilitet(ind: Indata) -> tuple[Utdata, list[str]]:
    """Indata -> (volatilitetens utdata; antalet förändringar över tröskeln)."""
    from skolpeng.api import uppfoljningsrapport_ekonomi as re_
    from skolpeng.api import volatilitet

    t = ind.installningar.trosklar
    v = volatilitet(
        ind.tabeller["belopp"],
        t.volatilitet_andel,
        t.volatilitet_kr,
        ind.tabeller.get("dekomposition"),
    )
    diagram = re_.volatilitet_diagramlista(v, ind.installningar, ind.namn())
    utdata = Utdata(
        "volatilitet",
        {"volatilitet_forandringar": v.forandringar, "volatilitet_potter": v.potter},
        re_.volatilitet_sammanfattning(v, ind.installningar),
        re_.volatilitet_html(v, ind.installningar, diagram, ind.namn()),
        diagram,
    )
    return utdata, [f"{v.flaggade.height} av {v.forandringar.height} förändringar över tröskeln."]


def kor_volatilitet(
    belopp: Varde, dekomposition: Varde, enheter: str | None, analys: Path | None, ut: Path
) -> Utdata:
    """``uppfoljning volatilitet``."""
    tabeller: Tabellargument = {
        "belopp": (belopp, True),
        "dekomposition": (dekomposition, False),
        "enheter": (enheter, False),
    }
    return kor_analys("volatilitet", tabeller, analys, ut, _volatilitet, bredvid="belopp")


def _riktade_medel(ind: Indata, anvandning: Path | None = None) -> tuple[Utdata, list[str]]:
    """Indata (och rektorernas redovisningar) -> (de riktade medlens utdata; inga rader)."""
    from skolpeng.api import riktade_medel
    from skolpeng.api import uppfoljningsrapport_riktade as rr

    res = _resultat_med_ar(ind) if "resultat" in ind.tabeller else None
    r = riktade_medel(ind.tabeller["belopp"], res)
    diagram = rr.riktade_medel_diagramlista(r)
    anv = anvandningstabeller(r.per_enhet, anvandning) if anvandning else {}
    utdata = Utdata(
        "riktade_medel",
        {
            "riktade_medel_enheter": r.per_enhet,
            "riktade_medel_potter": r.per_pott,
            "riktade_medel_ar": r.per_ar,
            **anv,  # type: ignore[dict-item]
        },
        rr.riktade_medel_sammanfattning(r),
        med_anvandningens_html(rr.riktade_medel_html(r, diagram, ind.namn()), anv),
        diagram,
    )
    return utdata, []


def kor_riktade_medel(
    belopp: Varde, resultat: str | None, enheter: str | None, analys: Path | None, ut: Path,
    anvandning: Path | None = None,
) -> Utdata:  # fmt: skip
    """``uppfoljning riktade-medel``."""
    tabeller: Tabellargument = {
        "belopp": (belopp, True),
        "resultat": (resultat, False),
        "enheter": (enheter, False),
    }
    return kor_analys("riktade-medel", tabeller, analys, ut,
                      lambda ind: _riktade_medel(ind, anvandning), bredvid="belopp")  # fmt: skip


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandogruppen ``uppfoljning`` i CLI-appen."""
    grupp = typer.Typer(
        help="Uppföljning: förväntat mot faktiskt, träffsäkerhet, resultatgap, volatilitet, riktade medel.",
        no_args_is_help=True,
    )
    app.add_typer(grupp, name="uppfoljning")
    registrera_anvandning(grupp)

    @grupp.command("forvantat")
    def forvantat(
        resultat: Annotated[
            str,
            _opt(
                "--resultat",
                "resultat.csv, en katalog eller ett medföljande dataset (resultat_ak9).",
            ),
        ],
        ut: Ut,
        bakgrund: Annotated[
            str | None, _opt("--bakgrund", "bakgrund.csv (annars bredvid resultat).")
        ] = None,
        enheter: EnheterFil = None,
        analys: Analys = None,
    ) -> None:
        """Förväntat mot faktiskt resultat per enhet (SALSA-typ; SKL 2014 steg 6)."""
        med_felhantering(lambda: kor_forvantat(resultat, bakgrund, enheter, analys, ut))

    @grupp.command("traffsakerhet")
    def traffsakerhet_(
        resultat: ResultatFil,
        index: IndexFil,
        belopp: BeloppFil,
        ut: Ut,
        bakgrund: Annotated[str | None, _opt("--bakgrund", "bakgrund.csv (valfritt).")] = None,
        analys: Analys = None,
    ) -> None:
        """Modellens träffsäkerhet: förklaringsgrad, under-/överkompensation, omfördelning."""
        med_felhantering(lambda: kor_traffsakerhet(resultat, index, belopp, bakgrund, analys, ut))

    @grupp.command("resultatgap")
    def resultatgap_(
        resultat: ResultatFil,
        ut: Ut,
        index: ValfrittIndex = None,
        bakgrund: BakgrundBredvid = None,
        enheter: EnheterFil = None,
        analys: Analys = None,
    ) -> None:
        """Resultatgapet mellan enheter med högt och lågt index över tid (Stockholm 2022)."""
        med_felhantering(lambda: kor_resultatgap(resultat, index, analys, ut, bakgrund, enheter))

    registrera_rapport(grupp, _skriv)

    @grupp.command("volatilitet")
    def volatilitet_(
        belopp: BeloppFil,
        ut: Ut,
        dekomposition: Annotated[
            list[str] | None,
            _opt(
                "--dekomposition",
                "dekomposition.csv (valfritt), eller fordela-kataloger med forandring.csv; "
                "utan flaggan tas den ur --belopp:s kataloger när de har forandring.csv.",
            ),
        ] = None,
        enheter: EnheterFil = None,
        analys: Analys = None,
    ) -> None:
        """Förändringen per enhet från år till år och vad som drev den (KPMG 2020)."""
        med_felhantering(lambda: kor_volatilitet(belopp, dekomposition, enheter, analys, ut))

    @grupp.command("riktade-medel")
    def riktade_medel_(
        belopp: BeloppFil,
        ut: Ut,
        resultat: Annotated[str | None, _opt("--resultat", "resultat.csv (valfritt).")] = None,
        enheter: EnheterFil = None,
        analys: Analys = None,
        anvandning: AnvandningFil = None,
    ) -> None:
        """Alla riktade medel per enhet och år, i kronor och som andel (KPMG 2020)."""
        med_felhantering(
            lambda: kor_riktade_medel(belopp, resultat, enheter, analys, ut, anvandning)
        )

    @grupp.command("syntetisk")
    def syntetisk_(
        ut: Ut,
        seed: Annotated[int, _opt("--seed", "Frö för slumpgeneratorn.")] = 0,
        gap: Annotated[
            float,
            _opt(
                "--gap",
                "Planterad gapförändring (meritpoäng per år och indexenhet; > 0 = minskar).",
            ),
        ] = 6.0,
    ) -> None:
        """Skriver syntetiska uppföljningsdata med planterade svar (för prov och exempel)."""
        skriv_syntetisk(ut, seed, gap, _skriv)

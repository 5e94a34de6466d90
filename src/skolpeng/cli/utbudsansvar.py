"""``skolpeng utbudsansvar``: demografiskt betingad överkapacitet och avdraget (docs/regler/utbudsansvar.md).

Tunt: argument -> en elevserie och ett parameterläge -> ``utbudsanalys`` -> filer och en
svensk sammanfattning. ``skolpeng utbudsansvar avdrag`` räknar bara avdraget (tabell 10.3),
``skolpeng utbudsansvar elasticitet`` panelregressionen (tabell 10.2).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from skolpeng.cli.gemensamt import konsol, med_felhantering
from skolpeng.cli.utbudsansvar_elasticitet import registrera_elasticitet

if TYPE_CHECKING:
    from skolpeng.api import Elevserie, Parameterlage, Problem, Utbudsanalys

grupp = typer.Typer(
    help="Utbudsansvaret: demografiskt betingad överkapacitet, total överkapacitet och avdraget "
    "från grundbeloppet (SOU 2025:72 kapitel 10).",
    no_args_is_help=False,
)


Datum = Annotated[
    str | None,
    typer.Option("--datum", help="Parametrarnas datum ÅÅÅÅ-MM-DD (standard: i dag)."),
]


def _paramdatum(datum: str | None, problem: list[Problem]) -> dt.date:
    """``--datum`` (ÅÅÅÅ-MM-DD, eller None för i dag) -> datumet; en annan form lägger till
    ett problem i ``problem`` och ger dagens datum."""
    from skolpeng.api import Problem

    if datum is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(datum)
    except ValueError:
        problem.append(Problem("kommandoraden", f"--datum ska vara ÅÅÅÅ-MM-DD, inte {datum!r}"))
        return dt.date.today()


def _parametrar(datum: dt.date) -> Parameterlage:
    from skolpeng.api import IndataFel, Problem, load_parameters, utbudsansvarets_parametrar_galler

    p = load_parameters(datum)
    if not utbudsansvarets_parametrar_galler(p):
        raise IndataFel(
            [
                Problem(
                    "parametrar/data/utbudsansvar",
                    f"utbudsansvarets parametrar gäller inte vid {datum.isoformat()} "
                    "(första datum 2025-06-01)",
                )
            ]
        )
    return p


def _serie(serie: str | None, kommun: str | None) -> Elevserie:
    """--serie (namn eller fil) och --kommun -> en validerad serie."""
    from skolpeng.api import MEDFOLJANDE_SERIER, las_elevserie, medfoljande_serie

    if serie is None:
        serie = "kommuner" if kommun else "syntetisk"
    if serie in MEDFOLJANDE_SERIER:
        fil, beskrivning = medfoljande_serie(serie)
    elif serie.isdigit() and len(serie) == 4:
        kommun, (fil, beskrivning) = serie, medfoljande_serie("kommuner")
    else:
        fil, beskrivning = Path(serie), f"Elevserie ur {Path(serie).name}"
    return las_elevserie(fil, kommunkod=kommun, beskrivning=beskrivning)


def _sammanfattning(a: Utbudsanalys, ut: Path, filnamn: list[str]) -> None:
    from skolpeng.api import antal, kort_serie_text, procent, trendnamn

    r = a.resultat
    j = a.jamforelse
    per_ar = r.per_ar
    toppar = ", ".join(str(x) for x in per_ar.filter(per_ar["ar_topp"])["ar"].to_list())
    konsol.print(f"[bold]Utbudsansvar – {a.serie}[/bold]", highlight=False, soft_wrap=True)
    konsol.print(
        f"  {per_ar.height} år, {per_ar['ar'].min()}–{per_ar['ar'].max()}; toppar: {toppar}"
        f" (medelavvikelse från trenden {procent(r.topp_avvikelse_andel, 2)})",
        highlight=False,
        soft_wrap=True,
    )
    konsol.print(
        f"  Demografiskt betingad överkapacitet: medel {procent(r.medel_overkapacitet_andel, 2)}"
        f" (från {procent(r.min_overkapacitet_andel)} till {procent(r.max_overkapacitet_andel)})",
        highlight=False,
        soft_wrap=True,
    )
    konsol.print(
        f"  Total överkapacitet med löpande beredskap {procent(r.installningar.beredskap_andel)}:"
        f" {procent(r.total_overkapacitet_andel, 2)}",
        highlight=False,
        soft_wrap=True,
    )
    konsol.print(
        f"  Avdrag D·A/(B + D·A) med B = {a.avdrag.B_kommunal:.0f}, C = {a.avdrag.C_enskild:.0f}:"
        f" {procent(a.avdrag.avdrag_andel, 2)} (SOU 2025:72:"
        f" {procent(j['sou_demografisk_overkapacitet_andel'])} + {procent(r.installningar.beredskap_andel)}"
        f" = {procent(j['sou_total_overkapacitet_andel'])} ger {procent(j['sou_avdrag_andel'], 2)})",
        highlight=False,
        soft_wrap=True,
    )
    if a.alternativ_trend is not None:
        alt_ = a.alternativ_trend
        konsol.print(
            f"  Känslighet – med {trendnamn(alt_.trendmetod, r.installningar.hp_lambda)} i stället:"
            f" medel {procent(alt_.resultat.medel_overkapacitet_andel, 2)},"
            f" total {procent(alt_.resultat.total_overkapacitet_andel, 2)},"
            f" avdrag {procent(alt_.avdrag_andel, 2)}",
            highlight=False,
            soft_wrap=True,
        )
    if a.faktiska_andelar is not None:
        f = a.faktiska_andelar
        konsol.print(
            f"  Avdrag med seriens andelar {f.ar} (kommunal {antal(f.kommunal_elever)},"
            f" övriga {antal(f.ovriga_elever)}): {procent(f.avdrag_andel, 2)}",
            highlight=False,
            soft_wrap=True,
        )
    if a.kort_serie:
        konsol.print(f"  Obs! {kort_serie_text(a)}", highlight=False, soft_wrap=True)
    konsol.print(f"  Skrev {', '.join(filnamn)} till {ut}", soft_wrap=True)


@grupp.callback(invoke_without_command=True)
def utbudsansvar(
    ctx: typer.Context,
    ut: Annotated[Path | None, typer.Option("--ut", help="Utdatakatalog.")] = None,
    serie: Annotated[
        str | None,
        typer.Option(
            "--serie",
            help="Medföljande serie (syntetisk, riket, kommuner), en kommunkod eller en CSV-fil "
            "med kolumnerna ar och antal_elever. Standard: den syntetiska långa serien.",
        ),
    ] = None,
    kommun: Annotated[
        str | None, typer.Option("--kommun", help="Kommunkod (fyra siffror) i en kommunfil.")
    ] = None,
    trendmetod: Annotated[
        str | None,
        typer.Option(
            "--trendmetod",
            help="linjar (rät linje i log(elever) över perioden, standard enligt parametrarna) "
            "eller hp (Hodrick–Prescott); den andra visas bredvid som känslighetsanalys.",
        ),
    ] = None,
    anpassning: Annotated[
        str,
        typer.Option(
            "--anpassning",
            help="parameter (a = 0,6) eller kostnadsvikter (a ur vikter och anpassningsbarhet).",
        ),
    ] = "parameter",
    hp_lambda: Annotated[
        float | None, typer.Option("--hp-lambda", help="Annat λ än parametern (100).")
    ] = None,
    datum: Datum = None,
) -> None:
    """Beräknar överkapaciteten för en elevserie och skriver CSV, JSON, HTML, PNG och manifest."""
    if ctx.invoked_subcommand is not None:
        return

    def arbete() -> None:
        from skolpeng.api import (
            AVDRAGSSATS_DATUM,
            IndataFel,
            Problem,
            atomisk_katalog,
            forslagets_avdragssats,
            load_parameters,
            sha256_fil,
            skriv_manifest,
            skriv_utbudsansvar,
            utbudsanalys,
        )

        problem = []
        if ut is None:
            problem.append(Problem("kommandoraden", "ange utdatakatalog med --ut"))
        if trendmetod is not None and trendmetod not in ("hp", "linjar"):
            problem.append(
                Problem(
                    "kommandoraden", f"--trendmetod ska vara hp eller linjar, inte {trendmetod!r}"
                )
            )
        if anpassning not in ("parameter", "kostnadsvikter"):
            problem.append(
                Problem(
                    "kommandoraden",
                    f"--anpassning ska vara parameter eller kostnadsvikter, inte {anpassning!r}",
                )
            )
        if hp_lambda is not None and hp_lambda < 0:
            problem.append(Problem("kommandoraden", "--hp-lambda ska vara >= 0"))
        paramdatum = _paramdatum(datum, problem)
        if problem:
            raise IndataFel(problem)
        assert ut is not None
        p = _parametrar(paramdatum)
        s = _serie(serie, kommun)
        sats = load_parameters(AVDRAGSSATS_DATUM)
        analys = utbudsanalys(
            s.tabell,
            p,
            serienamn=s.beskrivning,
            trendmetod=trendmetod,  # type: ignore[arg-type]
            anpassning=anpassning,  # type: ignore[arg-type]
            hp_lambda=hp_lambda,
            forslagets_avdragssats=forslagets_avdragssats(sats),
        )
        with atomisk_katalog(ut) as tmp:
            filer = skriv_utbudsansvar(
                analys, tmp, lambda t: konsol.print(t, highlight=False, markup=False)
            )
            skriv_manifest(
                tmp,
                "utbudsansvar",
                {
                    "serie": serie,
                    "kommun": kommun,
                    "trendmetod": analys.resultat.installningar.trendmetod,
                    "anpassning": anpassning,
                    "hp_lambda": hp_lambda,
                    "datum": paramdatum.isoformat(),
                },
                {str(s.fil.name): sha256_fil(s.fil)},
                p.filhashar,
            )
        _sammanfattning(analys, ut, [f.name for f in filer])

    med_felhantering(arbete)


@grupp.command("avdrag")
def avdrag(
    overkapacitet: Annotated[
        float | None,
        typer.Option("--overkapacitet", help="Total överkapacitet D som andel (t.ex. 0.054)."),
    ] = None,
    kommunal_andel: Annotated[
        float | None,
        typer.Option("--kommunal-andel", help="Elever i kommunal skola, B (t.ex. 84 av 100)."),
    ] = None,
    enskild_andel: Annotated[
        float | None,
        typer.Option("--enskild-andel", help="Elever i fristående skola, C (t.ex. 16 av 100)."),
    ] = None,
    datum: Datum = None,
) -> None:
    """Avdraget från grundbeloppet, (J − K)/J = D·A/(B + D·A) (SOU 2025:72 tabell 10.3).
    Utelämnade värden tas från parametrarna (D = 2 % + 3,4 %, B = 84, C = 16)."""

    def arbete() -> None:
        from skolpeng.api import (
            IndataFel,
            Problem,
            Tabell103,
            antal,
            avdragsberakning,
            procent,
        )

        problem = []
        paramdatum = _paramdatum(datum, problem)
        if overkapacitet is not None and not 0 <= overkapacitet < 1:
            problem.append(
                Problem(
                    "kommandoraden",
                    f"--overkapacitet ska vara en andel mellan 0 och 1, fick {overkapacitet}",
                )
            )
        if kommunal_andel is not None and kommunal_andel <= 0:
            problem.append(
                Problem(
                    "kommandoraden", f"--kommunal-andel ska vara större än 0, fick {kommunal_andel}"
                )
            )
        if enskild_andel is not None and enskild_andel < 0:
            problem.append(
                Problem(
                    "kommandoraden", f"--enskild-andel får inte vara negativ, fick {enskild_andel}"
                )
            )
        if problem:
            raise IndataFel(problem)
        p = _parametrar(paramdatum)
        t = Tabell103.fran_lage(p)
        d = overkapacitet if overkapacitet is not None else t.overkapacitet
        b = kommunal_andel if kommunal_andel is not None else t.kommunal_skola_elever
        c = enskild_andel if enskild_andel is not None else t.enskild_skola_elever
        r = avdragsberakning(d, b, c, t.kostnad_per_plats_kr)
        konsol.print(
            f"Avdrag från grundbeloppet: {procent(r.avdrag_andel, 2)}"
            f" (D = {procent(d, 2)}, B = {b:g}, C = {c:g}; (J − K)/J = D·A/(B + D·A))",
            highlight=False,
            soft_wrap=True,
        )
        konsol.print(
            f"  J = {antal(r.J_grundbelopp_utan_hansyn_kr)} kr, K = {antal(r.K_grundbelopp_med_hansyn_kr)} kr"
            f" per elev vid {antal(r.F_kostnad_per_plats_kr)} kr per plats; tabell 10.3:s etikett"
            f" (J − K)/K skulle ge {procent(r.avdrag_enligt_tabellens_formel_andel, 2)}",
            highlight=False,
            soft_wrap=True,
        )

    med_felhantering(arbete)


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandogruppen ``utbudsansvar`` (med ``avdrag`` och ``elasticitet``) i
    huvudprogrammet."""
    registrera_elasticitet(grupp)
    app.add_typer(grupp, name="utbudsansvar")

"""Kontroll att ett ``Underlag`` innehåller de år och rader som normberäkningen behöver.

In: ``Underlag``, normår N, variant (``vagledande``, ``bindande``, ``fritidshem``) och antalet
år i lokalkostnadsindexet. Ut: en lista ``Problem`` på svenska som nämner filen (tom lista =
underlaget räcker). Vad som behövs följer docs/regler/norm.md#stegen: kostnadsår C = N − 2.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from skolpeng.data.schema import Underlag
from skolpeng.fel import Problem

VARIANT_VERKSAMHET: dict[str, str] = {
    "vagledande": "fk_gr",
    "bindande": "fk_gr",
    "fritidshem": "fritidshem",
}
DELTAGANDE_HUVUDMANNATYPER: tuple[str, ...] = ("kommunal", "enskild")
MAX_KOMMUNER_I_KLARTEXT = 20

RS_KOLUMNER_FK_GR: tuple[str, ...] = (
    "nettokostnad",
    "skolskjuts",
    "kop_fran_staten",
    "kop_fran_utlandet",
    "lamnade_bidrag",
    "externa_lokalhyror",
    "kalkylerade_kapitalkostnader",
    "interna_lokalkostnader",
    "externa_hyresintakter",
    "elever_kommunal",
)


def filnamn(underlag: Underlag, tabell: str) -> str:
    """Filnamnet som tabellen lästes från (``<tabell>.csv`` om det inte är känt)."""
    for namn in underlag.filhashar:
        if namn.rsplit(".", 1)[0] == tabell:
            return namn
    return f"{tabell}.csv"


def deltagande_kommuner(underlag: Underlag, verksamhet: str) -> list[str]:
    """Kommunkoderna för skolenheter som deltar i normen för verksamheten: huvudmannatyp
    kommunal eller enskild (statlig deltar inte) och minst en elev i verksamheten."""
    enheter = (
        underlag.elever.filter(pl.col("verksamhet") == verksamhet)
        .group_by("skolenhetskod")
        .agg(pl.col("antal").sum())
        .filter(pl.col("antal") > 0)
    )
    return (
        underlag.skolenheter.filter(pl.col("huvudmannatyp").is_in(DELTAGANDE_HUVUDMANNATYPER))
        .join(enheter, on="skolenhetskod", how="semi")
        .get_column("kommunkod")
        .drop_nulls()
        .unique()
        .sort()
        .to_list()
    )


def lokalindexets_ar(lokalunderlag: pl.DataFrame, normar: int, antal_ar: int) -> list[int]:
    """Åren som lokalkostnadsindexet medelvärdesbildar: de ``antal_ar`` senaste åren i
    ``lokalkostnadsunderlag`` till och med normåret (docs/regler/norm.md#steg-7; källans simulering för
    normår 2022 använde 2020–2022). Normberäkningen väljer åren med samma funktion, så att
    valideringen kontrollerar exakt de år som används. Ut: åren i stigande ordning (färre än
    ``antal_ar`` när data saknas)."""
    ar = sorted(a for a in lokalunderlag.get_column("ar").unique().to_list() if a <= normar)
    return ar[-antal_ar:]


def _saknade_kommunar(
    ram: pl.DataFrame, kommuner: list[str], ar: int, villkor: pl.Expr | None = None
) -> list[str]:
    """Kommunerna i ``kommuner`` som saknar en rad för året ``ar`` i ``ram`` (som uppfyller
    ``villkor``, t.ex. rätt verksamhet, och har värden i alla kolumner)."""
    rader = ram.filter(pl.col("ar") == ar)
    if villkor is not None:
        rader = rader.filter(villkor)
    finns = set(rader.drop_nulls().get_column("kommunkod").to_list())
    return [k for k in kommuner if k not in finns]


def _kommunproblem(
    fil: str, saknas: list[str], antal_kommuner: int, ar: int, varfor: str, tillagg: str = ""
) -> list[Problem]:
    """Problem för kommuner som saknar ett år: ett per kommun, eller ett sammanfattande när
    många eller alla saknas. ``tillagg`` preciserar raden (t.ex. verksamheten)."""
    if not saknas:
        return []
    if len(saknas) == antal_kommuner and antal_kommuner > 1:
        return [
            Problem(
                fil,
                f"år {ar} saknas för alla {antal_kommuner} kommuner{tillagg} ({varfor})",
                kolumn="ar",
            )
        ]
    if len(saknas) > MAX_KOMMUNER_I_KLARTEXT:
        exempel = ", ".join(saknas[:10])
        return [
            Problem(
                fil,
                f"år {ar} saknas för {len(saknas)} kommuner{tillagg}, bl.a. {exempel} ({varfor})",
                kolumn="ar",
            )
        ]
    return [
        Problem(fil, f"år {ar} saknas för kommun {k}{tillagg} ({varfor})", kolumn="ar")
        for k in saknas
    ]


def validera_for_norm(
    underlag: Underlag,
    normar: int,
    variant: str,
    lokalindex_antal_ar: int | None = None,
    kostnadsar_fore_normar: int | None = None,
) -> list[Problem]:
    """Underlag, normår och variant -> problem med saknade år och rader för normen.

    Kontrollerar (docs/regler/norm.md#indata): minst ett läsår med elever i verksamheten; varje deltagande
    skolenhets kommun i ``kommuner``; räkenskapssammandraget för kostnadsåret C = N − 2 och
    verksamheten för varje sådan kommun; lokalkostnadsunderlaget för de
    ``lokalindex_antal_ar`` senaste åren t.o.m. N (``lokalindexets_ar``) – eller, när underlaget
    har ett fastställt ``lokalindex``, en rad där för varje sådan kommun; modersmål för C
    (bara fk_gr); lärarlön och
    PO-pålägg för C (bara fk_gr, de behövs för modersmålsavdraget) och KPIF för varje år
    C+1..N. ``lokalindex_antal_ar`` är parametern ``norm.strukturtillagg.lokalindex_antal_ar``
    och ``kostnadsar_fore_normar`` parametern ``norm.ar.kostnadsar_fore_normar`` (C = N − den);
    None läser dem ur parametrarna för normårets 1 januari.
    """
    if variant not in VARIANT_VERKSAMHET:
        raise ValueError(f"okänd variant {variant!r}; tillåtna: {', '.join(VARIANT_VERKSAMHET)}")
    if lokalindex_antal_ar is None or kostnadsar_fore_normar is None:
        from skolpeng.parametrar import load_parameters

        lage = load_parameters(dt.date(normar, 1, 1))
        if lokalindex_antal_ar is None:
            lokalindex_antal_ar = int(lage.tal("norm.strukturtillagg.lokalindex_antal_ar"))
        if kostnadsar_fore_normar is None:
            kostnadsar_fore_normar = int(lage.tal("norm.ar.kostnadsar_fore_normar"))
    verksamhet = VARIANT_VERKSAMHET[variant]
    fk_gr = verksamhet == "fk_gr"
    c = normar - kostnadsar_fore_normar
    problem: list[Problem] = []

    elever = underlag.elever.filter((pl.col("verksamhet") == verksamhet) & (pl.col("antal") > 0))
    if elever.height == 0:
        problem.append(
            Problem(
                filnamn(underlag, "elever"),
                f"inga elever i verksamheten {verksamhet}; minst ett läsår behövs för normår {normar}",
                kolumn="verksamhet",
            )
        )
    kommuner = deltagande_kommuner(underlag, verksamhet)
    kanda = set(underlag.kommuner.get_column("kommunkod").to_list())
    problem += [
        Problem(
            filnamn(underlag, "kommuner"),
            f"kommun {k} saknas (den har skolenheter som ingår i normen)",
            kolumn="kommunkod",
        )
        for k in kommuner
        if k not in kanda
    ]

    rs = filnamn(underlag, "rakenskapssammandrag")
    rs_kolumner = [k for k in RS_KOLUMNER_FK_GR if fk_gr or k != "skolskjuts"]
    rs_ram = underlag.rakenskapssammandrag.filter(pl.col("verksamhet") == verksamhet).select(
        "kommunkod", "ar", *rs_kolumner
    )
    varfor_c = f"behövs som kostnadsår för normår {normar}"
    problem += _kommunproblem(
        rs,
        _saknade_kommunar(rs_ram, kommuner, c),
        len(kommuner),
        c,
        varfor_c,
        f" i verksamheten {verksamhet}",
    )

    if underlag.lokalindex is not None:
        problem += _faststallt_lokalindex_problem(underlag, kommuner)
    else:
        problem += _lokalunderlag_problem(underlag, kommuner, normar, lokalindex_antal_ar)

    if fk_gr:
        mm = filnamn(underlag, "modersmal")
        problem += _kommunproblem(
            mm, _saknade_kommunar(underlag.modersmal, kommuner, c), len(kommuner), c, varfor_c
        )
    problem += _nationella_problem(underlag, normar, c, fk_gr)
    return problem


def _faststallt_lokalindex_problem(underlag: Underlag, kommuner: list[str]) -> list[Problem]:
    """Med ett fastställt lokalkostnadsindex (tabellen ``lokalindex``) behöver varje kommun
    med deltagande skolenheter en rad där; lokalkostnadsunderlagets år behövs inte."""
    assert underlag.lokalindex is not None
    finns = set(underlag.lokalindex.get_column("kommunkod").to_list())
    fil = filnamn(underlag, "lokalindex")
    return [
        Problem(
            fil,
            f"kommun {k} saknas i det fastställda lokalkostnadsindexet (den har skolenheter "
            "som ingår i normen)",
            kolumn="kommunkod",
        )
        for k in kommuner
        if k not in finns
    ]


def _lokalunderlag_problem(
    underlag: Underlag, kommuner: list[str], normar: int, lokalindex_antal_ar: int
) -> list[Problem]:
    """Lokalkostnadsunderlagets år för ett index som beräknas vid körningen."""
    problem: list[Problem] = []
    lok = filnamn(underlag, "lokalkostnadsunderlag")
    indexar = lokalindexets_ar(underlag.lokalkostnadsunderlag, normar, lokalindex_antal_ar)
    if len(indexar) < lokalindex_antal_ar:
        problem.append(
            Problem(
                lok,
                f"lokalkostnadsindexet kräver {lokalindex_antal_ar} år till och med normåret "
                f"{normar}; filen har {', '.join(map(str, indexar)) or 'inga'}",
                None,
                "ar",
            )
        )
    for ar in indexar:
        saknas = _saknade_kommunar(underlag.lokalkostnadsunderlag, kommuner, ar)
        problem += _kommunproblem(
            lok, saknas, len(kommuner), ar, f"behövs för lokalkostnadsindex till normår {normar}"
        )
    return problem


def _nationella_problem(underlag: Underlag, normar: int, c: int, fk_gr: bool) -> list[Problem]:
    """Saknade rader eller värden i ``nationellt``: lärarlön och PO-pålägg för kostnadsåret
    C (fk_gr), KPIF för varje år C+1..N."""
    fil = filnamn(underlag, "nationellt")
    nat = underlag.nationellt
    problem = []
    behov: list[tuple[int, tuple[str, ...], str]] = []
    if fk_gr:
        behov.append(
            (
                c,
                ("larare_manadslon", "po_palagg"),
                f"lärarlön och PO-pålägg för kostnadsåret till normår {normar}",
            )
        )
    behov += [
        (ar, ("kpif",), f"KPIF för uppräkningen till normår {normar}")
        for ar in range(c + 1, normar + 1)
    ]
    for ar, kolumner, varfor in behov:
        rad = nat.filter(pl.col("ar") == ar)
        if rad.height == 0:
            problem.append(Problem(fil, f"år {ar} saknas (behövs: {varfor})", kolumn="ar"))
            continue
        for kolumn in kolumner:
            if rad.get_column(kolumn).is_null().all():
                problem.append(
                    Problem(fil, f"år {ar} saknar värde (behövs: {varfor})", kolumn=kolumn)
                )
    return problem

"""Kommandot ``skolpeng fordela``: räkna en kommuns resursfördelningsmodell på ett dataset.

In: ``--modell`` (modellfil, YAML eller TOML), ``--data`` (datasetkatalog eller namnet på ett
medföljande dataset, t.ex. ``sverige``), ``--ar`` (kalenderåret; standard modellens år),
``--ut`` (utkatalog) och valfritt ``--forra-aret`` (förra årets utdatakatalog från
``skolpeng fordela`` eller en tabell ``skolenhetskod, kr_per_elev``),
``--villkorade-belopp``, ``--faktiska-lokalkostnader`` och ``--tillaggsbelopp`` (filer för
bidragen). Ut: i utkatalogen
(atomiskt) ``fordelning.csv``, ``bidrag.csv``, ``forandring.csv`` (med förra årets katalog),
redovisningar per skolenhet, beslut om bidrag, modellen och underlaget för nästa år och
``manifest.json`` (se ``rapporter.fordelning.utdata``); en svensk sammanfattning i terminalen.
Dålig indata: alla problem på svenska, exitkod 2, ingenting skrivet.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from skolpeng.cli.forlopp import forlopp, steg
from skolpeng.cli.gemensamt import konsol, med_felhantering

if TYPE_CHECKING:
    import polars as pl

    from skolpeng.api import Fordelningskorning, Fordelningsmodell

VERKSAMHET_TEXT = {
    "fk_gr": "förskoleklass och grundskola",
    "fritidshem": "fritidshem",
    "anpassad_gr": "anpassad grundskola",
}


def sammanfattning(korning: Fordelningskorning) -> list[str]:
    """Svenska rader för terminalen: ram, potter, enheter, kr per elev (lägst, median,
    högst), bidrag till enskilda huvudmän och förändringen mot förra året."""
    import polars as pl

    from skolpeng.api import heltal, kommunnamn, kr, procent

    m, f = korning.modell, korning.fordelning
    namn = kommunnamn(korning)  # None utan kommuner.csv: koden i stället för namnet
    kommun = f"{namn} ({m.kommunkod})" if namn else f"Kommun {m.kommunkod}"
    rader = [
        f"Modell: {m.namn}",
        f"{kommun}, kalenderåret {m.ar}, {VERKSAMHET_TEXT[m.verksamhet]}"
        f"{' och anpassad grundskola' if m.med_anpassad_gr else ''}; "
        f"underlag: {korning.underlag.namn or korning.datakatalog}",
    ]
    potter = f.potter
    totalt = float(potter["belopp_kr"].sum())
    rader += _ram_och_potter(m, potter, totalt)
    enheter = f.enheter
    typer_ = enheter.group_by("huvudmannatyp").len()
    antal = {r["huvudmannatyp"]: r["len"] for r in typer_.iter_rows(named=True)}
    rader.append(
        f"Skolenheter: {heltal(enheter.height)} ({heltal(antal.get('kommunal', 0))} kommunala, "
        f"{heltal(antal.get('enskild', 0))} enskilda), elever: {heltal(enheter['elever'].sum())}"
    )
    med_elever = enheter.filter(pl.col("elever") > 0).sort("kr_per_elev")
    if med_elever.height:
        lagst, hogst = med_elever.row(0, named=True), med_elever.row(-1, named=True)
        rader.append(
            f"Kronor per elev: lägst {kr(lagst['kr_per_elev'])} ({lagst['namn']}), median "
            f"{kr(med_elever['kr_per_elev'].median())}, högst {kr(hogst['kr_per_elev'])} "
            f"({hogst['namn']})"
        )
    b = korning.bidrag
    if b.height:
        hm = b["huvudman_id"].n_unique()
        enh = b["skolenhetskod"].n_unique()
        andel = float(b["avdrag_andel"][0])
        avdrag = "avstått" if bool(b["avdrag_avstatt"][0]) else procent(andel, 0)
        tillagg = float(b["tillaggsbelopp_ar_kr"].sum()) if "tillaggsbelopp_ar_kr" in b else 0.0
        rader.append(
            f"Bidrag till enskilda huvudmän: {kr(b['bidrag_totalt_kr'].sum())} till "
            f"{heltal(enh)} skolenheter hos {heltal(hm)} huvudmän (avdrag för utbudsansvar: "
            f"{avdrag}"
            + (f"; varav tilläggsbelopp {kr(tillagg)} före mervärdesskatt" if tillagg else "")
            + ")"
        )
    else:
        rader.append("Bidrag till enskilda huvudmän: inga enskilda skolenheter i kommunen")
    if korning.forandring is not None:
        t = korning.forandring.totalt()
        rader.append(
            f"Förändring mot förra året: {kr(t['andring_kr'])}, varav elever "
            f"{kr(t['varav_elever_kr'])}, index {kr(t['varav_index_kr'])}, parametrar "
            f"{kr(t['varav_parametrar_kr'])}, stabilitet {kr(t['varav_stabilitet_kr'])}"
        )
    return rader


def _ram_och_potter(m: Fordelningsmodell, potter: pl.DataFrame, totalt: float) -> list[str]:
    """Ramen och potterna: en pott angiven som andel av ramen visas med den andelen, övriga
    med sin andel av ramen (eller av det fördelade när ramen saknas); när potterna tillsammans
    inte är lika med ramen sägs det med beloppet och varför (belopp per elev eller fasta
    summor ligger utanpå ramens andelar)."""
    from skolpeng.api import heltal, kr, procent

    rader = []
    ram = m.ram_kr
    if ram is not None:
        rader.append(f"Ram: {kr(ram)}; fördelat i potterna: {kr(totalt)}")
        skillnad = totalt - ram
        if abs(skillnad) >= 0.5:
            riktning = "överstiger" if skillnad > 0 else "understiger"
            rader.append(
                f"  Obs! Potterna {riktning} ramen med {kr(abs(skillnad))}: potter med belopp "
                "per elev eller en fast summa räknas inte som andelar av ramen."
            )
    else:
        rader.append(f"Fördelat i potterna: {kr(totalt)} (modellen anger ingen ram)")
    spec = {p.namn: p.belopp for p in m.potter}
    for p in potter.iter_rows(named=True):
        belopp = spec.get(p["pott"])
        if belopp is not None and belopp.andel_av_ram is not None:
            andel = f"{procent(belopp.andel_av_ram)} av ramen"
        elif ram:
            andel = f"{procent(p['belopp_kr'] / ram)} av ramen, utanför ramens andelar"
        else:
            andel = f"{procent(p['belopp_kr'] / totalt if totalt > 0 else None)} av det fördelade"
        rader.append(
            f"  {p['pott']}: {kr(p['belopp_kr'])} ({andel}), "
            f"{heltal(p['antal_enheter'])} skolenheter, {heltal(p['elever'])} elever"
        )
    return rader


def kor_fordela(
    modell: Path,
    data: str,
    ut: Path,
    ar: int | None = None,
    forra_aret: Path | None = None,
    pdf: bool = True,
    villkorade_belopp: Path | None = None,
    faktiska_lokalkostnader: Path | None = None,
    tillaggsbelopp: Path | None = None,
) -> Fordelningskorning:
    """Hela kommandot: läs och beräkna (allt som kan vara fel i indata före skrivningen),
    skriv utdatan atomiskt och skriv ut sammanfattningen. Ut: körningen."""
    from skolpeng.api import berakna_korning

    argument: dict[str, object] = {
        "modell": str(modell),
        "data": data,
        "ar": ar,
        "ut": str(ut),
        "forra_aret": None if forra_aret is None else str(forra_aret),
        "pdf": pdf,
        "villkorade_belopp": None if villkorade_belopp is None else str(villkorade_belopp),
        "faktiska_lokalkostnader": (
            None if faktiska_lokalkostnader is None else str(faktiska_lokalkostnader)
        ),
        "tillaggsbelopp": None if tillaggsbelopp is None else str(tillaggsbelopp),
    }
    with steg(konsol, "Läser modell och underlag och beräknar fördelningen …"):
        korning = berakna_korning(
            Path(modell),
            data,
            ar,
            forra_aret,
            villkorade_belopp,
            faktiska_lokalkostnader,
            tillaggsbelopp,
        )

    def notera(text: str) -> None:
        konsol.print(f"  Notering: {text}", highlight=False, markup=False, soft_wrap=True)

    filer = _skriv_med_forlopp(korning, Path(ut), argument, pdf, notera)
    for rad in sammanfattning(korning):
        konsol.print(rad, highlight=False, markup=False, soft_wrap=True)
    for anteckning in korning.anteckningar:
        notera(anteckning)
    konsol.print(
        f"Skrev {len(filer)} filer till {ut}", highlight=False, markup=False, soft_wrap=True
    )
    return korning


def _skriv_med_forlopp(
    korning: Fordelningskorning,
    ut: Path,
    argument: dict[str, object],
    pdf: bool,
    notera: Callable[[str], None],
) -> list[str]:
    """Skriver utdatan; med PDF (ungefär en halv sekund per redovisning och beslut) visas
    en förloppsindikator över alla PDF-dokument. Ut: de skrivna filernas namn."""
    from skolpeng.api import pdf_saknas, skriv_fordelning_utdata

    if not pdf or pdf_saknas() is not None:
        with steg(konsol, f"Skriver utdata till {ut} …"):
            return skriv_fordelning_utdata(korning, ut, argument, pdf=pdf, utskrift=notera)
    antal = korning.fordelning.enheter.height + korning.bidrag["huvudman_id"].n_unique()
    with forlopp(konsol, "Skriver redovisningar och beslut (PDF)", antal) as fram:
        return skriv_fordelning_utdata(
            korning, ut, argument, pdf=pdf, utskrift=notera, framsteg=fram
        )


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandot ``fordela`` i appen."""

    @app.command("fordela")
    def fordela(
        modell: Annotated[
            Path,
            typer.Option(
                "--modell",
                help="Modellfilen (YAML eller TOML) med kommunens potter, eller namnet på en "
                "medföljande exempelmodell (t.ex. goteborg_typ).",
            ),
        ],
        data: Annotated[
            str,
            typer.Option(
                "--data", help="Datasetkatalog eller namnet på ett medföljande dataset (sverige)."
            ),
        ],
        ut: Annotated[Path, typer.Option("--ut", help="Utkatalog (skrivs atomiskt).")],
        ar: Annotated[
            int | None,
            typer.Option("--ar", help="Kalenderåret fördelningen gäller (standard: modellens)."),
        ] = None,
        forra_aret: Annotated[
            Path | None,
            typer.Option(
                "--forra-aret",
                help="Förra årets utdatakatalog från skolpeng fordela, eller en tabell "
                "skolenhetskod, kr_per_elev (för stabilitetsregler och förändringen).",
            ),
        ] = None,
        pdf: Annotated[
            bool,
            typer.Option(
                "--pdf/--utan-pdf", help="Skriv redovisningar och beslut även som PDF (WeasyPrint)."
            ),
        ] = True,
        villkorade_belopp: Annotated[
            Path | None,
            typer.Option(
                "--villkorade-belopp",
                help="Villkorade belopp till enskilda skolenheter (CSV/XLSX: skolenhetskod, "
                "stadium, andamal, villkor, kr_per_elev).",
            ),
        ] = None,
        faktiska_lokalkostnader: Annotated[
            Path | None,
            typer.Option(
                "--faktiska-lokalkostnader",
                help="Enheter vars lokalkostnad av särskilda skäl ersätts med huvudmannens "
                "faktiska kostnad (CSV/XLSX: skolenhetskod, kr_per_elev, skal).",
            ),
        ] = None,
        tillaggsbelopp: Annotated[
            Path | None,
            typer.Option(
                "--tillaggsbelopp",
                help="Kommunens beslutade tilläggsbelopp till enskilda skolenheter, summerade "
                "per skolenhet, stadium och ändamål – inga uppgifter om enskilda elever "
                "(CSV/XLSX: skolenhetskod, stadium, andamal, belopp_kr per år). Får "
                "mervärdesskatt 6 % men ingen administration och inget avdrag.",
            ),
        ] = None,
    ) -> None:
        """Beräkna en kommuns resursfördelning, bidragen till enskilda huvudmän och en
        redovisning per skolenhet."""
        med_felhantering(
            lambda: kor_fordela(
                modell,
                data,
                ut,
                ar,
                forra_aret,
                pdf,
                villkorade_belopp,
                faktiska_lokalkostnader,
                tillaggsbelopp,
            )
        )

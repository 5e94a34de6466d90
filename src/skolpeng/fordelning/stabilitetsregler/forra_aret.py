"""Förra årets beslutade fördelning: läsning (och skrivning av underlaget) för stabilitetsregler
och förändringens uppdelning (docs/regler/fordelning-och-bidrag.md#stabilitet, docs/regler/fordelning-och-bidrag.md#forandring).

In: en sökväg till antingen

1. **förra årets utdatakatalog** från ``skolpeng fordela`` (det lagrade beslutet). Filerna:

   - ``fordelning.csv`` – ``FORDELNING_KOLUMNER`` (skolenhetskod, stadium, pott, elever,
     kr_per_elev, belopp_kr; fler kolumner får finnas). Raderna med potten
     ``stabilitetsjustering`` är förra årets stabilitetsjustering;
   - ``modell.yaml`` – en kopia av modellen (``Fordelningsmodell``);
   - ``underlag_enheter.csv`` – skolenhetskod, namn, huvudmannatyp, huvudman_id,
     huvudman_namn, kommunkod;
   - ``underlag_elever.csv`` – skolenhetskod, arskurs, antal (aggregerat per årskurs);
   - ``underlag_index.csv`` – skolenhetskod, index, index_standard (0/1),
     index_fore_utjamning (tomt utan indexutjämning); bara när modellen har index;
   - ``underlag_malgrupper.csv`` – skolenhetskod, malgrupp, antal;
   - ``underlag_givna_belopp.csv`` – skolenhetskod, pott, belopp_kr.

   ``skriv_forra_aret_underlag`` skriver alla filer utom ``fordelning.csv`` (den skriver
   kommandot ``skolpeng fordela`` självt). Katalogen räcker för både stabilitetsreglerna och
   förändringens uppdelning;

2. **en tabell** (CSV eller XLSX) med de beslutade beloppen: ``skolenhetskod, kr_per_elev``
   (totalt belopp per elev) och valfritt ``elever``. Den räcker för stabilitetsreglerna men
   inte för förändringens uppdelning (som behöver förra årets modell och underlag).

Ut: ``ForraAret``. Fel rapporteras alla på en gång på svenska med fil, rad och kolumn
(``IndataFel``). Filerna innehåller bara aggregerade antal per skolenhet, inga elevuppgifter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import yaml

from skolpeng.csvskrivning import skriv_csv
from skolpeng.data.lasning import RAD, las_tabell_med_rader
from skolpeng.data.schema import ARSKURSER, POLARS_TYP, VERKSAMHETER, Kolumn, Tabell
from skolpeng.fel import IndataFel, Problem
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell, las_modell, verksamheter
from skolpeng.fordelning.stabilitetsregler.forra_aret_anpassad import (
    las_anpassat_underlag,
    skriv_anpassat_underlag,
)
from skolpeng.fordelning.underlag_och_resultat import (
    FORDELNING_EXTRA_KOLUMNER,
    Fordelning,
    Fordelningsunderlag,
)
from skolpeng.utdata import sha256_fil

STABILITETSPOTT = "stabilitetsjustering"
MODELLFIL = "modell.yaml"
FORDELNINGSFIL = "fordelning.csv"


def _tal(namn: str, **kw: object) -> Kolumn:
    return Kolumn(namn, "float", **kw)  # type: ignore[arg-type]


#: Den enkla tabellen med förra årets beslutade belopp per elev.
BESLUTADE_BELOPP = Tabell(
    "forra_aret",
    (
        Kolumn("skolenhetskod", "kod8"),
        _tal("kr_per_elev", minst=0.0),
        _tal("elever", obligatorisk=False, minst=0.0),
    ),
    ("skolenhetskod",),
)
FORDELNING_TABELL = Tabell(
    "fordelning",
    (
        Kolumn("skolenhetskod", "kod8"),
        Kolumn("stadium", "str"),
        Kolumn("pott", "str"),
        _tal("elever", minst=0.0),
        Kolumn("kr_per_elev", "str", obligatorisk=False),
        _tal("belopp_kr"),
        # Övriga kolumner som ``skolpeng fordela`` skriver; de läses men används inte.
        *(Kolumn(k, "str", obligatorisk=False) for k in (*FORDELNING_EXTRA_KOLUMNER, "tak_band")),
    ),
    ("skolenhetskod", "stadium", "pott", "delpott"),
)
#: Underlagets tabeller: filnamn -> (kontrakt, fältet i ``Fordelningsunderlag``).
UNDERLAGSTABELLER: dict[str, tuple[Tabell, str]] = {
    "underlag_enheter.csv": (
        Tabell(
            "underlag_enheter",
            (
                Kolumn("skolenhetskod", "kod8"),
                Kolumn("namn", "str", obligatorisk=False),
                Kolumn("huvudmannatyp", "val", tillatna=("kommunal", "enskild")),
                Kolumn("huvudman_id", "str", obligatorisk=False),
                Kolumn("huvudman_namn", "str", obligatorisk=False),
                Kolumn("kommunkod", "kod4", obligatorisk=False),
            ),
            ("skolenhetskod",),
        ),
        "enheter",
    ),
    "underlag_elever.csv": (
        Tabell(
            "underlag_elever",
            (
                Kolumn("skolenhetskod", "kod8"),
                # Bara i en ram med både grundskola och anpassad grundskola.
                Kolumn("verksamhet", "val", obligatorisk=False, tillatna=VERKSAMHETER),
                Kolumn("arskurs", "val", tillatna=ARSKURSER),
                _tal("antal", minst=0.0),
            ),
            ("skolenhetskod", "verksamhet", "arskurs"),
        ),
        "elever",
    ),
    "underlag_index.csv": (
        Tabell(
            "underlag_index",
            (
                Kolumn("skolenhetskod", "kod8"),
                _tal("index", storre_an=0.0),
                Kolumn("index_standard", "bool01"),
                _tal("index_fore_utjamning", obligatorisk=False, storre_an=0.0),
            ),
            ("skolenhetskod",),
        ),
        "index",
    ),
    "underlag_malgrupper.csv": (
        Tabell(
            "underlag_malgrupper",
            (Kolumn("skolenhetskod", "kod8"), Kolumn("malgrupp", "str"), _tal("antal", minst=0.0)),
            ("skolenhetskod", "malgrupp"),
        ),
        "malgrupper",
    ),
    "underlag_givna_belopp.csv": (
        Tabell(
            "underlag_givna_belopp",
            (Kolumn("skolenhetskod", "kod8"), Kolumn("pott", "str"), _tal("belopp_kr")),
            ("skolenhetskod", "pott"),
        ),
        "givna_belopp",
    ),
}

#: ``ForraAret.enheter``: en rad per skolenhet.
FORRA_KOLUMNER = {
    "skolenhetskod": pl.String,
    "elever": pl.Float64,
    "belopp_kr": pl.Float64,
    "kr_per_elev": pl.Float64,
    "stabilitetsjustering_kr": pl.Float64,
}


@dataclass(frozen=True)
class ForraAret:
    """Förra årets beslutade fördelning.

    - ``enheter``: ``skolenhetskod, elever, belopp_kr, kr_per_elev,
      stabilitetsjustering_kr`` – det beslutade totala beloppet per skolenhet och per elev
      (``elever`` och ``belopp_kr`` är null när bara beloppen per elev är kända;
      ``stabilitetsjustering_kr`` = förra årets stabilitetsjustering, 0 utan sådan);
    - ``modell`` och ``underlag``: förra årets modell och aggregerade underlag (None när
      bara beloppen per elev är kända);
    - ``kalla``: filen eller katalogen; ``filhashar``: SHA-256 per inläst fil (manifestet).
    """

    enheter: pl.DataFrame
    modell: Fordelningsmodell | None = None
    underlag: Fordelningsunderlag | None = None
    kalla: str = ""
    filhashar: dict[str, str] = field(default_factory=dict)
    anteckningar: tuple[str, ...] = ()

    @property
    def har_underlag(self) -> bool:
        """Sant när modell och underlag finns (förändringen kan delas upp)."""
        return self.modell is not None and self.underlag is not None

    def per_elev(self) -> pl.DataFrame:
        """``skolenhetskod, kr_per_elev`` för enheter med ett beslutat belopp per elev – det
        stabilitetsreglerna jämför med."""
        return self.enheter.filter(pl.col("kr_per_elev").is_not_null()).select(
            "skolenhetskod", "kr_per_elev"
        )


def las_forra_aret(sokvag: Path) -> ForraAret:
    """Förra årets resultat: en utdatakatalog från ``skolpeng fordela`` eller en tabell
    ``skolenhetskod, kr_per_elev`` (CSV/XLSX) -> ``ForraAret``; ``IndataFel`` med alla
    problem."""
    sokvag = Path(sokvag)
    if sokvag.is_dir():
        return _las_katalog(sokvag)
    if not sokvag.is_file():
        raise IndataFel([Problem(str(sokvag), "filen eller katalogen finns inte")])
    data, problem, anteckningar = _las(sokvag, BESLUTADE_BELOPP)
    problem += _dubbletter(sokvag.name, data, ("skolenhetskod",))
    data = data.drop(RAD)
    if problem:
        raise IndataFel(problem)
    enheter = data.select(
        "skolenhetskod",
        pl.col("elever"),
        (pl.col("kr_per_elev") * pl.col("elever")).alias("belopp_kr"),
        "kr_per_elev",
        pl.lit(0.0).alias("stabilitetsjustering_kr"),
    )
    return ForraAret(
        enheter=_typa(enheter),
        kalla=str(sokvag),
        filhashar={sokvag.name: sha256_fil(sokvag)},
        anteckningar=tuple(anteckningar),
    )


def _las(fil: Path, tabell: Tabell) -> tuple[pl.DataFrame, list[Problem], list[str]]:
    """Läsarens konventioner (``las_tabell_med_rader``): ram med radnummer ``_rad``,
    problem och noteringar."""
    last = las_tabell_med_rader(fil, tabell)
    return last.data, last.problem, last.anteckningar


def _dubbletter(fil: str, data: pl.DataFrame, nyckel: tuple[str, ...]) -> list[Problem]:
    """Ett problem per rad vars nyckel redan förekommit (radnumret som i kalkylprogrammet)."""
    dubbel = data.filter(pl.struct(nyckel).is_duplicated())
    forsta = set(dubbel.unique(subset=list(nyckel), keep="first", maintain_order=True)[RAD])
    return [
        Problem(fil, f"raden upprepar nyckeln ({', '.join(nyckel)})", int(r), nyckel[-1])
        for r in dubbel[RAD]
        if r not in forsta
    ]


def _las_katalog(katalog: Path) -> ForraAret:
    """Förra årets utdatakatalog -> ``ForraAret`` med modell och underlag."""
    problem: list[Problem] = []
    anteckningar: list[str] = []
    hashar: dict[str, str] = {}
    modell: Fordelningsmodell | None = None
    if not (katalog / MODELLFIL).is_file():
        problem.append(Problem(MODELLFIL, "filen saknas i förra årets katalog"))
    else:
        try:
            modell = las_modell(katalog / MODELLFIL)
            hashar[MODELLFIL] = sha256_fil(katalog / MODELLFIL)
        except IndataFel as e:
            problem += e.problem
    tabeller: dict[str, pl.DataFrame | None] = {}
    for filnamn, (tabell, falt) in {
        FORDELNINGSFIL: (FORDELNING_TABELL, "fordelning"),
        **UNDERLAGSTABELLER,
    }.items():
        fil = katalog / filnamn
        if not fil.is_file():
            valfri = filnamn == "underlag_index.csv"
            if not valfri:
                problem.append(Problem(filnamn, "filen saknas i förra årets katalog"))
            tabeller[falt] = None
            continue
        data, fel, ant = _las(fil, tabell)
        if falt != "fordelning":
            fel += _dubbletter(filnamn, data, tabell.nyckel)
        problem += fel
        anteckningar += ant
        tabeller[falt] = data.drop(RAD)
        hashar[filnamn] = sha256_fil(fil)
    niva, resurs, p, h = las_anpassat_underlag(katalog)
    problem += p
    hashar.update(h)
    if problem:
        raise IndataFel(problem)
    elever = tabeller["elever"]
    if elever is not None and elever["verksamhet"].is_null().all():
        elever = elever.drop("verksamhet")
    underlag = Fordelningsunderlag(
        enheter=tabeller["enheter"],  # type: ignore[arg-type]
        elever=elever,  # type: ignore[arg-type]
        index=None
        if tabeller["index"] is None
        else tabeller["index"].with_columns(pl.col("index_standard").cast(pl.Boolean)),
        malgrupper=tabeller["malgrupper"],  # type: ignore[arg-type]
        givna_belopp=tabeller["givna_belopp"],  # type: ignore[arg-type]
        verksamheter=verksamheter(modell) if modell is not None else (),
        behovsniva=niva,
        resursskolor=resurs,
    )
    fordelning = tabeller["fordelning"]
    assert fordelning is not None
    okanda = set(fordelning["skolenhetskod"]) - set(underlag.enheter["skolenhetskod"])
    if okanda:
        raise IndataFel(
            [
                Problem(
                    FORDELNINGSFIL,
                    f"skolenheten finns inte i underlag_enheter.csv: {kod}",
                    kolumn="skolenhetskod",
                )
                for kod in sorted(okanda)
            ]
        )
    return ForraAret(
        enheter=_enheter_ur_katalog(fordelning, underlag),
        modell=modell,
        underlag=underlag,
        kalla=str(katalog),
        filhashar=hashar,
        anteckningar=tuple(anteckningar),
    )


def _enheter_ur_katalog(fordelning: pl.DataFrame, underlag: Fordelningsunderlag) -> pl.DataFrame:
    """Beslutat belopp per skolenhet (alla potter inklusive stabilitetsjustering) och elever
    ur underlaget -> ``FORRA_KOLUMNER``."""
    belopp = fordelning.group_by("skolenhetskod").agg(
        pl.col("belopp_kr").sum(),
        pl.col("belopp_kr").filter(pl.col("pott") == STABILITETSPOTT).sum().alias("stab"),
    )
    elever = underlag.elever.group_by("skolenhetskod").agg(pl.col("antal").sum().alias("elever"))
    ut = (
        underlag.enheter.select("skolenhetskod")
        .join(elever, on="skolenhetskod", how="left")
        .join(belopp, on="skolenhetskod", how="left")
        .select(
            "skolenhetskod",
            pl.col("elever").fill_null(0.0),
            pl.col("belopp_kr").fill_null(0.0),
            pl.when(pl.col("elever").fill_null(0.0) > 0)
            .then(pl.col("belopp_kr").fill_null(0.0) / pl.col("elever"))
            .alias("kr_per_elev"),
            pl.col("stab").fill_null(0.0).alias("stabilitetsjustering_kr"),
        )
    )
    return _typa(ut)


def _typa(ram: pl.DataFrame) -> pl.DataFrame:
    return ram.select(pl.col(k).cast(t) for k, t in FORRA_KOLUMNER.items()).sort("skolenhetskod")


def skriv_forra_aret_underlag(fordelning: Fordelning, katalog: Path) -> list[Path]:
    """Skriver ``modell.yaml`` och ``underlag_*.csv`` (se modulens beskrivning) för en
    beräknad fördelning i ``katalog``, så att katalogen nästa år kan läsas med
    ``las_forra_aret``. ``fordelning.csv`` skriver kommandot självt. Ut: de skrivna filerna."""
    katalog = Path(katalog)
    ut: list[Path] = []
    modelltext = yaml.safe_dump(
        fordelning.modell.model_dump(mode="json", exclude_none=True),
        allow_unicode=True,
        sort_keys=False,
    )
    (katalog / MODELLFIL).write_text(modelltext, encoding="utf-8")
    ut.append(katalog / MODELLFIL)
    u = fordelning.underlag
    for filnamn, (tabell, falt) in UNDERLAGSTABELLER.items():
        ram: pl.DataFrame | None = getattr(u, falt)
        if ram is None:
            continue
        kolumner = []
        for k in tabell.kolumner:
            if k.namn == "verksamhet" and k.namn not in ram.columns:
                continue  # bara i en ram med flera verksamheter
            if k.namn in ram.columns:
                kolumner.append(pl.col(k.namn).cast(POLARS_TYP[k.typ]))
            else:
                kolumner.append(pl.lit(None, dtype=POLARS_TYP[k.typ]).alias(k.namn))
        nyckel = [k for k in tabell.nyckel if k in ram.columns or k != "verksamhet"]
        skriv_csv(ram.select(kolumner).sort(nyckel), katalog / filnamn)
        ut.append(katalog / filnamn)
    return ut + skriv_anpassat_underlag(u, katalog)

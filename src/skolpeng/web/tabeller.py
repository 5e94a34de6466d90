"""Sidornas tabeller som ``Exporttabell``: samma rubriker och värden på sidan, i Excelboken och
i CSV-filen (``rapporter.tabellexport``). En funktion per tabell; sidorna och nedladdningarna
(``sidor_export``) bygger tabellen med samma funktion ur samma data.

In: raderna som mallarna får (ordlistor ur körningen, jämförelsen, normen eller beslutet).
Ut: ``Exporttabell`` (och för tabellerna med länkar en lista med adresser per rad).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from skolpeng.api import Exporttabell, Kolumn, talformat

Spec = Sequence[tuple[str, str | Callable[[dict[str, Any]], Any], str]]


def cell(v: Any, typ: str) -> str:
    """Ett värde som på sidan (filtret ``cell`` i mallarna): kr, heltal, en decimal, procent
    med en decimal eller text; saknat värde -> "–" (tal) eller tom text."""
    if typ == "text":
        return "" if v is None else str(v)
    if typ == "kr":
        return talformat.kr(v)
    if typ == "heltal":
        return talformat.heltal(v)
    if typ == "procent":
        return talformat.procent(v, 1)
    return talformat.decimal(v, 1)


def bygg(titel: str, spec: Spec, rader: Iterable[dict[str, Any]]) -> Exporttabell:
    """Tabellen ur raderna: ``spec`` är (rubrik, nyckel eller funktion, typ) per kolumn."""
    kolumner = tuple(Kolumn(r, typ) for r, _, typ in spec)  # type: ignore[arg-type]

    def varde(rad: dict[str, Any], k: str | Callable[[dict[str, Any]], Any]) -> Any:
        return k(rad) if callable(k) else rad.get(k)

    return Exporttabell(
        titel, kolumner, tuple(tuple(varde(r, k) for _, k, _ in spec) for r in rader)
    )


def potter(rader: list[dict[str, Any]], titel: str = "Potterna") -> Exporttabell:
    """Potternas tabell (``modell_makron.pottabell``)."""
    return bygg(
        titel,
        [
            ("Pott", "rubrik", "text"),
            ("Pottens belopp", "belopp_kr", "kr"),
            ("Fördelat", "fordelat_kr", "kr"),
            ("Enheter", "antal_enheter", "heltal"),
            ("Elever", "elever", "heltal"),
        ],
        rader,
    )


def resultatets_huvudman(rader: list[dict[str, Any]]) -> Exporttabell:
    """Belopp per huvudman på resultatsidan."""
    return bygg(
        "Belopp per huvudman",
        [
            ("Huvudman", lambda h: h.get("huvudman_namn") or h.get("huvudman_id"), "text"),
            ("Huvudmannatyp", "huvudmannatyp", "text"),
            ("Enheter", "antal_enheter", "heltal"),
            ("Elever", "elever", "heltal"),
            ("Belopp", lambda h: h.get("belopp_kr_avrundat", h.get("belopp_kr")), "kr"),
            ("Kr per elev", "kr_per_elev", "kr"),
        ],
        rader,
    )


def resultatets_enheter(rader: list[dict[str, Any]]) -> Exporttabell:
    """Belopp per skolenhet på resultatsidan (beloppet avrundat till hela kronor per enhet,
    samma som i beslutet och redovisningen)."""
    return bygg(
        f"Belopp per skolenhet ({len(rader)} enheter)",
        [
            ("Skolenhet", "namn", "text"),
            ("Kod", "skolenhetskod", "text"),
            ("Huvudmannatyp", "huvudmannatyp", "text"),
            ("Elever", "elever", "heltal"),
            ("Belopp", "belopp_kr_avrundat", "kr"),
            ("Kr per elev", "kr_per_elev", "kr"),
        ],
        rader,
    )


ANDRING: Spec = [
    ("Belopp i år", "belopp_kr", "kr"),
    ("Förra året", "belopp_forra_kr", "kr"),
    ("Förändring", "andring_kr", "kr"),
    ("Förändring (%)", "andring_andel", "procent"),
    ("Kr per elev", "kr_per_elev", "kr"),
    ("Förändring per elev", "andring_kr_per_elev", "kr"),
]


def andring_enheter(rader: list[dict[str, Any]], titel: str) -> Exporttabell:
    """Årets belopp mot förra årets per skolenhet (``andring_per_enhet``)."""
    return bygg(
        titel,
        [
            ("Skolenhet", "namn", "text"),
            ("Kod", "skolenhetskod", "text"),
            ("Huvudman", lambda r: r.get("huvudman_namn") or r.get("huvudman_id"), "text"),
            ("Huvudmannatyp", "huvudmannatyp", "text"),
            ("Elever", "elever", "heltal"),
            *ANDRING,
        ],
        rader,
    )


def andring_huvudman(rader: list[dict[str, Any]], titel: str) -> Exporttabell:
    """Årets belopp mot förra årets per huvudman (``andring_per_huvudman``)."""
    return bygg(
        titel,
        [
            ("Huvudman", lambda r: r.get("huvudman_namn") or r.get("huvudman_id"), "text"),
            ("Huvudmannatyp", "huvudmannatyp", "text"),
            ("Enheter", "antal_enheter", "heltal"),
            ("Elever", "elever", "heltal"),
            *ANDRING,
        ],
        rader,
    )


def _per_scenario(
    ramar: list[Any], nyckel: str, bas: Callable[[dict[str, Any]], dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Raderna per ``nyckel`` (skolenhet eller huvudman), i den första ramens ordning: ``bas``
    ur den första raden för nyckeln och varje scenarios belopp, förändring och andel."""
    rader: dict[str, dict[str, Any]] = {}
    for i, df in enumerate(ramar):
        for r in df.iter_rows(named=True):
            rader.setdefault(r[nyckel], bas(r)).update(
                {
                    f"belopp_{i}": r["belopp_kr"],
                    f"andring_{i}": r["andring_kr"],
                    f"andel_{i}": r["andring_andel"],
                }
            )
    return rader


def _scenariokolumner(namn: list[str]) -> list[tuple[str, Any, str]]:
    """Tre kolumner per scenario: belopp, förändring i kr och i procent."""
    return [
        kolumn
        for i, n in enumerate(namn)
        for kolumn in (
            (f"{n}: belopp", f"belopp_{i}", "kr"),
            (f"{n}: förändring", f"andring_{i}", "kr"),
            (f"{n}: förändring (%)", f"andel_{i}", "procent"),
        )
    ]


def jamforelsens_andring(namn: list[str], ramar: list[Any]) -> Exporttabell:
    """Per skolenhet: förra årets belopp och varje scenarios belopp och förändring mot det."""
    bas = ("skolenhetskod", "namn", "huvudmannatyp", "belopp_forra_kr")
    rader = _per_scenario(ramar, "skolenhetskod", lambda r: {k: r[k] for k in bas})
    spec: list[tuple[str, Any, str]] = [
        ("Skolenhet", "namn", "text"),
        ("Kod", "skolenhetskod", "text"),
        ("Huvudmannatyp", "huvudmannatyp", "text"),
        ("Förra året", "belopp_forra_kr", "kr"),
        *_scenariokolumner(namn),
    ]
    return bygg("Belopp per skolenhet i scenarierna mot förra året", spec, rader.values())


def jamforelsens_andring_huvudman(namn: list[str], ramar: list[Any]) -> Exporttabell:
    """Per huvudman: förra årets belopp och varje scenarios belopp och förändring mot det
    (``andring_per_huvudman`` av varje scenarios rader per skolenhet)."""
    from skolpeng.api import andring_per_huvudman

    rader = _per_scenario(
        [andring_per_huvudman(df) for df in ramar],
        "huvudman_id",
        lambda r: {
            "huvudman": r["huvudman_namn"] or r["huvudman_id"],
            "huvudmannatyp": r["huvudmannatyp"],
            "belopp_forra_kr": r["belopp_forra_kr"],
        },
    )
    spec: list[tuple[str, Any, str]] = [
        ("Huvudman", "huvudman", "text"),
        ("Huvudmannatyp", "huvudmannatyp", "text"),
        ("Förra året", "belopp_forra_kr", "kr"),
        *_scenariokolumner(namn),
    ]
    return bygg("Belopp per huvudman i scenarierna mot förra året", spec, rader.values())


def jamforelsens_nyckeltal(j: Any) -> Exporttabell:
    """Nyckeltalen per scenario (en rad per mått, en kolumn per scenario)."""
    matt: list[tuple[str, Callable[[Any], Any], str]] = [
        ("Fördelat totalt", lambda s: s.total_kr, "kr"),
        ("Elever", lambda s: s.elever, "heltal"),
        ("Kr per elev, min", lambda s: s.spridning.min, "kr"),
        ("Kr per elev, P10", lambda s: s.spridning.p10, "kr"),
        ("Kr per elev, median", lambda s: s.spridning.median, "kr"),
        ("Kr per elev, P90", lambda s: s.spridning.p90, "kr"),
        ("Kr per elev, max", lambda s: s.spridning.max, "kr"),
        ("Andel efter behov", lambda s: s.behovsandel, "procent"),
        ("Omfördelad andel", lambda s: s.omfordelad_andel, "procent"),
        ("Avstånd till normen, summa (kommunala enheter)", lambda s: s.normavstand_kr, "kr"),
        ("Avstånd till normen per elev", lambda s: s.normavstand_per_elev_kr, "kr"),
    ]
    # Excel har en typ per kolumn; här varierar typen per rad, så värdena skrivs som tal
    # med typen "decimal" för andelarna (i procent) och "kr" för resten.
    kolumner = (Kolumn("Mått"), *(Kolumn(n, "decimal") for n in j.namn))
    rader = []
    for rubrik, f, typ in matt:
        varden = [f(s) for s in j.sammanfattningar]
        if typ == "procent":
            rubrik += " (%)"
            varden = [None if v is None else 100 * v for v in varden]
        else:
            varden = [None if v is None else float(round(v)) for v in varden]
        rader.append((rubrik, *varden))
    return Exporttabell("Nyckeltal per scenario", kolumner, tuple(rader))


def jamforelsens_huvudman(j: Any) -> Exporttabell:
    """Belopp per huvudman och scenario."""
    spec: list[tuple[str, Any, str]] = [
        ("Huvudman", lambda h: h.get("huvudman_namn") or h.get("huvudman_id"), "text"),
        ("Huvudmannatyp", "huvudmannatyp", "text"),
    ]
    spec += [(n, f"belopp_kr_{i}", "kr") for i, n in enumerate(j.namn)]
    return bygg("Belopp per huvudman och scenario", spec, j.huvudman)


def jamforelsens_enheter(j: Any) -> Exporttabell:
    """Belopp och kr per elev per skolenhet och scenario, skillnaden mot det första."""
    spec: list[tuple[str, Any, str]] = [
        ("Skolenhet", "namn", "text"),
        ("Kod", "skolenhetskod", "text"),
        ("Huvudmannatyp", "huvudmannatyp", "text"),
        ("Elever", "elever", "heltal"),
    ]
    for i, n in enumerate(j.namn):
        spec += [
            (f"{n}: belopp", f"belopp_kr_{i}", "kr"),
            (f"{n}: kr per elev", f"kr_per_elev_{i}", "kr"),
        ]
        if i:
            spec += [
                (f"{n}: skillnad", f"skillnad_kr_{i}", "kr"),
                (f"{n}: skillnad per elev", f"skillnad_per_elev_{i}", "kr"),
            ]
    return bygg(f"Belopp och kr per elev per skolenhet; skillnad mot {j.namn[0]}", spec, j.enheter)


def jamforelsens_norm(j: Any) -> Exporttabell:
    """Avståndet till normen per kommunal skolenhet och scenario."""
    spec: list[tuple[str, Any, str]] = [
        ("Skolenhet", "namn", "text"),
        ("Kod", "skolenhetskod", "text"),
    ]
    for i, n in enumerate(j.namn):
        spec += [
            (f"{n}, per elev", f"skillnad_kr_{i}", "kr"),
            (f"{n}, totalt", f"skillnad_totalt_kr_{i}", "kr"),
        ]
    return bygg("Modellens kr per elev minus normens (alla stadier)", spec, j.norm or [])


def normens_enheter(
    rader: list[dict[str, Any]],
    komponenter: Sequence[str],
    komponentnamn: dict[str, str],
    stadietext: dict[str, str],
) -> Exporttabell:
    """Normen per skolenhet och stadium (alla rader i urvalet, inte bara sidans)."""
    spec: list[tuple[str, Any, str]] = [
        ("Skolenhet", lambda r: r.get("namn") or r.get("skolenhetskod"), "text"),
        ("Kod", "skolenhetskod", "text"),
        ("Kommun", lambda r: r.get("kommunnamn") or r.get("kommunkod"), "text"),
        ("Huvudmannatyp", "huvudmannatyp", "text"),
        ("Stadium", lambda r: stadietext.get(r.get("stadium"), r.get("stadium")), "text"),
        ("Elever", "elever", "decimal"),
    ]
    spec += [(komponentnamn[k], k, "kr") for k in komponenter]
    spec += [("Normen per elev", "norm", "kr"), ("Belopp", "belopp_kr", "kr")]
    return bygg("Normen per skolenhet och stadium, kronor per elev", spec, rader)


def normens_publicering(
    rader: list[dict[str, Any]],
    varav: Sequence[str],
    rubriker: dict[str, str],
    stadietext: dict[str, str],
) -> Exporttabell:
    """Publiceringstabellen (tabell 9.2) med sidans urval, alla rader."""
    spec: list[tuple[str, Any, str]] = [
        (
            "Huvudman eller skolenhet",
            lambda r: r.get("namn") or r.get("huvudman_namn") or r.get("huvudman_id"),
            "text",
        ),
        ("Rad", lambda r: "huvudman" if r.get("radtyp") == "huvudman" else "skolenhet", "text"),
        ("Kod", lambda r: r.get("skolenhetskod") or r.get("huvudman_id"), "text"),
        ("Kommun", lambda r: r.get("kommunkod") or "–", "text"),
        ("Stadium", lambda r: stadietext.get(r.get("stadium"), r.get("stadium")), "text"),
        ("Elever", "elever", "decimal"),
        ("Normen", "norm", "kr"),
    ]
    spec += [(rubriker[k], k, "kr") for k in varav]
    return bygg("Publiceringstabellen, kronor per elev", spec, rader)


def beslutets_enheter(rader: list[dict[str, Any]]) -> Exporttabell:
    """Belopp per skolenhet i beslutet (hela kronor, ur det lagrade ``fordelning.csv``)."""
    return bygg(
        "Belopp per skolenhet (hela kronor)",
        [
            ("Skolenhet", "namn", "text"),
            ("Kod", "skolenhetskod", "text"),
            ("Huvudmannatyp", "huvudmannatyp", "text"),
            ("Elever", lambda e: e.get("elever") or 0, "heltal"),
            ("Belopp", lambda e: e.get("belopp_kr") or 0, "kr"),
        ],
        rader,
    )


def beslutets_huvudman(rader: list[dict[str, Any]]) -> Exporttabell:
    """Bidragen till enskilda huvudmän i beslutet."""
    return bygg(
        "Bidrag till enskilda huvudmän",
        [
            ("Huvudman", lambda h: h.get("huvudman_namn") or h.get("huvudman_id"), "text"),
            (
                "Organisationsnummer",
                lambda h: talformat.organisationsnummer(h.get("huvudman_id")),
                "text",
            ),
            ("Skolenheter", "enheter", "heltal"),
            ("Elever", "elever", "heltal"),
            ("Bidrag", "bidrag_kr", "kr"),
        ],
        rader,
    )

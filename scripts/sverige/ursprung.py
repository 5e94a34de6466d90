"""Ursprunget för varje tabell och kolumn i datasetet ``sverige`` (verklig, härledd, syntetisk)
med källfil eller regel, och svenskt talformat för README.

In: konstanterna i ``antaganden`` och källfilernas namn. Ut: ``URSPRUNG`` och
``ursprungstabell()`` (markdownrader), används av ``readme``.
"""

from __future__ import annotations

from skolpeng.data.schema import TABELLER

from .antaganden import (
    BYGGKOSTNAD_ELASTICITET,
    FRITIDSHEM_LOKALANDEL,
    GLESHET_ELEVGRANSER,
    GLESHET_MAX_TILLAGG,
    GLESHET_VIKT_SODRA,
    INTERNATIONELL_REGEL,
    LONEINDEX_ELASTICITET,
    MODERSMAL_ARSARBETSKRAFTER_RIKET,
)
from .kallor import INKOMST, KOMMUN, KOMMUNGRUPP, KOSTNADER, REGISTER, SKOLNIVA, SLUTBETYG


def tal(x: float, decimaler: int = 0) -> str:
    """Svenskt talformat: mellanslag som tusentalsavgränsare, decimalkomma."""
    s = f"{x:,.{decimaler}f}".replace(",", " ").replace(".", ",")
    return s


K_SKOL = f"`{SKOLNIVA}`"
K_REG = f"`{REGISTER}`"
K_KOM = f"`{KOMMUN.format(ar='{2021..2024}')}`"
K_KOST = f"`{KOSTNADER.format(ar='{2022..2024}')}`"

URSPRUNG: dict[str, dict[str, tuple[str, str]]] = {
    "skolenheter": {
        "skolenhetskod": ("verklig", K_SKOL),
        "namn": (
            "verklig",
            K_SKOL + " (Skolverkets asterisk för internationella skolor borttagen)",
        ),
        "kommunkod": ("verklig", K_SKOL + " (Kommun-kod = skolans lägeskommun)"),
        "huvudmannatyp": ("verklig", K_SKOL + " (Typ av huvudman)"),
        "huvudman_id": (
            "härledd",
            "kommunkoden för kommunala enheter (organisationsnumret för kommunalförbund), annars Huvudman orgnr",
        ),
        "huvudman_namn": ("verklig", K_SKOL),
        "internationell": ("härledd", INTERNATIONELL_REGEL),
    },
    "elever": {
        "skolenhetskod": ("verklig", "skolenheterna ovan"),
        "verksamhet": ("härledd", "fk_gr ur Skolverkets export; fritidshem syntetiskt (se nedan)"),
        "lasar": ("verklig", '2025/26 (exportens "Valt läsår") och 2024/25 (härlett)'),
        "arskurs": ("verklig", "F, 1–9 (fk_gr); F–6 (fritidshem)"),
        "antal": (
            "verklig/härledd/syntetisk",
            "fk_gr 2025/26 åk 1–9 verklig; F härledd; 2024/25 härledd; fritidshem syntetisk – se avsnittet Elever",
        ),
    },
    "socioekonomiskt_index": {
        "skolenhetskod": ("verklig", K_SKOL),
        "ar": ("härledd", "normåret 2026"),
        "verksamhet": ("härledd", "fk_gr och fritidshem"),
        "index": (
            "syntetisk",
            "modell på verkliga andelar (eftergymnasialt utbildade föräldrar, utländsk bakgrund) och verkliga slutbetyg – se avsnittet Index",
        ),
    },
    "kommuner": {
        "kommunkod": ("verklig", f"`{KOMMUNGRUPP}`"),
        "kommunnamn": ("verklig", f"`{KOMMUNGRUPP}`"),
        "kommungrupp": (
            "verklig",
            f"`{KOMMUNGRUPP}`, kolumnen skr_group_code_assumed (troligen SKR:s indelning 2023, se SOURCE.md)",
        ),
        "nuts2": ("verklig", "länskoden (kommunkodens två första siffror) -> riksområde SE11…SE33"),
        "loneindex": (
            "syntetisk",
            f"100 · (medianinkomst / elevviktat riksmedel)^{tal(LONEINDEX_ELASTICITET, 1)}, begränsat till 90–110; medianinkomst ur `{INKOMST}`",
        ),
        "gleshetsindex": (
            "syntetisk",
            f"100 + {tal(GLESHET_MAX_TILLAGG)} · s · v för SKR-grupp C8/C9 (och alla C-kommuner i län 23–25), s = ({tal(GLESHET_ELEVGRANSER[1])} − elever åk 1–9 2025/26)/({tal(GLESHET_ELEVGRANSER[1])} − {tal(GLESHET_ELEVGRANSER[0])}) begränsat till 0–1, v = 1 i län 23–25 annars {tal(GLESHET_VIKT_SODRA, 1)}; övriga 100",
        ),
    },
    "lokalkostnadsunderlag": {
        "kommunkod": ("verklig", K_KOST),
        "ar": ("verklig", '2022–2024 ("Valt år")'),
        "lokalkostnad_per_elev": (
            "verklig",
            K_KOST + ', "Lokaler per elev" (kommunal huvudman, åk 1–9)',
        ),
        "byggkostnadsindex": (
            "syntetisk",
            f"100 · (medianinkomst / elevviktat riksmedel)^{tal(BYGGKOSTNAD_ELASTICITET, 2)}, samma alla år",
        ),
        "elever_kommunal": ("verklig", K_KOST + ', "Genomsnittligt elevantal"'),
    },
    "rakenskapssammandrag": {
        "kommunkod": ("verklig", K_KOST),
        "ar": ("verklig", "2022–2024"),
        "verksamhet": ("härledd", "fk_gr och fritidshem"),
        "nettokostnad": (
            "härledd (fk_gr) / syntetisk (fritidshem)",
            "se avsnittet Räkenskapssammandrag",
        ),
        "skolskjuts": (
            "syntetisk",
            "kronor per elev per kommungrupp × elever F–9 (fk_gr); 0 för fritidshem",
        ),
        "kop_fran_staten": ("syntetisk", "0 – finns inte i projektets filer"),
        "kop_fran_utlandet": ("syntetisk", "0 – finns inte i projektets filer"),
        "lamnade_bidrag": (
            "syntetisk",
            "0 – finns inte i projektets filer (i RS avser posten t.ex. föreningsbidrag, inte ersättning till fristående skolor)",
        ),
        "externa_lokalhyror": ("syntetisk", "0 – uppdelningen av lokalkostnaden finns inte"),
        "kalkylerade_kapitalkostnader": (
            "syntetisk",
            "0 – uppdelningen av lokalkostnaden finns inte",
        ),
        "interna_lokalkostnader": (
            "härledd (fk_gr) / syntetisk (fritidshem)",
            'fk_gr: "Lokaler per elev" (verklig) × elever F–9 i egen regi; fritidshem: '
            + tal(FRITIDSHEM_LOKALANDEL * 100)
            + " % av kostnaden",
        ),
        "externa_hyresintakter": ("syntetisk", "0"),
        "elever_kommunal": (
            "härledd (fk_gr) / syntetisk (fritidshem)",
            'fk_gr: "Genomsnittligt elevantal" (verklig, åk 1–9) + F i egen regi (skattad); fritidshem: inskrivna i egen regi (syntetiskt)',
        ),
    },
    "modersmal": {
        "kommunkod": ("verklig", K_KOM),
        "ar": ("härledd", "2024"),
        "arsarbetskrafter": (
            "syntetisk",
            f"{tal(MODERSMAL_ARSARBETSKRAFTER_RIKET)} årsarbetskrafter i riket fördelade efter elever med utländsk bakgrund (verklig andel × elever, kalenderår 2024)",
        ),
    },
    "nationellt": {
        "ar": ("härledd", "2024–2026"),
        "kpif": ("syntetisk", "ungefärliga årsmedeltal, se nedan"),
        "kpif_prognos": ("syntetisk", "1 för 2026 (prognos)"),
        "larare_manadslon": ("syntetisk", "ungefärlig månadslön, se nedan"),
        "po_palagg": ("syntetisk", "0,3864 (exempelvärdet i docs/regler/dataformat.md#nationellt)"),
    },
    "kostnader_huvudman": {
        "huvudman_id": ("verklig", K_KOST + " 2024 (kommunkoden)"),
        "ar": ("verklig", "2024"),
        "verksamhet": ("härledd", "fk_gr (förskoleklass och åk 1–9 i egen regi)"),
        "huvudmannatyp": ("verklig", 'kommunal ("Endast kommunal huvudman")'),
        "kostnad_per_elev": (
            "härledd",
            "nettokostnad i egen regi per elev F–9 2024 på räkenskapssammandragets nettobas: "
            'nettoandel · ("Totalt per elev" [verklig] × elever åk 1–9 + förskoleklass i egen regi) '
            "/ elever F–9 i egen regi – se avsnittet Kostnader per huvudman",
        ),
        "elever": (
            "härledd",
            "= `rakenskapssammandrag.elever_kommunal` 2024 (fk_gr): "
            '"Genomsnittligt elevantal" (verklig, åk 1–9) + F i egen regi (skattad)',
        ),
    },
    "resultat": {
        "skolenhetskod": ("verklig", f"`{SLUTBETYG}`"),
        "lasar": ("verklig", "2024/25"),
        "meritvarde": ("verklig", "Genomsnittligt meritvärde (17 ämnen); prickat = tomt"),
        "andel_alla_amnen": (
            "verklig",
            "andel (0–1) som uppfyllt betygskriterierna i alla ämnen; prickat = tomt",
        ),
        "andel_behoriga": (
            "verklig",
            "andel (0–1) behöriga till yrkesprogram; prickat (även ~100) = tomt",
        ),
        "antal_elever": ("verklig", "antal elever i åk 9; prickat = tomt"),
    },
    "elever_hemkommun": {
        "skolenhetskod": ("härledd", "= `elever.skolenhetskod` (fk_gr 2025/26)"),
        "period": ("härledd", "2026-01: en avläsning som gäller hela budgetåret 2026"),
        "verksamhet": ("härledd", "fk_gr"),
        "arskurs": ("härledd", "= `elever.arskurs`"),
        "hemkommun": (
            "syntetisk",
            "lägeskommunen eller en av de tre största grannkommunerna i länet – se avsnittet "
            "Elever per hemkommun",
        ),
        "antal": (
            "syntetisk",
            "`elever.antal` delat på hemkommunerna (kommunala enheter 2 %, enskilda 20 % i "
            "grannkommunerna; hela elever, summan = enhetens elever)",
        ),
    },
}


#: Anpassad grundskola: en approximation (scripts/bygg_anpassad_gr.py, syntetisk.anpassad_gr).
URSPRUNG["elever_behovsniva"] = {
    "skolenhetskod": ("härledd", "= `elever.skolenhetskod` (anpassad_gr)"),
    "lasar": ("härledd", "= `elever.lasar` (2024/25 och 2025/26)"),
    "verksamhet": ("härledd", "anpassad_gr"),
    "arskurs": ("härledd", "= `elever.arskurs` (1–9)"),
    "behovsniva": ("syntetisk", "fyra antagna nivåer 1–4 – se avsnittet Anpassad grundskola"),
    "antal": (
        "syntetisk",
        "approximation: enhetens elever i årskursen delade 40/30/20/10 % på nivåerna (största "
        "rest) – ett antagande",
    ),
}
URSPRUNG["behovsnivaer"] = {
    "kommunkod": ("härledd", "kommunerna med elever i anpassad grundskola i datasetet"),
    "behovsniva": ("syntetisk", "1–4 (antagande)"),
    "namn": (
        "syntetisk",
        "samma fyra namn i varje kommun (ett antagande, inte kommunernas egna nivåer)",
    ),
}
ANPASSAD_ANTAL = (
    "| `elever` | `antal` (anpassad_gr) | syntetisk | **approximation, inte verkliga antal per "
    "skolenhet**: 16 000 elever fördelade efter kommunernas verkliga elever i åk 1–9, förankrat i "
    "SOU 2025:72:s verkliga totaler – se avsnittet Anpassad grundskola |"
)
RESURSSKOLOR = (
    "| `resursskolor` | – | saknas | vilka skolenheter som är resursskolor finns inte i projektets "
    "filer; tabellen ingår inte |"
)


def ursprungstabell() -> list[str]:
    """Markdownraderna i tabellen över varje kolumns ursprung."""
    rader = ["| tabell | kolumn | ursprung | källa eller regel |", "|---|---|---|---|"]
    for namn, tabell in TABELLER.items():
        if namn not in URSPRUNG:
            continue  # valfri tabell som datasetet inte har (t.ex. malgrupper, givna_belopp)
        for kol in tabell.kolumnnamn:
            ursprung, kalla = URSPRUNG[namn][kol]
            rader.append(f"| `{namn}` | `{kol}` | {ursprung} | {kalla} |")
            if (namn, kol) == ("elever", "antal"):
                rader.append(ANPASSAD_ANTAL)
    rader.append(RESURSSKOLOR)
    return rader

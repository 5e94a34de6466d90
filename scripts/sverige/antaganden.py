"""Antaganden för det medföljande datasetet ``sverige`` – alla approximationer på ett ställe.

Det som inte finns i de offentliga filerna under ``data/real`` ersätts här med ungefärliga,
uttryckligen syntetiska värden. Varje konstant säger vad den ersätter och varför värdet är
rimligt. Inget här är en policyparameter för beräkningarna (de finns i
``skolpeng/parametrar``); det här är bara hur datasetet byggs.
"""

from __future__ import annotations

NORMAR = 2026
"""Normår N: datasetet byggs för normen 2026."""
KOSTNADSAR: tuple[int, ...] = (2022, 2023, 2024)
"""Räkenskapsåren i rakenskapssammandrag och lokalkostnadsunderlag; C = N − 2 = 2024."""
LASAR_NU = "2025/26"
LASAR_FORRA = "2024/25"
LASAR_REGISTER = "2019/20"
"""Skolenhetsregistrets översikt (jplusplus, juni 2020) anger inte läsåret; elevantalen är
med stor sannolikhet från oktober 2019 (se SOURCE.md)."""

# --- Skolenheter ---------------------------------------------------------------------
INTERNATIONELL_REGEL = (
    "internationell = 1 om skolans namn i Skolverkets export 2025/26 slutar med asterisk "
    '(Skolverkets fotnot "* Internationella skolor …") eller om Skolenhetsregistret 2019/20 '
    "anger INRIKTNING = Internationell för samma skolenhetskod."
)

# --- Förskoleklass -------------------------------------------------------------------
FK_MINSTA_AK1 = 5
"""En enhets egen kvot F/åk 1 används bara om den hade minst fem elever i åk 1 2019/20."""
FK_HOGSTA_KVOT = 2.0
"""Enhetens egen kvot begränsas till högst 2 (enstaka enheter hade F-klasser för flera enheter)."""

# --- Fritidshem (syntetiskt) ---------------------------------------------------------
FRITIDSHEM_ANDEL: dict[str, float] = {
    "F": 0.84,
    "1": 0.84,
    "2": 0.84,
    "3": 0.84,
    "4": 0.20,
    "5": 0.20,
    "6": 0.20,
}
"""Andel av eleverna i årskursen som är inskrivna i fritidshem. Inskrivning per skolenhet
publiceras inte i de filer projektet har; värdena är avrundade nationella andelar av samma
storleksordning som Skolverkets årliga statistik om fritidshem (drygt åtta av tio 6–9-åringar,
ungefär en av fem 10–12-åringar). Samma andel används för alla enheter: syntetiskt."""

# --- Kommuner (syntetiskt: löne- och gleshetsindex) ----------------------------------
LONEINDEX_ELASTICITET = 0.3
"""loneindex = 100 · (medianinkomst / elevviktat riksmedel)^0,3, begränsat till [90, 110].
Utjämningskommitténs lönekostnadsindex finns inte i projektets filer; lärarlöner varierar
mycket mindre mellan kommuner än invånarnas inkomster, därav exponenten 0,3."""
LONEINDEX_GRANSER = (90.0, 110.0)
GLESHET_MAX_TILLAGG = 17.0
"""SOU 2025:72 avsnitt 6.2.1: gleshetsindex 100–117, störst påslag i Norrbotten, Västerbotten
och Jämtland."""
GLESHET_GRUPPER = ("C8", "C9")
"""Landsbygdskommuner (SKR-grupp C8, C9) kan få gleshetstillägg; i de tre nordligaste länen
(23, 24, 25) dessutom alla C-kommuner."""
GLESHET_NORRA_LAN = ("23", "24", "25")
GLESHET_ELEVGRANSER = (200.0, 1500.0)
"""Gleshetsgrad s = (1500 − elever åk 1–9) / (1500 − 200), begränsad till [0, 1]."""
GLESHET_VIKT_SODRA = 0.5
"""Utanför de tre nordligaste länen ger full gleshetsgrad halva påslaget (GI ≤ 108,5)."""
BYGGKOSTNAD_ELASTICITET = 0.25
"""byggkostnadsindex = 100 · (medianinkomst / elevviktat riksmedel)^0,25, samma alla år.
Utjämningskommitténs byggkostnadsindex finns inte i projektets filer; höga inkomster går
i regel med högre mark- och byggpriser. Indexet används bara relativt inom kommungruppen."""

# --- Räkenskapssammandrag (delvis syntetiskt) ----------------------------------------
NETTOKOSTNAD_PER_ELEV_KOLADA: dict[int, float] = {2022: 111_368.0, 2023: 119_915.0}
"""Nettokostnad per elev i förskoleklass och grundskola, riket (Kolada), SOU 2025:72
tabell 6.3. Används för att kalibrera nettokostnaden (Skolverkets kostnader är
bruttokostnader före statsbidrag och andra intäkter). För 2024 används 2023 års kvot."""
FK_KOSTNADSKVOT = 0.5
"""Kostnad per elev i förskoleklass som andel av kommunens kostnad per elev i åk 1–9
(Skolverkets kostnadsfil omfattar inte förskoleklass). Förskoleklassen har kortare dag och
färre lärare per elev; hälften är ett avrundat antagande."""
SKOLSKJUTS_PER_ELEV_2024: dict[str, float] = {
    "A1": 800.0,
    "A2": 1_500.0,
    "B3": 1_800.0,
    "B4": 3_500.0,
    "B5": 3_000.0,
    "C6": 3_000.0,
    "C7": 5_000.0,
    "C8": 7_500.0,
    "C9": 8_000.0,
}
"""Skolskjuts per elev F–9 (kronor, 2024) per SKR-kommungrupp: syntetiskt. Skolskjuts ingår
inte i Skolverkets kostnader; riksnivån blir ungefär 3 miljarder kronor per år (storleksordningen
i Räkenskapssammandraget), med höga belopp i glesa kommuner. Andra år skalas med rikets
kostnad per elev."""

# --- Fritidshem: räkenskapssammandrag (syntetiskt) -----------------------------------
FRITIDSHEM_KOSTNAD_PER_INSKRIVEN: dict[int, float] = {
    2022: 40_000.0,
    2023: 42_000.0,
    2024: 44_000.0,
}
"""Nettokostnad per inskriven elev i fritidshem, riket (kronor): avrundad storleksordning,
inte hämtad ur projektets filer. Per kommun skalas den med kommunens kostnad per elev i
grundskolan relativt riket."""
FRITIDSHEM_LOKALANDEL = 0.10
"""Lokalkostnadernas andel av fritidshemmets kostnad (fritidshem delar oftast skolans lokaler)."""

# --- Modersmål och nationella uppgifter (syntetiskt/ungefärligt) ---------------------
MODERSMAL_ARSARBETSKRAFTER_RIKET = 1_900.0
"""Årsarbetskrafter i modersmålsundervisning i grundskolan, riket: storleksordning, inte
hämtad ur projektets filer. Fördelas på kommunerna efter antalet elever med utländsk bakgrund
(Skolverkets andel × elever åk 1–9, kalenderårsmedel)."""
NATIONELLT: dict[int, dict[str, float]] = {
    2024: {"kpif": 0.019, "kpif_prognos": 0, "larare_manadslon": 44_000.0, "po_palagg": 0.3864},
    2025: {"kpif": 0.027, "kpif_prognos": 0, "larare_manadslon": 45_300.0, "po_palagg": 0.3864},
    2026: {"kpif": 0.011, "kpif_prognos": 1, "larare_manadslon": 46_600.0, "po_palagg": 0.3864},
}
"""KPIF årsmedeltal: 2024 och 2025 ungefärliga utfall (SCB), 2026 en ungefärlig prognos
(sänkt livsmedelsmoms från april 2026 håller nere KPIF); lärarlön: ungefärlig genomsnittlig
månadslön för lärare i kommunal grundskola (SCB:s lönestrukturstatistik, avrundad), +3 %
per år efter 2024; PO-pålägg: exempelvärdet i docs/regler/dataformat.md#nationellt. Ingen av serierna finns i projektets
filer – alla är ungefärliga och märkta syntetiska i README."""

# --- Socioekonomiskt index (syntetiskt) ----------------------------------------------
INDEX_MINSTA_ELEVER = 15
"""Enheter med minst 15 elever i åk 9 ingår i skattningen av indexmodellen."""
INDEX_GRANSER = (40.0, 250.0)
"""Indexet begränsas ungefär till 40–250 (efter omskalning till medel 100)."""

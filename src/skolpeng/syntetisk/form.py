"""Formen på den syntetiska nationen: storlekar, andelar och kostnadsnivåer.

In: inget (ren deklaration). Ut: ``NationsForm``, en fryst dataclass med standardvärden som
ger ett syntetiskt Sverige med det verkliga landets form. Värdena är INTE policyparametrar
(de styr bara hur testdata ser ut) och hör därför inte hemma i ``parametrar/``. Varje
standardvärde anger var den verkliga siffran kommer ifrån; siffrorna är kopierade hit en gång
(generatorn läser aldrig ``/work/shared`` när den körs). Källförkortningar:

- KOLADA: ``data/real/rkolada/kolada_kommungrupp_snapshot_2026-03.csv`` (290 kommuner,
  kolumnen ``skr_group_code_assumed``; SKR:s kommungruppsindelning, troligen 2023 års).
- ELEVER25: ``data/real/urbanpulse/Grundskola - Antal elever per årskurs 2025 Skolnivå.csv``
  (Skolverket, läsåret 2025/26, 4 628 skolenheter, 1 094 731 elever i åk 1–9).
- SKOLREG20: ``data/real/skolstatistik-jplusplus/skolenhetsregistret_2020_grundskola.csv``
  (skolenhetsregistret med förskoleklass, ca 2019/20).
- KOSTN24: ``data/real/skolverket-examen/Grundskola - Kostnader per kommun 2024 Kommun.csv``
  (Skolverket, kostnad per elev i kommunal grundskola 2024, exkl. skolskjuts).
- SOU: SOU 2025:72 (``sources/004_cac176927b4d7fe1.txt``).
- ANTAGANDE: ingen verklig siffra fanns i projektets data; värdet är en rimlig storleksordning
  för att testdata ska se ut som verkligheten, inget mer.
"""

from __future__ import annotations

from dataclasses import dataclass

GRUPPER: tuple[str, ...] = ("A1", "A2", "B3", "B4", "B5", "C6", "C7", "C8", "C9")
NUTS2: tuple[str, ...] = ("SE11", "SE12", "SE21", "SE22", "SE23", "SE31", "SE32", "SE33")

# Län (de två första siffrorna i kommunkoden) per riksområde, med antal kommuner per län
# (KOLADA: kommunkodernas två första siffror, räknade över de 290 kommunerna).
LAN_PER_NUTS2: dict[str, tuple[tuple[str, int], ...]] = {
    "SE11": (("01", 26),),
    "SE12": (("03", 8), ("04", 9), ("05", 13), ("18", 12), ("19", 10)),
    "SE21": (("06", 13), ("07", 8), ("08", 12), ("09", 1)),
    "SE22": (("10", 5), ("12", 33)),
    "SE23": (("13", 6), ("14", 49)),
    "SE31": (("17", 16), ("20", 15), ("21", 10)),
    "SE32": (("22", 7), ("23", 8)),
    "SE33": (("24", 15), ("25", 14)),
}

# Skolenhetstyper: namn, första och sista årskurs som index i ARSKURSER (F = 0, 1 … 9).
ENHETSTYPER: tuple[tuple[str, int, int], ...] = (
    ("F-3", 0, 3),
    ("F-6", 0, 6),
    ("F-9", 0, 9),
    ("4-6", 4, 6),
    ("4-9", 4, 9),
    ("7-9", 7, 9),
    ("6-9", 6, 9),
)


@dataclass(frozen=True)
class NationsForm:
    """Formparametrar för ``generera_nation`` (en tupel per kommungrupp följer ``GRUPPER``)."""

    # --- Kommuner -------------------------------------------------------------------------
    # Antal kommuner per SKR-grupp A1 … C9 (KOLADA, summa 290).
    grupp_antal: tuple[int, ...] = (3, 43, 23, 63, 24, 27, 51, 35, 21)
    # Medelantal elever i åk 1–9 per kommun och grupp, alla huvudmän (ELEVER25, summa per
    # kommun, medel per grupp). Förskoleklassen läggs till med ``forskoleklass_andel``.
    grupp_elever_per_kommun: tuple[float, ...] = (
        62523.0,
        5328.0,
        12164.0,
        1799.0,
        2121.0,
        4344.0,
        1078.0,
        1182.0,
        972.0,
    )
    # Spridning (sd av log) av kommunens elevantal inom gruppen (ELEVER25: ln(p90/p10)/2,56
    # per grupp; A1 från de tre storstäderna 95 805 / 55 655 / 36 109).
    grupp_elever_spridning: tuple[float, ...] = (
        0.45,
        0.66,
        0.36,
        0.68,
        0.83,
        0.39,
        0.50,
        0.82,
        0.59,
    )
    # Riksområde (NUTS2) per grupp: antal kommuner i varje riksområde SE11 … SE33 (KOLADA,
    # län -> riksområde). Används som vikter.
    grupp_nuts2_antal: tuple[tuple[int, ...], ...] = (
        (1, 0, 0, 1, 1, 0, 0, 0),
        (22, 1, 0, 8, 12, 0, 0, 0),
        (1, 6, 3, 3, 3, 3, 2, 2),
        (1, 20, 8, 15, 6, 7, 2, 4),
        (0, 7, 4, 1, 4, 3, 2, 3),
        (1, 3, 5, 3, 6, 4, 2, 3),
        (0, 14, 9, 5, 18, 5, 0, 0),
        (0, 1, 4, 0, 2, 11, 5, 12),
        (0, 0, 1, 2, 3, 8, 2, 5),
    )
    # Löneindex (100 = riket) per grupp: ANTAGANDE (Utjämningskommitténs index finns inte i
    # projektets data); storstadsregionerna över 100, landsbygd under, ca 90–110.
    grupp_loneindex: tuple[float, ...] = (106.0, 104.0, 101.0, 99.0, 98.5, 99.5, 97.5, 97.0, 98.0)
    loneindex_spridning: float = 1.5  # ANTAGANDE (sd i indexpunkter)
    loneindex_tillagg_se11: float = 1.5  # ANTAGANDE: Stockholmsregionen ligger högre
    loneindex_granser: tuple[float, float] = (90.0, 110.0)  # ANTAGANDE: ca 90–110
    # Andel kommuner med gleshetsindex över 100 per grupp: ANTAGANDE utifrån SOU kap. 6.2.1
    # ("Framför allt är det kommunerna i Norrbotten, Västerbotten och Jämtland som får
    # relativt stora påslag"); norra riksområdena (SE32, SE33) får sannolikheten förstärkt.
    grupp_andel_gles: tuple[float, ...] = (0.0, 0.0, 0.0, 0.05, 0.35, 0.05, 0.30, 0.55, 0.60)
    gles_norr_faktor: float = 1.5
    gleshetsindex_max: float = 117.0  # SOU kap. 6.2.1: "Indexet spänner från 100–117"
    # Byggkostnadsindex per grupp: ANTAGANDE (Utjämningskommitténs index saknas i datan).
    grupp_byggkostnadsindex: tuple[float, ...] = (
        115.0,
        108.0,
        102.0,
        99.0,
        100.0,
        99.0,
        97.0,
        100.0,
        104.0,
    )
    byggkostnadsindex_spridning: float = 0.04  # ANTAGANDE (sd av log)

    # --- Elever och skolenheter -----------------------------------------------------------
    # Förskoleklass per elev i åk 1 på enheter med åk 1 (SKOLREG20: 0,979).
    forskoleklass_andel: float = 0.98
    # Andel elever i enskilda enheter per grupp (ELEVER25: 0,251 / 0,214 / 0,189 / 0,073 /
    # 0,072 / 0,130 / 0,058 / 0,062 / 0,055, riket 0,167), höjda med 10 % mot ungefär en femtedel i
    # docs/regler/dataformat.md#syntetisk-nation.
    grupp_andel_enskild: tuple[float, ...] = (
        0.276,
        0.235,
        0.208,
        0.080,
        0.079,
        0.143,
        0.064,
        0.068,
        0.061,
    )
    andel_enskild_spridning: float = 0.6  # ANTAGANDE (sd av log mellan kommuner)
    andel_enskild_max: float = 0.6  # ANTAGANDE: ingen kommun har mer än 60 % i enskilda
    # Medelstorlek på en enhet (elever F–9). ELEVER25: medel 239 (kommunal) och 226
    # (enskild) i åk 1–9, alltså ca 265 och 250 med förskoleklass; något mindre här så att
    # riket får docs/regler/dataformat.md#syntetisk-nation: omkring 4 800 skolenheter.
    elever_per_enhet_kommunal: float = 256.0
    elever_per_enhet_enskild: float = 240.0
    # Andel enheter per typ (ENHETSTYPER), räknat ur ELEVER25 efter första och sista
    # årskurs med elever (F-5 räknad som F-6).
    enhetstyp_andel_kommunal: tuple[float, ...] = (0.133, 0.509, 0.132, 0.041, 0.037, 0.137, 0.011)
    enhetstyp_andel_enskild: tuple[float, ...] = (0.049, 0.280, 0.437, 0.003, 0.098, 0.071, 0.063)
    # Median elever per årskurs efter typ (ELEVER25: 36, 27, 43, 57, 57, 93, 62).
    enhetstyp_kull: tuple[float, ...] = (36.0, 27.0, 43.0, 57.0, 57.0, 93.0, 62.0)
    kull_spridning: float = 0.7  # ELEVER25: sd av log(elever per årskurs) 0,76–0,84 i riket
    arskurs_spridning: float = 0.12  # ANTAGANDE: variation mellan årskurser i en enhet
    # Förändring från läsår (N-2)/(N-1) till (N-1)/N: riket 1 104 634 (2024/25,
    # skolverket-examen) -> 1 094 731 (2025/26, ELEVER25), alltså ca -0,9 %.
    elevforandring_per_lasar: float = -0.009
    elevforandring_spridning: float = 0.06  # ANTAGANDE (sd av log per enhet och årskurs)
    andel_nya_enheter: float = 0.01  # ANTAGANDE: enheter som bara finns det senare läsåret
    # Inskrivna i fritidshem per elev, årskurs F, 1 … 6: ANTAGANDE nära Skolverkets
    # officiella nivåer (drygt 80 % av 6–9-åringarna, runt 20 % av 10–12-åringarna).
    fritidshem_andel: tuple[float, ...] = (0.83, 0.86, 0.84, 0.76, 0.35, 0.18, 0.09)
    fritidshem_spridning: float = 0.10  # ANTAGANDE (sd av log per enhet och årskurs)
    andel_enheter_med_fritidshem: float = 0.92  # ANTAGANDE, bland enheter med åk F–6
    # Enskilda huvudmän (ELEVER25): 527 huvudmän för 809 enheter, 31 med enheter i flera
    # kommuner; de driver 270 enheter (33 %), den största 47 (17 %), nästa 40, 29, 22, 16 …
    kedjor_per_enskild_enhet: float = 31 / 809
    andel_enheter_i_kedja: float = 270 / 809
    kedja_exponent: float = 0.7  # storlek ~ rang^-0,7 ger ungefär den fördelningen
    andel_lokal_huvudman_fortsatter: float = 0.08  # (539 - 496) / 539 lokala enheter
    # Internationella skolor: ANTAGANDE, ett tiotal i riket (0,25 % av enheterna), hälften
    # utan index (docs/regler/norm.md#steg-5 har ett särskilt värde för dem).
    andel_internationella: float = 0.0025
    andel_internationella_utan_index: float = 0.5
    # Statliga enheter per 290 kommuner: Sameskolstyrelsens fem sameskolor (Gällivare,
    # Jokkmokk, Karesuando, Kiruna, Tärnaby), åk F–6, små.
    statliga_enheter: float = 5.0
    statlig_kull: float = 6.0  # ANTAGANDE: elever per årskurs i en sameskola
    andel_enheter_utan_index: float = 0.005  # ANTAGANDE: några enheter saknar index

    # --- Socioekonomiskt index (log-skala, normeras till elevviktat medel 100) -------------
    # ANTAGANDE, kalibrerat så att indexet spänner ca 40–250 (docs/regler/dataformat.md).
    grupp_index_niva: tuple[float, ...] = (0.05, -0.08, 0.02, 0.0, 0.05, 0.02, 0.04, 0.06, 0.05)
    grupp_index_spridning: tuple[float, ...] = (
        0.40,
        0.30,
        0.33,
        0.24,
        0.24,
        0.26,
        0.22,
        0.22,
        0.22,
    )
    index_kommun_spridning: float = 0.10
    index_enskild_niva: float = -0.12  # enskilda enheter har i snitt lägre behov
    index_andel_utsatta: float = 0.03  # enheter i områden med stora utmaningar …
    index_utsatt_tillagg: float = 0.75  # … och deras tillägg på log-skalan
    # docs/regler/dataformat.md#syntetisk-nation: index ungefär 40 till 250
    index_granser: tuple[float, float] = (38.0, 255.0)
    index_fritidshem_spridning: float = 0.03  # fritidshemmets index nära enhetens

    # --- Ekonomi (kostnadsår 2024, räknas om till andra år) --------------------------------
    kostnad_basar: int = 2024  # KOSTN24 avser 2024
    # Kostnad per elev i kommunal F–9 inklusive skolskjuts, medel per grupp (KOSTN24 åk 1–9
    # exkl. skolskjuts: 154 500 / 139 300 / 139 300 / 142 400 / 149 400 / 139 200 / 152 000 /
    # 154 200 / 160 000; förskoleklassens lägre kostnad och skolskjutsen tar ungefär ut
    # varandra).
    grupp_kostnad_per_elev: tuple[float, ...] = (
        154500.0,
        139300.0,
        139300.0,
        142400.0,
        149400.0,
        139200.0,
        152000.0,
        154200.0,
        160000.0,
    )
    kostnad_spridning: float = 0.07  # KOSTN24: sd 14 700 kr kring 146 500 (inkl. grupp)
    kostnad_storlekseffekt: float = 0.03  # ANTAGANDE: små kommuner dyrare per elev
    # docs/regler/dataformat.md#syntetisk-nation
    kostnad_granser: tuple[float, float] = (100000.0, 185000.0)
    kostnadsokning_per_ar: float = 0.05  # KOSTN24-serien: 126 700 (2022) -> 142 900 (2024)
    # Lokalkostnad per elev per grupp (KOSTN24 "Lokaler per elev", medel per grupp).
    grupp_lokalkostnad_per_elev: tuple[float, ...] = (
        30500.0,
        23700.0,
        25100.0,
        23100.0,
        25000.0,
        22900.0,
        22500.0,
        23500.0,
        26700.0,
    )
    lokalkostnad_spridning: float = 0.12  # ANTAGANDE (sd av log)
    # Skolskjuts per kommunal elev per grupp: ANTAGANDE (ca 3 000 kr i snitt, två–tre gånger
    # mer i glesa grupper; skolskjuts ingår inte i KOSTN24).
    grupp_skolskjuts_per_elev: tuple[float, ...] = (
        800.0,
        2000.0,
        1800.0,
        4500.0,
        5500.0,
        2500.0,
        5500.0,
        6500.0,
        8000.0,
    )
    skolskjuts_spridning: float = 0.25  # ANTAGANDE
    andel_kommuner_kop_utlandet: float = 0.15  # ANTAGANDE: få kommuner köper från utlandet
    kop_utlandet_max_per_elev: float = 300.0  # ANTAGANDE
    bidragsniva_spridning: float = 0.03  # ANTAGANDE: grundbelopp kring egen kostnad per elev
    # Lämnade bidrag i RS, andel av nettokostnaden (dras per kommun och verksamhet): en liten
    # egen post för t.ex. föreningsbidrag (SOU rad 1960: "Lämnade bidrag, som exempelvis kan
    # avse föreningsbidrag. Dessa kostnader avräknas i modellen med belopp i
    # Räkenskapssammandraget."; rad 1481: föreningsbidrag ingår inte i utbildningen).
    # Grundbeloppen till enskilda huvudmän är INTE lämnade bidrag: de är köp av verksamhet,
    # ingår i nettokostnaden och avräknas inte (rad 1950–1962 räknar upp allt som avräknas).
    # Nivån 0,2–0,5 % är ANTAGANDE (projektets data har ingen RS-uppdelning av posten).
    lamnade_bidrag_andel: tuple[float, float] = (0.002, 0.005)
    # Fritidshem, kostnad per inskrivet barn: ANTAGANDE 30 000–60 000 kr (SOU kap. 7.3 uteslöt
    # kommuner under 10 100 och över 65 900 kr i sin simulering).
    fritidshem_kostnad_median: float = 42000.0
    fritidshem_kostnad_spridning: float = 0.15
    fritidshem_kostnad_granser: tuple[float, float] = (30000.0, 60000.0)
    fritidshem_lokalandel: tuple[float, float] = (0.06, 0.12)  # ANTAGANDE
    # Modersmålslärare, årsarbetskrafter per kommunal elev per grupp: ANTAGANDE (ca 2 000
    # i riket, fler i storstadsregionerna).
    grupp_modersmal_per_elev: tuple[float, ...] = (
        0.0028,
        0.0021,
        0.0020,
        0.0012,
        0.0012,
        0.0016,
        0.0010,
        0.0010,
        0.0010,
    )
    modersmal_spridning: float = 0.3

    # --- Nationellt -----------------------------------------------------------------------
    # KPIF årsgenomsnitt: 2021 2,4 % och 2022 7,7 % (SOU, tabell 9.2-beräkningen, se
    # docs/regler/norm.md#steg-10); övriga år ANTAGANDE: Riksbankens inflationsmål 2 %.
    kpif_kand: tuple[tuple[int, float], ...] = ((2021, 0.024), (2022, 0.077))
    kpif_ovriga: float = 0.02
    # Lärarlön: ANTAGANDE nära SCB:s nivå för grundskollärare, ca 40 000 kr/mån 2024.
    larare_manadslon_basar: float = 40000.0
    lonokning_per_ar: float = 0.03  # ANTAGANDE
    po_palagg: float = 0.3864  # exemplet i docs/regler/dataformat.md#nationellt (PO-pålägg enligt förordning 2004:881)

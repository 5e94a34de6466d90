"""README.md för datasetet ``sverige``: vad det är, hur det byggs om, och varje tabells och
kolumns ursprung (verklig, härledd, syntetisk) med källfil eller regel.

In: ``Underlag`` och fakta från byggskriptet. Ut: filen ``README.md`` (svenska, deterministisk).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.data.schema import TABELLER, Underlag

from .antaganden import (
    BYGGKOSTNAD_ELASTICITET,
    FK_HOGSTA_KVOT,
    FK_KOSTNADSKVOT,
    FK_MINSTA_AK1,
    FRITIDSHEM_ANDEL,
    FRITIDSHEM_KOSTNAD_PER_INSKRIVEN,
    FRITIDSHEM_LOKALANDEL,
    GLESHET_ELEVGRANSER,
    GLESHET_MAX_TILLAGG,
    GLESHET_VIKT_SODRA,
    INDEX_GRANSER,
    INDEX_MINSTA_ELEVER,
    INTERNATIONELL_REGEL,
    LONEINDEX_ELASTICITET,
    MODERSMAL_ARSARBETSKRAFTER_RIKET,
    NATIONELLT,
    NETTOKOSTNAD_PER_ELEV_KOLADA,
    SKOLSKJUTS_PER_ELEV_2024,
)
from .kallor import INKOMST, KOMMUN, KOMMUNGRUPP, KOSTNADER, REGISTER, SKOLNIVA, SLUTBETYG


def _tal(x: float, decimaler: int = 0) -> str:
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
            f"100 · (medianinkomst / elevviktat riksmedel)^{_tal(LONEINDEX_ELASTICITET, 1)}, begränsat till 90–110; medianinkomst ur `{INKOMST}`",
        ),
        "gleshetsindex": (
            "syntetisk",
            f"100 + {_tal(GLESHET_MAX_TILLAGG)} · s · v för SKR-grupp C8/C9 (och alla C-kommuner i län 23–25), s = ({_tal(GLESHET_ELEVGRANSER[1])} − elever åk 1–9 2025/26)/({_tal(GLESHET_ELEVGRANSER[1])} − {_tal(GLESHET_ELEVGRANSER[0])}) begränsat till 0–1, v = 1 i län 23–25 annars {_tal(GLESHET_VIKT_SODRA, 1)}; övriga 100",
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
            f"100 · (medianinkomst / elevviktat riksmedel)^{_tal(BYGGKOSTNAD_ELASTICITET, 2)}, samma alla år",
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
            + _tal(FRITIDSHEM_LOKALANDEL * 100)
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
            f"{_tal(MODERSMAL_ARSARBETSKRAFTER_RIKET)} årsarbetskrafter i riket fördelade efter elever med utländsk bakgrund (verklig andel × elever, kalenderår 2024)",
        ),
    },
    "nationellt": {
        "ar": ("härledd", "2024–2026"),
        "kpif": ("syntetisk", "ungefärliga årsmedeltal, se nedan"),
        "kpif_prognos": ("syntetisk", "1 för 2026 (prognos)"),
        "larare_manadslon": ("syntetisk", "ungefärlig månadslön, se nedan"),
        "po_palagg": ("syntetisk", "0,3864 (exempelvärdet i DATA.md)"),
    },
    "kostnader_huvudman": {
        "huvudman_id": ("verklig", K_KOST + " 2024 (kommunkoden)"),
        "ar": ("verklig", "2024"),
        "verksamhet": ("härledd", "fk_gr (kostnaden avser åk 1–9)"),
        "huvudmannatyp": ("verklig", 'kommunal ("Endast kommunal huvudman")'),
        "kostnad_per_elev": (
            "verklig",
            '"Totalt per elev" 2024 (kronor, avrundat av Skolverket; exklusive skolskjuts)',
        ),
        "elever": ("verklig", '"Genomsnittligt elevantal" 2024'),
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
}


def _ursprungstabell() -> list[str]:
    rader = ["| tabell | kolumn | ursprung | källa eller regel |", "|---|---|---|---|"]
    for namn, tabell in TABELLER.items():
        for kol in tabell.kolumnnamn:
            ursprung, kalla = URSPRUNG[namn][kol]
            rader.append(f"| `{namn}` | `{kol}` | {ursprung} | {kalla} |")
    return rader


def text(underlag: Underlag, fakta: dict[str, object]) -> str:
    """README-texten."""
    f = fakta
    rs = f["rs_ar"]  # type: ignore[index]
    beta = f["beta"]  # type: ignore[index]
    elever = underlag.elever
    per = (
        elever.group_by("lasar", "verksamhet")
        .agg(pl.col("antal").sum())
        .sort("lasar", "verksamhet")
    )
    intl = "; ".join(f"{n} ({k}, {t})" for n, k, t in f["internationella"])  # type: ignore[attr-defined]
    kallor = "\n".join(f"| `{p}` | `{h[:16]}…` |" for p, h in f["filer"].items())  # type: ignore[attr-defined]
    kvot = f["f_kvotkalla"]  # type: ignore[index]
    fr_andelar = ", ".join(f"{g}: {_tal(a * 100)} %" for g, a in FRITIDSHEM_ANDEL.items())
    skjuts = ", ".join(f"{g} {_tal(v)}" for g, v in SKOLSKJUTS_PER_ELEV_2024.items())
    nat = "\n".join(
        f"| {ar} | {_tal(v['kpif'] * 100, 1)} % | {int(v['kpif_prognos'])} | {_tal(v['larare_manadslon'])} | {_tal(v['po_palagg'] * 100, 2)} % |"
        for ar, v in sorted(NATIONELLT.items())
    )
    rs_rader = "\n".join(
        f"| {ar} | {_tal(d['riks_kostnad_per_elev'])} | {_tal(d['nettoandel'], 4)} | {_tal(d['nettokostnad'] / 1e9, 1)} | {_tal(d['per_elev'])} | {_tal(d['enskilda'] / 1e9, 1)} | {_tal(d['skolskjuts'] / 1e9, 2)} | {_tal(d['fritidshem'] / 1e9, 1)} |"
        for ar, d in sorted(rs.items())  # type: ignore[attr-defined]
    )
    elevrader = "\n".join(f"| {lasar} | {v} | {_tal(n)} |" for lasar, v, n in per.rows())
    lo, hi = f["index_min_max"]  # type: ignore[misc]
    li_lo, li_hi = f["loneindex_min_max"]  # type: ignore[misc]
    reg_f, reg_a1 = f["register_f_ak1"]  # type: ignore[misc]
    kolada = ", ".join(f"{ar}: {_tal(v)} kr" for ar, v in NETTOKOSTNAD_PER_ELEV_KOLADA.items())
    fr_kostnad = ", ".join(
        f"{ar}: {_tal(v)} kr" for ar, v in FRITIDSHEM_KOSTNAD_PER_INSKRIVEN.items()
    )
    delar = [
        "# Datasetet `sverige` – Sverige 2025/26 ur offentliga källor",
        "",
        "Ett dataset (DATA.md) för normår **2026** byggt ur verklig offentlig statistik: alla "
        f"{_tal(f['enheter'])} grundskoleenheter i Skolverkets export för läsåret 2025/26 i alla "  # type: ignore[arg-type]
        f"{f['kommuner']} kommuner, med verkliga elevantal i årskurs 1–9, verkliga kostnader per "
        "kommun 2022–2024 och verkliga kommungrupper. Det som inte är offentligt per skolenhet eller "
        "kommun – förskoleklass per enhet, fritidshem, Kunskapsbidragets socioekonomiska index, "
        "löne-, gleshets- och byggkostnadsindex, delar av Räkenskapssammandraget, KPIF och lärarlön – "
        "är härlett eller ersatt med dokumenterade approximationer. **Datasetet är därför inte en "
        "officiell beräkning av normen**, utan ett realistiskt underlag för att köra och pröva modellen.",
        "",
        "Kostnadsår C = 2024; elevår = kalenderår 2025 = ½·2024/25 + ½·2025/26.",
        "",
        "## Bygga om",
        "",
        "```",
        ".venv/bin/python scripts/bygg_sverige.py [--kalla ../shared/data/real] [--ut src/skolpeng/dataset/sverige]",
        "```",
        "",
        "Skriptet läser källfilerna med projektets importörer för officiella exporter "
        "(`skolpeng.data.officiella`, samma som `skolpeng importera`), är deterministiskt (samma "
        "indata ger byte för byte samma filer) och skriver katalogen atomiskt. Alla approximationer "
        "står med motivering i `scripts/sverige/antaganden.py`.",
        "",
        "## Källfiler (under `data/real`, se respektive SOURCE.md)",
        "",
        "| fil | SHA-256 |",
        "|---|---|",
        kallor,
        "",
        "## Ursprung för varje tabell och kolumn",
        "",
        "*verklig* = värdet står i källfilen (möjligen omräknat, t.ex. procent till andel); "
        "*härledd* = beräknat ur verkliga värden med en angiven regel; *syntetisk* = en "
        "approximation där det verkliga värdet inte finns i projektets filer.",
        "",
        *_ursprungstabell(),
        "",
        "## Skolenheter",
        "",
        f"{_tal(f['enheter'])} enheter: "  # type: ignore[arg-type]
        + ", ".join(f"{t} {_tal(n)}" for t, n in f["enheter_per_typ"].items())  # type: ignore[attr-defined]
        + f". {INTERNATIONELL_REGEL} Det ger {len(f['internationella'])} internationella enheter: {intl}. "  # type: ignore[arg-type]
        "Skolverkets kommunfiler redovisar internationella skolor som egen grupp; enheter som "
        "Skolverket räknar dit men som inte fångas av regeln (t.ex. i Uppsala 2024/25) räknas som "
        "vanliga kommunala eller enskilda enheter. Statliga skolor (sameskolan) och skolor med "
        "region som huvudman ingår inte i Skolverkets export sedan 2022/23 och saknas därför.",
        "",
        "## Elever",
        "",
        "| läsår | verksamhet | elever |",
        "|---|---|---|",
        elevrader,
        "",
        f"- **fk_gr 2025/26, åk 1–9: verklig.** Summa {_tal(f['elever_1_9_nu'])} = exportens summa "  # type: ignore[arg-type]
        f'"Elever, årskurs 1-9" ({_tal(f["elever_1_9_nu_verklig"])}). Regel för prickade årskurser '  # type: ignore[arg-type]
        "(`fyll_undertryckta_arskurser`): `.` = årskursen finns inte = 0; `..` = enhetens summa åk 1–9 "
        f"minus kända årskurser, delad lika. I 2025/26-filen finns {f['prickade_celler']} sådana celler.",
        f"- **Förskoleklass: härledd** (`imputera_forskoleklass`), {_tal(f['f_nu'])} elever 2025/26. "  # type: ignore[arg-type]
        f"Skolenhetsregistret 2019/20 ({K_REG}) har F {_tal(reg_f)} och åk 1 {_tal(reg_a1)}. Enhetens "
        f"kvot F/åk 1 2019/20 (om den då hade minst {FK_MINSTA_AK1} elever i åk 1; högst "
        f"{_tal(FK_HOGSTA_KVOT)}) × åk 1 2025/26; annars kvoten för kommunens enheter med samma "
        "huvudmannatyp, annars rikets kvot; därefter kalibreras summan per kommun och huvudmannatyp "
        "till åk 1 × gruppens kvot 2019/20 (så räknas även enheter som bara hade förskoleklass) och "
        f"avrundas med största-rest-metoden. Kvotens källa: egen enhet {kvot.get('enhet', 0)}, "  # type: ignore[attr-defined]
        f"kommun och huvudmannatyp {kvot.get('kommun_huvudmannatyp', 0)}, riket {kvot.get('riket', 0)} enheter.",  # type: ignore[attr-defined]
        f"- **fk_gr 2024/25: härledd** (`harled_lasar`). Per kommun, grupp (kommunal, enskild, "
        f"internationell) och årskurs: enhetens antal 2025/26 × verklig summa 2024/25 ({K_KOM}, "
        "läsår 2024/25) / summan över enheterna 2025/26, avrundat så att gruppens summa bevaras. "
        f"Summa åk 1–9 {_tal(f['elever_1_9_forra'])} mot verkliga {_tal(f['elever_1_9_forra_verklig'])} "  # type: ignore[arg-type]
        f"(kommunal + enskild + internationella skolor); {_tal(f['forlorade_forra'])} elever i grupper "  # type: ignore[arg-type]
        "som saknar enheter 2025/26 (nedlagda enheter) kunde inte fördelas "
        f"({', '.join(f'{g} {_tal(n)}' for g, n in f['forlorade_grupper'])}). "  # type: ignore[attr-defined]
        f"Förskoleklass 2024/25 skattas med samma regel ur den härledda åk 1 ({_tal(f['f_forra'])}).",  # type: ignore[arg-type]
        f"- **Fritidshem: syntetisk.** Inskrivna per enhet och årskurs = elever × nationell andel "
        f"({fr_andelar}), avrundat. Inskrivning per enhet publiceras inte i projektets filer.",
        "",
        "## Kommuner",
        "",
        f"Kommungrupper (verkliga, 2026-03): {', '.join(f'{g} {n}' for g, n in f['grupper'].items())}. "  # type: ignore[attr-defined]
        f"loneindex (syntetisk) {_tal(li_lo, 1)}–{_tal(li_hi, 1)}, över 100 i {f['loneindex_over_100']} kommuner; "
        f"medianinkomstens elevviktade riksmedel {_tal(f['medianinkomst_riksmedel'], 1)} tkr (SCB 2024, "  # type: ignore[arg-type]
        f"`{INKOMST}`, läst med importören för SCB PxWeb). gleshetsindex (syntetisk) över 100 i "
        f"{f['gleshet_over_100']} kommuner, högst {_tal(f['gleshet_max'], 1)} (SOU 2025:72: 100–117, "  # type: ignore[arg-type]
        "störst i Norrbotten, Västerbotten och Jämtland).",
        "",
        "## Räkenskapssammandrag",
        "",
        "Räkenskapssammandraget (RS) finns inte i projektets filer. En RS-liknande tabell byggs ur "
        f"Skolverkets verkliga kostnader per kommun ({K_KOST}; kommunal huvudman, åk 1–9, "
        "bruttokostnad exklusive skolskjuts):",
        "",
        "- fk_gr: nettokostnad = nettoandel · (verklig kostnad åk 1–9 + förskoleklass i egen regi "
        f"[skattade elever × {_tal(FK_KOSTNADSKVOT * 100)} % av kommunens kostnad per elev] + ersättning "
        "till enskilda huvudmän [verkliga enskilda elever åk 1–9 ur kommunfilerna, kalenderårsmedel, "
        f"och skattad F × kommunens kostnad per elev × (1 + {_tal(f['admin'] * 100)} % administration) × "  # type: ignore[operator]
        f"(1 + {_tal(f['moms'] * 100)} % moms) – skollagens bidragsregler]) + skolskjuts. Ersättningen "  # type: ignore[operator]
        "till fristående skolor ingår i nettokostnaden (i RS bokförs den som köp av huvudverksamhet, "
        "inte som lämnade bidrag) – normen fördelar beloppet på alla elever, också i enskilda enheter.",
        "- nettoandel: Skolverkets kostnader är bruttokostnader; RS:s nettokostnad är efter "
        "statsbidrag och andra intäkter. Andelen kalibreras så att rikets nettokostnad per elev "
        f"F–9 blir Koladas värde i SOU 2025:72 tabell 6.3 ({kolada}); 2024 används 2023 års andel.",
        f"- skolskjuts (syntetisk): kronor per elev F–9 år 2024 per kommungrupp ({skjuts}), "
        "andra år skalade med rikets kostnad per elev.",
        f"- fritidshem (syntetisk): inskrivna (kommunfilernas elever × andelar ovan) × nettokostnad "
        f"per inskriven ({fr_kostnad}) skalad med kommunens kostnad per elev relativt riket; "
        "inskrivna i enskild regi med samma bidragspåslag.",
        "",
        "| år | riket, kostnad per elev åk 1–9 (verklig) | nettoandel | nettokostnad fk_gr, mdkr | per elev F–9 | varav enskilda, mdkr | skolskjuts, mdkr | fritidshem, mdkr |",
        "|---|---|---|---|---|---|---|---|",
        rs_rader,
        "",
        "## Index",
        "",
        "SCB:s socioekonomiska index för Kunskapsbidraget är inte offentligt. Ett syntetiskt index "
        "skattas i samma anda – sannolikheten att inte nå målen givet elevernas bakgrund – ur "
        f"verkliga andelar per skolenhet 2025/26 ({K_SKOL}): e = andel elever med föräldrar med "
        "eftergymnasial utbildning, b = andel elever med utländsk bakgrund:",
        "",
        f"    logit p = {_tal(beta[0], 3)} + ({_tal(beta[1], 3)})·e + ({_tal(beta[2], 3)})·b",  # type: ignore[index]
        "",
        f"skattat med viktade minsta kvadrater på empiriska logiter (Berkson) för {f['n_skattning']} "
        f"enheter med minst {INDEX_MINSTA_ELEVER} elever i åk 9 2024/25, där utfallet är andelen som "
        f"inte uppfyllt betygskriterierna i alla ämnen (`{SLUTBETYG}`). Index = 100 · p / elevviktat "
        f"medel av p, begränsat till {_tal(INDEX_GRANSER[0])}–{_tal(INDEX_GRANSER[1])} och omskalat "
        "till exakt elevviktat medel 100 (vikter: elever F–9 2025/26 för fk_gr, inskrivna i "
        f"fritidshem 2025/26 för fritidshem). {_tal(f['enheter_med_index'])} enheter har index "  # type: ignore[arg-type]
        f"({_tal(lo, 1)}–{_tal(hi, 1)}); enheter där någon andel är prickad (`..`, `~100`) har inget "
        "index och får normens standardvärde 100. Observera att Skolverket från 2025/26 också visar "
        "andelen 0 som `..`; många små enheter utan elever med utländsk bakgrund saknar därför index.",
        "",
        "## Nationella uppgifter (syntetiska)",
        "",
        "| år | KPIF | prognos | lärarlön, kr/månad | PO-pålägg |",
        "|---|---|---|---|---|",
        nat,
        "",
        "KPIF 2024 och 2025 är ungefärliga årsmedeltal (SCB), 2026 en ungefärlig prognos (sänkt "
        "livsmedelsmoms från april 2026); lärarlönen är en avrundad genomsnittlig månadslön i "
        "kommunal grundskola (SCB:s lönestrukturstatistik) med +3 % per år efter 2024; PO-pålägget "
        "är exempelvärdet i DATA.md. Inga av dessa serier finns i projektets filer: kontrollera mot "
        "SCB och förordningen (2004:881) innan en verklig beräkning.",
        "",
        "## Kostnader per huvudman och resultat",
        "",
        "`kostnader_huvudman`: verklig kostnad per elev 2024 i kommunernas egna skolor (åk 1–9, "
        "exklusive skolskjuts), för simuleringen mot i dag. Enskilda huvudmäns intäkter per elev är "
        "inte offentliga och ingår inte. `resultat`: verkliga slutbetyg åk 9 2024/25 för "
        f"{_tal(f['resultat_enheter'])} enheter som finns bland skolenheterna "  # type: ignore[arg-type]
        f"({f['resultat_bortfall']} enheter i filen finns inte 2025/26 och är utelämnade).",
        "",
    ]
    return "\n".join(delar)


def skriv_readme(path: Path, underlag: Underlag, fakta: dict[str, object]) -> None:
    """Skriver README.md (UTF-8)."""
    Path(path).write_text(text(underlag, fakta), encoding="utf-8")

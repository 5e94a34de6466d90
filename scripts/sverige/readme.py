"""README.md för datasetet ``sverige``: vad det är, hur det byggs om, och varje tabells och
kolumns ursprung (verklig, härledd, syntetisk) med källfil eller regel.

In: ``Underlag`` och fakta från byggskriptet. Ut: filen ``README.md`` (svenska, deterministisk).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.data.schema import Underlag

from .antaganden import (
    FK_HOGSTA_KVOT,
    FK_KOSTNADSKVOT,
    FK_MINSTA_AK1,
    FRITIDSHEM_ANDEL,
    FRITIDSHEM_KOSTNAD_PER_INSKRIVEN,
    INDEX_GRANSER,
    INDEX_MINSTA_ELEVER,
    INTERNATIONELL_REGEL,
    NATIONELLT,
    NETTOKOSTNAD_PER_ELEV_KOLADA,
    SKOLSKJUTS_PER_ELEV_2024,
)
from .kallor import INKOMST, SLUTBETYG
from .ursprung import K_KOM, K_KOST, K_REG, K_SKOL, ursprungstabell
from .ursprung import tal as _tal

#: Avsnittet om den härledda tabellen elever_hemkommun (scripts/bygg_elever_hemkommun.py).
ELEVER_HEMKOMMUN: list[str] = [
    "## Elever per hemkommun (härledd, syntetisk)",
    "",
    "`elever_hemkommun` är **inte verklig**: elevernas hemkommun per skolenhet är inte "
    "offentlig (Skolverket och SCB publicerar elever per skolenhet och per kommun, men inte "
    "per skolenhet och hemkommun; kommunernas egna elevregister har den). Tabellen byggs av "
    "`scripts/bygg_elever_hemkommun.py` med regeln i `skolpeng.syntetisk.hemkommun`: "
    "grannkommuner = de tre kommuner i samma län (kommunkodens två första siffror) som har "
    "flest elever F–9; vid en kommunal skolenhet är 2 % av eleverna folkbokförda i "
    "grannkommunerna, vid en enskild 20 %, resten i lägeskommunen; grannarnas del delas i "
    "proportion till deras elevantal; hela elever per skolenhet och årskurs med "
    "största-rest-metoden, så att summan över hemkommunerna är enhetens elever. En avläsning "
    "(januari 2026) gäller hela budgetåret; höstterminen 2026 upprepar alltså läsåret 2025/26. "
    "Bara förskoleklass och grundskola (fk_gr).",
    "",
]


#: Avsnittet om anpassad grundskola (scripts/bygg_anpassad_gr.py): en approximation.
ANPASSAD_GR: list[str] = [
    "",
    "## Anpassad grundskola (approximation, syntetisk)",
    "",
    "**Antalen per skolenhet är en approximation, inte verkliga uppgifter**: Skolverkets",
    "elevantal per skolenhet i anpassad grundskola finns inte i projektets filer. Tabellerna byggs",
    "av `scripts/bygg_anpassad_gr.py` med reglerna i `skolpeng.syntetisk.anpassad_gr`, förankrade",
    "i de verkliga totaler som SOU 2025:72 avsnitt 5.1.1–5.1.3 anger för läsåret 2023/24:",
    "",
    "| uppgift i SOU 2025:72 | i datasetet |",
    "|---|---|",
    "| drygt 16 000 elever i anpassad grundskola | 16 000 elever (samma antal 2024/25 och 2025/26) |",
    "| i genomsnitt 55 elever per kommun | 55,2 (16 000 / 290) |",
    "| fem kommuner utan elever | de fem kommuner som har minst elever i åk 1–9 |",
    "| cirka 95 % i kommunal skola; 55 skolenheter med enskild huvudman | 5 % (800 elever) i de "
    "55 största enskilda grundskoleenheterna |",
    "| 685 skolenheter | 688 (kommunala: en enhet per påbörjat 31-tal elever i kommunens största "
    "kommunala grundskoleenheter) |",
    "",
    "Eleverna i en enhet är jämnt fördelade på årskurs 1–9. Behovsnivåerna (fyra nivåer, SOU",
    '5.1.4: "vanligast är att ha två eller fyra nivåer") har andelarna 40 / 30 / 20 / 10 % i',
    "varje enhet och årskurs – ett antagande för att kunna köra en nivåindelad modell, inte",
    "statistik. Normen räknas inte för anpassad grundskola (SOU 5.1.5); raderna påverkar inte",
    "normen eller modellerna för fk_gr.",
]


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
    kh = underlag.kostnader_huvudman
    kh_riket = (kh["kostnad_per_elev"] * kh["elever"]).sum() / kh["elever"].sum()
    kh_min, kh_max = kh["kostnad_per_elev"].min(), kh["kostnad_per_elev"].max()
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
        "Ett dataset (docs/regler/dataformat.md) för normår **2026** byggt ur verklig offentlig statistik: alla "
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
        *ursprungstabell(),
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
        "är exempelvärdet i docs/regler/dataformat.md#nationellt. Inga av dessa serier finns i projektets filer: kontrollera mot "
        "SCB och förordningen (2004:881) innan en verklig beräkning.",
        "",
        "## Kostnader per huvudman",
        "",
        "`kostnader_huvudman` (härledd) är kommunernas kostnad i dag för simuleringen mot normen "
        "(`skolpeng simulera`). Utredningen jämförde normen med kommunernas *jämförbara kostnad*: "
        "nettokostnaden i egen regi ur Räkenskapssammandraget, minus samma schabloner som normen "
        "räknar av (SOU 2025:72 avsnitt 6.3 och 9.2.3). Kolumnen byggs därför på samma nettobas "
        "som tabellen `rakenskapssammandrag`, år 2024, verksamhet fk_gr:",
        "",
        "- kostnad_per_elev = nettoandel · (verklig kostnad åk 1–9 + förskoleklass i egen regi "
        f"[skattade elever × {_tal(FK_KOSTNADSKVOT * 100)} % av kommunens kostnad per elev]) / "
        "elever F–9 i egen regi. Det är fk_gr-radens nettokostnad minus skolskjuts, köp från staten "
        "och utlandet, lämnade bidrag och ersättningen till enskilda huvudmän, per elev i kommunens "
        "egna skolor; elever = radens `elever_kommunal`. Schablonerna för tilläggsbelopp och "
        "lovskola, hemkommunsansvar och modersmål räknar simuleringen av, precis som normen.",
        '- Variationen mellan kommunerna kommer från Skolverkets verkliga "Totalt per elev" '
        "(åk 1–9, med förskoleklassens skattade andel); nivån från Koladas nettokostnad (nettoandelen "
        f"ovan). Riket {_tal(kh_riket)} kr per elev F–9 (elevviktat), kommunerna "
        f"{_tal(kh_min)}–{_tal(kh_max)} kr.",
        "- Skolverkets bruttokostnad (riket 2024: "
        f"{_tal(rs[max(rs)]['riks_kostnad_per_elev'])} kr per elev åk 1–9) jämförs inte "  # type: ignore[index]
        "med normen: normen bygger på nettokostnaden efter statsbidrag och andra intäkter, så "
        "bruttokostnaden skulle lägga nästan alla kommuner över normen.",
        "",
        "Enskilda huvudmäns intäkter per elev är inte offentliga och ingår inte.",
        "",
        "## Resultat",
        "",
        "`resultat`: verkliga slutbetyg åk 9 2024/25 för "
        f"{_tal(f['resultat_enheter'])} enheter som finns bland skolenheterna "  # type: ignore[arg-type]
        f"({f['resultat_bortfall']} enheter i filen finns inte 2025/26 och är utelämnade).",
        "",
        *ELEVER_HEMKOMMUN,
        *ANPASSAD_GR,
    ]
    return "\n".join(delar)


def skriv_readme(path: Path, underlag: Underlag, fakta: dict[str, object]) -> None:
    """Skriver README.md (UTF-8)."""
    Path(path).write_text(text(underlag, fakta), encoding="utf-8")

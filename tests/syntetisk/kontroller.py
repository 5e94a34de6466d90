"""Oberoende kontroller av ett genererat ``Underlag``: schema (docs/regler/dataformat.md / schema.py),
unika nycklar, referensintegritet, årens täckning och de exakta ekonomiska sambanden som
generatorn utlovar. Varje funktion returnerar en lista med fel (tom = allt stämmer)."""

from __future__ import annotations

import polars as pl

from skolpeng.data.schema import ARSKURSER, POLARS_TYP, TABELLER, Underlag
from skolpeng.syntetisk.form import NationsForm

KOD_MONSTER = {"kod4": r"^\d{4}$", "kod8": r"^\d{8}$"}


def schemafel(u: Underlag) -> list[str]:
    """Kolumner, ordning, typer, saknade värden, tillåtna värden, gränser, kodformat, nycklar."""
    fel: list[str] = []
    for namn, tabell in TABELLER.items():
        df = u.tabell(namn)
        if df is None:
            valfria = ("resultat", "malgrupper", "givna_belopp", "lokalindex")
            anpassad = ("elever_behovsniva", "behovsnivaer", "resursskolor")  # anpassad grundskola
            if namn not in (*valfria, *anpassad):
                fel.append(f"{namn}: saknas")
            continue
        if tuple(df.columns) != tabell.kolumnnamn:
            fel.append(f"{namn}: kolumner {df.columns} != {tabell.kolumnnamn}")
            continue
        if df.height == 0:
            fel.append(f"{namn}: tom")
        for k in tabell.kolumner:
            s = df[k.namn]
            if s.dtype != POLARS_TYP[k.typ]:
                fel.append(f"{namn}.{k.namn}: typ {s.dtype} != {POLARS_TYP[k.typ]}")
            if s.null_count():
                fel.append(f"{namn}.{k.namn}: {s.null_count()} saknade värden")
            if k.typ in KOD_MONSTER and not s.str.contains(KOD_MONSTER[k.typ]).all():
                fel.append(f"{namn}.{k.namn}: kod med fel format")
            if k.typ == "bool01" and not s.is_in([0, 1]).all():
                fel.append(f"{namn}.{k.namn}: inte 0/1")
            if k.tillatna and not s.is_in(list(k.tillatna)).all():
                fel.append(f"{namn}.{k.namn}: otillåtna värden {set(s.unique()) - set(k.tillatna)}")
            if k.minst is not None and (s < k.minst).any():
                fel.append(f"{namn}.{k.namn}: värde under {k.minst}")
            if k.storre_an is not None and (s <= k.storre_an).any():
                fel.append(f"{namn}.{k.namn}: värde <= {k.storre_an}")
            if k.typ == "float" and not s.is_finite().all():
                fel.append(f"{namn}.{k.namn}: icke-ändligt tal")
        if df.select(tabell.nyckel).is_duplicated().any():
            fel.append(f"{namn}: dubbla nycklar {tabell.nyckel}")
    return fel


def _delmangd(a: pl.Series, b: pl.Series, text: str) -> list[str]:
    saknas = set(a.unique().to_list()) - set(b.unique().to_list())
    return [f"{text}: {sorted(saknas)[:5]}"] if saknas else []


def integritetsfel(u: Underlag, normar: int) -> list[str]:
    """Referenser mellan tabellerna och att varje tabell har de år som docs/regler/norm.md#indata behöver."""
    C = normar - 2
    s, k = u.skolenheter, u.kommuner
    fel = _delmangd(s["kommunkod"], k["kommunkod"], "enheter i okänd kommun")
    fel += _delmangd(u.elever["skolenhetskod"], s["skolenhetskod"], "elever i okänd enhet")
    fel += _delmangd(s["skolenhetskod"], u.elever["skolenhetskod"], "enhet utan elever")
    idx = u.socioekonomiskt_index
    fel += _delmangd(idx["skolenhetskod"], s["skolenhetskod"], "index för okänd enhet")
    kh = u.kostnader_huvudman
    fel += _delmangd(kh["huvudman_id"], s["huvudman_id"], "kostnad för okänd huvudman")
    kommunala = s.filter(pl.col("huvudmannatyp") == "kommunal")
    if not (kommunala["huvudman_id"] == kommunala["kommunkod"]).all():
        fel.append("kommunal enhet vars huvudman_id inte är kommunkoden")
    fel += _delmangd(k["kommunkod"], kommunala["kommunkod"], "kommun utan kommunal enhet")
    fel += _delmangd(s["kommunkod"], kommunala["kommunkod"], "kommun utan kommunal enhet")

    tidigare, senare = f"{normar - 2}/{(normar - 1) % 100:02d}", f"{normar - 1}/{normar % 100:02d}"
    if set(u.elever["lasar"].unique()) != {tidigare, senare}:
        fel.append(f"läsår {set(u.elever['lasar'].unique())}")
    fr = u.elever.filter(pl.col("verksamhet") == "fritidshem")
    if not fr["arskurs"].is_in(list(ARSKURSER[:7])).all():
        fel.append("fritidshem med årskurs över 6")
    if set(idx["ar"].unique()) != {normar}:
        fel.append("index för fel år")

    kommuner = set(k["kommunkod"])
    for namn, ar, verksamheter in (
        ("rakenskapssammandrag", {C - 2, C - 1, C}, {"fk_gr", "fritidshem"}),
        ("lokalkostnadsunderlag", {C - 2, C - 1, C}, None),
        ("modersmal", {C}, None),
    ):
        df = u.tabell(namn)
        assert df is not None
        forvantat = len(kommuner) * len(ar) * (len(verksamheter) if verksamheter else 1)
        if set(df["kommunkod"]) != kommuner or set(df["ar"]) != ar or df.height != forvantat:
            fel.append(f"{namn}: täcker inte varje kommun och år {sorted(ar)}")
    n = u.nationellt
    if n["ar"].to_list() != list(range(C, normar + 1)):
        fel.append(f"nationellt: år {n['ar'].to_list()}")
    if n.filter(pl.col("kpif_prognos") == 1)["ar"].to_list() != [normar]:
        fel.append("nationellt: kpif_prognos ska vara 1 just för normåret")
    if set(kh["ar"]) != {C} or set(kh["huvudmannatyp"]) - {"kommunal", "enskild"}:
        fel.append("kostnader_huvudman: fel år eller huvudmannatyp")
    return fel


def _nettokostnadsfel(
    rs: pl.DataFrame, rs_c: pl.DataFrame, elever: pl.DataFrame, kh: pl.DataFrame | None
) -> list[str]:
    """Lämnade bidrag och sambandet för nettokostnaden år C.

    Lämnade bidrag (föreningsbidrag o.d., SOU 2025:72 ``sources/004_cac176927b4d7fe1.txt`` rad
    1960) är en liten andel av nettokostnaden (formens ``lamnade_bidrag_andel``). Grundbeloppen
    till enskilda enheter ingår i nettokostnaden utan att avräknas, så år C gäller
    nettokostnad - skolskjuts - köp - lämnade bidrag = elever_kommunal x kommunens egen kostnad
    per elev (``kostnader_huvudman``) + bidrag till enskilda enheter, där bidraget per elev i en
    enskild enhet ligger nära den egna kostnaden per elev; köp från staten (fk_gr) = elever i
    statliga enheter x egen kostnad per elev.
    """
    fel: list[str] = []
    lagst, hogst = NationsForm().lamnade_bidrag_andel
    andel = rs.filter(pl.col("nettokostnad") > 0).select(
        pl.col("lamnade_bidrag") / pl.col("nettokostnad")
    )["lamnade_bidrag"]
    if ((andel < lagst - 1e-12) | (andel > hogst + 1e-12)).any():
        fel.append("lämnade bidrag utanför formens andel av nettokostnaden")
    if (rs.filter(pl.col("nettokostnad") == 0)["lamnade_bidrag"] != 0).any():
        fel.append("lämnade bidrag utan nettokostnad")
    if kh is None:
        return [*fel, "kostnader_huvudman saknas"]
    egen = kh.filter(pl.col("huvudmannatyp") == "kommunal").select(
        pl.col("huvudman_id").alias("kommunkod"), "verksamhet", pl.col("kostnad_per_elev")
    )

    per_typ = elever.pivot(on="huvudmannatyp", index=["kommunkod", "verksamhet"], values="antal")
    for t in ("enskild", "statlig"):
        if t not in per_typ.columns:
            per_typ = per_typ.with_columns(pl.lit(None, dtype=pl.Float64).alias(t))
    j = (
        rs_c.join(egen, on=["kommunkod", "verksamhet"], how="left")
        .join(per_typ, on=["kommunkod", "verksamhet"], how="left")
        .with_columns(
            pl.col("enskild", "statlig").fill_null(0.0),
            (
                pl.col("nettokostnad")
                - pl.col("skolskjuts")
                - pl.col("kop_fran_staten")
                - pl.col("kop_fran_utlandet")
                - pl.col("lamnade_bidrag")
                - pl.col("elever_kommunal") * pl.col("kostnad_per_elev").fill_null(0.0)
            ).alias("till_enskilda"),
        )
    )
    tol = 1e-9 * j["nettokostnad"].abs() + 1e-6
    if j.filter((pl.col("elever_kommunal") > 0) & pl.col("kostnad_per_elev").is_null()).height:
        fel.append("kommunal huvudman med elever saknar kostnad i kostnader_huvudman")
    if ((j["enskild"] == 0) & (j["till_enskilda"].abs() > tol)).any():
        fel.append("nettokostnaden går inte ihop med egen kostnad per elev (inga enskilda)")
    if ((j["enskild"] > 0) & (j["till_enskilda"] <= 0)).any():
        fel.append("elever i enskilda enheter men inga bidrag till dem i nettokostnaden")
    kvot = j.filter((pl.col("enskild") > 0) & pl.col("kostnad_per_elev").is_not_null()).select(
        pl.col("till_enskilda") / pl.col("enskild") / pl.col("kostnad_per_elev")
    )["till_enskilda"]
    if ((kvot < 0.8) | (kvot > 1.25)).any():
        fel.append("bidraget per elev i enskild enhet långt från egen kostnad per elev")
    fk = j.filter(pl.col("verksamhet") == "fk_gr")  # fritidshem har inga köp
    staten = (fk["kop_fran_staten"] - fk["statlig"] * fk["kostnad_per_elev"].fill_null(0.0)).abs()
    if (staten > 1e-9 * fk["nettokostnad"].abs() + 1e-6).any():
        fel.append("köp från staten != elever i statliga enheter x egen kostnad per elev")
    return fel


def ekonomifel(u: Underlag, normar: int) -> list[str]:
    """De exakta sambanden mellan elever, räkenskapssammandrag, lokalkostnadsunderlag och
    kommunernas egen kostnad per elev i ``kostnader_huvudman``."""
    C = normar - 2
    tidigare = f"{normar - 2}/{(normar - 1) % 100:02d}"
    fel: list[str] = []
    rs = u.rakenskapssammandrag
    posten = ("skolskjuts", "kop_fran_staten", "kop_fran_utlandet", "lamnade_bidrag")
    lokal = (
        "externa_lokalhyror",
        "kalkylerade_kapitalkostnader",
        "interna_lokalkostnader",
        "externa_hyresintakter",
    )
    if (rs.select(pl.col(*posten, *lokal)) < 0).to_numpy().any():
        fel.append("negativ post i räkenskapssammandraget")
    egen = rs["nettokostnad"] - sum(rs[c] for c in posten)
    if (egen < -1e-6).any():
        fel.append("nettokostnad mindre än avräkningsposterna")
    if (rs.filter(pl.col("verksamhet") == "fritidshem").select(posten[:3]).to_numpy() != 0).any():
        fel.append("fritidshem med skolskjuts eller köp")

    # Elever i kommunal regi år C = enheternas elever läsåret (N-2)/(N-1).
    elever = (
        u.elever.filter(pl.col("lasar") == tidigare)
        .join(u.skolenheter, on="skolenhetskod")
        .group_by("kommunkod", "verksamhet", "huvudmannatyp")
        .agg(pl.col("antal").sum().cast(pl.Float64))
    )
    rs_c = rs.filter(pl.col("ar") == C)
    jmf = rs_c.join(
        elever.filter(pl.col("huvudmannatyp") == "kommunal"),
        on=["kommunkod", "verksamhet"],
        how="left",
    ).with_columns(pl.col("antal").fill_null(0.0))
    if not (jmf["elever_kommunal"] == jmf["antal"]).all():
        fel.append("elever_kommunal år C stämmer inte med elevtabellen")
    fel += _nettokostnadsfel(rs, rs_c, elever, u.kostnader_huvudman)

    # Lokalposterna netto per elev = lokalkostnadsunderlagets lokalkostnad per elev.
    netto = (
        rs.filter(pl.col("verksamhet") == "fk_gr")
        .with_columns(
            (
                pl.col("externa_lokalhyror")
                + pl.col("kalkylerade_kapitalkostnader")
                + pl.col("interna_lokalkostnader")
                - pl.col("externa_hyresintakter")
            ).alias("lokal_rs")
        )
        .join(u.lokalkostnadsunderlag, on=["kommunkod", "ar"], suffix="_lk")
        .filter(pl.col("elever_kommunal") > 0)
    )
    avvikelse = (
        netto["lokal_rs"] - netto["lokalkostnad_per_elev"] * netto["elever_kommunal"]
    ).abs()
    if (avvikelse > 1e-6 * netto["lokal_rs"].abs() + 1e-6).any():
        fel.append("lokalposterna stämmer inte med lokalkostnadsunderlaget")
    if not (netto["elever_kommunal"] == netto["elever_kommunal_lk"]).all():
        fel.append("elever_kommunal skiljer mellan RS och lokalkostnadsunderlaget")
    return fel


def alla_fel(u: Underlag, normar: int) -> list[str]:
    """Schema-, integritets- och ekonomifel tillsammans."""
    return schemafel(u) + integritetsfel(u, normar) + ekonomifel(u, normar)

"""Den syntetiska nationens skolenheter och deras elever per årskurs och läsår.

In: slumpgenerator, ``Kommunlage``, skala och ``NationsForm``. Ut: ``Enhetslage`` – en rad
per skolenhet (kommun, huvudmannatyp, enhetstyp, elever per årskurs båda läsåren, inskrivna i
fritidshem) – som ``namngivning`` och ``tabeller`` gör om till datasetets tabeller.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from skolpeng.data.schema import ARSKURSER
from skolpeng.syntetisk.form import ENHETSTYPER, NationsForm
from skolpeng.syntetisk.kommuner import Kommunlage

KOMMUNAL, ENSKILD, STATLIG = 0, 1, 2
ANTAL_ARSKURSER = len(ARSKURSER)  # F, 1 … 9
ANTAL_FRITIDSHEM = 7  # F, 1 … 6
TYP_F9 = next(i for i, t in enumerate(ENHETSTYPER) if t[0] == "F-9")
TYP_F6 = next(i for i, t in enumerate(ENHETSTYPER) if t[0] == "F-6")
TYP_79 = next(i for i, t in enumerate(ENHETSTYPER) if t[0] == "7-9")


@dataclass(frozen=True)
class Enhetslage:
    """Skolenheterna som vektorer; matriserna har en kolumn per årskurs (F, 1 … 9)."""

    kommun: np.ndarray  # int, index i Kommunlage
    typ: np.ndarray  # int: KOMMUNAL, ENSKILD, STATLIG
    enhetstyp: np.ndarray  # int, index i ENHETSTYPER
    rang: np.ndarray  # int, ordning bland kommunens enheter av samma typ
    tackning: np.ndarray  # bool (n, 10): årskurser enheten har
    ny: np.ndarray  # bool: finns bara det senare läsåret
    fk_senare: np.ndarray  # int64 (n, 10), läsår (N-1)/N
    fk_tidigare: np.ndarray  # int64 (n, 10), läsår (N-2)/(N-1); 0 för nya enheter
    har_fritidshem: np.ndarray  # bool
    fr_senare: np.ndarray  # int64 (n, 7), inskrivna i fritidshem, F … 6
    fr_tidigare: np.ndarray  # int64 (n, 7)
    internationell: np.ndarray  # int8 0/1

    @property
    def antal(self) -> int:
        return int(self.kommun.shape[0])


def stokastisk_avrundning(rng: np.random.Generator, x: np.ndarray) -> np.ndarray:
    """Avrundar x >= 0 till heltal uppåt med sannolikheten lika med bråkdelen (väntevärdet
    bevaras). Ut: int64."""
    golv = np.floor(x)
    return (golv + (rng.random(x.shape) < (x - golv))).astype(np.int64)


def _rang(grupp: np.ndarray) -> np.ndarray:
    """Löpnummer 0, 1 … inom varje följd av lika värden i den sorterade vektorn ``grupp``."""
    if grupp.size == 0:
        return grupp.astype(np.int64)
    start = np.r_[0, np.flatnonzero(np.diff(grupp)) + 1]
    langd = np.diff(np.r_[start, grupp.size])
    return np.arange(grupp.size) - np.repeat(start, langd)


def _tackning(enhetstyp: np.ndarray) -> np.ndarray:
    """Vilka årskurser (F, 1 … 9) varje enhet har, ur enhetstypen."""
    forsta = np.array([t[1] for t in ENHETSTYPER])[enhetstyp]
    sista = np.array([t[2] for t in ENHETSTYPER])[enhetstyp]
    ak = np.arange(ANTAL_ARSKURSER)
    return (ak[None, :] >= forsta[:, None]) & (ak[None, :] <= sista[:, None])


def _antal_enheter(
    rng: np.random.Generator, kom: Kommunlage, form: NationsForm
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Antal kommunala och enskilda enheter per kommun och elever i var typ.

    Ut: (m_kommunal, m_enskild, elever_kommunal, elever_enskild), alla per kommun. Antalet
    enskilda enheter avrundas stokastiskt så att rikets enskilda andel bevaras i väntevärde;
    varje kommun har minst en kommunal enhet.
    """
    x_e = kom.elever * kom.andel_enskild / form.elever_per_enhet_enskild
    m_e = stokastisk_avrundning(rng, x_e)
    t_e = np.minimum(m_e * form.elever_per_enhet_enskild, form.andel_enskild_max * kom.elever)
    t_k = kom.elever - t_e
    m_k = np.maximum(1, stokastisk_avrundning(rng, t_k / form.elever_per_enhet_kommunal))
    return m_k, m_e, t_k, t_e


def _elever_per_arskurs(
    rng: np.random.Generator,
    enhetstyp: np.ndarray,
    tackning: np.ndarray,
    kull_median: np.ndarray,
    form: NationsForm,
) -> np.ndarray:
    """Relativa elevantal per årskurs (float, n × 10) före skalning till kommunens total."""
    n = enhetstyp.size
    kull = kull_median * np.exp(form.kull_spridning * rng.standard_normal(n))
    rad = kull[:, None] * np.exp(form.arskurs_spridning * rng.standard_normal((n, ANTAL_ARSKURSER)))
    rad[:, 0] *= form.forskoleklass_andel
    return np.where(tackning, rad, 0.0)


def _skala_till_total(
    ra: np.ndarray, grupp: np.ndarray, total: np.ndarray, antal_grupper: int
) -> np.ndarray:
    """Skalar raderna i ``ra`` så att summan inom varje grupp blir ``total[grupp]`` och
    avrundar till heltal; varje enhet får minst en elev. Ut: int64 (n × 10)."""
    summa = np.bincount(grupp, weights=ra.sum(axis=1), minlength=antal_grupper)
    faktor = np.divide(total, summa, out=np.zeros_like(total), where=summa > 0)
    ut = np.rint(ra * faktor[grupp][:, None]).astype(np.int64)
    tomma = np.flatnonzero(ut.sum(axis=1) == 0)
    ut[tomma, np.argmax(ra[tomma], axis=1)] = 1
    return ut


def _fritidshem(
    rng: np.random.Generator, fk: np.ndarray, har: np.ndarray, form: NationsForm
) -> np.ndarray:
    """Inskrivna i fritidshem per årskurs F … 6 ur elevantalen (andel per årskurs med brus,
    aldrig fler än eleverna). Ut: int64 (n × 7), noll för enheter utan fritidshem."""
    n = fk.shape[0]
    andel = np.array(form.fritidshem_andel)[None, :] * np.exp(
        form.fritidshem_spridning * rng.standard_normal((n, ANTAL_FRITIDSHEM))
    )
    inskrivna = np.minimum(np.rint(fk[:, :ANTAL_FRITIDSHEM] * andel), fk[:, :ANTAL_FRITIDSHEM])
    return np.where(har[:, None], inskrivna, 0).astype(np.int64)


def generera_enheter(
    rng: np.random.Generator, kom: Kommunlage, skala: float, form: NationsForm
) -> Enhetslage:
    """Drar skolenheterna i varje kommun och deras elever båda läsåren.

    In: slumpgenerator, kommunerna, skala (för antalet statliga enheter), form.
    Ut: ``Enhetslage`` ordnat efter kommun och typ (kommunala först). Varje kommun har
    minst en kommunal enhet och täcker alla årskurser F–9 i kommunal regi: en ensam enhet
    är F-9, annars är kommunens första enhet 7-9 och den andra F-6.
    """
    m_k, m_e, t_k, t_e = _antal_enheter(rng, kom, form)
    kommun = np.r_[np.repeat(np.arange(kom.antal), m_k), np.repeat(np.arange(kom.antal), m_e)]
    typ = np.r_[np.full(m_k.sum(), KOMMUNAL), np.full(m_e.sum(), ENSKILD)]
    ordning = np.lexsort((typ, kommun))
    kommun, typ = kommun[ordning], typ[ordning]
    n = kommun.size
    rang = _rang(kommun * 3 + typ)

    andel_k = np.array(form.enhetstyp_andel_kommunal) / sum(form.enhetstyp_andel_kommunal)
    andel_e = np.array(form.enhetstyp_andel_enskild) / sum(form.enhetstyp_andel_enskild)
    enhetstyp = np.where(
        typ == KOMMUNAL,
        rng.choice(len(ENHETSTYPER), size=n, p=andel_k),
        rng.choice(len(ENHETSTYPER), size=n, p=andel_e),
    )
    ensam = (typ == KOMMUNAL) & (m_k[kommun] == 1)
    flera = (typ == KOMMUNAL) & (m_k[kommun] > 1)
    enhetstyp = np.where(ensam, TYP_F9, enhetstyp)
    enhetstyp = np.where(flera & (rang == 0), TYP_79, enhetstyp)
    enhetstyp = np.where(flera & (rang == 1), TYP_F6, enhetstyp)
    tackning = _tackning(enhetstyp)

    kull = np.array(form.enhetstyp_kull)[enhetstyp]
    ra = _elever_per_arskurs(rng, enhetstyp, tackning, kull, form)
    total = np.c_[t_k, t_e].ravel()  # grupp = kommun * 2 + typ
    fk_senare = _skala_till_total(ra, kommun * 2 + typ, total, 2 * kom.antal)

    # Statliga enheter (sameskolor, F-6) i glesa kommuner, utöver kommunens elever.
    antal_statliga = int(round(form.statliga_enheter * kom.antal / 290.0 * skala))
    if antal_statliga > 0:
        vikt = kom.gleshetsindex - 100.0 + 0.01
        s_kommun = np.sort(rng.choice(kom.antal, size=antal_statliga, p=vikt / vikt.sum()))
        s_typ = np.full(antal_statliga, TYP_F6)
        s_tack = _tackning(s_typ)
        s_ra = _elever_per_arskurs(
            rng, s_typ, s_tack, np.full(antal_statliga, form.statlig_kull), form
        )
        s_fk = np.maximum(np.rint(s_ra), s_tack).astype(np.int64)
        kommun = np.r_[kommun, s_kommun]
        typ = np.r_[typ, np.full(antal_statliga, STATLIG)]
        enhetstyp = np.r_[enhetstyp, s_typ]
        rang = np.r_[rang, _rang(s_kommun)]
        tackning = np.r_[tackning, s_tack]
        fk_senare = np.r_[fk_senare, s_fk]
        n = kommun.size

    skyddad = (typ == KOMMUNAL) & (rang < 2)  # kommunens täckning finns båda läsåren
    ny = (rng.random(n) < form.andel_nya_enheter) & ~skyddad
    forandring = np.exp(
        -form.elevforandring_per_lasar
        + form.elevforandring_spridning * rng.standard_normal((n, ANTAL_ARSKURSER))
    )
    fk_tidigare = np.rint(fk_senare * forandring).astype(np.int64)
    fk_tidigare[ny] = 0

    lagstadium = tackning[:, :ANTAL_FRITIDSHEM].any(axis=1)
    tvingad = (skyddad & (enhetstyp != TYP_79)) | (typ == STATLIG)
    har_fr = lagstadium & ((rng.random(n) < form.andel_enheter_med_fritidshem) | tvingad)
    fr_senare = _fritidshem(rng, fk_senare, har_fr, form)
    fr_tidigare = _fritidshem(rng, fk_tidigare, har_fr, form)

    internationell = np.zeros(n, dtype=np.int8)
    enskilda = np.flatnonzero(typ == ENSKILD)
    antal_int = min(int(round(form.andel_internationella * n)), enskilda.size)
    if antal_int > 0:
        internationell[rng.choice(enskilda, size=antal_int, replace=False)] = 1

    return Enhetslage(
        kommun=kommun,
        typ=typ,
        enhetstyp=enhetstyp,
        rang=rang,
        tackning=tackning,
        ny=ny,
        fk_senare=fk_senare,
        fk_tidigare=fk_tidigare,
        har_fritidshem=har_fr,
        fr_senare=fr_senare,
        fr_tidigare=fr_tidigare,
        internationell=internationell,
    )

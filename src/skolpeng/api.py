"""skolpengs offentliga gränssnitt: det enda som kommandoraden (``skolpeng.cli``) och webben
(``skolpeng.web``) importerar, och det som andra program bör importera (``from skolpeng.api
import berakna_korning``). Kontraktet i ``pyproject.toml`` (import-linter, körs av ``make test``)
ser till att cli/ och webben inte går förbi det.

Operationerna (in -> ut):

- ``hitta_underlag`` / ``las_underlag``: ett datasets namn eller katalog -> ``Underlag`` (läst och
  validerat, alla fel på en gång som ``IndataFel``); ``validera_for_norm``: det som saknas för
  normen.
- ``load_parameters``: datum (och scenario) -> ``Parameterlage``.
- ``forbered_norm`` / ``berakna_norm_for``: underlag, normår och variant -> parameterläge och
  problem / ``NormResultat``; ``publiceringstabell``: normen som tabell 9.2.
- ``simulera_mot_idag``: normen mot dagens kostnader -> ``Simuleringsresultat``.
- ``berakna_korning`` (modellfil och dataset på disk) / ``berakna_fordelning`` (i minnet):
  modell -> underlag -> fördelning -> stabilitet -> förändring -> bidrag -> jämförelse med
  normen: ``Fordelningskorning``; ``fordela``: bara fördelningen (``Fordelning``).
- ``redovisning``: fördelningen -> en ``Enhetsredovisning`` per skolenhet.
- ``kor_index``: elevdata -> index per skolenhet (och skattad modell).
- uppföljningen: ``resultatgap``, ``forvantat_resultat``, ``traffsakerhet``, ``volatilitet``,
  ``riktade_medel``, ``utbudsanalys``.
- produkterna: ``skriv_norm_excel``, ``skriv_fordelning_utdata``, ``skriv_indexutdata``,
  ``skriv_utbudsansvar``, ``simuleringsrapport_html``, ``skriv_pdf`` och de övriga ``skriv_*``.

Därutöver de typer operationerna ger och det som kommandoraden och webben behöver för
lagringen (databasens tabeller, användare, beslut) och för utdatan (atomiska kataloger,
manifest, svenska tal). Namnen laddas först när de används (``__getattr__``), så att
``import skolpeng.api`` är billig och ``skolpeng --help`` snabb.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from skolpeng.api_namn import NAMN as _VAR

__all__ = list(_VAR)

if TYPE_CHECKING:  # för typkontroll och import-linter; vid körning laddas namnen lazy
    from skolpeng import talformat as talformat
    from skolpeng.csvskrivning import csv_bytes as csv_bytes
    from skolpeng.csvskrivning import skriv_csv as skriv_csv
    from skolpeng.data.cellgranskning import EXTRA_KOLUMNER as EXTRA_KOLUMNER
    from skolpeng.data.cellgranskning import antal_csv_kolumner as antal_csv_kolumner
    from skolpeng.data.cellgranskning import csv_personnummer as csv_personnummer
    from skolpeng.data.cellgranskning import max_kolumner as max_kolumner
    from skolpeng.data.cellgranskning import uppraknade as uppraknade
    from skolpeng.data.cellgranskning import xlsx_personnummer as xlsx_personnummer
    from skolpeng.data.elevregister import importera_elevregister as importera_elevregister
    from skolpeng.data.elevregister import las_mappning as las_mappning
    from skolpeng.data.elevserie import MEDFOLJANDE_SERIER as MEDFOLJANDE_SERIER
    from skolpeng.data.elevserie import Elevserie as Elevserie
    from skolpeng.data.elevserie import las_elevserie as las_elevserie
    from skolpeng.data.elevserie import medfoljande_serie as medfoljande_serie
    from skolpeng.data.kommunregister import kommun_text as kommun_text
    from skolpeng.data.kommunregister import kommunnamn_for as kommunnamn_for
    from skolpeng.data.kostnadspanel import KOSTNADSPANEL as KOSTNADSPANEL
    from skolpeng.data.kostnadspanel import las_kostnadspanel as las_kostnadspanel
    from skolpeng.data.lasning import ANDELSER as ANDELSER
    from skolpeng.data.lasning import TKR as TKR
    from skolpeng.data.lasning import hitta_tabellfil as hitta_tabellfil
    from skolpeng.data.lasning import hitta_underlag as hitta_underlag
    from skolpeng.data.lasning import las_tabell_med_rader as las_tabell_med_rader
    from skolpeng.data.lasning import las_underlag as las_underlag
    from skolpeng.data.namn import IMPORTTYPER as IMPORTTYPER
    from skolpeng.data.namn import KOSTNADSSLAG_TABELL_10_2 as KOSTNADSSLAG_TABELL_10_2
    from skolpeng.data.officiella import importera as importera
    from skolpeng.data.officiella import till_tabellfiler as till_tabellfiler
    from skolpeng.data.schema import TABELLER as TABELLER
    from skolpeng.data.schema import Underlag as Underlag
    from skolpeng.data.skrivning import skriv_underlag as skriv_underlag
    from skolpeng.data.uppackning import MAX_RADER as MAX_RADER
    from skolpeng.data.uppackning import SKADAD_FEL as SKADAD_FEL
    from skolpeng.data.uppackning import Budget as Budget
    from skolpeng.data.uppackning import granska_xlsx as granska_xlsx
    from skolpeng.data.uppackning import las_medlem as las_medlem
    from skolpeng.data.utbetalning_filer import las_prislista as las_prislista
    from skolpeng.data.utbetalning_filer import las_tidigare as las_tidigare
    from skolpeng.data.validering_hemkommun import perioder_utanfor_aret as perioder_utanfor_aret
    from skolpeng.data.validering_norm import VARIANT_VERKSAMHET as VARIANT_VERKSAMHET
    from skolpeng.data.validering_norm import validera_for_norm as validera_for_norm
    from skolpeng.fel import IndataFel as IndataFel
    from skolpeng.fel import Problem as Problem
    from skolpeng.fordelning.korning import Fordelningskorning as Fordelningskorning
    from skolpeng.fordelning.korning import berakna_fordelning as berakna_fordelning
    from skolpeng.fordelning.korning import berakna_korning as berakna_korning
    from skolpeng.fordelning.korning import normvariant as normvariant
    from skolpeng.fordelning.lika_villkor.per_enhet import avrunda_bidrag as avrunda_bidrag
    from skolpeng.fordelning.modellfil.exempel import MODELLKATALOG as MODELLKATALOG
    from skolpeng.fordelning.modellfil.exempel import alla_exempel as alla_exempel
    from skolpeng.fordelning.modellfil.exempel import hitta_exempel as hitta_exempel
    from skolpeng.fordelning.modellfil.schema import Fordelningsmodell as Fordelningsmodell
    from skolpeng.fordelning.modellfil.schema import las_modell as las_modell
    from skolpeng.fordelning.modellfil.schema import las_modell_text as las_modell_text
    from skolpeng.fordelning.modellfil.schema import visningsnamn as visningsnamn
    from skolpeng.fordelning.motor.potter import fordela as fordela
    from skolpeng.fordelning.motor.underlag import forbered_underlag as forbered_underlag
    from skolpeng.fordelning.redovisning_och_forandring.andring_per_enhet import (
        andring_per_enhet as andring_per_enhet,
    )
    from skolpeng.fordelning.redovisning_och_forandring.andring_per_enhet import (
        andring_per_huvudman as andring_per_huvudman,
    )
    from skolpeng.fordelning.redovisning_och_forandring.redovisning import (
        Enhetsredovisning as Enhetsredovisning,
    )
    from skolpeng.fordelning.redovisning_och_forandring.redovisning import (
        redovisning as redovisning,
    )
    from skolpeng.fordelning.redovisning_och_forandring.scenariojamforelse import (
        Sammanfattning as Sammanfattning,
    )
    from skolpeng.fordelning.redovisning_och_forandring.scenariojamforelse import (
        enheter_sida_vid_sida as enheter_sida_vid_sida,
    )
    from skolpeng.fordelning.redovisning_och_forandring.scenariojamforelse import (
        normavstand_per_enhet as normavstand_per_enhet,
    )
    from skolpeng.fordelning.redovisning_och_forandring.scenariojamforelse import (
        per_huvudman as per_huvudman,
    )
    from skolpeng.fordelning.redovisning_och_forandring.scenariojamforelse import (
        sammanfatta as sammanfatta_scenariojamforelse,  # noqa: F401
    )
    from skolpeng.fordelning.stabilitetsregler.forra_aret import FORDELNINGSFIL as FORDELNINGSFIL
    from skolpeng.fordelning.stabilitetsregler.forra_aret import MODELLFIL as MODELLFIL
    from skolpeng.fordelning.stabilitetsregler.forra_aret import (
        UNDERLAGSTABELLER as UNDERLAGSTABELLER,
    )
    from skolpeng.fordelning.stabilitetsregler.forra_aret import ForraAret as ForraAret
    from skolpeng.fordelning.stabilitetsregler.forra_aret import las_forra_aret as las_forra_aret
    from skolpeng.fordelning.underlag_och_resultat import Fordelning as Fordelning
    from skolpeng.fordelning.underlag_och_resultat import Fordelningsunderlag as Fordelningsunderlag
    from skolpeng.fordelning.underlag_och_resultat import avrundat_per_enhet as avrundat_per_enhet
    from skolpeng.fordelning.underlag_och_resultat import elever_per_enhet as elever_per_enhet
    from skolpeng.fordelning.utbetalning.korning import Utbetalningsresultat as Utbetalningsresultat
    from skolpeng.fordelning.utbetalning.korning import (
        berakna_utbetalningar as berakna_utbetalningar,
    )
    from skolpeng.fordelning.utdataschema import KANDA_FILER as KANDA_FILER
    from skolpeng.fordelning.utdataschema import KOLUMNER as KOLUMNER
    from skolpeng.fordelning.utdataschema import MANIFESTFIL as MANIFESTFIL
    from skolpeng.fordelning.utdataschema import kolumnproblem as kolumnproblem
    from skolpeng.fordelning.utdataschema import manifestproblem as manifestproblem
    from skolpeng.index.korning import kor_index as kor_index
    from skolpeng.lagring import anvandning as lagring_anvandning  # noqa: F401
    from skolpeng.lagring import beslut as lagrade_beslut  # noqa: F401
    from skolpeng.lagring import beslut as lagring_beslut  # noqa: F401
    from skolpeng.lagring import dataset as lagrade_dataset  # noqa: F401
    from skolpeng.lagring import kommuninstallningar as kommuninstallningar  # noqa: F401
    from skolpeng.lagring import modellversioner as modellversioner  # noqa: F401
    from skolpeng.lagring.anvandare import Begransning as Begransning
    from skolpeng.lagring.anvandare import byt_losenord as byt_losenord
    from skolpeng.lagring.anvandare import hitta_inloggning as hitta_inloggning
    from skolpeng.lagring.anvandare import logga_in as logga_in
    from skolpeng.lagring.anvandare import logga_ut as logga_ut
    from skolpeng.lagring.anvandare import losenord_stammer as losenord_stammer
    from skolpeng.lagring.anvandare import notera_misslyckat as notera_misslyckat
    from skolpeng.lagring.anvandare import skapa_anvandare as skapa_anvandare
    from skolpeng.lagring.anvandning_oversikt import oversikt as oversikt
    from skolpeng.lagring.anvandning_underlag import ar_med_beslut as ar_med_beslut
    from skolpeng.lagring.anvandning_underlag import riktat_underlag as riktat_underlag
    from skolpeng.lagring.beslut import forra_arets as forra_arets
    from skolpeng.lagring.beslut import forra_ur_beslut as forra_ur_beslut
    from skolpeng.lagring.beslut import kontrollera_hash as kontrollera_hash
    from skolpeng.lagring.beslut import nasta_lopnummer as nasta_lopnummer
    from skolpeng.lagring.beslut import spara_beslut as spara_beslut
    from skolpeng.lagring.databas import migrera as migrera
    from skolpeng.lagring.databas import sessionsfabrik as sessionsfabrik
    from skolpeng.lagring.databas import skapa_motor as skapa_motor
    from skolpeng.lagring.dataset import las_dataset as las_dataset
    from skolpeng.lagring.dataset import medfoljande_filer as medfoljande_filer
    from skolpeng.lagring.dataset import spara_dataset as spara_dataset
    from skolpeng.lagring.dataset import tillatna_filnamn as tillatna_filnamn
    from skolpeng.lagring.inloggningsforsok import glom_forsok as glom_forsok
    from skolpeng.lagring.inloggningsforsok import vantetid as vantetid
    from skolpeng.lagring.logg import las_logg as las_logg
    from skolpeng.lagring.logg import logga as logga
    from skolpeng.lagring.tabeller import ROLLER as ROLLER
    from skolpeng.lagring.tabeller import ROLLNAMN as ROLLNAMN
    from skolpeng.lagring.tabeller import Anvandare as Anvandare
    from skolpeng.lagring.tabeller import Beslut as Beslut
    from skolpeng.lagring.tabeller import Beslutsfil as Beslutsfil
    from skolpeng.lagring.tabeller import Dataset as Dataset
    from skolpeng.lagring.tabeller import Datasetfil as Datasetfil
    from skolpeng.lagring.tabeller import Inloggning as Inloggning
    from skolpeng.lagring.tabeller import Modell as Modell
    from skolpeng.lagring.tabeller import Scenario as Scenario
    from skolpeng.lagring.tabeller import nu as nu
    from skolpeng.lagring.tabeller_kommun import Kommuninstallning as Kommuninstallning
    from skolpeng.lagring.utbetalning import Utbetalningsmanad as Utbetalningsmanad
    from skolpeng.lagring.utbetalning import frysta_manader as frysta_manader
    from skolpeng.lagring.utbetalning import innehallshash as innehallshash
    from skolpeng.lagring.utbetalning import senaste_fore as senaste_fore
    from skolpeng.minne import Minne as Minne
    from skolpeng.norm.arsparametrar import Arsparametrar as Arsparametrar
    from skolpeng.norm.forberedelse import berakna_norm_for as berakna_norm_for
    from skolpeng.norm.forberedelse import forbered_norm as forbered_norm
    from skolpeng.norm.lokalindex import lokalindextabell as lokalindextabell
    from skolpeng.norm.publicering import STADIUM_ORDNING as STADIUM_ORDNING
    from skolpeng.norm.publicering import STADIUM_TEXT as STADIUM_TEXT
    from skolpeng.norm.publicering import VARAV as VARAV
    from skolpeng.norm.publicering import VARAV_RUBRIKER as VARAV_RUBRIKER
    from skolpeng.norm.publicering import publiceringstabell as publiceringstabell
    from skolpeng.norm.resultat import ENHET_KOLUMNER as ENHET_KOLUMNER
    from skolpeng.norm.resultat import HUVUDMAN_KOLUMNER as HUVUDMAN_KOLUMNER
    from skolpeng.norm.resultat import KOMPONENTER as KOMPONENTER
    from skolpeng.norm.resultat import VARIANTER as VARIANTER
    from skolpeng.norm.resultat import NormResultat as NormResultat
    from skolpeng.norm.stegen import berakna_norm as berakna_norm
    from skolpeng.parametrar.laddning import Parameterlage as Parameterlage
    from skolpeng.parametrar.laddning import load_parameters as load_parameters
    from skolpeng.personnummer import personnummer_i_rader as personnummer_i_rader
    from skolpeng.personnummer import personnummer_i_varde as personnummer_i_varde
    from skolpeng.rapporter.beslut_om_bidrag.text import (
        Overklagandemottagare as Overklagandemottagare,
    )
    from skolpeng.rapporter.diagram import SVENSK_FORMATLOCALE as SVENSK_FORMATLOCALE
    from skolpeng.rapporter.diagram import Diagram as Diagram
    from skolpeng.rapporter.diagram import diagram_png as diagram_png
    from skolpeng.rapporter.diagram import diagram_svg as diagram_svg
    from skolpeng.rapporter.diagram import spara_diagram as spara_diagram
    from skolpeng.rapporter.fordelning.utdata import kommunnamn as kommunnamn
    from skolpeng.rapporter.fordelning.utdata import (
        skriv_fordelning_utdata as skriv_fordelning_utdata,
    )
    from skolpeng.rapporter.index.utdata import skriv_indexutdata as skriv_indexutdata
    from skolpeng.rapporter.norm.excel import Dataproveniens as Dataproveniens
    from skolpeng.rapporter.norm.excel import skriv_norm_excel as skriv_norm_excel
    from skolpeng.rapporter.norm.sammanfattning import sammanfattning_data as sammanfattning_data
    from skolpeng.rapporter.norm.sammanfattning import (
        skriv_sammanfattning_json as skriv_sammanfattning_json,
    )
    from skolpeng.rapporter.norm.sammanfattning import (
        skriv_ut_sammanfattning as skriv_ut_sammanfattning,
    )
    from skolpeng.rapporter.pdf import html_till_pdf as html_till_pdf
    from skolpeng.rapporter.pdf import pdf_notering as pdf_notering
    from skolpeng.rapporter.pdf import pdf_saknas as pdf_saknas
    from skolpeng.rapporter.pdf import skriv_pdf as skriv_pdf
    from skolpeng.rapporter.redovisning.html import KOSTNADSSLAG_TEXT as KOSTNADSSLAG_TEXT
    from skolpeng.rapporter.redovisning.html import NYCKEL_TEXT as NYCKEL_TEXT
    from skolpeng.rapporter.redovisning.html import VERKSAMHET_TEXT as VERKSAMHET_TEXT
    from skolpeng.rapporter.redovisning.html import elevtal as elevtal
    from skolpeng.rapporter.redovisning.html import publicerat_belopp as publicerat_belopp
    from skolpeng.rapporter.redovisning.html import stadietext as stadietext
    from skolpeng.rapporter.redovisning.vattenfall import DEL_TEXT as DEL_TEXT
    from skolpeng.rapporter.redovisning.vattenfall import olika_hall_text as olika_hall_text
    from skolpeng.rapporter.redovisning.vattenfall import per_elev as per_elev
    from skolpeng.rapporter.redovisning.vattenfall import vattenfall as vattenfall
    from skolpeng.rapporter.redovisning.vattenfall import vattenfall_svg as vattenfall_svg
    from skolpeng.rapporter.redovisning.vattenfall import vattenfall_text as vattenfall_text
    from skolpeng.rapporter.simulering.diagram import decimal as decimal_diagram  # noqa: F401
    from skolpeng.rapporter.simulering.diagram import heltal as heltal_diagram  # noqa: F401
    from skolpeng.rapporter.simulering.diagram import mnkr as mnkr
    from skolpeng.rapporter.simulering.diagram import procent as procent_diagram  # noqa: F401
    from skolpeng.rapporter.simulering.diagram import simuleringsdiagram as simuleringsdiagram
    from skolpeng.rapporter.simulering.rapport import VARIANTNAMN as VARIANTNAMN
    from skolpeng.rapporter.simulering.rapport import (
        simuleringsrapport_html as simuleringsrapport_html,
    )
    from skolpeng.rapporter.tabellexport.formelskydd import neutralisera as neutralisera
    from skolpeng.rapporter.tabellexport.tabell import CSV_TYP as CSV_TYP
    from skolpeng.rapporter.tabellexport.tabell import XLSX_TYP as XLSX_TYP
    from skolpeng.rapporter.tabellexport.tabell import Exporttabell as Exporttabell
    from skolpeng.rapporter.tabellexport.tabell import Kolumn as Kolumn
    from skolpeng.rapporter.tabellexport.tabell import csv_cell as csv_cell
    from skolpeng.rapporter.tabellexport.tabell import till_csv as tabell_till_csv  # noqa: F401
    from skolpeng.rapporter.tabellexport.tabell import till_xlsx as tabell_till_xlsx  # noqa: F401
    from skolpeng.rapporter.uppfoljning import ekonomi as uppfoljningsrapport_ekonomi  # noqa: F401
    from skolpeng.rapporter.uppfoljning import rapport as uppfoljningsrapport  # noqa: F401
    from skolpeng.rapporter.uppfoljning import riktade as uppfoljningsrapport_riktade  # noqa: F401
    from skolpeng.rapporter.uppfoljning import serie_rapport as serie_rapport
    from skolpeng.rapporter.uppfoljning.anvandning import HUVUDMAN as HUVUDMAN
    from skolpeng.rapporter.uppfoljning.anvandning import Avsnitt as Avsnitt
    from skolpeng.rapporter.uppfoljning.anvandning import analysens_html as analysens_html
    from skolpeng.rapporter.uppfoljning.anvandning import (  # noqa: F401
        avsnitt as anvandning_avsnitt,
    )
    from skolpeng.rapporter.uppfoljning.anvandning import (  # noqa: F401
        diagram_svg as anvandning_diagram_svg,
    )
    from skolpeng.rapporter.uppfoljning.anvandning import (  # noqa: F401
        skriv_excel as skriv_anvandning_excel,
    )
    from skolpeng.rapporter.uppfoljning.anvandning_del import (
        del_ur_avsnitt as anvandningsdel_ur_avsnitt,  # noqa: F401
    )
    from skolpeng.rapporter.uppfoljning.anvandning_del import (
        del_ur_tabeller as anvandningsdel_ur_tabeller,  # noqa: F401
    )
    from skolpeng.rapporter.uppfoljning.diagram import UTFALLSNAMN as UTFALLSNAMN
    from skolpeng.rapporter.uppfoljning.kommunrapport import Kommunrapport as Kommunrapport
    from skolpeng.rapporter.uppfoljning.kommunrapport import kommunrapport as kommunrapport
    from skolpeng.rapporter.uppfoljning.kommunrapport_fil import (
        kommunrapport_medfoljande as kommunrapport_medfoljande,
    )
    from skolpeng.rapporter.uppfoljning.kommunrapport_fil import rapport_pdf as rapport_pdf
    from skolpeng.rapporter.uppfoljning.rapportdel import Rapportdel as Rapportdel
    from skolpeng.rapporter.utbetalning.utdata import beskrivna_rader as beskrivna_rader
    from skolpeng.rapporter.utbetalning.utdata import betalningsfil as betalningsfil
    from skolpeng.rapporter.utbetalning.utdata import (  # noqa: F401
        skriv_excel as skriv_utbetalning_excel,
    )
    from skolpeng.rapporter.utbetalning.utdata import (
        skriv_utbetalning_utdata as skriv_utbetalning_utdata,
    )
    from skolpeng.rapporter.utbudsansvar.elasticitet import ETIKETTER as ETIKETTER
    from skolpeng.rapporter.utbudsansvar.elasticitet import skriv_elasticitet as skriv_elasticitet
    from skolpeng.rapporter.utbudsansvar.rapport import antal as antal
    from skolpeng.rapporter.utbudsansvar.rapport import kort_serie_text as kort_serie_text
    from skolpeng.rapporter.utbudsansvar.rapport import skriv_utbudsansvar as skriv_utbudsansvar
    from skolpeng.rapporter.utbudsansvar.text import trendnamn as trendnamn
    from skolpeng.sortering import sortera_ram as sortera_ram
    from skolpeng.sortering import svensk_nyckel as svensk_nyckel
    from skolpeng.sortering import svensk_sortering as svensk_sortering
    from skolpeng.syntetisk.elevdata import FAKTORER as FAKTORER
    from skolpeng.syntetisk.elevdata import generera_elevdata as generera_elevdata
    from skolpeng.syntetisk.nation import generera_nation as generera_nation
    from skolpeng.syntetisk.sammanfattning import readme_text as readme_text
    from skolpeng.syntetisk.sammanfattning import sammanfatta as sammanfatta
    from skolpeng.syntetisk.sammanfattning import sammanfattningstext as sammanfattningstext
    from skolpeng.syntetisk.uppfoljning import UppfoljningsForm as UppfoljningsForm
    from skolpeng.syntetisk.uppfoljning import generera_uppfoljning as generera_uppfoljning
    from skolpeng.talformat import MELLANSLAG as MELLANSLAG
    from skolpeng.talformat import decimal as decimal
    from skolpeng.talformat import heltal as heltal
    from skolpeng.talformat import kr as kr
    from skolpeng.talformat import procent as procent
    from skolpeng.talinlasning import las_svenskt_tal as las_svenskt_tal
    from skolpeng.talinlasning import svenskt_tal_text as svenskt_tal_text
    from skolpeng.textrensning import utan_styrtecken as utan_styrtecken
    from skolpeng.uppfoljning.anvandning import PERSONNUMMER_FEL as PERSONNUMMER_FEL
    from skolpeng.uppfoljning.anvandning import Kategori as Kategori
    from skolpeng.uppfoljning.anvandning import Rad as Rad
    from skolpeng.uppfoljning.anvandning import kontrollera_redovisning as kontrollera_redovisning
    from skolpeng.uppfoljning.anvandning import over_riktat as over_riktat
    from skolpeng.uppfoljning.anvandning import per_ar as per_ar
    from skolpeng.uppfoljning.anvandning import standardkategorier as standardkategorier
    from skolpeng.uppfoljning.anvandning_fil import (
        kontrollera_anvandningsfil as kontrollera_anvandningsfil,
    )
    from skolpeng.uppfoljning.anvandning_fil import las_anvandningsfil as las_anvandningsfil
    from skolpeng.uppfoljning.anvandning_uppfoljning import STATUSTEXT as STATUSTEXT
    from skolpeng.uppfoljning.belopp import per_enhet as per_enhet
    from skolpeng.uppfoljning.forvantat import forvantat_resultat as forvantat_resultat
    from skolpeng.uppfoljning.forvantat import koefficienttabell as koefficienttabell
    from skolpeng.uppfoljning.fran_fordelning import FordelaKatalog as FordelaKatalog
    from skolpeng.uppfoljning.fran_fordelning import ar_fordela_katalog as ar_fordela_katalog
    from skolpeng.uppfoljning.fran_fordelning import (
        enheter_fran_kataloger as enheter_fran_kataloger,
    )
    from skolpeng.uppfoljning.fran_fordelning import fran_kataloger as fran_kataloger
    from skolpeng.uppfoljning.fran_fordelning import las_fordela_katalog as las_fordela_katalog
    from skolpeng.uppfoljning.indata import Analysinstallningar as Analysinstallningar
    from skolpeng.uppfoljning.indata import las_analysfil as las_analysfil
    from skolpeng.uppfoljning.indata import las_tabeller as las_tabeller
    from skolpeng.uppfoljning.indata import med_ar as med_ar
    from skolpeng.uppfoljning.kommunuppfoljning import Kommunuppfoljning as Kommunuppfoljning
    from skolpeng.uppfoljning.kommunuppfoljning import kommunuppfoljning as kommunuppfoljning
    from skolpeng.uppfoljning.personnummer import innehaller_personnummer as innehaller_personnummer
    from skolpeng.uppfoljning.resultatgap import resultatgap as resultatgap
    from skolpeng.uppfoljning.riktade_medel import riktade_medel as riktade_medel
    from skolpeng.uppfoljning.serieanalys import Serieanalys as Serieanalys
    from skolpeng.uppfoljning.serieanalys import serieanalys as serieanalys
    from skolpeng.uppfoljning.simulering import VERKSAMHET_FOR_VARIANT as VERKSAMHET_FOR_VARIANT
    from skolpeng.uppfoljning.simulering import Simuleringsresultat as Simuleringsresultat
    from skolpeng.uppfoljning.simulering import simulera_mot_idag as simulera_mot_idag
    from skolpeng.uppfoljning.simulering_kostnad import (
        kontrollera_kostnader as kontrollera_kostnader,
    )
    from skolpeng.uppfoljning.traffsakerhet import analysunderlag as analysunderlag
    from skolpeng.uppfoljning.traffsakerhet import traffsakerhet as traffsakerhet
    from skolpeng.uppfoljning.utbudsansvar import avdragsberakning as avdragsberakning
    from skolpeng.uppfoljning.utbudsansvar_analys import AVDRAGSSATS_DATUM as AVDRAGSSATS_DATUM
    from skolpeng.uppfoljning.utbudsansvar_analys import (
        AVDRAGSSATS_PARAMETER as AVDRAGSSATS_PARAMETER,
    )
    from skolpeng.uppfoljning.utbudsansvar_analys import Utbudsanalys as Utbudsanalys
    from skolpeng.uppfoljning.utbudsansvar_analys import utbudsanalys as utbudsanalys
    from skolpeng.uppfoljning.utbudsansvar_panel import signifikansstjarnor as signifikansstjarnor
    from skolpeng.uppfoljning.utbudsansvar_panel import tabell_10_2 as tabell_10_2
    from skolpeng.uppfoljning.utbudsansvar_parametrar import Tabell103 as Tabell103
    from skolpeng.uppfoljning.utbudsansvar_parametrar import (
        elasticitet_enligt_sou as elasticitet_enligt_sou,
    )
    from skolpeng.uppfoljning.utbudsansvar_parametrar import (
        forslagets_avdragssats as forslagets_avdragssats,
    )
    from skolpeng.uppfoljning.utbudsansvar_parametrar import (
        utbudsansvarets_parametrar_galler as utbudsansvarets_parametrar_galler,
    )
    from skolpeng.uppfoljning.volatilitet import volatilitet as volatilitet
    from skolpeng.utdata import atomisk_katalog as atomisk_katalog
    from skolpeng.utdata import sha256_fil as sha256_fil
    from skolpeng.utdata import skriv_manifest as skriv_manifest
    from skolpeng.yamllasning import TIDSGRANS_WEBB_S as TIDSGRANS_WEBB_S
    from skolpeng.yamllasning import las_yaml as las_yaml


def __getattr__(namn: str) -> Any:
    """Laddar namnet ur sin modul första gången det används (och sparar det i modulen)."""
    try:
        modul, attribut = _VAR[namn]
    except KeyError:
        raise AttributeError(f"skolpeng.api har inget {namn!r}") from None
    m = importlib.import_module(modul)
    varde = m if attribut is None else getattr(m, attribut)
    globals()[namn] = varde
    return varde


def __dir__() -> list[str]:
    return sorted(__all__)

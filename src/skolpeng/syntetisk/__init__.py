"""Den syntetiska nationen: ett deterministiskt påhittat Sverige som dataset (docs/regler/dataformat.md).

In: frö, antal kommuner, skala, normår. Ut: ett ``Underlag`` med alla datasetets tabeller.
"""

from skolpeng.syntetisk.form import NationsForm
from skolpeng.syntetisk.nation import generera_nation

__all__ = ["NationsForm", "generera_nation"]

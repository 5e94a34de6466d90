"""En tabell på en sida som Excelbok (xlsx) och CSV för Excel (``tabell.py``), med skydd mot
formelinjektion i CSV (``formelskydd.py``)."""

"""Bidrag på lika villkor till enskilda huvudmän (skollagen 10 kap. 37–39 §§): beloppet per elev
(``bidrag``), per enskild skolenhet och stadium (``per_enhet``), filerna med villkorade belopp
och elever (``indata``), en ny elev under året (``ny_elev``) och interkommunal ersättning
(``interkommunal``)."""

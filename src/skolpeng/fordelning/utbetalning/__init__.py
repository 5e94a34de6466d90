"""Pengarna följer eleven: bidrag och interkommunal ersättning per hemkommun och månad,
förändringar under året, budgetändringar och utbetalningskörningen (SOU 2025:72
avsnitt 3.1, 3.1.1, 3.1.2 och 5.5; skolförordningen 14 kap. 1 och 2 §§).

Modulerna (rena funktioner; inga filer läses här):

- ``regel``: utbetalningsregeln i modellfilen (räknesätt, brytdag, utbetalningsdag,
  budgetändringar under året);
- ``antal``: elever per skolenhet, stadium, hemkommun och månad ur ``elever_hemkommun``
  och vilka elever som räknas en viss månad enligt räknesättet;
- ``priser``: belopp per elev och år (bidrag till enskilda enheter, interkommunal ersättning);
- ``budget``: månadsbeloppet per elev när budgeten ändras under året (14 kap. 2 §);
- ``belopp``: från månadsbelopp till utbetalade hela kronor, med rester och korrigeringar;
- ``korning``: en månads (eller ett års) utbetalningskörning;
- ``nationell``: flödesmatrisen mellan alla kommuner för en månad.

Paketet importerar ingenting vid import (``modell`` läser ``regel``).
"""

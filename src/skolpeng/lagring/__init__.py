"""Lagring av dataset, modeller, scenarier, beslut och granskningslogg (SQLAlchemy 2 + Alembic;
SQLite som standard, PostgreSQL med en URL). Webben använder bara det här paketet för att
läsa och skriva databasen."""

# Tabellen för frysta utbetalningsmånader ligger i en egen modul; importen här
# registrerar den i ``tabeller.Bas.metadata`` så att migreringarna och tabellerna stämmer.
from skolpeng.lagring import utbetalning as utbetalning  # noqa: E402, F401

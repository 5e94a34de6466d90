"""Lagring av dataset, modeller, scenarier, beslut och granskningslogg (SQLAlchemy 2 + Alembic;
SQLite som standard, PostgreSQL med en URL). Webben använder bara det här paketet för att
läsa och skriva databasen."""

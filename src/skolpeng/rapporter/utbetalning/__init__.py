"""Utbetalningarna: utbetalningsfiler, sammanfattning och beslut om ändrade bidrag under året."""

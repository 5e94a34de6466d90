"""Utbudsansvarets rapport, elasticitet och texter (skolpeng utbudsansvar)."""

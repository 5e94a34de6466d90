"""Indexrapporten och indexets utdata (skolpeng index)."""

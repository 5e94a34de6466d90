"""Simuleringens diagram och rapport (skolpeng simulera)."""

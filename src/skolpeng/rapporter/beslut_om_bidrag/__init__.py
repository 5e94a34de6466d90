"""Besluten om bidrag till enskilda huvudmän: HTML/PDF, arbetsbok, text och ny elev under året."""

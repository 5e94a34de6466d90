"""Normen: tabeller, arbetsbok och sammanfattning (skolpeng norm)."""

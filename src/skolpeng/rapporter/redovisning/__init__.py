"""Redovisningen till varje skolenhet: HTML, PDF, arbetsbok och vattenfallet."""

"""Webbapplikationen (FastAPI + Jinja2 + HTMX): tunn, samma biblioteksanrop som kommandoraden.

``skapa_app(Installningar(...))`` bygger appen; ``skolpeng serve`` startar den. Ingen regel-
logik här: sidorna anropar ``skolpeng.fordelning``, ``skolpeng.norm`` och ``skolpeng.rapporter``.
"""

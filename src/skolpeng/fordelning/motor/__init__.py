"""Fördelningens motor: rutnätet skolenhet × årskurs (``rutnat``), en potts fördelning efter sin
nyckel (``nycklar``) och indexets form (``former``), potterna i modellens ordning (``potter``,
funktionen ``fordela``), radernas förklaringar (``radtext``) och underlaget en modell räknas
på (``underlag``, ``indexkalla``)."""

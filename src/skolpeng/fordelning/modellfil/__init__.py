"""Modellfilen: schemat (``schema``: pydantic, okända nycklar avvisas), kontrollen av en modell
mot underlagets rutnät (``kontroll``) och de medföljande exempelmodellerna (``exempel``)."""

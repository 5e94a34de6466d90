"""Stabilitet mellan åren: förra årets beslut som underlag (``forra_aret``), golv mot förra årets
belopp per elev finansierade inom ramen (``golv``) och utjämning av index över flera år
(``indexutjamning``)."""

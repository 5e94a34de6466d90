"""skolpeng – beräkningsmotor för skolans resursfördelning.

Den nationella skolpengsnormen (SOU 2025:72), kommunala resursfördelningsmodeller,
socioekonomiska index, uppföljning och utbudsansvar. Detta är det enda importgränssnittet
för cli, webb och rapporter.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

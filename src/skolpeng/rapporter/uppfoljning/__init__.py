"""Uppföljningens diagram och rapporter (skolpeng uppfolj)."""

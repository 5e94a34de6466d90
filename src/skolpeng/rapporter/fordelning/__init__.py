"""Fördelningens utdata (skolpeng fordela) och jämförelsen med normen."""

"""Parsers of this source system's deliveries."""

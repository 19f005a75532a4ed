"""Parsers of the SSO benefits system's deliveries (claims, Section-39 reinstatement requests)."""

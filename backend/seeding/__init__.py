"""Synthetic and demo data for development, benchmarks and tests (not a domain)."""

"""Journeys through several parts of the marketplace, on the demo data."""

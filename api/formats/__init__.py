"""Representations beyond JSON: content negotiation and whole-list exports as CSV, NDJSON and xlsx."""

"""Deterministic generator of the pipeline's input files (sample data and benchmark data)."""

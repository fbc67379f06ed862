"""Helpers for running and inspecting the example pipeline on this machine."""

"""Renderers (second half)."""

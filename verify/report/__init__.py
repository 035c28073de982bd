"""Renderers: each takes a Report (or several) and nothing else."""

"""Objectives models (built by the objectives issue)."""

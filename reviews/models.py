"""Review models (built by the management review issue)."""

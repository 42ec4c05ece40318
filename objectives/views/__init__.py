"""Views of the objectives app, one module per area (objectives, resources, imports)."""

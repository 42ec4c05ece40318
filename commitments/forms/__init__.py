"""Forms of the commitments app, one module per area; import the module you need."""

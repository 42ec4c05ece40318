"""Views of the commitments app, one module per area (responsibilities, evidence, policy, registers...)."""

"""Every register of the report centre, one module per app, in the order the report centre lists them."""

from reports.registers import commitments, objectives, reviews  # noqa: F401

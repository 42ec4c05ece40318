"""What the commitments app gives the report centre: its export registers and its audit-pack sections."""

from commitments.reporting import registers, sections

__all__ = ["registers", "sections"]

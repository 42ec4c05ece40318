"""Models of the commitments app, re-exported explicitly."""

from .editions import Edition, Responsibility
from .evidence import Attachment, Evidence, LeadershipAction
from .policy import PolicyCommitment, PolicyVersion
from .processes import Process

__all__ = [
    "Edition",
    "Responsibility",
    "PolicyVersion",
    "PolicyCommitment",
    "Process",
    "Evidence",
    "Attachment",
    "LeadershipAction",
]

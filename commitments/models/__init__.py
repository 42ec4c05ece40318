"""Models of the commitments app, re-exported explicitly."""

from .editions import Edition, Responsibility
from .evidence import Attachment, Evidence, LeadershipAction
from .policy import PolicyAcknowledgement, PolicyCommitment, PolicyCommunication, PolicyVersion
from .processes import Process
from .risks import Risk, RiskLevel
from .roles import ManagementRole, RegisterLink

__all__ = [
    "Edition",
    "Responsibility",
    "PolicyVersion",
    "PolicyCommitment",
    "PolicyCommunication",
    "PolicyAcknowledgement",
    "Process",
    "Evidence",
    "Attachment",
    "LeadershipAction",
    "Risk",
    "RiskLevel",
    "ManagementRole",
    "RegisterLink",
]

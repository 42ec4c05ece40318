"""Models of the commitments app, re-exported explicitly."""

from .editions import CrosswalkLink, Edition, ListKey, Requirement, Responsibility
from .evidence import Attachment, Evidence, LeadershipAction
from .policy import PolicyAcknowledgement, PolicyCommitment, PolicyCommunication, PolicyVersion
from .processes import Process
from .risks import Risk, RiskLevel
from .roles import ManagementRole, RegisterLink, RoleAssignment

__all__ = [
    "Edition",
    "Responsibility",
    "ListKey",
    "Requirement",
    "CrosswalkLink",
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
    "RoleAssignment",
]

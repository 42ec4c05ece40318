"""Models of the objectives app, re-exported explicitly."""

from .imports import ImportFile
from .objectives import Measurement, Objective, ObjectiveCommitment
from .resources import ResourceRequest
from .tallies import ProgressSnapshot, ProgressTally

__all__ = [
    "ImportFile",
    "Measurement",
    "Objective",
    "ObjectiveCommitment",
    "ProgressSnapshot",
    "ProgressTally",
    "ResourceRequest",
]

"""Models of the objectives app, re-exported explicitly."""

from .imports import ImportFile
from .objectives import Measurement, Objective, ObjectiveCommitment
from .resources import ResourceRequest

__all__ = [
    "ImportFile",
    "Measurement",
    "Objective",
    "ObjectiveCommitment",
    "ResourceRequest",
]

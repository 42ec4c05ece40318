"""The demo objectives: realistic, idempotent, with the situations the checks and pages need."""

import io

import pytest
from django.core.management import call_command

from objectives.models import Measurement, Objective, ResourceRequest

pytestmark = pytest.mark.django_db


def _seed():
    call_command("seed_demo", "--force", "--password", "demo-test-pass", stdout=io.StringIO())


def test_demo_has_on_track_off_track_stale_and_orphan_objectives(fingerprint):
    _seed()
    progress = dict(Objective.objects.values_list("ref", "progress"))
    assert progress["PPM-01"] == "off_track" and progress["OTD-01"] == "on_track"
    assert list(progress.values()).count("on_track") >= 4
    assert Objective.objects.get(ref="LEAN-01").commitments.get().key == "lean-waste"
    assert (
        Objective.objects.get(ref="CAL-01").latest_measured_on
        < Objective.objects.get(ref="CS-01").latest_measured_on
    )
    assert Measurement.objects.filter(is_current=False).count() == 1
    assert set(ResourceRequest.objects.values_list("status", flat=True)) == set(ResourceRequest.Status.values)
    before = fingerprint()
    _seed()
    assert fingerprint() == before

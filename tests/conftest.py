"""Fixtures: one user per role, and the database fingerprint used to prove refused writes changed nothing."""

import datetime
import hashlib
import socket
import threading

import pytest
from django.apps import apps

from tests.factories import UserFactory

ROLE_NAMES = ("anonymous", "employee", "top", "quality", "auditor")
# Tables that change on every request by design (a log-in writes a session, axes logs attempts)
# or that only Django itself writes; every other installed app's rows are in the fingerprint.
NOT_FINGERPRINTED = ("sessions", "axes", "contenttypes", "admin")
# The scan's lock row is rewritten by every scan on SQLite (PostgreSQL uses an advisory lock); a token's
# last use is rewritten by every API request made with it.
NOT_FINGERPRINTED_MODELS = ("findings.ScanLock", "api.TokenUse")


@pytest.fixture
def top_user(db):
    return UserFactory(username="top-user", role="top")


@pytest.fixture
def quality_user(db):
    return UserFactory(username="quality-user", role="quality")


@pytest.fixture
def auditor_user(db):
    return UserFactory(username="auditor-user", role="auditor")


@pytest.fixture
def employee_user(db):
    return UserFactory(username="employee-user")


@pytest.fixture
def users_by_role(top_user, quality_user, auditor_user, employee_user):
    return {
        "anonymous": None,
        "employee": employee_user,
        "top": top_user,
        "quality": quality_user,
        "auditor": auditor_user,
    }


def db_fingerprint() -> str:
    """A hash of every row of every installed app but NOT_FINGERPRINTED, before and after a request."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if (
            model._meta.app_label in NOT_FINGERPRINTED
            or model._meta.label in NOT_FINGERPRINTED_MODELS
            or not model._meta.managed
        ):
            continue
        rows = model._base_manager.order_by("pk").values_list()
        digest.update(model._meta.label.encode())
        for row in rows:
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture
def fingerprint():
    return db_fingerprint


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashers cost ~100 ms per user; tests need only that passwords work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


#: The day on which tests written with fixed calendar dates run; all their data lie before it.
FIXED_NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def fixed_clock(time_machine):
    """Moves the clock to FIXED_NOW (still ticking), for tests whose data are fixed dates."""
    time_machine.move_to(FIXED_NOW, tick=True)
    return FIXED_NOW


@pytest.fixture
def hung_broker():
    """A real socket on 127.0.0.1 that accepts connections and never answers a byte."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join(timeout=2)
    for conn in held:
        conn.close()
    server.close()

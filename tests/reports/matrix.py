import datetime

from django.utils import timezone

from tests.core.factories import finished_job
from tests.matrix import READ_ROLES, READ_ROLES_POST, Route, expect

READ_REDIRECT = expect(top=302, quality=302, auditor=302)

ROUTES = [
    Route("reports:index", get=READ_ROLES, post=READ_ROLES_POST),
    Route("reports:audit_pack", get=READ_ROLES, post=READ_ROLES_POST),
    # Nothing built yet for the period: back to the pack page, which offers to prepare it.
    Route("reports:audit_pack_pdf", get=READ_REDIRECT, post=READ_ROLES_POST),
    Route("reports:audit_pack_zip", get=READ_REDIRECT, post=READ_ROLES_POST),
    # An empty form names no period: refused with a message, no job queued.
    # A period queues the PDF and ZIP jobs (their messages go to the broker after commit, which the
    # matrix's transaction never reaches).
    Route(
        "reports:audit_pack_prepare",
        get=READ_ROLES_POST,
        post=READ_REDIRECT,
        valid_post=lambda users, kwargs: {
            "start": timezone.localdate() - datetime.timedelta(days=365),
            "end": timezone.localdate(),
        },
    ),
    # Top management keeps the cover's organisation profile; an empty form saves nothing.
    Route(
        "reports:organisation",
        get=expect(top=200),
        post=expect(top=200),
        valid_post=lambda users, kwargs: {
            "name": "Precision Parts Ltd",
            "certification_scope": "Machining of aerospace parts",
            "sites": "Main works\nNorth warehouse",
        },
    ),
    Route("reports:as_of", get=READ_ROLES, post=READ_ROLES_POST),
    Route(
        "reports:export",
        get=READ_ROLES,
        post=READ_ROLES_POST,
        kwargs=lambda objects: {"register": "responsibilities", "fmt": "csv"},
    ),
    Route("reports:downloads", get=READ_ROLES, post=READ_ROLES_POST),
    # A file is for the person who asked for it: the others are told there is no such download.
    Route(
        "reports:download",
        get=expect(top=404, quality=200, auditor=404),
        post=READ_ROLES_POST,
        kwargs=lambda users: {"pk": finished_job(users["quality"]).pk},
    ),
    # Only the quality manager gives auditors access; an empty form creates nothing.
    Route(
        "reports:auditor_accounts",
        get=expect(quality=200),
        post=expect(quality=200),
        valid_post=lambda users, kwargs: {
            "username": "external-auditor",
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "grace@certifier.example",
            "expires_on": timezone.localdate() + datetime.timedelta(days=14),
            "password": "an-auditor-password-for-grace-42",
        },
    ),
]

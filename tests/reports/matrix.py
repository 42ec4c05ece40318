from tests.matrix import READ_ROLES, READ_ROLES_POST, Route, expect

ROUTES = [
    Route("reports:index", get=READ_ROLES, post=READ_ROLES_POST),
    Route("reports:audit_pack", get=READ_ROLES, post=READ_ROLES_POST),
    Route("reports:audit_pack_pdf", get=READ_ROLES, post=READ_ROLES_POST),
    Route("reports:audit_pack_zip", get=READ_ROLES, post=READ_ROLES_POST),
    Route("reports:as_of", get=READ_ROLES, post=READ_ROLES_POST),
    Route(
        "reports:export",
        get=READ_ROLES,
        post=READ_ROLES_POST,
        kwargs=lambda objects: {"register": "responsibilities", "fmt": "csv"},
    ),
    # Only the quality manager gives auditors access; an empty form creates nothing.
    Route("reports:auditor_accounts", get=expect(quality=200), post=expect(quality=200)),
]

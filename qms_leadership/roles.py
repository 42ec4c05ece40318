"""The three roles and the permission codenames each one holds: the one place they are declared.

Roles are Django groups. Views and the API check permissions only, never group names, so what a
role may do is read here and nowhere else. The Auditor holds nothing but view permissions, which
makes the role read-only by construction. Each app has its own block below, so that work on one
app never touches another's lines.
"""

from collections.abc import Iterable


def gettext_noop(text: str) -> str:
    """Marks a text for the catalogues (makemessages knows the name) and returns it unchanged.
    Django's own would read the settings, which import this module: a broken setting would then
    be swallowed instead of stopping the start."""
    return text


# The group names, in English in the database; pages show them translated (gettext at display).
TOP_MANAGEMENT = gettext_noop("Top management")
QUALITY_MANAGER = gettext_noop("Quality manager")
AUDITOR = gettext_noop("Auditor")

# The permission that marks top management wherever the product needs to know "is this a leader?"
# (core.permissions.is_top_management); held by the Top management role below.
TOP_MANAGEMENT_PERMISSION = "dashboard.see_leadership_dashboard"

# Short keys used on the command line (`create_user --role top`).
ROLE_KEYS = {"top": TOP_MANAGEMENT, "quality": QUALITY_MANAGER, "auditor": AUDITOR}

# Apps whose every view permission the read-only roles receive.
DOMAIN_APPS = ("commitments", "objectives", "reviews", "findings", "transition", "integrations")

# --- commitments: editions, responsibilities, evidence, leadership actions -------------------
COMMITMENTS = {
    TOP_MANAGEMENT: [
        "commitments.own_responsibility",
        # Top management sets or confirms who is accountable for each responsibility.
        "commitments.assign_responsibility",
        "commitments.add_evidence",
        "commitments.add_attachment",
        # Only on their own actions: core.permissions.may_change_leadership_action checks the owner.
        "commitments.change_leadershipaction",
    ],
    QUALITY_MANAGER: [
        "commitments.change_responsibility",
        "commitments.add_evidence",
        "commitments.change_evidence",
        "commitments.archive_evidence",
        "commitments.add_attachment",
        "commitments.add_leadershipaction",
        "commitments.change_leadershipaction",
        "commitments.manage_leadershipaction",
        "commitments.archive_leadershipaction",
    ],
}

# --- commitments: quality policy, processes, risks, management roles -------------------------
POLICY_AND_REGISTERS = {
    TOP_MANAGEMENT: [
        "commitments.approve_policyversion",
        "commitments.add_roleassignment",
        "commitments.change_edition",
    ],
    QUALITY_MANAGER: [
        "commitments.add_policyversion",
        "commitments.change_policyversion",
        "commitments.add_policycommitment",
        "commitments.change_policycommitment",
        "commitments.add_policycommunication",
        "commitments.add_process",
        "commitments.change_process",
        "commitments.add_risk",
        "commitments.change_risk",
        "commitments.add_managementrole",
        "commitments.change_managementrole",
        "commitments.change_edition",
    ],
}

# --- objectives: objectives, measurements, resources, findings --------------------------------
OBJECTIVES = {
    TOP_MANAGEMENT: [
        "objectives.conclude_objective",
        # A proposed objective becomes active only when top management approves it.
        "objectives.approve_objective",
        "objectives.decide_resourcerequest",
    ],
    QUALITY_MANAGER: [
        "objectives.add_objective",
        "objectives.change_objective",
        "objectives.add_measurement",
        "objectives.import_objective",
        "objectives.add_resourcerequest",
        "objectives.change_resourcerequest",
    ],
}

# --- reviews: schedule, management reviews, inputs, decisions, actions -----------------------
REVIEWS = {
    TOP_MANAGEMENT: [
        "reviews.signoff_managementreview",
        "reviews.add_reviewdecision",
        "reviews.add_reviewaction",
    ],
    QUALITY_MANAGER: [
        "reviews.change_reviewschedule",
        "reviews.add_managementreview",
        "reviews.change_managementreview",
        "reviews.change_reviewinput",
        "reviews.add_reviewaction",
        "reviews.change_reviewaction",
    ],
}

# --- findings: results of the background checks ---------------------------------------------
FINDINGS = {
    TOP_MANAGEMENT: [
        "findings.accept_finding",
    ],
    QUALITY_MANAGER: [
        "findings.accept_finding",
        "findings.run_checks",
    ],
}

# --- dashboard: which home page a person gets --------------------------------------------------
DASHBOARD = {
    TOP_MANAGEMENT: [
        "dashboard.see_leadership_dashboard",
    ],
}

# --- transition: moving to a new edition of the standard ------------------------------------
TRANSITION = {
    TOP_MANAGEMENT: [
        "transition.see_transition",
        "transition.switch_edition",
    ],
    QUALITY_MANAGER: [
        "transition.see_transition",
        "transition.confirm_split",
    ],
}

# --- core: people (time-limited auditor accounts) --------------------------------------------
CORE = {
    TOP_MANAGEMENT: [
        # The organisation's name, certification scope and sites on the audit pack's cover.
        "core.change_organisationprofile",
    ],
    QUALITY_MANAGER: [
        "core.add_accountexpiry",
        "core.unlock_account",
    ],
}

# --- people: user administration (add people, roles, deactivate, reset, unlock) -----------------
PEOPLE = {
    TOP_MANAGEMENT: [
        "people.manage_people",
    ],
}

# --- integrations: webhook endpoints (calendar links are each person's own) ---------------------
INTEGRATIONS = {
    TOP_MANAGEMENT: [
        "integrations.add_webhookendpoint",
        "integrations.change_webhookendpoint",
    ],
    QUALITY_MANAGER: [
        "integrations.add_webhookendpoint",
        "integrations.change_webhookendpoint",
    ],
}

_BLOCKS = (
    COMMITMENTS,
    POLICY_AND_REGISTERS,
    OBJECTIVES,
    REVIEWS,
    FINDINGS,
    DASHBOARD,
    TRANSITION,
    CORE,
    PEOPLE,
    INTEGRATIONS,
)


def granted_codenames(role: str) -> set[str]:
    """Explicit (non-view) permissions of a role, as "app_label.codename"."""
    return {perm for block in _BLOCKS for perm in block.get(role, [])}


def receives_all_views(role: str) -> bool:
    """All three roles read everything in the domain apps; only the Auditor reads nothing else."""
    return role in (TOP_MANAGEMENT, QUALITY_MANAGER, AUDITOR)


def sync_roles(group_model, permission_model, apps_labels: Iterable[str] = DOMAIN_APPS) -> None:
    """Create the three groups and give each exactly the permissions declared above.

    Takes the models as arguments so a data migration can pass its historical models.
    Idempotent: run by the roles data migration and again after every migrate, so permissions
    of models added later reach the groups too.
    """
    view_perms = list(
        permission_model.objects.filter(
            content_type__app_label__in=list(apps_labels), codename__startswith="view_"
        )
    )
    for role in ROLE_KEYS.values():
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = list(view_perms) if receives_all_views(role) else []
        for label in sorted(granted_codenames(role)):
            app_label, codename = label.split(".", 1)
            perm = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


def role_of(user) -> str | None:
    """The role name of a user (the first of their role groups), for display only."""
    if not user.is_authenticated:
        return None
    names = {g.name for g in user.groups.all()}
    for role in ROLE_KEYS.values():
        if role in names:
            return role
    return None


def role_key_of(user) -> str | None:
    """The role key (top, quality, auditor) of a user, or None."""
    name = role_of(user)
    return next((key for key, role in ROLE_KEYS.items() if role == name), None)


def roles_granted(permission: str) -> list[str]:
    """The roles holding a permission ("app_label.codename"), in declaration order."""
    app_label, _, codename = permission.partition(".")
    reads_everything = codename.startswith("view_") and app_label in DOMAIN_APPS
    return [
        role
        for role in ROLE_KEYS.values()
        if permission in granted_codenames(role) or (reads_everything and receives_all_views(role))
    ]


def parse_role_map(text: str) -> dict[str, str]:
    """Provider groups to role keys, from "group=key,group=key" (QMS_OIDC_ROLE_MAP).

    Raises ValueError on a pair without "=" or a key that is not one of ROLE_KEYS.
    """
    mapping = {}
    for pair in filter(None, (part.strip() for part in text.split(","))):
        group, sep, key = (item.strip() for item in pair.rpartition("="))
        if not sep or not group or key not in ROLE_KEYS:
            keys = ", ".join(ROLE_KEYS)
            raise ValueError(f"{pair!r} is not 'provider group=role key' with a key among {keys}")
        mapping[group] = key
    return mapping


def role_key_for_groups(groups: Iterable[str], role_map: dict[str, str]) -> str | None:
    """The role key a person's provider groups give: the first of ROLE_KEYS they map to, else None."""
    keys = {role_map[group] for group in groups if group in role_map}
    return next((key for key in ROLE_KEYS if key in keys), None)

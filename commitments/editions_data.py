"""The leadership items of clause 5.1.1 per edition, paraphrased in our own words.

Loaded by a data migration; kept here so tests and the demo can read the same list.
"""

ISO_9001_2015 = {
    "code": "iso-9001-2015",
    "name": "ISO 9001:2015",
    "year": 2015,
    "is_active": True,
    "notes": "The edition in force for certification.",
    "items": [
        (
            "a",
            "Accountable for QMS effectiveness",
            "Leaders answer personally for whether the quality system works: objectives are met, "
            "problems are noticed and acted on. Evidence: reviews of results that leaders chaired, "
            "decisions they took when results fell short.",
        ),
        (
            "b",
            "Policy and objectives exist and fit the strategy",
            "Leaders make sure there is a quality policy and measurable objectives, and that both "
            "match the organisation's context and where it is heading. Evidence: policy approvals, "
            "objective-setting decisions that cite the strategy.",
        ),
        (
            "c",
            "QMS built into business processes",
            "Quality requirements are part of how each process normally runs, not a parallel "
            "activity revived before audits. Evidence: process descriptions that carry the "
            "requirements, business decisions that used quality data.",
        ),
        (
            "d",
            "Process approach and risk-based thinking",
            "Leaders encourage people to see work as connected processes and to ask what could go "
            "wrong and how much it would matter. Evidence: risk reviews, process maps, talks or "
            "workshops leaders ran.",
        ),
        (
            "e",
            "Resources are available",
            "Each process gets the people, equipment, environment and knowledge it needs. "
            "Evidence: resource requests decided by leaders, budgets, hiring or training approvals.",
        ),
        (
            "f",
            "Communicating why quality matters",
            "Leaders explain, often and in their own voice, why effective quality management and "
            "following the system matter. Evidence: town halls, messages, briefings and their audiences.",
        ),
        (
            "g",
            "The QMS achieves its intended results",
            "Leaders check that the system delivers what it is meant to, and start improvement "
            "when it does not. Evidence: reviews of results, corrective decisions, follow-up.",
        ),
        (
            "h",
            "Engaging and supporting people",
            "Leaders involve, direct and support people so they can contribute to the quality "
            "system. Evidence: recognition, suggestion schemes, coaching, team meetings.",
        ),
        (
            "i",
            "Promoting improvement",
            "Leaders push for analysis, evaluation and action on opportunities to do better. "
            "Evidence: improvement projects sponsored, lessons learned acted on.",
        ),
        (
            "j",
            "Supporting other managers",
            "Leaders help other managers show leadership in their own areas. Evidence: delegated "
            "authorities, mentoring, support given to role holders.",
        ),
    ],
}

ISO_9001_2026_DRAFT = {
    "code": "iso-9001-2026-draft",
    "name": "ISO 9001:2026 (final draft)",
    "year": 2026,
    "is_active": False,
    "notes": "Revision at final draft stage; item letters may still move at publication. "
    "Switch to it when the organisation starts its transition.",
    "items": ISO_9001_2015["items"][:4]
    + [
        (
            "e",
            "Quality culture and ethical behaviour",
            "Leaders promote a culture in which doing the right thing for quality is normal and "
            "ethical conduct is expected and visible. Evidence: codes of conduct discussed with "
            "staff, decisions that put quality before short-term gain, speak-up channels used.",
        ),
    ]
    + [(chr(ord(code) + 1), title, guidance) for code, title, guidance in ISO_9001_2015["items"][4:]],
}

EDITIONS = [ISO_9001_2015, ISO_9001_2026_DRAFT]


def load_editions(edition_model, responsibility_model) -> list:
    """Create the editions and their items that do not exist yet; returns the rows created.

    Takes the models as arguments so the data migration can pass its historical models.
    """
    created_rows = []
    for data in EDITIONS:
        edition, created = edition_model.objects.get_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "year": data["year"],
                "is_active": data["is_active"],
                "notes": data["notes"],
            },
        )
        if created:
            created_rows.append(edition)
        for order, (code, title, guidance) in enumerate(data["items"], start=1):
            item, created = responsibility_model.objects.get_or_create(
                edition=edition,
                code=code,
                defaults={"title": title, "guidance": guidance, "sort_order": order},
            )
            if created:
                created_rows.append(item)
    return created_rows


# Which registers give context (or, for reviews, evidence) to which responsibility, by title, so
# both editions get them and no letter is hard-coded. The data migrations load the same links.
REGISTER_LINKS = {
    "QMS built into business processes": ["processes"],
    "Process approach and risk-based thinking": ["processes", "risks"],
    "Supporting other managers": ["roles"],
    "Accountable for QMS effectiveness": ["reviews"],
    "The QMS achieves its intended results": ["reviews"],
    "Promoting improvement": ["reviews"],
}


def load_register_links(link_model, responsibility_model) -> None:
    """Create the register links that do not exist yet."""
    for responsibility in responsibility_model.objects.filter(title__in=list(REGISTER_LINKS)):
        for register in REGISTER_LINKS[responsibility.title]:
            link_model.objects.get_or_create(responsibility=responsibility, register=register)

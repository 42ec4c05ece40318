"""The editions shipped with the product, as data: every list, paraphrased in our own words.

Each edition has the shape of an edition file (see docs/editions.md): `manage.py load_edition`
reads the same structure from YAML or JSON, so an organisation holding the licensed text can
correct letters and titles without code. Items are found by their `key`, which never changes when
a letter or a title is corrected. A data migration loads these editions through
commitments/edition_loader.py, the same code the command uses.
"""

from __future__ import annotations

import copy

# --- ISO 9001:2015 ------------------------------------------------------------------------------

_ACCOUNTABILITY = (
    "Accountable for QMS effectiveness",
    "Leaders answer personally for whether the quality system works: objectives are met, "
    "problems are noticed and acted on. Evidence: reviews of results that leaders chaired, "
    "decisions they took when results fell short.",
)
_POLICY = (
    "Policy and objectives exist and fit the strategy",
    "Leaders make sure there is a quality policy and measurable objectives, and that both "
    "match the organisation's context and where it is heading. Evidence: policy approvals, "
    "objective-setting decisions that cite the strategy.",
)
_INTEGRATION = (
    "QMS built into business processes",
    "Quality requirements are part of how each process normally runs, not a parallel "
    "activity revived before audits. Evidence: process descriptions that carry the "
    "requirements, business decisions that used quality data.",
)
_RESOURCES = (
    "Resources are available",
    "Each process gets the people, equipment, environment and knowledge it needs. "
    "Evidence: resource requests decided by leaders, budgets, hiring or training approvals.",
)
_COMMUNICATION = (
    "Communicating why quality matters",
    "Leaders explain, often and in their own voice, why effective quality management and "
    "following the system matter. Evidence: town halls, messages, briefings and their audiences.",
)
_RESULTS = (
    "The QMS achieves its intended results",
    "Leaders check that the system delivers what it is meant to, and start improvement "
    "when it does not. Evidence: reviews of results, corrective decisions, follow-up.",
)
_ENGAGEMENT = (
    "Engaging and supporting people",
    "Leaders involve, direct and support people so they can contribute to the quality "
    "system. Evidence: recognition, suggestion schemes, coaching, team meetings.",
)
_IMPROVEMENT = (
    "Promoting improvement",
    "Leaders push for analysis, evaluation and action on opportunities to do better. "
    "Evidence: improvement projects sponsored, lessons learned acted on.",
)
_SUPPORT_2015 = (
    "Supporting other managers",
    "Leaders help other managers show leadership in their own areas. Evidence: delegated "
    "authorities, mentoring, support given to role holders.",
)


def _item(key: str, code: str, text: tuple[str, str], **extra) -> dict:
    return {"key": key, "code": code, "title": text[0], "guidance": text[1], **extra}


_REVIEW_INPUTS_2015_PERFORMANCE = [
    (
        "customer-feedback",
        "Customer satisfaction and feedback",
        "What customers and other interested parties told us: surveys, complaints, praise.",
        "",
    ),
    (
        "objectives-met",
        "How far quality objectives are met",
        "Each objective's latest result against its target and its trend.",
        "objectives",
    ),
    (
        "process-performance",
        "Process performance and product conformity",
        "How the processes performed and whether products and services met requirements.",
        "processes",
    ),
    (
        "nonconformities",
        "Nonconformities and corrective actions",
        "What went wrong, what was done about it and whether it worked.",
        "findings",
    ),
    (
        "monitoring-results",
        "Monitoring and measurement results",
        "Key measurements, including how fresh the leadership evidence is.",
        "evidence_freshness",
    ),
    ("audit-results", "Audit results", "Findings of internal and external audits since the last review.", ""),
    (
        "provider-performance",
        "Performance of external providers",
        "How suppliers and subcontractors performed: delivery, quality, responsiveness.",
        "",
    ),
]


def _performance_inputs(letter: str) -> list[dict]:
    return [
        {"key": key, "code": f"{letter}{n}", "title": title, "guidance": guidance, "section": section}
        for n, (key, title, guidance, section) in enumerate(_REVIEW_INPUTS_2015_PERFORMANCE, start=1)
    ]


_EARLIER_ACTIONS = {
    "key": "earlier-actions",
    "title": "Actions from earlier reviews",
    "guidance": "Where each action decided at earlier reviews stands: done, late or still open.",
    "section": "earlier_actions",
}
_ISSUES = {
    "key": "issues",
    "title": "Changes in external and internal issues",
    "guidance": "What changed around and inside the organisation that affects the quality system: "
    "market, regulation, ownership, technology, people.",
    "section": "",
}
_RESOURCE_ADEQUACY = {
    "key": "resource-adequacy",
    "title": "Adequacy of resources",
    "guidance": "Resource requests, what was decided and what was provided.",
    "section": "resources",
}
_IMPROVEMENT_INPUT = {
    "key": "improvement-opportunities",
    "title": "Opportunities for improvement",
    "guidance": "Improvement ideas and actions under way.",
    "section": "improvements",
}

_RESULT_KINDS = [
    (
        "improvement",
        "Improvement opportunities",
        "What the review decided to improve, with owners and dates.",
    ),
    (
        "qms-change",
        "Changes needed to the quality system",
        "Changes to the policy, processes or documented information the review asked for.",
    ),
    ("resource-need", "Resource needs", "People, equipment or budget the review decided are needed."),
]

_AWARENESS_POLICY = (
    "policy",
    "The quality policy",
    "People know the policy in force and what it means for their work.",
)
_AWARENESS_OBJECTIVES = (
    "objectives",
    "Relevant quality objectives",
    "People know the objectives that concern their team and how they are doing.",
)
_AWARENESS_CONTRIBUTION = (
    "contribution",
    "Their contribution to the quality system",
    "People see how their work makes the system effective, and what better performance brings.",
)
_AWARENESS_NONCONFORMING = (
    "nonconforming",
    "What happens when requirements are not met",
    "People understand the consequences of not following the system.",
)

_ROLE_CONFORMS = (
    "conformity",
    "The QMS conforms to the standard",
    "Someone answers for the system meeting the requirements of the standard.",
)
_ROLE_OUTPUTS = (
    "process-outputs",
    "Processes deliver their intended outputs",
    "Someone makes sure each process produces what it is meant to.",
)
_ROLE_CUSTOMER = (
    "customer-focus",
    "Customer focus is promoted",
    "Someone keeps customer needs visible across the organisation.",
)
_ROLE_INTEGRITY = (
    "integrity-on-change",
    "The system stays whole when changes are made",
    "Someone checks that planned changes do not break the quality system.",
)


def _listed(rows: list[tuple[str, str, str]], letters: str = "abcdefghijkl") -> list[dict]:
    return [
        {"key": key, "code": letters[i], "title": title, "guidance": guidance}
        for i, (key, title, guidance) in enumerate(rows)
    ]


ISO_9001_2015 = {
    "code": "iso-9001-2015",
    "standard": "ISO 9001",
    "year": 2015,
    "name": "ISO 9001:2015",
    "notes": "The edition in force for certification.",
    "lists": {
        "leadership": {
            "clause": "5.1.1",
            "title": "Leadership and commitment",
            "items": [
                _item("accountability", "a", _ACCOUNTABILITY, registers=["reviews"]),
                _item("policy-objectives", "b", _POLICY),
                _item("integration", "c", _INTEGRATION, registers=["processes"]),
                _item(
                    "process-risk",
                    "d",
                    (
                        "Process approach and risk-based thinking",
                        "Leaders encourage people to see work as connected processes and to ask what "
                        "could go wrong and how much it would matter. Evidence: risk reviews, process "
                        "maps, talks or workshops leaders ran.",
                    ),
                    registers=["processes", "risks"],
                ),
                _item("resources", "e", _RESOURCES),
                _item("communication", "f", _COMMUNICATION),
                _item("intended-results", "g", _RESULTS, registers=["reviews"]),
                _item("engagement", "h", _ENGAGEMENT),
                _item("improvement", "i", _IMPROVEMENT, registers=["reviews"]),
                _item("supporting-roles", "j", _SUPPORT_2015, registers=["roles"]),
            ],
        },
        "review_inputs": {
            "clause": "9.3.2",
            "title": "Management review inputs",
            "items": [
                {**_EARLIER_ACTIONS, "code": "a"},
                {**_ISSUES, "code": "b"},
                *_performance_inputs("c"),
                {**_RESOURCE_ADEQUACY, "code": "d"},
                {
                    "key": "risk-opportunity-actions",
                    "code": "e",
                    "title": "Effectiveness of actions on risks and opportunities",
                    "guidance": "Open risks and opportunities, and whether closed treatments worked.",
                    "section": "risks",
                },
                {**_IMPROVEMENT_INPUT, "code": "f"},
            ],
        },
        "review_results": {
            "clause": "9.3.3",
            "title": "Management review outputs",
            "items": _listed(_RESULT_KINDS),
        },
        "role_assignments": {
            "clause": "5.3",
            "title": "Organizational roles, responsibilities and authorities",
            "items": _listed(
                [
                    _ROLE_CONFORMS,
                    _ROLE_OUTPUTS,
                    (
                        "reporting",
                        "Reporting on performance and improvement opportunities",
                        "Someone reports to top management how the system performs and where it "
                        "could improve.",
                    ),
                    _ROLE_CUSTOMER,
                    _ROLE_INTEGRITY,
                ]
            ),
        },
        "awareness": {
            "clause": "7.3",
            "title": "Awareness",
            "items": _listed(
                [_AWARENESS_POLICY, _AWARENESS_OBJECTIVES, _AWARENESS_CONTRIBUTION, _AWARENESS_NONCONFORMING]
            ),
        },
    },
}

# --- ISO 9001:2026 ------------------------------------------------------------------------------

_CULTURE = (
    "Quality culture and ethical behaviour",
    "Leaders promote a culture in which doing the right thing for quality is normal and ethical "
    "conduct is expected and visible. Evidence: codes of conduct discussed with staff, decisions "
    "that put quality before short-term gain, speak-up channels used and answered.",
)
_PROCESS_APPROACH = (
    "Promoting the process approach",
    "Leaders encourage people to see work as connected processes with owners, inputs and outputs. "
    "Evidence: process maps reviewed with leaders, process owners named and backed.",
)
_RISK_OPPORTUNITY = (
    "Risk-based and opportunity-based thinking",
    "Leaders ask both what could go wrong and what could go better, and act on both in proportion. "
    "Evidence: risk and opportunity reviews, opportunities taken up, workshops leaders ran.",
)
_SUPPORT_2026 = (
    "Supporting other relevant roles",
    "Leaders help the people in other relevant roles show leadership where they are responsible. "
    "Evidence: delegated authorities, mentoring, support given to role holders.",
)

ISO_9001_2026 = {
    "code": "iso-9001-2026",
    "standard": "ISO 9001",
    "year": 2026,
    "name": "ISO 9001:2026",
    "notes": "Published in September 2026. Certificates to the 2015 edition stay valid during the "
    "transition; move to this edition before the transition deadline.",
    "transition_ends_on": "2029-09-30",
    "lists": {
        "leadership": {
            "clause": "5.1.1",
            "title": "Leadership and commitment",
            "items": [
                _item("policy-objectives", "a", _POLICY),
                _item("integration", "b", _INTEGRATION, registers=["processes"]),
                _item("resources", "c", _RESOURCES),
                _item("communication", "d", _COMMUNICATION),
                _item("intended-results", "e", _RESULTS, registers=["reviews"]),
                _item("engagement", "f", _ENGAGEMENT),
                _item("improvement", "g", _IMPROVEMENT, registers=["reviews"]),
                _item("supporting-roles", "h", _SUPPORT_2026, registers=["roles"]),
                _item("culture-ethics", "i", _CULTURE),
                _item("process-approach", "j", _PROCESS_APPROACH, registers=["processes"]),
                _item("risk-opportunity", "k", _RISK_OPPORTUNITY, registers=["risks"]),
                _item("accountability", "l", _ACCOUNTABILITY, registers=["reviews"]),
            ],
        },
        "review_inputs": {
            "clause": "9.3.2",
            "title": "Management review inputs",
            "items": [
                {**_EARLIER_ACTIONS, "code": "a"},
                {**_ISSUES, "code": "b"},
                {
                    "key": "interested-parties",
                    "code": "c",
                    "title": "Changes in the needs and expectations of relevant interested parties",
                    "guidance": "What customers, owners, regulators, staff or neighbours now expect that "
                    "they did not before, and what it means for the system.",
                    "section": "",
                },
                *_performance_inputs("d"),
                {**_RESOURCE_ADEQUACY, "code": "e"},
                {
                    "key": "risk-actions",
                    "code": "f",
                    "title": "Effectiveness of actions on risks",
                    "guidance": "Open risks and whether the treatments already closed worked.",
                    "section": "risks",
                },
                {
                    "key": "opportunity-actions",
                    "code": "g",
                    "title": "Effectiveness of actions on opportunities",
                    "guidance": "Opportunities taken up and what they brought.",
                    "section": "",
                },
                {**_IMPROVEMENT_INPUT, "code": "h"},
            ],
        },
        "review_results": {
            "clause": "9.3.3",
            "title": "Management review results",
            "items": _listed(_RESULT_KINDS),
        },
        "role_assignments": {
            "clause": "5.3",
            "title": "Roles, responsibilities and authorities",
            "items": _listed(
                [
                    _ROLE_CONFORMS,
                    _ROLE_OUTPUTS,
                    (
                        "reporting-performance",
                        "Reporting on the performance of the system",
                        "Someone reports to top management how the quality system performs.",
                    ),
                    (
                        "reporting-improvement",
                        "Reporting on opportunities for improvement",
                        "Someone brings the opportunities for improvement to top management.",
                    ),
                    _ROLE_CUSTOMER,
                    _ROLE_INTEGRITY,
                ]
            ),
        },
        "awareness": {
            "clause": "7.3",
            "title": "Awareness",
            "items": _listed(
                [
                    _AWARENESS_POLICY,
                    _AWARENESS_OBJECTIVES,
                    (
                        "culture-ethics",
                        "Quality culture and ethical behaviour",
                        "People know what the organisation expects of them on quality culture and "
                        "ethical conduct, and where to raise a concern.",
                    ),
                    _AWARENESS_CONTRIBUTION,
                    _AWARENESS_NONCONFORMING,
                ]
            ),
        },
    },
    # How each 2015 item became a 2026 item. A key without a link is carried as "same" when both
    # editions have it; every link is listed here so the crosswalk page shows the whole picture.
    "crosswalk": {
        "from": "iso-9001-2015",
        "leadership": [
            {"from": "accountability", "to": "accountability", "kind": "moved"},
            {"from": "policy-objectives", "to": "policy-objectives", "kind": "moved"},
            {"from": "integration", "to": "integration", "kind": "moved"},
            {"from": "process-risk", "to": ["process-approach", "risk-opportunity"], "kind": "split"},
            {"from": "resources", "to": "resources", "kind": "moved"},
            {"from": "communication", "to": "communication", "kind": "moved"},
            {"from": "intended-results", "to": "intended-results", "kind": "moved"},
            {"from": "engagement", "to": "engagement", "kind": "moved"},
            {"from": "improvement", "to": "improvement", "kind": "moved"},
            {"from": "supporting-roles", "to": "supporting-roles", "kind": "moved"},
            {"to": "culture-ethics", "kind": "new"},
        ],
        "review_inputs": [
            {"from": "earlier-actions", "to": "earlier-actions", "kind": "same"},
            {"from": "issues", "to": "issues", "kind": "same"},
            {"to": "interested-parties", "kind": "new"},
            *(
                {"from": key, "to": key, "kind": "moved"}
                for key, _title, _guidance, _section in _REVIEW_INPUTS_2015_PERFORMANCE
            ),
            {"from": "resource-adequacy", "to": "resource-adequacy", "kind": "moved"},
            {
                "from": "risk-opportunity-actions",
                "to": ["risk-actions", "opportunity-actions"],
                "kind": "split",
            },
            {"from": "improvement-opportunities", "to": "improvement-opportunities", "kind": "moved"},
        ],
        "review_results": [
            {"from": key, "to": key, "kind": "same"} for key, _title, _guidance in _RESULT_KINDS
        ],
        "role_assignments": [
            {"from": "conformity", "to": "conformity", "kind": "same"},
            {"from": "process-outputs", "to": "process-outputs", "kind": "same"},
            {"from": "reporting", "to": ["reporting-performance", "reporting-improvement"], "kind": "split"},
            {"from": "customer-focus", "to": "customer-focus", "kind": "moved"},
            {"from": "integrity-on-change", "to": "integrity-on-change", "kind": "moved"},
        ],
        "awareness": [
            {"from": "policy", "to": "policy", "kind": "same"},
            {"from": "objectives", "to": "objectives", "kind": "same"},
            {"to": "culture-ethics", "kind": "new"},
            {"from": "contribution", "to": "contribution", "kind": "moved"},
            {"from": "nonconforming", "to": "nonconforming", "kind": "moved"},
        ],
    },
}

EDITIONS = [ISO_9001_2015, ISO_9001_2026]
# The edition active on a new installation.
FIRST_ACTIVE = ISO_9001_2015["code"]


def edition_data(code: str) -> dict:
    """A deep copy of a shipped edition (callers may change it freely)."""
    return copy.deepcopy(next(data for data in EDITIONS if data["code"] == code))

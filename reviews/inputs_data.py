"""The inputs a management review must consider (clause 9.3.2), paraphrased in our own words.

Kept as data: a review gets one input row per entry, and preparing a review fills the rows whose
`section` names a data-package builder (reviews/package.py) from live data.
"""

# code, title, what to bring, data-package section (or None: entered by hand)
REVIEW_INPUTS = [
    (
        "a",
        "Actions from earlier reviews",
        "Where each action decided at earlier reviews stands: done, late or still open.",
        "earlier_actions",
    ),
    (
        "b",
        "Changes in external and internal issues",
        "What changed around and inside the organisation that affects the quality system: market, "
        "regulation, ownership, technology, people.",
        None,
    ),
    (
        "c1",
        "Customer satisfaction and feedback",
        "What customers and other interested parties told us: surveys, complaints, praise.",
        None,
    ),
    (
        "c2",
        "How far quality objectives are met",
        "Each objective's latest result against its target and its trend.",
        "objectives",
    ),
    (
        "c3",
        "Process performance and product conformity",
        "How the processes performed and whether products and services met requirements.",
        "processes",
    ),
    (
        "c4",
        "Nonconformities and corrective actions",
        "What went wrong, what was done about it and whether it worked.",
        "findings",
    ),
    (
        "c5",
        "Monitoring and measurement results",
        "Key measurements, including how fresh the leadership evidence is.",
        "evidence_freshness",
    ),
    ("c6", "Audit results", "Findings of internal and external audits since the last review.", None),
    (
        "c7",
        "Performance of external providers",
        "How suppliers and subcontractors performed: delivery, quality, responsiveness.",
        None,
    ),
    ("d", "Adequacy of resources", "Resource requests, what was decided and what was provided.", "resources"),
    (
        "e",
        "Effectiveness of actions on risks and opportunities",
        "Open risks and opportunities, and whether closed treatments worked.",
        "risks",
    ),
    ("f", "Opportunities for improvement", "Improvement ideas and actions under way.", "improvements"),
]

"""The texts of the shipped editions, for the translation catalogues. Generated from
commitments/editions_data.py by `manage.py edition_texts --write` (`make messages` runs it);
do not edit by hand.

The database keeps these texts as loaded (an organisation may correct them from a file); pages
translate them when shown (`{{ text|translated }}`, core.formatting.shipped_text), so a corrected
text shows as written."""

from django.utils.translation import gettext_noop

TEXTS = [
    gettext_noop("The edition in force for certification."),
    gettext_noop("Leadership and commitment"),
    gettext_noop("Accountable for QMS effectiveness"),
    gettext_noop(
        "Leaders answer personally for whether the quality system works: objectives are met, problems are"
        " noticed and acted on. Evidence: reviews of results that leaders chaired, decisions they took "
        "when results fell short."
    ),
    gettext_noop("Policy and objectives exist and fit the strategy"),
    gettext_noop(
        "Leaders make sure there is a quality policy and measurable objectives, and that both match the "
        "organisation's context and where it is heading. Evidence: policy approvals, objective-setting "
        "decisions that cite the strategy."
    ),
    gettext_noop("QMS built into business processes"),
    gettext_noop(
        "Quality requirements are part of how each process normally runs, not a parallel activity revived"
        " before audits. Evidence: process descriptions that carry the requirements, business decisions "
        "that used quality data."
    ),
    gettext_noop("Process approach and risk-based thinking"),
    gettext_noop(
        "Leaders encourage people to see work as connected processes and to ask what could go wrong and "
        "how much it would matter. Evidence: risk reviews, process maps, talks or workshops leaders ran."
    ),
    gettext_noop("Resources are available"),
    gettext_noop(
        "Each process gets the people, equipment, environment and knowledge it needs. Evidence: resource "
        "requests decided by leaders, budgets, hiring or training approvals."
    ),
    gettext_noop("Communicating why quality matters"),
    gettext_noop(
        "Leaders explain, often and in their own voice, why effective quality management and following "
        "the system matter. Evidence: town halls, messages, briefings and their audiences."
    ),
    gettext_noop("The QMS achieves its intended results"),
    gettext_noop(
        "Leaders check that the system delivers what it is meant to, and start improvement when it does "
        "not. Evidence: reviews of results, corrective decisions, follow-up."
    ),
    gettext_noop("Engaging and supporting people"),
    gettext_noop(
        "Leaders involve, direct and support people so they can contribute to the quality system. "
        "Evidence: recognition, suggestion schemes, coaching, team meetings."
    ),
    gettext_noop("Promoting improvement"),
    gettext_noop(
        "Leaders push for analysis, evaluation and action on opportunities to do better. Evidence: "
        "improvement projects sponsored, lessons learned acted on."
    ),
    gettext_noop("Supporting other managers"),
    gettext_noop(
        "Leaders help other managers show leadership in their own areas. Evidence: delegated authorities,"
        " mentoring, support given to role holders."
    ),
    gettext_noop("Management review inputs"),
    gettext_noop("Actions from earlier reviews"),
    gettext_noop("Where each action decided at earlier reviews stands: done, late or still open."),
    gettext_noop("Changes in external and internal issues"),
    gettext_noop(
        "What changed around and inside the organisation that affects the quality system: market, "
        "regulation, ownership, technology, people."
    ),
    gettext_noop("Customer satisfaction and feedback"),
    gettext_noop("What customers and other interested parties told us: surveys, complaints, praise."),
    gettext_noop("How far quality objectives are met"),
    gettext_noop("Each objective's latest result against its target and its trend."),
    gettext_noop("Process performance and product conformity"),
    gettext_noop("How the processes performed and whether products and services met requirements."),
    gettext_noop("Nonconformities and corrective actions"),
    gettext_noop("What went wrong, what was done about it and whether it worked."),
    gettext_noop("Monitoring and measurement results"),
    gettext_noop("Key measurements, including how fresh the leadership evidence is."),
    gettext_noop("Audit results"),
    gettext_noop("Findings of internal and external audits since the last review."),
    gettext_noop("Performance of external providers"),
    gettext_noop("How suppliers and subcontractors performed: delivery, quality, responsiveness."),
    gettext_noop("Adequacy of resources"),
    gettext_noop("Resource requests, what was decided and what was provided."),
    gettext_noop("Effectiveness of actions on risks and opportunities"),
    gettext_noop("Open risks and opportunities, and whether closed treatments worked."),
    gettext_noop("Opportunities for improvement"),
    gettext_noop("Improvement ideas and actions under way."),
    gettext_noop("Management review outputs"),
    gettext_noop("Improvement opportunities"),
    gettext_noop("What the review decided to improve, with owners and dates."),
    gettext_noop("Changes needed to the quality system"),
    gettext_noop("Changes to the policy, processes or documented information the review asked for."),
    gettext_noop("Resource needs"),
    gettext_noop("People, equipment or budget the review decided are needed."),
    gettext_noop("Organizational roles, responsibilities and authorities"),
    gettext_noop("The QMS conforms to the standard"),
    gettext_noop("Someone answers for the system meeting the requirements of the standard."),
    gettext_noop("Processes deliver their intended outputs"),
    gettext_noop("Someone makes sure each process produces what it is meant to."),
    gettext_noop("Reporting on performance and improvement opportunities"),
    gettext_noop("Someone reports to top management how the system performs and where it could improve."),
    gettext_noop("Customer focus is promoted"),
    gettext_noop("Someone keeps customer needs visible across the organisation."),
    gettext_noop("The system stays whole when changes are made"),
    gettext_noop("Someone checks that planned changes do not break the quality system."),
    gettext_noop("Awareness"),
    gettext_noop("The quality policy"),
    gettext_noop("People know the policy in force and what it means for their work."),
    gettext_noop("Relevant quality objectives"),
    gettext_noop("People know the objectives that concern their team and how they are doing."),
    gettext_noop("Their contribution to the quality system"),
    gettext_noop("People see how their work makes the system effective, and what better performance brings."),
    gettext_noop("What happens when requirements are not met"),
    gettext_noop("People understand the consequences of not following the system."),
    gettext_noop(
        "Published in September 2026. Certificates to the 2015 edition stay valid during the transition; "
        "move to this edition before the transition deadline."
    ),
    gettext_noop("Supporting other relevant roles"),
    gettext_noop(
        "Leaders help the people in other relevant roles show leadership where they are responsible. "
        "Evidence: delegated authorities, mentoring, support given to role holders."
    ),
    gettext_noop("Quality culture and ethical behaviour"),
    gettext_noop(
        "Leaders promote a culture in which doing the right thing for quality is normal and ethical "
        "conduct is expected and visible. Evidence: codes of conduct discussed with staff, decisions that"
        " put quality before short-term gain, speak-up channels used and answered."
    ),
    gettext_noop("Promoting the process approach"),
    gettext_noop(
        "Leaders encourage people to see work as connected processes with owners, inputs and outputs. "
        "Evidence: process maps reviewed with leaders, process owners named and backed."
    ),
    gettext_noop("Risk-based and opportunity-based thinking"),
    gettext_noop(
        "Leaders ask both what could go wrong and what could go better, and act on both in proportion. "
        "Evidence: risk and opportunity reviews, opportunities taken up, workshops leaders ran."
    ),
    gettext_noop("Changes in the needs and expectations of relevant interested parties"),
    gettext_noop(
        "What customers, owners, regulators, staff or neighbours now expect that they did not before, and"
        " what it means for the system."
    ),
    gettext_noop("Effectiveness of actions on risks"),
    gettext_noop("Open risks and whether the treatments already closed worked."),
    gettext_noop("Effectiveness of actions on opportunities"),
    gettext_noop("Opportunities taken up and what they brought."),
    gettext_noop("Management review results"),
    gettext_noop("Roles, responsibilities and authorities"),
    gettext_noop("Reporting on the performance of the system"),
    gettext_noop("Someone reports to top management how the quality system performs."),
    gettext_noop("Reporting on opportunities for improvement"),
    gettext_noop("Someone brings the opportunities for improvement to top management."),
    gettext_noop(
        "People know what the organisation expects of them on quality culture and ethical conduct, and "
        "where to raise a concern."
    ),
]

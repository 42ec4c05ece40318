"""The registers that give context to a responsibility, shown on its page (one query)."""

from django import template
from django.urls import reverse

from commitments.models import RegisterLink

register = template.Library()

URL_NAMES = {
    RegisterLink.Register.PROCESSES: "registers:process_list",
    RegisterLink.Register.RISKS: "registers:risk_list",
    RegisterLink.Register.ROLES: "registers:role_list",
    RegisterLink.Register.REVIEWS: "reviews:list",
}
PERMISSIONS = {
    RegisterLink.Register.PROCESSES: "commitments.view_process",
    RegisterLink.Register.RISKS: "commitments.view_risk",
    RegisterLink.Register.ROLES: "commitments.view_managementrole",
    RegisterLink.Register.REVIEWS: "reviews.view_managementreview",
}


@register.inclusion_tag("commitments/_register_links.html", takes_context=True)
def responsibility_registers(context, responsibility) -> dict:
    """Links to the registers mapped to this responsibility that the viewer may read."""
    user = context["request"].user
    links = [
        {"label": link.get_register_display(), "url": reverse(URL_NAMES[link.register])}
        for link in RegisterLink.objects.filter(responsibility=responsibility).order_by("register")
        if user.has_perm(PERMISSIONS[link.register])
    ]
    return {"links": links}

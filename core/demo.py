"""The demo organisation's people: Northwind Precision Components, a mid-sized manufacturer."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import demo_dates  # noqa: F401 - registers the step that dates the demo in the past
from core.demodata import demo_step
from core.models import OrganisationProfile
from qms_leadership.roles import ROLE_KEYS

User = get_user_model()

# username, first name, last name, role key (None: an employee without a role)
PEOPLE = [
    ("ceo", "Helen", "Marsh", "top"),
    ("coo", "David", "Okafor", "top"),
    ("quality", "Priya", "Raman", "quality"),
    ("auditor", "Tomás", "Berg", "auditor"),
    ("operator", "Sam", "Lee", None),
]


@demo_step(order=10)
def seed(*, password: str, people: dict) -> None:
    """Create (or keep) the demo users; fills `people` with them by username."""
    for username, first, last, role in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@northwind.example"},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        if role:
            user.groups.add(Group.objects.get(name=ROLE_KEYS[role]))
        people[username] = user
    if not OrganisationProfile.objects.exists():
        OrganisationProfile.objects.create(
            name="Northwind Precision Components Ltd",
            certification_scope="Design and manufacture of precision machined components for the aerospace, "
            "medical and automotive industries.",
            sites="Unit 4, Riverside Industrial Estate, Northwich\nWarehouse, Gadbrook Park, Northwich",
            updated_by=people.get("ceo"),
        )

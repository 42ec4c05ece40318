"""Write use cases of the report centre: time-limited auditor accounts."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import date_text
from core.history import record_change
from core.models import AccountExpiry
from qms_leadership.roles import AUDITOR

# An external auditor's access covers an audit, not a career.
MAX_ACCESS_DAYS = 92


@transaction.atomic
def auditor_account_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    expires_on: datetime.date,
    by,
) -> AccountExpiry:
    """Create a read-only Auditor account that can be used up to and including `expires_on`."""
    today = timezone.localdate()
    if expires_on < today:
        raise ValidationError({"expires_on": _("The last day of access cannot be in the past.")})
    if expires_on > today + datetime.timedelta(days=MAX_ACCESS_DAYS):
        raise ValidationError(
            {"expires_on": _("Give access for at most %(days)s days.") % {"days": MAX_ACCESS_DAYS}}
        )
    user = get_user_model()(username=username, first_name=first_name, last_name=last_name, email=email)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=AUDITOR))
    expiry = AccountExpiry(user=user, expires_on=expires_on, created_by=by)
    expiry.full_clean()
    record_change(expiry, by=by, reason=f"Time-limited auditor account, last day {date_text(expires_on)}")
    expiry.save()
    return expiry

"""Electronic signatures: the signer types their password again and picks what the signature
means; the record then shows the printed name, date, time and meaning, on its page and in its
PDFs. Services that need a signature (approving the policy, signing off a review, deciding on
resources, confirming attendance) call `sign` inside their own transaction, so a refused
signature leaves the record unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import twofactor
from core.accounts import AccountLocked
from core.formatting import person
from core.forms import LOCKED_MESSAGE, ReauthenticationMixin
from core.models import Signature

Meaning = Signature.Meaning
WRONG_CODE = _("That code is not right, so nothing was signed. Type the code your app shows now.")
NO_SECOND_FACTOR = _(
    "You sign in through your organisation's identity provider, so this site holds no password of "
    "yours to ask. Turn on a second factor on your account page: signing then asks for its code."
)
WRONG_PASSWORD = _("The password is not correct, so nothing was signed. Type the password you sign in with.")


def sign(
    *, record: models.Model, by, password: str, meaning: str, statement: str, allowed: Sequence[str]
) -> Signature:
    """Sign `record` as `by`, meaning `meaning` (one of `allowed`), after checking the password."""
    if meaning not in allowed:
        labels = ", ".join(str(Meaning(m).label).lower() for m in allowed)
        raise ValidationError(
            {"meaning": gettext("Choose what your signature means: %(labels)s.") % {"labels": labels}}
        )
    if not password or not (by.check_password(password) or _holds_code_ticket(by, password)):
        raise ValidationError({"password": WRONG_PASSWORD})
    content_type = ContentType.objects.get_for_model(record)
    if Signature.objects.filter(
        content_type=content_type, object_id=record.pk, signer=by, meaning=meaning
    ).exists():
        raise ValidationError(gettext("You have already signed this record with that meaning."))
    signature = Signature(
        signer=by,
        printed_name=person(by),
        meaning=meaning,
        statement=statement[:300],
        signed_at=timezone.now(),
        content_type=content_type,
        object_id=record.pk,
    )
    signature.full_clean()
    signature.save()
    return signature


# Someone who signs in only through the identity provider has no password here: the form checks
# their second-factor code instead and hands the service this ticket, which only the server mints.
_TICKET_SALT = "core.signatures.code-checked"
_TICKET_SECONDS = 300


def code_checked_ticket(user) -> str:
    """Proof, for `sign`, that this signer (without a local password) just gave a right code."""
    return signing.dumps({"signer": user.pk}, salt=_TICKET_SALT)


def _holds_code_ticket(by, value: str) -> bool:
    if by.has_usable_password():
        return False
    try:
        ticket = signing.loads(value, salt=_TICKET_SALT, max_age=_TICKET_SECONDS)
    except signing.BadSignature:
        return False
    return isinstance(ticket, dict) and ticket.get("signer") == by.pk


def signatures_of(record: models.Model) -> list[Signature]:
    """The signatures on one record, oldest first (one query)."""
    if record is None or record.pk is None:
        return []
    content_type = ContentType.objects.get_for_model(record)
    return list(Signature.objects.filter(content_type=content_type, object_id=record.pk))


def signatures_for(records: Iterable[models.Model]) -> dict[int, list[Signature]]:
    """The signatures on several records of one model, by primary key (one query)."""
    records = list(records)
    if not records:
        return {}
    content_type = ContentType.objects.get_for_model(records[0])
    found: dict[int, list[Signature]] = defaultdict(list)
    for signature in Signature.objects.filter(
        content_type=content_type, object_id__in=[r.pk for r in records]
    ):
        found[signature.object_id].append(signature)
    return found


class SignatureFields(ReauthenticationMixin, forms.Form):
    """The two fields of a signature, for any form that ends with one (mix in before forms.Form).

    Built with the request (`needs_request`), the password is checked under the sign-in attempt
    limit: a wrong one counts as a failed sign-in, and too many lock the signer out. The service
    that signs checks the password again, so a form built without a request signs nothing wrongly.
    A signer with a second factor also types a code (checked here, under the same limit: a code
    works once, so the service cannot check it again). A signer without a local password (signed in
    through the identity provider) types the code only; the service then receives a short-lived
    ticket the server signed instead of a password.
    """

    meaning = forms.ChoiceField(label=_("My signature means"), choices=())
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Typed again to sign: it shows that you, and nobody at your keyboard, signed."),
    )
    # Asked (and then required) when the signer has a second factor: shown in sessions it verified.
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Or one of your recovery codes."),
    )

    meanings: Sequence[str] = (Meaning.APPROVED, Meaning.REVIEWED)
    needs_request = True
    wrong_password_message = WRONG_PASSWORD

    def __init__(self, *args, meanings: Sequence[str] | None = None, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = getattr(request, "user", None)
        if meanings is not None:
            self.meanings = meanings
        self.fields["meaning"].choices = [(m, Meaning(m).label) for m in self.meanings]
        self.fields["meaning"].initial = self.meanings[0]
        self.without_password = self.user is not None and not self.user.has_usable_password()
        if self.without_password:
            self.fields["password"].required = False

    def clean_password(self) -> str:
        if self.request is None:
            return self.cleaned_data.get("password", "")
        if self.without_password:
            return ""
        return self.clean_reauthentication()

    def clean(self):
        cleaned = super().clean()
        # Only once the password is right, and only for a signer who has a second factor.
        if self.request is None or self.errors:
            return cleaned
        if not twofactor.is_on(self.user):
            if self.without_password:
                self.add_error(None, NO_SECOND_FACTOR)
            return cleaned
        try:
            device = twofactor.verify(self.request, self.user, cleaned.get("code", ""))
        except AccountLocked:
            raise ValidationError(LOCKED_MESSAGE, code="locked") from None
        if device is None:
            self.add_error("code", WRONG_CODE)
        elif self.without_password:
            cleaned["password"] = code_checked_ticket(self.user)
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The code is used up here; services that take the cleaned fields never receive it.
        self.cleaned_data.pop("code", None)

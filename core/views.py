"""Health check."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core import health, permissions
from core.forms import AttemptLimitedPasswordChangeForm


@login_not_required
@never_cache
@require_safe
def liveness(request):
    """Liveness: the process answers HTTP. Touches nothing else, so a restart is never caused by a
    database or broker outage."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """Readiness: 200 when the database answers, 503 otherwise. The broker's state is reported to
    signed-in staff but never fails the probe (the app works without it)."""
    database = health.database_state()
    ready = database == "ok"
    body = {"status": "ok" if ready else "unavailable"}
    # Only a database that answers can tell who is signed in (sessions live there).
    if ready and permissions.may_see_system_health(request.user):
        body.update(
            database=database,
            broker=health.broker_state(),
            last_scheduler_heartbeat=health.scheduler_heartbeat(),
            time=timezone.now().isoformat(),
        )
    return JsonResponse(body, status=200 if ready else 503)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; the old password is checked under the sign-in attempt limit."""

    form_class = AttemptLimitedPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

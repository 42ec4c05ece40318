"""The home page."""

from django.utils import timezone
from django.views.generic import TemplateView

from dashboard import selectors


class HomeView(TemplateView):
    """The landing page after login: each role's dashboard (see dashboard.selectors), chosen by permission."""

    template_name = "dashboard/home.html"

    def get_context_data(self, **kwargs):
        board = selectors.dashboard_for(self.request.user, timezone.localdate())
        return super().get_context_data(dashboard=board, **board.parts, **kwargs)

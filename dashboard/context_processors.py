"""The count of what waits for the signed-in person, for the navigation."""

from dashboard.waiting import waiting_for


def waiting(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"waiting": waiting_for(request)}

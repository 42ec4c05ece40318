"""Run the checks over the demo organisation, so its drift shows at once."""

from findings import services


def seed(*, password: str, people: dict) -> None:
    """The demo holds deliberate drift (an orphan objective, an uncovered commitment, a stale and an
    off-track objective, an overdue review action, a review past its interval); scanning now finds it."""
    services.scan(trigger="demo")

"""Run the checks over the demo organisation, so its drift shows at once."""

from core.demodata import demo_step
from findings import services


# Last: run the checks, so a newcomer sees findings on the first start.
@demo_step(order=90)
def seed(*, password: str, people: dict) -> None:
    """The demo holds deliberate drift (an orphan objective, an uncovered commitment, a stale and an
    off-track objective, an overdue review action, a review past its interval); scanning now finds it."""
    services.scan(trigger="demo")

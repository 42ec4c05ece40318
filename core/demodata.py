"""The registry of demo steps: each app's demo module declares what it seeds and when.

`manage.py seed_demo` imports every app's `demo` and `demo_*` modules listed in DEMO_MODULE_NAMES
and runs the registered steps by their order, each with the shared `people` dictionary.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

DemoStep = Callable[..., None]
DEMO_MODULE_NAMES = ("demo", "demo_policy")

_STEPS: dict[str, tuple[int, DemoStep]] = {}


def demo_step(order: int) -> Callable[[DemoStep], DemoStep]:
    """Register `seed(*, password, people)`; lower orders run first (people before what they own)."""

    def register(func: DemoStep) -> DemoStep:
        _STEPS[f"{func.__module__}.{func.__qualname__}"] = (order, func)
        return func

    return register


def demo_steps() -> list[DemoStep]:
    """Every registered step, in order."""
    autodiscover_modules(*DEMO_MODULE_NAMES)
    return [func for _, func in sorted(_STEPS.values(), key=lambda step: step[0])]

"""QMS leadership: ISO 9001 clause 5.1.1 made visible."""

from .celery import app as celery_app

__version__ = "0.1.0"
__all__ = ["celery_app", "__version__"]

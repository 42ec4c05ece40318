import pytest

from tests.identity_provider import start_provider


@pytest.fixture(scope="session")
def _identity_provider_process():
    yield from start_provider()


@pytest.fixture
def identity_provider(_identity_provider_process, settings):
    """The real provider, with the site's QMS_OIDC_* settings pointing at it for this test."""
    for name, value in _identity_provider_process.django_settings().items():
        setattr(settings, name, value)
    _identity_provider_process.people.clear()
    return _identity_provider_process

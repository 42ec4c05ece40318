import pytest

from tests.identity_provider import start_provider


@pytest.fixture(scope="session")
def _identity_provider_process(request):
    # The provider dates its tokens and cookies by the real clock, like a worker in another process;
    # a run with the clock moved (make test-future) would see them all as expired.
    if request.config.getoption("--shift-clock-days"):
        pytest.skip("the identity provider runs on the real clock")
    yield from start_provider()


@pytest.fixture
def identity_provider(_identity_provider_process, settings):
    """The real provider, with the site's QMS_OIDC_* settings pointing at it for this test."""
    for name, value in _identity_provider_process.django_settings().items():
        setattr(settings, name, value)
    _identity_provider_process.people.clear()
    return _identity_provider_process

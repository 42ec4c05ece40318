"""The whole product reads in the person's language: every page the role matrix lists, opened by the
quality manager and by top management who chose German, French or Spanish, shows none of the
product's English sentences that the catalogue translates.

A sentence of the catalogue found in English on a page means a text that escaped translation at
run time: a string formatted before the language was known, a label copied into a row, a template
that shows a text untranslated. (tests/core/test_catalogues.py proves every marked text has its
translation.)
"""

import html
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from core.models import Preference
from tests.test_role_matrix import ROUTES

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL)
# Only sentences: several words, no markup or placeholder a page would have filled in.
SENTENCE = re.compile(r"^[A-Z][a-z]+( [a-z,;:'.()-]+){3,}[.]?$")


def _page_text(content: bytes) -> str:
    return " ".join(html.unescape(TAGS.sub(" ", content.decode())).split())


@cache
def english_sentences(language: str) -> frozenset[str]:
    """The catalogue's English sentences whose translation differs from them."""
    found = set()
    for path in [*ROOT.glob(f"locale/{language}/LC_MESSAGES/django.po"),
                 *ROOT.glob(f"*/locale/{language}/LC_MESSAGES/django.po")]:  # fmt: skip
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.msgid_plural or entry.msgstr == entry.msgid:
                continue
            if SENTENCE.match(entry.msgid):
                found.add(entry.msgid)
    return frozenset(found)


def _readable_routes(role: str):
    return [r for r in ROUTES if r.get.get(role) == 200 and not r.name.startswith(("api:", "healthz"))]


@pytest.mark.parametrize("language", ["de", "fr", "es"])
@pytest.mark.parametrize("role", ["quality", "top"])
def test_every_page_reads_in_the_chosen_language(client, users_by_role, role, language):
    user = users_by_role[role]
    Preference.objects.update_or_create(user=user, defaults={"language": language})
    client.force_login(user)
    sentences = english_sentences(language)
    assert len(sentences) > 200  # the catalogue is read, so the check below has something to find
    left_in_english = {}
    for route in _readable_routes(role):
        url = reverse(route.name, kwargs=route.kwargs(users_by_role) if route.kwargs else None)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        assert response["Content-Language"] == language, url
        text = _page_text(response.content)
        found = sorted(s for s in sentences if s in text)
        if found:
            left_in_english[url] = found[:3]
    report = "\n".join(f"{url}: {found}" for url, found in left_in_english.items())
    assert not left_in_english, f"English left on {len(left_in_english)} pages:\n{report}"

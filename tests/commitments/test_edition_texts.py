"""The shipped editions' texts are in the translation catalogues, and pages show them translated."""

from pathlib import Path

from django.utils import translation

from commitments import edition_texts
from commitments.edition_loader import edition_texts_module, shipped_texts
from commitments.editions_data import EDITIONS
from core.formatting import shipped_text


def test_the_list_of_edition_texts_is_in_step_with_the_shipped_editions():
    """A changed edition text must be listed for makemessages: run `make messages`."""
    assert shipped_texts(EDITIONS) == edition_texts.TEXTS
    assert edition_texts_module(EDITIONS) == Path(edition_texts.__file__).read_text()


def test_every_title_and_guidance_of_the_shipped_editions_is_listed():
    texts = set(edition_texts.TEXTS)
    for edition in EDITIONS:
        for product_list in edition["lists"].values():
            assert product_list["title"] in texts
            for item in product_list["items"]:
                assert item["title"] in texts
                assert not item.get("guidance") or item["guidance"] in texts


def test_a_text_the_organisation_corrected_shows_as_written():
    with translation.override("de"):
        assert shipped_text("Our own wording, loaded from a file") == "Our own wording, loaded from a file"
        assert shipped_text("") == ""

"""The translation catalogues: in step with the source, complete, and with the placeholders kept.

`make messages` writes the catalogues (README "Languages"); translators fill them. These tests fail
when a marked string is not in the committed catalogues, when an entry is untranslated or fuzzy, or
when a translation drops or renames a placeholder (the page would crash or show the wrong value).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if not code.startswith("en")]

PLACEHOLDER = re.compile(r"%\([^)]+\)[#0 +-]*\d*(?:\.\d+)?[sdifr]|%[#0 +-]*\d*(?:\.\d+)?[sdifr]|\{[a-z_]*\}")
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    "var",
    "staticfiles",
    "__pycache__",
    "*.mo",
    ".mypy_cache",
    "test-results",
)


def _catalogues(root: Path) -> dict[str, Path]:
    """The .po files under `root`, by their path relative to it (project and app catalogues)."""
    found = [*root.glob("locale/*/LC_MESSAGES/*.po"), *root.glob("*/locale/*/LC_MESSAGES/*.po")]
    return {str(path.relative_to(root)): path for path in sorted(found)}


def _make_variable(name: str) -> list[str]:
    """A variable of the Makefile, split as the shell would (so the test runs what `make messages` runs)."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    match = re.search(rf"^{name}\s*:?=(.*)$", text, re.MULTILINE)
    assert match, f"the Makefile defines {name}"
    return shlex.split(match.group(1))


def _key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _live(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


requires_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext is not installed (apt package gettext)"
)


@requires_gettext
def test_catalogues_hold_every_string_marked_in_the_source(tmp_path):
    """`make messages` on a copy of the source adds nothing the committed catalogues lack, and finds
    every string they hold: otherwise someone marked or changed a text without updating them."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    for catalogue in _catalogues(copy).values():
        catalogue.unlink()
    command = [sys.executable, "manage.py", "makemessages", *_make_variable("LANGUAGE_FLAGS")]
    command += _make_variable("MESSAGE_IGNORES")
    env = {**os.environ, "DJANGO_SECRET_KEY": "catalogue-test"}
    for domain in ("django", "djangojs"):
        result = subprocess.run([*command, "-d", domain], cwd=copy, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "warning" not in result.stderr.lower(), result.stderr
    fresh, committed = _catalogues(copy), _catalogues(ROOT)
    assert sorted(fresh) == sorted(committed), "run `make messages`: the set of catalogues changed"
    problems = []
    for name, path in fresh.items():
        wanted = {_key(e) for e in _live(path)}
        held = {_key(e) for e in _live(committed[name])}
        problems += [f"{name}: missing {msgid!r}" for _ctx, msgid, _plural in sorted(wanted - held)]
        problems += [
            f"{name}: no longer in the source {msgid!r}" for _ctx, msgid, _plural in sorted(held - wanted)
        ]
    assert not problems, "run `make messages`:\n" + "\n".join(problems[:40])


def test_every_language_has_its_catalogues():
    """Each offered language other than English has the same catalogues as the others."""
    names = _catalogues(ROOT)
    assert names, "no catalogue found: run `make messages`"
    by_language = {
        language: {
            re.sub(r"/locale/[^/]+/", "/locale/*/", f"/{name}") for name in names if f"/{language}/" in name
        }
        for language in LANGUAGES
    }
    first = by_language[LANGUAGES[0]]
    for language, found in by_language.items():
        assert found == first, f"{language} lacks or adds catalogues: {sorted(found ^ first)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogues_are_fully_translated(language):
    """No entry of a catalogue is left untranslated or fuzzy (a fuzzy entry is a guess nobody checked)."""
    problems = []
    for name, path in _catalogues(ROOT).items():
        if f"/{language}/" not in f"/{name}":
            continue
        for entry in _live(path):
            if "fuzzy" in entry.flags:
                problems.append(f"{name}:{entry.linenum} fuzzy: {entry.msgid!r}")
            elif not entry.translated():
                problems.append(f"{name}:{entry.linenum} untranslated: {entry.msgid!r}")
    assert not problems, f"{len(problems)} entries to translate:\n" + "\n".join(problems[:40])


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    """A translation names the same placeholders as its English text ("%(number)s" stays "%(number)s")."""
    problems = []
    for name, path in _catalogues(ROOT).items():
        if f"/{language}/" not in f"/{name}":
            continue
        for entry in _live(path):
            if entry.msgid_plural:
                expected = [_placeholders(entry.msgid), _placeholders(entry.msgid_plural)]
                for form in entry.msgstr_plural.values():
                    if form and _placeholders(form) not in expected:
                        problems.append(f"{name}:{entry.linenum} {entry.msgid!r} -> {form!r}")
            elif entry.msgstr and _placeholders(entry.msgstr) != _placeholders(entry.msgid):
                problems.append(f"{name}:{entry.linenum} {entry.msgid!r} -> {entry.msgstr!r}")
    assert not problems, "placeholders changed:\n" + "\n".join(problems)

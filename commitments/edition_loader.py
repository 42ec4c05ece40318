"""Reads an edition file (YAML or JSON), checks it with errors that name the line, and loads it.

`parse_edition_file()` turns the text into the structure of commitments/editions_data.py, every
item and crosswalk entry carrying the line it came from. `apply_edition()` creates the edition or
corrects it in place: items are matched by key, so a corrected letter or title keeps every record
linked to the item. Nothing is deleted: an item missing from the file is kept and reported.
"""

from __future__ import annotations

import datetime
import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml
from django.utils import timezone

MAX_FILE_BYTES = 1024 * 1024
LIST_KEYS = ("leadership", "review_inputs", "review_results", "role_assignments", "awareness")
CROSSWALK_KINDS = ("same", "moved", "split", "merged", "new")
REGISTERS = ("processes", "risks", "roles", "reviews")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
TOP_KEYS = {"code", "standard", "year", "name", "notes", "transition_ends_on", "lists", "crosswalk"}
ITEM_KEYS = {"key", "code", "title", "guidance", "section", "registers"}


class EditionFileError(Exception):
    """The file cannot be loaded; `errors` lists (line, message) pairs, line counted from 1."""

    def __init__(self, errors: list[tuple[int | None, str]]):
        self.errors = errors
        super().__init__("\n".join(format_error(line, message) for line, message in errors))


def format_error(line: int | None, message: str) -> str:
    return f"line {line}: {message}" if line else message


class _Checker:
    """Walks the YAML node tree, building plain data and collecting errors with their lines."""

    def __init__(self, loader: yaml.SafeLoader):
        self.loader = loader
        self.errors: list[tuple[int | None, str]] = []

    def error(self, node, message: str) -> None:
        self.errors.append((node.start_mark.line + 1 if node is not None else None, message))

    def mapping(self, node, what: str, allowed: set[str] | None = None) -> dict | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of names to values.")
            return None
        result = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if allowed is not None and key not in allowed:
                self.error(
                    key_node, f"unknown field '{key}' in {what} (allowed: {', '.join(sorted(allowed))})."
                )
                continue
            if key in result:
                self.error(key_node, f"'{key}' appears twice in {what}.")
            result[key] = value_node
        return result

    def scalar(self, node, what: str):
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a single value.")
            return None
        return self.loader.construct_object(node)

    def text(self, fields: dict, name: str, what: str, *, required=True, max_length=200, parent=None) -> str:
        node = fields.get(name)
        if node is None:
            if required:
                self.error(parent, f"{what} has no '{name}'.")
            return ""
        value = self.scalar(node, f"'{name}' of {what}")
        if value is None or (required and str(value).strip() == ""):
            if required:
                self.error(node, f"'{name}' of {what} is empty.")
            return ""
        value = str(value).strip()
        if len(value) > max_length:
            self.error(node, f"'{name}' of {what} is longer than {max_length} characters.")
        return value

    def slug(self, fields: dict, name: str, what: str, parent) -> str:
        value = self.text(fields, name, what, max_length=60, parent=parent)
        if value and not SLUG.match(value):
            self.error(
                fields[name], f"'{name}' of {what} must be lower-case letters, digits and dashes: '{value}'."
            )
        return value

    def keys(self, node, what: str) -> list[str]:
        if isinstance(node, yaml.SequenceNode):
            return [str(self.scalar(child, what)) for child in node.value]
        value = self.scalar(node, what)
        return [str(value)] if value is not None else []


def _check_list(checker: _Checker, list_key: str, node) -> dict | None:
    what = f"list '{list_key}'"
    fields = checker.mapping(node, what, {"clause", "title", "items"})
    if fields is None:
        return None
    result = {
        "clause": checker.text(fields, "clause", what, max_length=20, parent=node),
        "title": checker.text(fields, "title", what, parent=node),
        "items": [],
    }
    items = fields.get("items")
    if not isinstance(items, yaml.SequenceNode) or not items.value:
        checker.error(items or node, f"{what} needs 'items': a non-empty list.")
        return result
    seen_keys, seen_codes = {}, {}
    for item_node in items.value:
        item_fields = checker.mapping(item_node, f"an item of {what}", ITEM_KEYS)
        if item_fields is None:
            continue
        key = checker.slug(item_fields, "key", f"an item of {what}", item_node)
        item_what = f"item '{key}' of {what}" if key else f"an item of {what}"
        code = checker.text(item_fields, "code", item_what, max_length=4, parent=item_node)
        item = {
            "key": key,
            "code": code,
            "title": checker.text(item_fields, "title", item_what, parent=item_node),
            "guidance": checker.text(item_fields, "guidance", item_what, required=False, max_length=5000),
            "section": checker.text(item_fields, "section", item_what, required=False, max_length=40),
            "registers": [],
            "_line": item_node.start_mark.line + 1,
        }
        if "registers" in item_fields:
            if list_key != "leadership":
                checker.error(
                    item_fields["registers"], f"only leadership items link to registers ({item_what})."
                )
            item["registers"] = checker.keys(item_fields["registers"], f"'registers' of {item_what}")
            for register in item["registers"]:
                if register not in REGISTERS:
                    checker.error(
                        item_fields["registers"],
                        f"unknown register '{register}' in {item_what} (known: {', '.join(REGISTERS)}).",
                    )
        if key in seen_keys:
            checker.error(item_node, f"key '{key}' is used twice in {what} (first on line {seen_keys[key]}).")
        if code and code in seen_codes:
            checker.error(
                item_node, f"letter '{code}' is used twice in {what} (first on line {seen_codes[code]})."
            )
        seen_keys.setdefault(key, item["_line"])
        seen_codes.setdefault(code, item["_line"])
        result["items"].append(item)
    return result


def _check_crosswalk(checker: _Checker, node, lists: dict) -> dict | None:
    fields = checker.mapping(node, "the crosswalk", {"from", *LIST_KEYS})
    if fields is None:
        return None
    crosswalk = {"from": checker.slug(fields, "from", "the crosswalk", node)}
    for list_key in LIST_KEYS:
        entries = fields.get(list_key)
        if entries is None:
            continue
        if not isinstance(entries, yaml.SequenceNode):
            checker.error(entries, f"the crosswalk of '{list_key}' must be a list of links.")
            continue
        target_keys = {item["key"] for item in (lists.get(list_key) or {}).get("items", [])}
        crosswalk[list_key] = []
        for entry_node in entries.value:
            entry = checker.mapping(entry_node, f"a crosswalk link of '{list_key}'", {"from", "to", "kind"})
            if entry is None:
                continue
            kind = checker.text(entry, "kind", f"a crosswalk link of '{list_key}'", parent=entry_node)
            sources = checker.keys(entry["from"], "'from'") if "from" in entry else []
            targets = checker.keys(entry["to"], "'to'") if "to" in entry else []
            line = entry_node.start_mark.line + 1
            if kind and kind not in CROSSWALK_KINDS:
                checker.error(entry_node, f"unknown kind '{kind}' (known: {', '.join(CROSSWALK_KINDS)}).")
            if not targets:
                checker.error(entry_node, "a crosswalk link needs 'to': the item it leads to.")
            if kind == "new" and sources:
                checker.error(entry_node, "a new item has no 'from'.")
            if kind in ("same", "moved", "split", "merged") and not sources:
                checker.error(entry_node, f"a '{kind}' link needs 'from': the item of the earlier edition.")
            if kind == "split" and len(targets) < 2:
                checker.error(entry_node, "a split leads to two or more items in 'to'.")
            if kind == "merged" and len(sources) < 2:
                checker.error(entry_node, "a merge comes from two or more items in 'from'.")
            if kind in ("same", "moved") and (len(sources) != 1 or len(targets) != 1):
                checker.error(entry_node, f"a '{kind}' link leads from one item to one item.")
            for target in targets:
                if target not in target_keys:
                    checker.error(
                        entry_node, f"'{target}' is not an item of the list '{list_key}' in this file."
                    )
            crosswalk[list_key].append({"from": sources, "to": targets, "kind": kind, "_line": line})
    return crosswalk


def parse_edition_file(content: bytes | str, *, name: str = "edition file") -> dict:
    """The edition described by a YAML or JSON file; raises EditionFileError naming each bad line."""
    if isinstance(content, bytes):
        if len(content) > MAX_FILE_BYTES:
            raise EditionFileError([(None, f"{name} is larger than {MAX_FILE_BYTES // 1024} KB.")])
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise EditionFileError([(None, f"{name} is not UTF-8 text: {error.reason}.")]) from error
    if name.endswith(".json"):
        try:
            json.loads(content)
        except json.JSONDecodeError as error:
            raise EditionFileError([(error.lineno, f"not valid JSON: {error.msg}.")]) from error
    loader = yaml.SafeLoader(content)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise EditionFileError(
            [(mark.line + 1 if mark else None, f"not valid YAML: {error.problem or error.context}.")]
        ) from error
    finally:
        loader.dispose()
    if root is None:
        raise EditionFileError([(None, f"{name} is empty.")])
    checker = _Checker(loader)
    fields = checker.mapping(root, "the edition", TOP_KEYS)
    if fields is None:
        raise EditionFileError(checker.errors)
    data = {
        "code": checker.slug(fields, "code", "the edition", root),
        "standard": checker.text(fields, "standard", "the edition", max_length=60, parent=root),
        "name": checker.text(fields, "name", "the edition", max_length=120, parent=root),
        "notes": checker.text(fields, "notes", "the edition", required=False, max_length=5000),
        "year": None,
        "transition_ends_on": None,
        "lists": {},
    }
    year = checker.scalar(fields["year"], "'year'") if "year" in fields else None
    if not isinstance(year, int) or not 1900 <= year <= 2200:
        checker.error(fields.get("year", root), "'year' must be a year such as 2026.")
    data["year"] = year
    if fields.get("transition_ends_on") is not None:
        deadline = checker.scalar(fields["transition_ends_on"], "'transition_ends_on'")
        if isinstance(deadline, str):
            try:
                deadline = datetime.date.fromisoformat(deadline)
            except ValueError:
                deadline = None
        if not isinstance(deadline, datetime.date):
            checker.error(
                fields["transition_ends_on"], "'transition_ends_on' must be a date such as 2029-09-30."
            )
        data["transition_ends_on"] = deadline
    lists = checker.mapping(fields["lists"], "'lists'", set(LIST_KEYS)) if "lists" in fields else None
    if lists is None or "leadership" not in lists:
        checker.error(fields.get("lists", root), "the edition needs 'lists' with at least 'leadership'.")
    for list_key, node in (lists or {}).items():
        checked = _check_list(checker, list_key, node)
        if checked is not None:
            data["lists"][list_key] = checked
    if "crosswalk" in fields:
        data["crosswalk"] = _check_crosswalk(checker, fields["crosswalk"], data["lists"])
    if checker.errors:
        raise EditionFileError(checker.errors)
    return data


def to_yaml(data: dict) -> str:
    """An edition as the YAML an organisation edits (the shipped editions start from this)."""

    def clean(value):
        if isinstance(value, dict):
            return {
                k: clean(v) for k, v in value.items() if not k.startswith("_") and v not in ("", [], None)
            }
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    return yaml.safe_dump(clean(data), sort_keys=False, allow_unicode=True, width=100)


@dataclass
class LoadReport:
    """What loading an edition did, in counts and sentences."""

    edition_code: str = ""
    created: int = 0
    corrected: int = 0
    unchanged: int = 0
    kept_missing: list[str] = field(default_factory=list)
    crosswalk_links: int = 0


GetModel = Callable[[str], type]


def _history(get_model: GetModel, obj, reason: str, created: bool) -> None:
    """A history row written by hand, for data migrations (their models send no history signals)."""
    historical = get_model(f"Historical{obj._meta.object_name}")
    tracked = {f.attname for f in historical._meta.concrete_fields}
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname in tracked}
    historical.objects.create(
        **values,
        history_date=timezone.now(),
        history_type="+" if created else "~",
        history_change_reason=reason,
    )


def _save(get_model, manual, obj, reason, by) -> None:
    created = obj.pk is None
    obj._change_reason = reason
    obj._history_user = by
    if not manual:
        obj.full_clean(validate_constraints=False)
    obj.save()
    if manual:
        _history(get_model, obj, reason, created)


def apply_edition(
    data: dict, *, get_model: GetModel, by=None, manual_history: bool = False, activate: bool = False
) -> LoadReport:
    """Create or correct one edition from checked data. Callers wrap it in a transaction.

    `manual_history` is for data migrations, whose historical models send no history signals.
    """
    Edition = get_model("Edition")
    report = LoadReport(edition_code=data["code"])
    reason = f"Loaded from the edition data ({data['code']})"
    edition = Edition.objects.filter(code=data["code"]).first()
    list_titles = {key: {"clause": v["clause"], "title": v["title"]} for key, v in data["lists"].items()}
    values = {
        "standard": data["standard"],
        "name": data["name"],
        "year": data["year"],
        "notes": data.get("notes", ""),
        "list_titles": list_titles,
    }
    if data.get("transition_ends_on"):
        deadline = data["transition_ends_on"]
        values["transition_ends_on"] = (
            datetime.date.fromisoformat(deadline) if isinstance(deadline, str) else deadline
        )
    if edition is None:
        edition = Edition(code=data["code"], is_active=activate, **values)
        _save(get_model, manual_history, edition, reason, by)
        report.created += 1
    elif any(getattr(edition, k) != v for k, v in values.items()):
        for name, value in values.items():
            setattr(edition, name, value)
        _save(get_model, manual_history, edition, reason, by)
        report.corrected += 1
    for list_key, entry in data["lists"].items():
        _apply_list(edition, list_key, entry["items"], get_model, manual_history, by, reason, report)
    if data.get("crosswalk"):
        report.crosswalk_links = _apply_crosswalk(edition, data["crosswalk"], get_model, manual_history, by)
    return report


def _apply_list(edition, list_key, items, get_model, manual, by, reason, report) -> None:
    if list_key == "leadership":
        model = get_model("Responsibility")
        existing = {row.key: row for row in model.objects.filter(edition=edition)}
    else:
        model = get_model("Requirement")
        existing = {row.key: row for row in model.objects.filter(edition=edition, list=list_key)}
    wanted_codes = {item["code"] for item in items}
    # Letters may be swapped between items: park the letters that change first (the unique
    # constraint checks every row), then give every item its final letter.
    moving = [
        row for key, row in existing.items() if any(i["key"] == key and i["code"] != row.code for i in items)
    ]
    clashing = [
        row
        for key, row in existing.items()
        if key not in {i["key"] for i in items} and row.code in wanted_codes
    ]
    for n, row in enumerate(moving + clashing, start=1):
        row.code = f"~{n}"
        row.save(update_fields=["code"]) if manual else model.objects.filter(pk=row.pk).update(code=row.code)
    for row in clashing:
        report.kept_missing.append(f"{list_key}: '{row.key}' kept with letter '{row.code}'")
    for order, item in enumerate(items, start=1):
        fields = {
            "code": item["code"],
            "title": item["title"],
            "guidance": item.get("guidance", ""),
            "sort_order": order,
        }
        if list_key != "leadership":
            fields["section"] = item.get("section", "")
        row = existing.get(item["key"])
        if row is None:
            extra = {} if list_key == "leadership" else {"list": list_key}
            row = model(edition=edition, key=item["key"], **extra, **fields)
            _save(get_model, manual, row, reason, by)
            report.created += 1
        elif any(getattr(row, k) != v for k, v in fields.items()) or row in moving:
            for name, value in fields.items():
                setattr(row, name, value)
            _save(get_model, manual, row, f"Corrected from the edition data ({edition.code})", by)
            report.corrected += 1
        else:
            report.unchanged += 1
        if list_key == "leadership":
            _apply_registers(row, item.get("registers", []), get_model, manual, by)
    for key, row in existing.items():
        if key not in {i["key"] for i in items} and row not in clashing:
            report.kept_missing.append(f"{list_key}: '{key}' ({row.code}) is not in the file and was kept")


def _apply_registers(responsibility, registers, get_model, manual, by) -> None:
    RegisterLink = get_model("RegisterLink")
    for register in registers:
        if not RegisterLink.objects.filter(responsibility=responsibility, register=register).exists():
            link = RegisterLink(responsibility=responsibility, register=register)
            _save(get_model, manual, link, "Loaded with the edition data", by)


def _apply_crosswalk(edition, crosswalk, get_model, manual, by) -> int:
    Edition, CrosswalkLink = get_model("Edition"), get_model("CrosswalkLink")
    source = Edition.objects.filter(code=crosswalk["from"]).first()
    if source is None:
        raise EditionFileError(
            [(None, f"the crosswalk starts from '{crosswalk['from']}', which is not loaded.")]
        )
    errors, count = [], 0
    for list_key in LIST_KEYS:
        if list_key not in crosswalk:
            continue
        if list_key == "leadership":
            known = set(
                get_model("Responsibility").objects.filter(edition=source).values_list("key", flat=True)
            )
        else:
            known = set(
                get_model("Requirement")
                .objects.filter(edition=source, list=list_key)
                .values_list("key", flat=True)
            )
        for entry in crosswalk[list_key]:
            for key in entry["from"]:
                if key not in known:
                    errors.append(
                        (entry["_line"], f"'{key}' is not an item of '{list_key}' in {source.code}.")
                    )
            for from_key in entry["from"] or [""]:
                for to_key in entry["to"]:
                    if not CrosswalkLink.objects.filter(
                        from_edition=source,
                        to_edition=edition,
                        list=list_key,
                        from_key=from_key,
                        to_key=to_key,
                    ).exists():
                        link = CrosswalkLink(
                            from_edition=source,
                            to_edition=edition,
                            list=list_key,
                            from_key=from_key,
                            to_key=to_key,
                            kind=entry["kind"],
                        )
                        _save(get_model, manual, link, "Loaded with the crosswalk", by)
                    else:
                        CrosswalkLink.objects.filter(
                            from_edition=source,
                            to_edition=edition,
                            list=list_key,
                            from_key=from_key,
                            to_key=to_key,
                        ).update(kind=entry["kind"])
                    count += 1
    if errors:
        raise EditionFileError(errors)
    return count


def load_shipped_editions(*, get_model: GetModel, manual_history: bool = False, by=None) -> list[LoadReport]:
    """Load (or correct) every edition shipped in commitments/editions_data.py; the first edition
    becomes active when none is."""
    from commitments.editions_data import EDITIONS, FIRST_ACTIVE

    none_active = not get_model("Edition").objects.filter(is_active=True).exists()
    return [
        apply_edition(
            parse_edition_file(to_yaml(data), name=f"{data['code']}.yaml"),
            get_model=get_model,
            manual_history=manual_history,
            by=by,
            activate=none_active and data["code"] == FIRST_ACTIVE,
        )
        for data in EDITIONS
    ]


# The fields of an edition file that people read: translated when shown (commitments/edition_texts.py).
READ_FIELDS = ("notes", "title", "guidance")


def shipped_texts(editions: list[dict]) -> list[str]:
    """Every text people read in the shipped editions (notes, list titles, item titles and guidance),
    once each, in the order the editions give them."""
    found: dict[str, None] = {}

    def collect(value) -> None:
        if isinstance(value, dict):
            for name, inner in value.items():
                if name in READ_FIELDS and isinstance(inner, str) and inner.strip():
                    found.setdefault(inner)
                elif name != "crosswalk":
                    collect(inner)
        elif isinstance(value, list):
            for inner in value:
                collect(inner)

    collect(editions)
    return list(found)


def _quoted(text: str) -> str:
    """A Python string literal in double quotes, as the formatter writes it."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def edition_texts_module(editions: list[dict]) -> str:
    """The source of commitments/edition_texts.py for these editions."""
    lines = [
        '"""The texts of the shipped editions, for the translation catalogues. Generated from',
        "commitments/editions_data.py by `manage.py edition_texts --write` (`make messages` runs it);",
        "do not edit by hand.",
        "",
        "The database keeps these texts as loaded (an organisation may correct them from a file); pages",
        "translate them when shown (`{{ text|translated }}`, core.formatting.shipped_text), so a corrected",
        'text shows as written."""',
        "",
        "from django.utils.translation import gettext_noop",
        "",
        "TEXTS = [",
    ]
    for text in shipped_texts(editions):
        chunks = textwrap.wrap(text, 96, drop_whitespace=False, break_on_hyphens=False) or [text]
        if len(chunks) == 1:
            lines.append(f"    gettext_noop({_quoted(text)}),")
        else:
            lines.append("    gettext_noop(")
            lines.extend(f"        {_quoted(chunk)}" for chunk in chunks)
            lines.append("    ),")
    lines += ["]", ""]
    return "\n".join(lines)

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from commitments.edition_loader import EditionFileError, parse_edition_file, to_yaml
from commitments.editions_data import EDITIONS, edition_data
from commitments.models import CrosswalkLink, Edition, Requirement, Responsibility

pytestmark = pytest.mark.django_db


def test_2015_edition_is_active_with_items_a_to_j():
    edition = Edition.objects.active().get()
    assert edition.name == "ISO 9001:2015"
    assert list(edition.responsibilities.values_list("code", flat=True)) == list("abcdefghij")


def test_2026_edition_has_the_twelve_published_items_in_order():
    edition = Edition.objects.get(code="iso-9001-2026")
    assert edition.standard == "ISO 9001" and edition.year == 2026
    items = dict(edition.responsibilities.values_list("code", "key"))
    assert list(items) == list("abcdefghijkl")
    assert items["a"] == "policy-objectives" and items["i"] == "culture-ethics"
    assert (
        items["j"] == "process-approach"
        and items["k"] == "risk-opportunity"
        and items["l"] == "accountability"
    )
    assert "final draft" not in edition.name


def test_2026_lists_carry_the_corrected_requirements():
    edition = Edition.objects.get(code="iso-9001-2026")
    lists = {
        key: list(edition.requirements.filter(list=key).values_list("title", flat=True))
        for key in ("review_inputs", "review_results", "role_assignments", "awareness")
    }
    assert "Changes in the needs and expectations of relevant interested parties" in lists["review_inputs"]
    assert {"Effectiveness of actions on risks", "Effectiveness of actions on opportunities"} <= set(
        lists["review_inputs"]
    )
    assert edition.list_title("review_results") == "9.3.3 Management review results"
    assert len(lists["role_assignments"]) == 6
    assert "Quality culture and ethical behaviour" in lists["awareness"]


def test_crosswalk_of_the_leadership_items_from_2015_to_2026():
    links = CrosswalkLink.objects.filter(list="leadership", to_edition__code="iso-9001-2026")
    old = dict(Responsibility.objects.filter(edition__code="iso-9001-2015").values_list("key", "code"))
    new = dict(Responsibility.objects.filter(edition__code="iso-9001-2026").values_list("key", "code"))
    pairs = {(old.get(link.from_key, ""), new[link.to_key], link.kind) for link in links}
    assert ("a", "l", "moved") in pairs and ("b", "a", "moved") in pairs
    assert ("d", "j", "split") in pairs and ("d", "k", "split") in pairs
    assert ("", "i", "new") in pairs
    assert {(o, n) for o, n, _ in pairs if o} == {
        ("a", "l"),
        ("b", "a"),
        ("c", "b"),
        ("d", "j"),
        ("d", "k"),
        ("e", "c"),
        ("f", "d"),
        ("g", "e"),
        ("h", "f"),
        ("i", "g"),
        ("j", "h"),
    }


def test_register_lists_the_active_edition_only(client, auditor_user):
    client.force_login(auditor_user)
    page = client.get(reverse("commitments:responsibility_list")).content.decode()
    assert "Accountable for QMS effectiveness" in page
    assert "Quality culture and ethical behaviour" not in page


def test_history_tab_shows_who_changed_a_responsibility(client, auditor_user, quality_user):
    responsibility = Responsibility.objects.of_active_edition().get(code="f")
    responsibility.evidence_cadence_days = 30
    responsibility._history_user = quality_user
    responsibility.save()
    client.force_login(auditor_user)
    page = client.get(reverse("commitments:responsibility_detail", args=[responsibility.pk])).content.decode()
    assert quality_user.get_full_name() in page
    assert "evidence cadence days" in page
    assert "Loaded from the edition data" in page


@pytest.mark.parametrize("data", EDITIONS, ids=lambda d: d["code"])
def test_shipped_editions_pass_the_file_checks(data):
    parsed = parse_edition_file(to_yaml(data), name="x.yaml")
    assert parsed["code"] == data["code"]


MALFORMED = """\
code: iso-9001-2026
standard: ISO 9001
year: 2026
name: ISO 9001:2026
lists:
  leadership:
    clause: "5.1.1"
    title: Leadership and commitment
    items:
      - key: policy-objectives
        code: a
        title: Policy and objectives
      - key: culture-ethics
        code: a
        title: Quality culture
      - key: accountability
        code: l
"""


def test_a_malformed_edition_file_fails_with_messages_naming_the_line(tmp_path):
    with pytest.raises(EditionFileError) as caught:
        parse_edition_file(MALFORMED, name="edition.yaml")
    text = str(caught.value)
    assert "line 13: letter 'a' is used twice in list 'leadership' (first on line 10)" in text
    assert "line 16: item 'accountability' of list 'leadership' has no 'title'" in text
    path = tmp_path / "edition.yaml"
    path.write_text(MALFORMED)
    before = Responsibility.objects.count()
    with pytest.raises(CommandError, match="line 13"):
        call_command("load_edition", str(path), stdout=io.StringIO())
    assert Responsibility.objects.count() == before


def test_a_yaml_syntax_error_and_a_json_syntax_error_name_their_line():
    with pytest.raises(EditionFileError, match=r"line 3: not valid YAML: mapping values are not allowed"):
        parse_edition_file("code: x\nyear: 2026\nname: ISO: 9001: x\n", name="e.yaml")
    with pytest.raises(EditionFileError, match=r"line 2: not valid JSON"):
        parse_edition_file('{"code": "x",\n "year": }\n', name="e.json")


def test_a_crosswalk_link_to_an_unknown_item_names_its_line():
    data = edition_data("iso-9001-2026")
    data["crosswalk"]["leadership"].append({"from": "accountability", "to": "nowhere", "kind": "moved"})
    text = to_yaml(data)
    line = text.splitlines().index(next(x for x in text.splitlines() if "to: nowhere" in x))
    with pytest.raises(EditionFileError) as caught:
        parse_edition_file(text, name="e.yaml")
    assert "'nowhere' is not an item of the list 'leadership'" in str(caught.value)
    assert f"line {line}:" in str(caught.value)


def test_correcting_a_letter_and_title_keeps_every_record_linked(tmp_path, quality_user):
    from tests.commitments.factories import EvidenceFactory

    item = Responsibility.objects.get(edition__code="iso-9001-2026", key="culture-ethics")
    evidence = EvidenceFactory(recorded_by=quality_user)
    evidence.responsibilities.set([item])
    data = edition_data("iso-9001-2026")
    items = data["lists"]["leadership"]["items"]
    by_key = {i["key"]: i for i in items}
    by_key["culture-ethics"]["code"], by_key["process-approach"]["code"] = "j", "i"
    by_key["culture-ethics"]["title"] = "Culture of quality and ethics"
    path = tmp_path / "corrected.json"
    import json

    path.write_text(json.dumps(data, indent=2))
    out = io.StringIO()
    call_command("load_edition", str(path), stdout=out)
    assert "corrected" in out.getvalue()
    item.refresh_from_db()
    assert (item.code, item.title) == ("j", "Culture of quality and ethics")
    assert list(evidence.responsibilities.all()) == [item]
    assert Responsibility.objects.get(edition__code="iso-9001-2026", key="process-approach").code == "i"
    assert item.history.first().history_change_reason.startswith("Corrected from the edition data")


def test_check_mode_changes_nothing(tmp_path):
    data = edition_data("iso-9001-2026")
    data["lists"]["awareness"]["items"][0]["title"] = "Something else"
    path = tmp_path / "e.yaml"
    path.write_text(to_yaml(data))
    out = io.StringIO()
    call_command("load_edition", str(path), "--check", stdout=out)
    assert "would load" in out.getvalue()
    assert Requirement.objects.get(edition__code="iso-9001-2026", list="awareness", key="policy").title == (
        "The quality policy"
    )


def test_template_prints_a_shipped_edition_that_loads_back(tmp_path):
    out = io.StringIO()
    call_command("load_edition", "--template", "iso-9001-2026", stdout=out)
    path = tmp_path / "iso-9001-2026.yaml"
    path.write_text(out.getvalue())
    result = io.StringIO()
    call_command("load_edition", str(path), stdout=result)
    assert "0 new, 0 corrected" in result.getvalue()

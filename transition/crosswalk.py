"""The crosswalk between two editions, read from its data rows and resolved to item ids."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from commitments.models import CrosswalkLink, Edition, ListKey, Requirement, Responsibility


@dataclass
class ListMap:
    """One list's crosswalk: source item id -> target item ids, and what kind each target is."""

    targets: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    sources: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    kinds: dict[int, str] = field(default_factory=dict)
    unmapped: list[int] = field(default_factory=list)

    @property
    def split_targets(self) -> set[int]:
        return {pk for pk, kind in self.kinds.items() if kind == CrosswalkLink.Kind.SPLIT}


def _items(edition: Edition, list_key: str) -> dict[str, int]:
    if list_key == ListKey.LEADERSHIP:
        rows = Responsibility.objects.filter(edition=edition)
    else:
        rows = Requirement.objects.filter(edition=edition, list=list_key)
    return dict(rows.values_list("key", "pk"))


def list_map(from_edition: Edition, to_edition: Edition, list_key: str) -> ListMap:
    """Resolve the crosswalk of one list; a source item without a link is `unmapped`."""
    sources, targets = _items(from_edition, list_key), _items(to_edition, list_key)
    result = ListMap()
    links = CrosswalkLink.objects.filter(from_edition=from_edition, to_edition=to_edition, list=list_key)
    for from_key, to_key, kind in links.values_list("from_key", "to_key", "kind"):
        if to_key not in targets:
            continue
        target = targets[to_key]
        result.kinds[target] = kind
        if from_key and from_key in sources:
            result.targets[sources[from_key]].append(target)
            result.sources[target].append(sources[from_key])
    result.unmapped = [pk for key, pk in sources.items() if pk not in result.targets]
    return result


def has_crosswalk(from_edition: Edition, to_edition: Edition) -> bool:
    return CrosswalkLink.objects.filter(from_edition=from_edition, to_edition=to_edition).exists()


def crosswalk_table(from_edition: Edition, to_edition: Edition) -> list[dict]:
    """Every link for the crosswalk page: list, source item, target item, kind (two queries per list)."""
    rows = []
    for list_key, label in ListKey.choices:
        if list_key == ListKey.LEADERSHIP:
            old = {r.key: r for r in Responsibility.objects.filter(edition=from_edition)}
            new = {r.key: r for r in Responsibility.objects.filter(edition=to_edition)}
        else:
            old = {r.key: r for r in Requirement.objects.filter(edition=from_edition, list=list_key)}
            new = {r.key: r for r in Requirement.objects.filter(edition=to_edition, list=list_key)}
        links = CrosswalkLink.objects.filter(from_edition=from_edition, to_edition=to_edition, list=list_key)
        for link in links.order_by("pk"):
            rows.append(
                {
                    "list": to_edition.list_title(list_key) or label,
                    "source": old.get(link.from_key),
                    "target": new.get(link.to_key),
                    "kind": link.get_kind_display(),
                    "kind_code": link.kind,
                }
            )
    return rows

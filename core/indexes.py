"""The indexes a list page of core/lists.py needs, declared in each model's Meta.indexes."""

from django.db.models import Expression, F, Index, Q


def sort_index(name: str, *columns: str | Expression) -> Index:
    """The index one Sort needs: its columns, then the id as the unique tie-break."""
    return Index(*[F(c) if isinstance(c, str) else c for c in columns], F("id"), name=name)


def archived_index(name: str) -> Index:
    """A small partial index over the archived rows only, so `?archived=only` reads just those."""
    return Index(fields=["archived_at"], condition=Q(archived_at__isnull=False), name=name)

"""Cursor pages for the API: the same seek as the list pages (core.lists), on plain columns.

The cursor holds the sort values of the last row of a page and the id as the unique tie-break, so
a page is "the rows after it" whatever was added or removed meanwhile, and the ten-thousandth page
costs what the first does. Plain columns (not annotations) keep it working on rows read from the
history tables (`?as_of=`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from core.lists import decode_cursor, encode_cursor, seek

MAX_PAGE_SIZE = 200


class KeysetPagination(BasePagination):
    """`?cursor=` from the previous page's `next`, `?page_size=` up to 200 (50 by default)."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = 50

    def _size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param, "")
        if not raw:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("A whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE}
                    ]
                }
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        columns = [*view.ordering, "id"]
        descending = view.descending
        size = self._size(request)
        raw = request.query_params.get(self.cursor_query_param, "")
        if raw:
            values = decode_cursor(raw, len(columns))
            if values is None:
                raise ValidationError(
                    {self.cursor_query_param: [_("This cursor is damaged or out of date.")]}
                )
            queryset = queryset.filter(seek(columns, descending, values))
        order = [f"-{name}" if descending else name for name in columns]
        window = list(queryset.order_by(*order)[: size + 1])
        self.rows = window[:size]
        self.request = request
        self.next_cursor = (
            encode_cursor([getattr(self.rows[-1], name) for name in columns]) if len(window) > size else ""
        )
        return self.rows

    def get_next_link(self) -> str | None:
        if not self.next_cursor:
            return None
        return replace_query_param(
            self.request.build_absolute_uri(), self.cursor_query_param, self.next_cursor
        )

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(_("The position: the cursor in the previous page's next link.")),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Rows per page, from 1 to 200 (50 by default).")),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]

"""Keyset ("cursor") pagination that keeps its place in any ordering, NULLs included.

Every list is ordered by the fields the caller chose (or the resource's default) and then by id,
so that each row has one place. A cursor holds the ordering values of the row it starts after;
the next page is the rows that sort after it, found by a WHERE clause rather than an OFFSET, so
deep pages cost what the first page costs and a record added meanwhile never shifts a page.
DRF's CursorPagination compares the first ordering field only and breaks on NULL dates.
"""

import base64
import binascii
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 1000
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class OrderingKey:
    field: str
    descending: bool

    def expression(self, reverse: bool = False):
        # NULLs last in either direction (undated records at the end), the same on every database.
        descending = self.descending != reverse
        column = F(self.field)
        if reverse:
            return column.desc(nulls_first=True) if descending else column.asc(nulls_first=True)
        return column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)


def parse_ordering(fields: list[str]) -> list[OrderingKey]:
    keys = [OrderingKey(field.lstrip("-"), field.startswith("-")) for field in fields]
    if not any(key.field in ("pk", "id") for key in keys):
        keys.append(OrderingKey("pk", False))
    return keys


def after(keys: list[OrderingKey], values: list, reverse: bool = False) -> Q:
    """Rows that sort strictly after the row with these values (before it, when reverse)."""
    key, value, rest = keys[0], values[0], keys[1:]
    descending = key.descending != reverse
    nulls_last = not reverse
    beyond = f"{key.field}__{'lt' if descending else 'gt'}"
    null = Q(**{f"{key.field}__isnull": True})
    tie = Q(**{key.field: value}) if value is not None else null
    following = after(rest, values[1:], reverse) if rest else None
    if value is None:
        strictly = Q(pk__in=[]) if nulls_last else ~null
    else:
        strictly = Q(**{beyond: value}) | null if nulls_last else Q(**{beyond: value})
    return strictly | (tie & following) if following is not None else strictly


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = 50

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list:
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.page_size = self._page_size(request)
        self.keys = parse_ordering(view.ordering_fields_for(request))
        position = self._decode_cursor(request, queryset)
        reverse = bool(position and position["reverse"])
        if position:
            queryset = queryset.filter(after(self.keys, position["values"], reverse))
        queryset = queryset.order_by(*(key.expression(reverse) for key in self.keys))
        rows = list(queryset[: self.page_size + 1])
        has_more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if reverse:
            rows.reverse()
        self.next_values = self._values(rows[-1]) if rows and (has_more or reverse) else None
        self.previous_values = (
            self._values(rows[0]) if rows and position and (has_more or not reverse) else None
        )
        return rows

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_next_link(self) -> str | None:
        return self._link(self.next_values, reverse=False)

    def get_previous_link(self) -> str | None:
        return self._link(self.previous_values, reverse=True)

    def get_html_context(self) -> dict:
        return {"previous_url": self.get_previous_link(), "next_url": self.get_next_link()}

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last page."},
                "previous": {**link, "description": "The previous page, or null on the first page."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "Opaque position of a page: follow the `next` and `previous` links.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Records per page, 1 to {MAX_PAGE_SIZE} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {self.page_size_query_param: f"Give a whole number from 1 to {MAX_PAGE_SIZE}."}
            )
        return int(raw)

    @staticmethod
    def _parse_value(model, key: OrderingKey, value):
        if value is None:
            return None
        field = model._meta.pk if key.field in ("pk", "id") else model._meta.get_field(key.field)
        parsed = field.to_python(value)
        if isinstance(parsed, int) and not -MAX_ID <= parsed <= MAX_ID:
            raise ValueError("out of range")
        if isinstance(parsed, str) and "\x00" in parsed:
            raise ValueError("NUL character")
        return parsed

    def _values(self, row) -> list:
        return [getattr(row, key.field) for key in self.keys]

    def _link(self, values: list | None, *, reverse: bool) -> str | None:
        if values is None:
            return None
        encoded = json.dumps({"v": [None if v is None else str(v) for v in values], "r": reverse})
        cursor = base64.urlsafe_b64encode(encoded.encode()).decode()
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def _decode_cursor(self, request, queryset: QuerySet) -> dict | None:
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None
        invalid = ValidationError(
            {self.cursor_query_param: "Invalid cursor: follow the next and previous links."}
        )
        try:
            position = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")))
            values, reverse = position["v"], position["r"]
        except (ValueError, KeyError, TypeError, UnicodeEncodeError, binascii.Error):
            raise invalid from None
        if not isinstance(values, list) or len(values) != len(self.keys) or not isinstance(reverse, bool):
            raise invalid
        try:
            parsed = [
                self._parse_value(queryset.model, key, value)
                for key, value in zip(self.keys, values, strict=True)
            ]
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            raise invalid from None
        if parsed[-1] is None:
            raise invalid
        return {"values": parsed, "reverse": reverse}


def first_page_url(url: str) -> str:
    return remove_query_param(url, KeysetPagination.cursor_query_param)

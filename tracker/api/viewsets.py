"""The viewset every resource derives from: visibility, strict parameters, formats, safe writes.

A resource declares `visible(user)` (its records the caller may see, from tracker.api.visibility),
its serializers (full and brief), its prefetches, its filterset, its ordering fields and its
CSV columns; everything else is here, so that all resources behave alike.
"""

from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import islice

from django import forms
from django.db import transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.http import Http404, StreamingHttpResponse
from django.utils.text import slugify
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, status, viewsets
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from tracker.api.filters import MAX_ID, StrictOrderingFilter, parse_bool, requested_ordering
from tracker.api.pagination import KeysetPagination
from tracker.api.renderers import EXPORT_FORMATS, Column, CSVRenderer, csv_lines

# Parameters every list takes besides its filters; a record's page takes these two only.
LIST_PARAMETERS = {"ordering", "cursor", "page_size", "format", "brief"}
RECORD_PARAMETERS = {"format", "brief"}
EXPORT_CHUNK = 500


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This record is still referred to by other records; remove those links first."
    default_code = "conflict"


def check_parameters(request, allowed: set[str]) -> None:
    """A 400 naming any parameter the resource does not take, or any value with a NUL in it."""
    errors = {}
    for name, values in request.query_params.lists():
        if name not in allowed:
            errors[name] = [f"Unknown parameter. This resource takes: {', '.join(sorted(allowed))}."]
        elif any("\x00" in value for value in values):
            errors[name] = ["The value contains a NUL character."]
    if errors:
        raise exceptions.ValidationError(errors)


class JSONErrorsMixin:
    """Errors are JSON whatever format was asked for: a CSV of one error message helps nobody."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            if getattr(response.accepted_renderer, "format", None) in EXPORT_FORMATS:
                response.accepted_renderer = JSONRenderer()
                response.accepted_media_type = JSONRenderer.media_type
        return response


class RecordViewSet(JSONErrorsMixin, viewsets.ModelViewSet):
    # Any id reaches the view, which answers 404 in JSON for one that cannot exist.
    lookup_value_regex = "[^/]+"
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    pagination_class = KeysetPagination

    serializer_class = None
    brief_serializer_class = None
    csv_columns: list[Column] = []
    ordering: tuple[str, ...] = ()
    ordering_fields: tuple[str, ...] = ()

    def visible(self, user) -> QuerySet:
        raise NotImplementedError

    def prefetch(self, queryset: QuerySet, *, brief: bool) -> QuerySet:
        """Load what the serializer nests, so that a list costs the same queries at any length."""
        return queryset

    def nest(self, records: list) -> None:
        """Load, for a chunk of exported records, what the serializer reads as rows rather than
        through `prefetch` (its `nest()`, which it also calls for the pages it shows)."""
        serializer = self.serializer_class(context=self.get_serializer_context())
        if hasattr(serializer, "nest"):
            serializer.nest(records)

    # --- reading ---

    def get_queryset(self) -> QuerySet:
        return self.prefetch(self.visible(self.request.user), brief=self.brief and not self.exporting)

    def get_serializer_class(self):
        return (
            self.brief_serializer_class
            if self.brief and self.action in ("list", "retrieve")
            else self.serializer_class
        )

    def get_object(self):
        # Ids that are not whole numbers in range are records that do not exist (and, on
        # SQLite, would overflow: a 500).
        pk = self.kwargs.get(self.lookup_field, "")
        if not pk.isdigit() or not 1 <= int(pk) <= MAX_ID:
            raise exceptions.NotFound()
        return super().get_object()

    @cached_property
    def brief(self) -> bool:
        raw = self.request.query_params.get("brief")
        if raw in (None, ""):
            return False
        try:
            return parse_bool(raw)
        except forms.ValidationError:
            raise exceptions.ValidationError(
                {"brief": ["Give brief=1 for the compact form, or leave it out."]}
            ) from None

    @property
    def exporting(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) in EXPORT_FORMATS

    def ordering_fields_for(self, request) -> list[str]:
        return requested_ordering(request, self)

    def list(self, request, *args, **kwargs) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        if self.exporting:
            return self.export(queryset)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs) -> Response:
        record = self.get_object()
        if self.exporting:
            return self.export([record])
        return Response(self.get_serializer(record).data)

    def export(self, records) -> StreamingHttpResponse:
        renderer = self.request.accepted_renderer
        if isinstance(records, QuerySet):
            # Chunks keep memory flat; each chunk runs the prefetches once.
            records = records.iterator(chunk_size=EXPORT_CHUNK)
        records = self.nested_chunks(records)
        lines = self.export_lines(
            renderer.format, records, {"request": self.request, "user": self.request.user}
        )
        response = StreamingHttpResponse(lines, content_type=f"{renderer.media_type}; charset=utf-8")
        name = slugify(self.basename) + ("-" + self.kwargs["pk"] if "pk" in self.kwargs else "")
        response["Content-Disposition"] = f'attachment; filename="{name}.{renderer.format}"'
        return response

    def nested_chunks(self, records: Iterable) -> Iterator:
        records = iter(records)
        while chunk := list(islice(records, EXPORT_CHUNK)):
            self.nest(chunk)
            yield from chunk

    def export_lines(self, export_format: str, records, context: dict):
        return csv_lines(records, self.csv_columns, context)

    # --- parameters, formats and errors ---

    def perform_content_negotiation(self, request, force: bool = False):
        try:
            return super().perform_content_negotiation(request, force)
        except (Http404, exceptions.NotFound):
            # An unknown ?format= is DRF's 404; a 400 naming the parameter says more. It is
            # raised after authentication (see initial), so that anonymous callers get their 401.
            self._format_error = exceptions.ValidationError(
                {"format": [f"Unknown format; this resource offers: {', '.join(self.format_names())}."]}
            )
            return (JSONRenderer(), JSONRenderer.media_type)

    def format_names(self) -> "list[str]":
        return [renderer.format for renderer in self.get_renderers() if renderer.format != "api"]

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if getattr(self, "_format_error", None):
            raise self._format_error
        if self.action == "list":
            filterset = self.filterset_class
            check_parameters(request, LIST_PARAMETERS | set(filterset.base_filters if filterset else ()))
        else:
            check_parameters(request, RECORD_PARAMETERS)
        self.brief  # noqa: B018 -- validates ?brief= before any work

    # --- writing: one transaction each; a record still in use is a 409 ---

    def create(self, request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        data = self.reread(serializer.instance)
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})

    def update(self, request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(
            self.get_object(), data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self.reread(serializer.instance))

    def reread(self, record) -> dict:
        """The record as the caller now sees it, through the same visibility and prefetches as a read."""
        fresh = self.get_queryset().filter(pk=record.pk).first()
        return self.get_serializer(fresh if fresh is not None else record).data

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer) -> None:
        with transaction.atomic():
            serializer.save()

    def perform_destroy(self, record) -> None:
        try:
            with transaction.atomic():
                record.delete()
        except (ProtectedError, RestrictedError):
            raise Conflict() from None

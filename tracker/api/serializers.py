"""Serializer parts every resource shares: links to related records, vocabulary terms, and
validation that runs the model's own full_clean(), as the admin does.
"""

from collections.abc import Callable
from copy import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers
from rest_framework.settings import api_settings

from incidents.models import Term
from tracker.api.filters import MAX_ID
from tracker.api.prefetch import RelatedManyMixin
from tracker.api.renderers import Column

LINK_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "url": {"type": "string", "format": "uri", "nullable": True},
        "display": {"type": "string"},
    },
    "required": ["id", "url", "display"],
}
TERM_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "Stable vocabulary code."},
        "label": {"type": "string"},
    },
    "required": ["code", "label"],
}
_PLACEHOLDER = 987654321987


def record_url(request, view_name: str, pk: int) -> str:
    """The absolute API address of a record; one reverse() per resource and request, not per row."""
    templates = request.__dict__.setdefault("_tracker_url_templates", {})
    if view_name not in templates:
        templates[view_name] = request.build_absolute_uri(reverse(view_name, kwargs={"pk": _PLACEHOLDER}))
    return templates[view_name].replace(str(_PLACEHOLDER), str(pk))


def link(request, view_name: str | None, pk: int, display: str) -> dict:
    """A related record as the API shows it: its id, its address (None where it has no page of
    its own) and its display text."""
    return {"id": pk, "url": record_url(request, view_name, pk) if view_name else None, "display": display}


def record_link(request, view_name: str | None, record: Model) -> dict:
    """link() for a record. A victim's display is its str(): the pseudonym, never a name."""
    return link(request, view_name, record.pk, str(record))


def record_columns(noun: str, view_name: str) -> list[Column]:
    """The first two CSV columns of every resource: the record's id and its API address."""
    return [
        Column("id", f"The {noun}'s id.", lambda record, context: record.pk),
        Column(
            "url",
            "Its address in the API.",
            lambda record, context: record_url(context["request"], view_name, record.pk),
        ),
    ]


class SelfLink(serializers.Field):
    """The record's own API address (HyperlinkedIdentityField without a reverse() per row)."""

    def __init__(self, view_name: str, **kwargs) -> None:
        self.view_name = view_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record: Model) -> str:
        return record_url(self.context["request"], self.view_name, record.pk)


class SelfLinkExtension(OpenApiSerializerFieldExtension):
    target_class = "tracker.api.serializers.SelfLink"

    def map_serializer_field(self, auto_schema, direction: str) -> dict:
        return {"type": "string", "format": "uri"}


class RecordLink(RelatedManyMixin, serializers.RelatedField):
    """A related record, read as {id, url, display} and written as its id.

    `visible(user)` gives the records the caller may link to; any other id is "not found",
    exactly as for an id that does not exist. `display` never shows a victim's name: a
    victim's str() is its pseudonym.
    """

    default_error_messages = {
        "not_found": "No {noun} with id {value}.",
        "invalid": "Give the {noun}'s id (a positive whole number).",
    }

    def __init__(
        self,
        *,
        view_name: str | None,
        visible: Callable | None = None,
        noun: str = "record",
        display: Callable[[Model], str] = str,
        **kwargs,
    ) -> None:
        self.view_name, self.visible, self.noun, self.display = view_name, visible, noun, display
        kwargs.setdefault("style", {"base_template": "input.html"})
        if visible is None:
            kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        return self.visible(self.context["request"].user)

    def to_representation(self, record: Model) -> dict:
        link = record_link(self.context["request"], self.view_name, record)
        if self.display is not str:
            link["display"] = self.display(record)
        return link

    def to_internal_value(self, data) -> Model:
        value = data.get("id") if isinstance(data, dict) else data
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
            self.fail("invalid", noun=self.noun)
        record = self.get_queryset().filter(pk=value).first()
        if record is None:
            self.fail("not_found", noun=self.noun, value=value)
        return record

    def get_choices(self, cutoff=None) -> dict:
        # The browsable API's forms take an id typed in, never a list of every record.
        return {}


class TermField(RelatedManyMixin, serializers.RelatedField):
    """A vocabulary term, read as {code, label} and written as its code."""

    default_error_messages = {
        "unknown": "{value!r} is not an active code of the {vocabulary} vocabulary (see /api/v1/terms/).",
        "invalid": "Give the term's code as a string.",
    }

    def __init__(self, *, vocabulary: str, **kwargs) -> None:
        self.vocabulary = vocabulary
        kwargs.setdefault("style", {"base_template": "input.html"})
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        return Term.objects.filter(vocabulary=self.vocabulary, is_active=True)

    def to_representation(self, term: Term) -> dict:
        return {"code": term.code, "label": term.label}

    def to_internal_value(self, data) -> Term:
        code = data.get("code") if isinstance(data, dict) else data
        if not isinstance(code, str):
            self.fail("invalid")
        term = self.get_queryset().filter(code=code).first()
        if term is None:
            self.fail("unknown", value=code, vocabulary=self.vocabulary)
        return term

    def get_choices(self, cutoff=None) -> dict:
        return {}


class RecordLinkExtension(OpenApiSerializerFieldExtension):
    target_class = RecordLink

    def map_serializer_field(self, auto_schema, direction: str) -> dict:
        if direction == "request":
            return {"type": "integer", "minimum": 1, "description": f"The {self.target.noun}'s id."}
        return LINK_SCHEMA


class TermFieldExtension(OpenApiSerializerFieldExtension):
    target_class = TermField

    def map_serializer_field(self, auto_schema, direction: str) -> dict:
        if direction == "request":
            return {"type": "string", "description": f"A code of the {self.target.vocabulary} vocabulary."}
        return TERM_SCHEMA


class LinkSerializer(serializers.Serializer):
    """The brief form of any record, for pick-lists (`?brief=1`) and links."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    display = serializers.SerializerMethodField()

    view_name = ""

    def get_url(self, record: Model) -> str:
        return record_url(self.context["request"], self.view_name, record.pk)

    def get_display(self, record: Model) -> str:
        return str(record)


class ValidatedModelSerializer(serializers.ModelSerializer):
    """Runs the model's full_clean() on every write, so the API refuses what the admin refuses.

    DRF validates field by field only; model rules (an end date before the start date, a
    count without its qualifier, an unknown ISO code) live in Model.clean() and constraints.
    """

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        model = self.Meta.model
        record = copy(self.instance) if self.instance is not None else model()
        concrete = {field.name for field in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(record, name, value)
        try:
            record.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(self._as_api_errors(error)) from None
        return attrs

    def _as_api_errors(self, error: DjangoValidationError) -> dict:
        names = {field.source: name for name, field in self.fields.items()}
        errors: dict[str, list[str]] = {}
        for field, messages in error.message_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else names.get(field, field)
            errors.setdefault(key, []).extend(messages)
        return errors

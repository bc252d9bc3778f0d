"""What every resource's filters share: strict parsing, dates read at their precision, ordering.

Every parameter is checked: a value that is malformed, unknown (a vocabulary code, an id, a
country) or out of range is a 400 naming the parameter, never an empty list or a 500. So is a
parameter that the resource does not know, so that a typo does not pass for "no filter".
"""

import calendar
import math
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta

import django_filters
import pycountry
from django import forms
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from incidents import places
from incidents.choices import DatePrecision
from incidents.models import Term
from tracker.api.pagination import MAX_ID, parse_ordering

# How far an approximate date may be off, either way.
APPROXIMATE_SLACK = timedelta(days=90)
# Ids beyond this would overflow the databases' 64-bit integers (a 500 on SQLite).
MAX_VALUES = 100

Parser = Callable[[str], object]


# --- Parsing one value -------------------------------------------------------------------------


def invalid(message: str) -> forms.ValidationError:
    # django-filter %-formats messages: a '%' in the echoed value must not be read as a directive.
    return forms.ValidationError(message.replace("%", "%%"))


def parse_id(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        raise invalid(f"{value!r} is not an id (a positive whole number).")
    return int(value)


def parse_day(value: str) -> date:
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise invalid(f"{value!r} is not a date: give YYYY-MM-DD.")
    return parsed


def parse_moment(value: str) -> datetime:
    """An ISO 8601 date-time (or a date, meaning its midnight), in UTC unless it says otherwise."""
    try:
        parsed = parse_datetime(value)
        if parsed is None and parse_date(value) is not None:
            parsed = datetime.combine(parse_date(value), datetime.min.time())
    except ValueError:
        parsed = None
    if parsed is None:
        raise invalid(f"{value!r} is not a date-time: give ISO 8601, e.g. 2024-05-01T12:00:00Z.")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        # In UTC: PostgreSQL refuses offsets beyond ±15:59 that Python accepts.
        return parsed.astimezone(UTC)
    except OverflowError:
        raise invalid(f"{value!r} is out of range.") from None


def parse_bool(value: str) -> bool:
    lowered = value.lower()
    if lowered in ("1", "true", "yes"):
        return True
    if lowered in ("0", "false", "no"):
        return False
    raise invalid(f"{value!r} is not a boolean: give true or false.")


def parse_country(value: str) -> str:
    code = value.upper()
    if len(code) != 2 or not places.country_name(code):
        raise invalid(f"{value!r} is not an ISO 3166-1 alpha-2 country code.")
    return code


def parse_region(value: str) -> str:
    code = value.upper()
    if "-" not in code or len(code) > 10 or not places.region_name(code):
        raise invalid(f"{value!r} is not an ISO 3166-2 subdivision code, e.g. RU-CE.")
    return code


def parse_language(value: str) -> str:
    code = value.lower()
    if len(code) != 2 or pycountry.languages.get(alpha_2=code) is None:
        raise invalid(f"{value!r} is not an ISO 639-1 language code, e.g. en.")
    return code


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """min_lon,min_lat,max_lon,max_lat (WGS 84, as GeoJSON orders them)."""
    usage = "Give min_lon,min_lat,max_lon,max_lat in degrees, e.g. 39.5,42.5,47.5,44.5."
    parts = value.split(",")
    if len(parts) != 4:
        raise invalid(usage)
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        raise invalid(usage) from None
    min_lon, min_lat, max_lon, max_lat = numbers
    if not all(math.isfinite(n) for n in numbers):
        raise invalid(usage)
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise invalid("Longitudes must be within ±180 and latitudes within ±90, south to north.")
    return min_lon, min_lat, max_lon, max_lat


def choice_parser(choices: Iterable[str]) -> Parser:
    allowed = list(choices)

    def parse(value: str) -> str:
        if value not in allowed:
            raise invalid(f"{value!r} is not one of: {', '.join(allowed)}.")
        return value

    return parse


def text_parser(max_length: int = 200) -> Parser:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise invalid(f"Give at most {max_length} characters.")
        return value

    return parse


# --- Filters built on those parsers -------------------------------------------------------------


class ValueListWidget(forms.TextInput):
    """Several values, repeated (`?country=RU&country=UA`) or comma-separated (`?country=RU,UA`)."""

    def value_from_datadict(self, data, files, name: str) -> list[str] | None:
        raw = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        items = [item.strip() for value in raw if value for item in value.split(",") if item.strip()]
        return items or None

    def format_value(self, value) -> str | None:
        return ",".join(value) if isinstance(value, list) else value


class ParsedField(forms.Field):
    def __init__(self, *, parse: Parser, many: bool, **kwargs) -> None:
        self.parse, self.many = parse, many
        if many:
            kwargs.setdefault("widget", ValueListWidget)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, "", []):
            return None
        if not self.many:
            return self.parse(value.strip())
        if len(value) > MAX_VALUES:
            raise invalid(f"Give at most {MAX_VALUES} values.")
        errors, parsed = [], []
        for item in value:
            try:
                parsed.append(self.parse(item))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(parsed))


class ParsedFilter(django_filters.Filter):
    """A filter whose value goes through `parse` (one value, or a list when many=True).

    The filtering itself is the filterset method named by `method`; it receives parsed values.
    """

    field_class = ParsedField

    def __init__(self, *, parse: Parser, many: bool = False, **kwargs) -> None:
        super().__init__(parse=parse, many=many, **kwargs)


def documented(item_type: str, description: str, *, many: bool = False, enum: list | None = None, **extra):
    """Schema and description for a ParsedFilter, for drf-spectacular."""
    schema = {"type": item_type, **extra}
    if enum:
        schema["enum"] = enum
    if many:
        schema = {"type": "array", "items": schema}
    return extend_schema_field({**schema, "description": description})


def listed(parse: Parser, method: str, description: str, *, item_type="string", enum=None, **extra):
    return documented(item_type, description, many=True, enum=enum, **extra)(
        ParsedFilter(parse=parse, many=True, method=method, label=description)
    )


def single(parse: Parser, method: str, description: str, *, item_type="string", enum=None, **extra):
    return documented(item_type, description, enum=enum, **extra)(
        ParsedFilter(parse=parse, method=method, label=description)
    )


def ids(method: str, description: str):
    return listed(parse_id, method, description, item_type="integer", minimum=1)


def boolean(method: str, description: str):
    return single(parse_bool, method, description, item_type="boolean")


# --- Vocabulary codes ---------------------------------------------------------------------------


def term_ids(vocabulary: str, codes: list[str], parameter: str) -> set[int]:
    """The ids of the terms with these codes and of all terms under them (one query)."""
    terms = list(Term.objects.filter(vocabulary=vocabulary).values_list("pk", "code", "parent_id"))
    by_code = {code.lower(): pk for pk, code, _ in terms}
    unknown = [code for code in codes if code.lower() not in by_code]
    if unknown:
        raise ValidationError(
            {parameter: [f"Unknown {vocabulary} code(s): {', '.join(unknown)}. See /api/v1/terms/."]}
        )
    children: dict[int, list[int]] = {}
    for pk, _, parent_id in terms:
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), [by_code[code.lower()] for code in codes]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def known_ids(queryset: QuerySet, values: list[int], parameter: str, noun: str) -> list[int]:
    """The values, if every one is the id of a record in queryset (the caller's visible ones)."""
    found = set(queryset.filter(pk__in=values).values_list("pk", flat=True))
    missing = [str(value) for value in values if value not in found]
    if missing:
        raise ValidationError({parameter: [f"No {noun} with id {', '.join(missing)}."]})
    return values


# --- Dates read at their precision --------------------------------------------------------------


def _shift(day: date, delta: timedelta) -> date:
    try:
        return day + delta
    except OverflowError:
        return date.max if delta > timedelta(0) else date.min


def _first_possible(day: date, precision: str) -> date:
    """The earliest recorded date, at this precision, whose span can reach `day` or later."""
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == DatePrecision.APPROXIMATE:
        return _shift(day, -APPROXIMATE_SLACK)
    return day


def _last_possible(day: date, precision: str) -> date:
    """The latest recorded date, at this precision, whose span can reach `day` or earlier."""
    if precision == DatePrecision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == DatePrecision.YEAR:
        return day.replace(month=12, day=31)
    if precision == DatePrecision.APPROXIMATE:
        return _shift(day, APPROXIMATE_SLACK)
    return day


def may_be_on_or_after(field: str, precision_field: str, day: date) -> Q:
    """Rows whose date, read at its precision, may fall on `day` or later.

    "April 2018" (month precision) may be 30 April, so it is on or after 15 April; "2018" may be
    31 December; an approximate date may be APPROXIMATE_SLACK later than recorded.
    """
    condition = Q(pk__in=[])
    for precision in DatePrecision.values:
        condition |= Q(**{precision_field: precision, f"{field}__gte": _first_possible(day, precision)})
    # The widest of those bounds, alone, is a range an index on the date can start from.
    return Q(**{f"{field}__gte": earliest_possible(day)}) & condition


def earliest_possible(day: date) -> date:
    """The earliest recorded date, at any precision, that may fall on `day` or later."""
    return min(_first_possible(day, precision) for precision in DatePrecision.values)


def latest_possible(day: date) -> date:
    """The latest recorded date, at any precision, that may fall on `day` or earlier."""
    return max(_last_possible(day, precision) for precision in DatePrecision.values)


def may_be_on_or_before(field: str, precision_field: str, day: date) -> Q:
    condition = Q(pk__in=[])
    for precision in DatePrecision.values:
        condition |= Q(**{precision_field: precision, f"{field}__lte": _last_possible(day, precision)})
    return Q(**{f"{field}__lte": latest_possible(day)}) & condition


# --- The filterset every resource starts from ---------------------------------------------------


class RecordFilterSet(django_filters.FilterSet):
    """`updated_after` and `search`, which every list takes.

    Subclasses define `changed_since(moment) -> Q` (the record, or anything its representation
    or its visibility depends on, changed after moment) and `matching(text) -> Q`.
    """

    updated_after = single(
        parse_moment,
        "filter_updated_after",
        "Only records that changed (or whose linked records changed) after this ISO 8601 date-time. "
        "Pair with /api/v1/withdrawals/ to learn what was withdrawn.",
        format="date-time",
    )
    search = single(
        text_parser(), "filter_search", "Text search (see each resource for the fields searched)."
    )

    @property
    def user(self):
        return self.request.user

    def filter_updated_after(self, queryset: QuerySet, name: str, moment: datetime) -> QuerySet:
        return queryset.filter(pk__in=queryset.model.objects.filter(self.changed_since(moment)).values("pk"))

    def filter_search(self, queryset: QuerySet, name: str, text: str) -> QuerySet:
        return queryset.filter(self.matching(text))

    def changed_since(self, moment: datetime) -> Q:
        return Q(updated_at__gt=moment)

    def matching(self, text: str) -> Q:
        raise NotImplementedError


# --- Ordering ------------------------------------------------------------------------------------


def requested_ordering(request, view) -> list[str]:
    """The `ordering` parameter checked against the view's `ordering_fields`, or its default."""
    raw = request.query_params.get("ordering")
    if not raw:
        return list(view.ordering)
    fields = [field.strip() for field in raw.split(",") if field.strip()]
    refused = [field for field in fields if field.lstrip("-") not in view.ordering_fields]
    if refused or not fields:
        choices = ", ".join(view.ordering_fields)
        raise ValidationError(
            {"ordering": [f"Cannot order by {', '.join(refused) or raw!r}; choose from: {choices}."]}
        )
    return fields


class StrictOrderingFilter(BaseFilterBackend):
    """`?ordering=-start_date,title`: a field outside the resource's list is a 400.

    Victims' identity fields are never in that list: ordering by a name would let a caller
    bisect protected names.
    """

    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        keys = parse_ordering(requested_ordering(request, view))
        return queryset.order_by(*(key.expression() for key in keys))

    def get_schema_operation_parameters(self, view) -> list[dict]:
        fields = list(view.ordering_fields)
        return [
            {
                "name": "ordering",
                "in": "query",
                "required": False,
                "description": "Sort by one or more of these fields, comma-separated; a leading `-` "
                f"sorts descending. Default: `{','.join(view.ordering)}`. Records without a value "
                "come last.",
                "schema": {"type": "string", "enum": [*fields, *(f"-{field}" for field in fields)]},
            }
        ]

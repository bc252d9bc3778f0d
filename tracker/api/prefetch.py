"""To-many relations loaded once per page into plain lists, and read back from them.

`prefetch_related("violations")` stores each record's rows in a QuerySet made for that record
(Django filters a fresh QuerySet per record to hold them): on a page of 50 incidents with their
violations, involvements and citations, some 300 QuerySets and a fifth of the request's time
(bench/README.md). `Prefetch(to_attr=...)` stores a list instead. Views prefetch with
`prefetched()`; serializers and CSV columns read with `related()`, or through the list field
classes below, which fall back to a query where a view made no prefetch (after a write, say).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from django.db.models import Model, Prefetch, QuerySet
from django.db.models.manager import BaseManager
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS, ManyRelatedField

PREFIX = "prefetched_"


def prefetched(relation: str, queryset: QuerySet | None = None) -> Prefetch:
    """Prefetch a to-many relation of the records into a list, for `related()` to read."""
    return Prefetch(relation, queryset=queryset, to_attr=PREFIX + relation)


def related(record: Model, relation: str) -> list:
    """The related records: the prefetched list, or a query where none was prefetched."""
    rows = getattr(record, PREFIX + relation, None)
    return rows if rows is not None else list(getattr(record, relation).all())


def attach(records: Iterable[Model], relation: str, rows_by_pk: Mapping[int, Iterable]) -> None:
    """Store rows read some other way (`values_list()`, say) as each record's `relation`, for
    `related()` to read: `rows_by_pk` maps a record's pk to its rows; records without any get []."""
    for record in records:
        setattr(record, PREFIX + relation, list(rows_by_pk.get(record.pk, ())))


def grouped(rows: Iterable, key: Callable) -> dict[int, list]:
    """Rows grouped by `key(row)`, each group in the rows' order."""
    groups = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


class NestingListSerializer(serializers.ListSerializer):
    """A list whose serializer reads related rows through `nest(records)`: called once for the
    whole page, before any record is shown, so a page costs the same queries at any length."""

    def to_representation(self, data) -> list:
        records = list(data.all() if isinstance(data, BaseManager) else data)
        self.child.nest(records)
        return [self.child.to_representation(record) for record in records]


class RelatedListSerializer(serializers.ListSerializer):
    """A nested list (`Meta.list_serializer_class`) read through `related()`."""

    def get_attribute(self, instance: Model) -> list:
        return related(instance, self.source)


class RelatedManyField(ManyRelatedField):
    """A list of links read through `related()`."""

    def get_attribute(self, instance: Model) -> list:
        if getattr(instance, "pk", None) is None:
            return []
        return related(instance, self.source)


class RelatedManyMixin:
    """For a RelatedField: `many=True` makes a RelatedManyField."""

    @classmethod
    def many_init(cls, *args, **kwargs) -> RelatedManyField:
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS})
        return RelatedManyField(**list_kwargs)

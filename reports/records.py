"""What a report holds: one record type per file or sheet, each a query of plain columns.

Every record type is a `values_list` query that the database joins and labels by itself, so
that exporters only stream rows: no model objects, no query per row. Victims' identity columns
are decided by tracker.policy (with_identity_visibility), and filled with policy.WITHHELD where
the caller's role may not see them.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain, islice

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast

from incidents.models import AdvocacyResponse, Incident, Involvement, Victim, Violation
from sources.models import Citation
from tracker import access, crypto, policy

# Rows fetched per round trip: large enough to amortise it, small enough to keep memory flat.
CHUNK_SIZE = 2000
SEPARATOR = "; "

# For the length of an export's transaction on PostgreSQL (bench/README.md has the figures):
EXPORT_SESSION_SETTINGS = (
    # Rows are read through a server-side cursor, for which PostgreSQL plans to fetch only the
    # first 10% by default: nested loops that are fast to start and slow to finish.
    "SET LOCAL cursor_tuple_fraction = 1.0",
    # JIT compilation of these wide queries costs more time than it saves.
    "SET LOCAL jit = off",
)


class JoinedList(Subquery):
    """A one-column subquery's values joined into one text, in the subquery's order.

    The subquery must select a single column named `item`.
    """

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # ARRAY(subquery) keeps the subquery's ORDER BY; string_agg would need it repeated.
        return self.as_sql(
            compiler,
            connection,
            template=f"ARRAY_TO_STRING(ARRAY(%(subquery)s), '{SEPARATOR}')",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template=f"(SELECT GROUP_CONCAT(item, '{SEPARATOR}') FROM (%(subquery)s))",
            **extra_context,
        )


def joined(queryset: QuerySet, item) -> JoinedList:
    return JoinedList(queryset.order_by().annotate(item=item).values("item").order_by("item"))


@dataclass(frozen=True)
class Part:
    """Rows of a record type that one query gives; most record types are one part."""

    source: QuerySet
    expressions: tuple


@dataclass(frozen=True)
class RecordType:
    """One kind of row in a report: a file in CSV, a sheet in XLSX, a list in JSON."""

    name: str
    title: str
    columns: tuple[str, ...]
    parts: tuple[Part, ...]
    # Positions of the yes/no columns, which CSV writes as true/false on every database.
    flags: tuple[int, ...]
    # Python's last word on the rows (withholding, noting access); such rows cannot come from COPY.
    finish: Callable[[Iterator[tuple]], Iterator[tuple]] | None = None

    def querysets(self) -> list[QuerySet]:
        return [part.source.values_list(*part.expressions) for part in self.parts]

    def text_querysets(self) -> list[QuerySet]:
        """The same rows with the yes/no columns as text: what PostgreSQL's COPY writes as CSV."""
        return [
            part.source.values_list(
                *(
                    Cast(expression, TextField()) if i in self.flags else expression
                    for i, expression in enumerate(part.expressions)
                )
            )
            for part in self.parts
        ]

    def rows(self) -> Iterator[tuple]:
        """The rows, streamed from a server-side cursor where the database has one."""
        rows = chain.from_iterable(queryset.iterator(chunk_size=CHUNK_SIZE) for queryset in self.querysets())
        return rows if self.finish is None else self.finish(rows)

    def count(self) -> int:
        return sum(part.source.count() for part in self.parts)


def _record_type(
    name: str,
    title: str,
    *parts: tuple[QuerySet, list[tuple[str, object]]],
    finish: Callable[[Iterator[tuple]], Iterator[tuple]] | None = None,
    helpers: int = 0,
) -> RecordType:
    """A record type from (queryset, [(column, field path or expression)]) parts with the same columns.

    The last `helpers` columns are for `finish` alone: they are not among the record type's columns.
    """
    first_queryset, first_columns = parts[0]
    headers = tuple(header for header, _ in first_columns)
    if any(tuple(header for header, _ in columns) != headers for _, columns in parts):
        raise ValueError(f"The parts of {name} do not have the same columns.")
    flags = tuple(
        i
        for i, (_, expression) in enumerate(first_columns)
        if isinstance(_output_field(first_queryset.model, expression), BooleanField)
    )
    return RecordType(
        name,
        title,
        headers[: len(headers) - helpers],
        tuple(Part(queryset, tuple(expression for _, expression in columns)) for queryset, columns in parts),
        flags,
        finish,
    )


_IDENTITY_SLICE = slice(8, 8 + len(Victim.IDENTITY_FIELDS))


def _output_field(model, expression):
    """The model field a column path ('perpetrator__is_state_actor') ends on; None for expressions."""
    if not isinstance(expression, str):
        return None
    field = None
    for part in expression.split("__"):
        try:
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            return None  # an annotation, such as the policy's identity_visible
        model = field.related_model or model
    return field


class Report:
    """The records of the incidents a user may see, among those chosen by filters or selection."""

    def __init__(self, *, user: AbstractBaseUser | AnonymousUser, incidents: QuerySet):
        self.user = user
        # The policy is applied here whatever the caller passed: an export never widens a view.
        self.incidents = incidents.filter(policy.incident_visible_q(user)).order_by("pk")
        self._incident_ids = self.incidents.order_by().values("pk")
        self._violation_ids = Violation.objects.filter(incident__in=self._incident_ids).values("pk")
        self._victim_ids = Violation.objects.filter(incident__in=self._incident_ids).values("victim_id")
        self._involvement_ids = Involvement.objects.filter(violation__in=self._violation_ids).values("pk")
        self._response_ids = AdvocacyResponse.incidents.through.objects.filter(
            incident_id__in=self._incident_ids
        ).values("advocacyresponse_id")

    def violations(self) -> QuerySet:
        return Violation.objects.filter(incident__in=self._incident_ids)

    def victims(self) -> QuerySet:
        """The victims of the report's violations, annotated with `identity_visible` by the policy."""
        return policy.with_identity_visibility(Victim.objects.filter(pk__in=self._victim_ids), self.user)

    def record_types(self) -> list[RecordType]:
        return [
            self.incident_records(),
            self.violation_records(),
            self.victim_records(),
            self.perpetrator_records(),
            self.response_records(),
            self.source_records(),
        ]

    def incident_records(self) -> RecordType:
        return _record_type(
            "incidents",
            "Incidents",
            (
                self.incidents,
                [
                    ("incident_id", "pk"),
                    ("title", "title"),
                    ("start_date", "start_date"),
                    ("start_date_precision", "start_date_precision"),
                    ("end_date", "end_date"),
                    ("end_date_precision", "end_date_precision"),
                    ("ongoing", "is_ongoing"),
                    ("country", "country"),
                    ("region", "region"),
                    ("place_name", "place_name"),
                    ("latitude", "latitude"),
                    ("longitude", "longitude"),
                    ("status", "status"),
                    ("confidentiality", "disclosure"),
                    ("narrative", "narrative"),
                ],
            ),
        )

    def violation_records(self) -> RecordType:
        methods = joined(
            Violation.methods.through.objects.filter(violation_id=OuterRef("pk")), F("term__code")
        )
        return _record_type(
            "violations",
            "Violations",
            (
                self.violations().order_by("pk"),
                [
                    ("violation_id", "pk"),
                    ("incident_id", "incident_id"),
                    ("victim", "victim__pseudonym"),
                    ("violation_type_code", "violation_type__code"),
                    ("violation_type", "violation_type__label"),
                    ("methods", methods),
                    ("date", "date"),
                    ("date_precision", "date_precision"),
                    ("status", "status__label"),
                    ("victim_age", "victim_age"),
                    ("victim_status", "victim_status__label"),
                    ("consequences", "consequences"),
                ],
            ),
        )

    def victim_records(self) -> RecordType:
        """Victims, their identity as the policy lets this user see it.

        Identities are encrypted at rest, so the database cannot write them out: the query hands
        over the ciphertext of the identities the policy lets through (nothing for the others),
        and `_identities_as_seen` decrypts it, puts policy.WITHHELD where the policy says no and
        notes in the access trail (tracker.access) each protected identity it lets through.
        """
        identity = [
            (
                name,
                Case(
                    When(identity_visible=True, then=F(name)),
                    default=None,
                    # Plain text, so the ciphertext comes through as it is: `_identities_as_seen`
                    # decrypts it in bulk, several times faster than the field's value by value.
                    output_field=TextField(),
                ),
            )
            for name in Victim.IDENTITY_FIELDS
        ]
        return _record_type(
            "victims",
            "Victims",
            (
                self.victims().order_by("pk"),
                [
                    ("victim", "pseudonym"),
                    ("kind", "kind"),
                    ("description", "description"),
                    ("count", "count"),
                    ("count_qualifier", "count_qualifier"),
                    ("gender", "gender"),
                    ("age_range", "age_range"),
                    ("disclosure", "disclosure"),
                    *identity,
                    ("pk", "pk"),
                    ("identity_visible", "identity_visible"),
                ],
            ),
            finish=self._identities_as_seen,
            helpers=2,
        )

    def _identities_as_seen(self, rows: Iterator[tuple]) -> Iterator[tuple]:
        """Decrypt what the policy lets through and withhold the rest; note every protected
        identity shown in the access trail.

        Chunk by chunk, so the trail's notes are written (one statement per chunk) as the rows go
        and memory stays flat.
        """
        # Made here, per reading of the rows: a decryptor holds cipher state and is not shared.
        decrypt = crypto.BulkDecryptor().decrypt
        while chunk := list(islice(rows, CHUNK_SIZE)):
            finished = []
            with access.trail("export"):
                for *values, pk, visible in chunk:
                    if visible:
                        # As the field reads them: nothing and "" are stored as they are.
                        values[_IDENTITY_SLICE] = [
                            decrypt(token) if token else token for token in values[_IDENTITY_SLICE]
                        ]
                        access.note_row(
                            self.user,
                            pk=pk,
                            pseudonym=values[0],
                            disclosure=values[7],
                            fields=Victim.IDENTITY_FIELDS,
                        )
                    else:
                        values[_IDENTITY_SLICE] = [policy.WITHHELD] * len(Victim.IDENTITY_FIELDS)
                    finished.append(tuple(values))
            yield from finished

    def perpetrator_records(self) -> RecordType:
        return _record_type(
            "perpetrators",
            "Perpetrators",
            (
                Involvement.objects.filter(pk__in=self._involvement_ids).order_by("pk"),
                [
                    ("violation_id", "violation_id"),
                    ("incident_id", "violation__incident_id"),
                    ("perpetrator_id", "perpetrator_id"),
                    ("perpetrator", "perpetrator__name"),
                    ("kind", "perpetrator__kind"),
                    ("type", "perpetrator__actor_type__label"),
                    ("state_actor", "perpetrator__is_state_actor"),
                    ("part_of", "perpetrator__parent__name"),
                    ("country", "perpetrator__country"),
                    ("degree_code", "degree__code"),
                    ("degree", "degree__label"),
                    ("notes", "notes"),
                ],
            ),
        )

    def response_records(self) -> RecordType:
        incident_ids = joined(
            AdvocacyResponse.incidents.through.objects.filter(
                advocacyresponse_id=OuterRef("pk"), incident_id__in=self._incident_ids
            ),
            F("incident_id"),
        )
        by = joined(
            AdvocacyResponse.actors.through.objects.filter(advocacyresponse_id=OuterRef("pk")),
            F("actor__name"),
        )
        calling_on = joined(
            AdvocacyResponse.addressees.through.objects.filter(advocacyresponse_id=OuterRef("pk")),
            F("actor__name"),
        )
        return _record_type(
            "responses",
            "Responses",
            (
                AdvocacyResponse.objects.filter(pk__in=self._response_ids).order_by("pk"),
                [
                    ("response_id", "pk"),
                    ("title", "title"),
                    ("response_type_code", "response_type__code"),
                    ("response_type", "response_type__label"),
                    ("date", "date"),
                    ("date_precision", "date_precision"),
                    ("incident_ids", incident_ids),
                    ("by", by),
                    ("calling_on", calling_on),
                    ("demands", "demands"),
                    ("outcome", "outcome"),
                    ("description", "description"),
                    ("country", "country"),
                    ("place_name", "place_name"),
                ],
            ),
        )

    def source_records(self) -> RecordType:
        """One row per citation of a source by a record in the report, by kind of record cited.

        One query per kind rather than one with an OR of five `IN (…)`: PostgreSQL turns each
        `IN` into a hash join, where the OR would make it test every citation against lists
        of millions of ids one by one.
        """
        types = ContentType.objects.get_for_models(Incident, Violation, Involvement, Victim, AdvocacyResponse)
        cited = {
            Incident: self._incident_ids,
            Violation: self._violation_ids,
            Involvement: self._involvement_ids,
            Victim: self._victim_ids,
            AdvocacyResponse: self._response_ids,
        }
        return _record_type(
            "sources",
            "Sources",
            *(
                (
                    Citation.objects.filter(content_type=types[model], object_id__in=ids).order_by("pk"),
                    self._citation_columns(model),
                )
                for model, ids in cited.items()
            ),
        )

    def _citation_columns(self, model: type) -> list[tuple[str, object]]:
        record, quote = Cast("object_id", CharField()), F("quote")
        if model is Victim:
            # A victim is named by its pseudonym, as in the victims sheet, never by its row id.
            record = Subquery(Victim.objects.filter(pk=OuterRef("object_id")).values("pseudonym")[:1])
            # A passage quoted in support of a victim record may name the victim: the policy decides.
            visible = Victim.objects.filter(policy.identity_visible_q(self.user)).filter(
                pk=OuterRef("object_id")
            )
            quote = Case(
                When(Exists(visible), then=F("quote")),
                default=Value(policy.WITHHELD),
                output_field=TextField(),
            )
        return [
            ("citation_id", "pk"),
            ("record_type", Value(model._meta.model_name, output_field=CharField())),
            ("record", record),
            ("source_id", "source_id"),
            ("source", "source__title"),
            ("source_type", "source__source_type__label"),
            ("publisher", "source__publisher"),
            ("author", "source__author"),
            ("url", "source__url"),
            ("published_on", "source__published_on"),
            ("reliability", "source__reliability__label"),
            ("source_sha256", "source__sha256"),
            ("quote", quote),
            ("start", "start"),
            ("end", "end"),
        ]

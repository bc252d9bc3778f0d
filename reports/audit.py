"""The change log: one hash-chained entry for every historical record simple-history makes.

simple-history keeps the earlier values of every record (and can restore them); this log adds
what an auditor needs on top: which surface a change came through, the changed fields side by
side, and a chain of hashes that shows whether any entry was altered or removed since.

Each entry's hash covers its content and the hash of the entry before; entries are appended
under a lock, so that concurrent writers keep one chain.
"""

import hashlib
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_reverse_field_name

from incidents.models import Incident, Involvement, Victim, Violation
from reports.choices import AuditAction, Surface
from reports.models import GENESIS_HASH, AuditEntry, canonical_json
from sources.models import Citation
from tracker import policy

# Fields whose values never enter the log: only the field's name is kept, with "withheld".
WITHHELD_FIELDS: dict[str, frozenset[str]] = {
    "incidents.victim": frozenset(Victim.IDENTITY_FIELDS),
    # Suggestions name victims before anyone decided their level, and are shown only to those
    # who decide (sources/review_admin.py): the name as written, the refs made from names (a
    # violation's payload holds its victim's), the normalised fields, the passage quoted.
    "sources.suggestion": frozenset({"ref", "text", "payload", "proposed", "quote"}),
}
# Logged as their SHA-256 and length whatever their size: an archived article may name people,
# and its exact text is kept (with its own SHA-256) on the source itself.
HASHED_FIELDS: dict[str, frozenset[str]] = {
    "sources.source": frozenset({"text"}),
}
# A passage quoted in support of a victim record may name the victim; so does the note that
# ingestion writes on the citations it makes ("Proposed by ingestion (victim “…”)").
WITHHELD_CITATION_FIELDS = frozenset({"quote", "note"})
# Timestamps the database keeps by itself: the entry has its own.
IGNORED_FIELDS = frozenset({"created_at", "updated_at"})
# Longer values are logged as their SHA-256 and length: the full text stays in simple-history.
LONG_VALUE = 2000

# An arbitrary constant naming the change log's PostgreSQL advisory lock.
_CHAIN_LOCK_KEY = 7_300_451_201

_surface_override: ContextVar[tuple[str, str] | None] = ContextVar("reports_surface", default=None)


@contextmanager
def surface(name: str, context: str = "") -> Iterator[None]:
    """Mark the changes made inside as made through `name` (e.g. ingestion's review step)."""
    if name not in Surface.values:
        raise ValueError(f"surface must be one of {Surface.values}, got {name!r}")
    token = _surface_override.set((name, context))
    try:
        yield
    finally:
        _surface_override.reset(token)


def current_surface() -> tuple[str, str]:
    """(surface, context) of the change being made now: from the request, else the command."""
    override = _surface_override.get()
    if override is not None:
        return override
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        path = request.path[:300]
        return (Surface.API if path.startswith("/api/") else Surface.ADMIN), path
    command = _command_name()
    return (Surface.INGESTION if command == "ingest" else Surface.COMMAND), command


def _command_name() -> str:
    """The management command this process runs, or the program's name (pytest, gunicorn…)."""
    argv = sys.argv or [""]
    program = Path(argv[0]).name
    if program in ("manage.py", "django-admin", "__main__.py") and len(argv) > 1:
        return argv[1]
    return program


# --- writing entries -------------------------------------------------------------------------


def append(
    *,
    user: AbstractBaseUser | None,
    surface: str,
    context: str,
    model_label: str,
    object_id: str,
    object_repr: str,
    action: str,
    changes: list,
    created_at: datetime | None = None,
    history_id: int | None = None,
) -> AuditEntry:
    """Add one entry at the end of the chain."""
    # No savepoint: if the entry cannot be written, the change it records must not be either.
    with transaction.atomic(savepoint=False):
        last = _lock_chain()
        # Made under the lock, so that an entry's default time follows the one before it.
        entry = _entry(
            user=user,
            surface=surface,
            context=context,
            model_label=model_label,
            object_id=object_id,
            object_repr=object_repr,
            action=action,
            changes=changes,
            created_at=created_at,
            history_id=history_id,
        )
        _link(entry, last)
        entry.save()
    return entry


def _entry(
    *,
    user: AbstractBaseUser | None,
    surface: str,
    context: str,
    model_label: str,
    object_id: str,
    object_repr: str,
    action: str,
    changes: list,
    created_at: datetime | None = None,
    history_id: int | None = None,
) -> AuditEntry:
    """An entry's content, not yet linked into the chain."""
    return AuditEntry(
        created_at=created_at or timezone.now(),
        user_id=user.pk if user is not None else None,
        username=user.get_username() if user is not None else "",
        surface=surface,
        context=context[:300],
        model_label=model_label,
        object_id=str(object_id)[:64],
        object_repr=object_repr[:200],
        action=action,
        changes=changes,
        history_id=history_id,
    )


def _link(entry: AuditEntry, last: AuditEntry | None) -> None:
    """Make `entry` the one after `last` (None: the first ever); the chain's lock must be held."""
    entry.sequence = last.sequence + 1 if last else 1
    entry.prev_hash = last.entry_hash if last else GENESIS_HASH
    entry.entry_hash = entry.compute_hash()


def _lock_chain() -> AuditEntry | None:
    """Take the chain's lock and return its last entry (held until the transaction ends)."""
    last = AuditEntry.objects.order_by("-sequence").only("sequence", "entry_hash")
    if connection.vendor == "postgresql":
        # An advisory lock also covers the empty table, where there is no row to lock.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        return last.first()
    # SQLite serialises writers itself; elsewhere the last row's lock does.
    return last.select_for_update().first()


def head() -> dict | None:
    """The last entry's sequence and hash: what an auditor notes to detect a cut-off tail."""
    last = AuditEntry.objects.order_by("-sequence").only("sequence", "entry_hash").first()
    return {"sequence": last.sequence, "entry_hash": last.entry_hash} if last else None


def record_change(sender, instance, history_instance, history_user=None, **kwargs) -> None:
    """post_create_historical_record: log the change simple-history has just recorded."""
    entry = _entry_for(instance, history_instance, history_user)
    if entry is not None:
        with transaction.atomic(savepoint=False):
            _link(entry, _lock_chain())
            entry.save()


def _entry_for(instance, history_instance, history_user) -> AuditEntry | None:
    """The entry for one historical record; None for a save that changed nothing worth logging."""
    label = instance._meta.label_lower
    action = history_instance.history_type
    changes = _changes(instance, history_instance, label)
    if action == AuditAction.CHANGED and not changes:
        # A save that changed nothing but timestamps (or an m2m call that added nothing).
        return None
    where, context = current_surface()
    return _entry(
        user=history_user,
        surface=where,
        context=context,
        model_label=label,
        object_id=str(instance.pk),
        object_repr=_repr(instance, label),
        action=action,
        changes=changes,
        created_at=history_instance.history_date,
        history_id=history_instance.history_id,
    )


# Entries written per INSERT when catching up.
_CATCH_UP_BATCH = 500
# (model, pk) -> label, while catching up: a bulk write's records share their related records
# (a vocabulary level's parents), each read once rather than once per entry.
_label_memo: ContextVar[dict | None] = ContextVar("reports_label_memo", default=None)


def catch_up(model: type[models.Model], records: Iterable[models.Model] | None = None) -> int:
    """Log the historical rows of `model` that have no entry yet; return how many were added.

    simple-history's bulk_create_with_history writes historical rows without its signal; call
    this after it, in the same transaction, so that bulk writes join the chain too. Pass the
    records it returned: then only their history is looked at (an index lookup), where without
    them every historical row of the model is checked against the whole log. The entries are
    linked under one hold of the chain's lock and inserted in batches.
    """
    history = model.history.model
    label = model._meta.label_lower
    rows = history.objects.all()
    logged = AuditEntry.objects.filter(model_label=label, history_id__isnull=False)
    if records is not None:
        pks = [record.pk for record in records]
        if not pks:
            return 0
        rows = rows.filter(**{f"{model._meta.pk.attname}__in": pks})
        # On the (model_label, object_id) index, rather than all of the model's entries.
        logged = logged.filter(object_id__in=[str(pk) for pk in pks])
    unlogged = rows.exclude(history_id__in=logged.values("history_id")).order_by("history_id")
    added, batch = 0, []
    memo = _label_memo.set({})
    try:
        with transaction.atomic(savepoint=False):
            last = _lock_chain()
            for history_instance in unlogged.iterator(chunk_size=_CATCH_UP_BATCH):
                entry = _entry_for(history_instance.instance, history_instance, history_instance.history_user)
                if entry is not None:
                    _link(entry, last)
                    batch.append(last := entry)
                if len(batch) == _CATCH_UP_BATCH:
                    AuditEntry.objects.bulk_create(batch)
                    added, batch = added + len(batch), []
            AuditEntry.objects.bulk_create(batch)
    finally:
        _label_memo.reset(memo)
    return added + len(batch)


def _changes(instance, history_instance, label: str) -> list[dict]:
    withheld = _withheld_fields(instance, label)
    if history_instance.history_type == AuditAction.CHANGED:
        previous = _previous_record(instance, history_instance)
        if previous is not None:
            delta = history_instance.diff_against(previous, excluded_fields=IGNORED_FIELDS)
            return [
                _change(instance, change.field, change.old, change.new, withheld) for change in delta.changes
            ]
    # Created, deleted, or changed with no earlier history: the values as they stand.
    side = "old" if history_instance.history_type == AuditAction.DELETED else "new"
    changes = []
    for model_field in history_instance.tracked_fields:
        if not model_field.editable or model_field.name in IGNORED_FIELDS:
            continue
        value = getattr(history_instance, model_field.attname)
        if value in (None, ""):
            continue
        values = {"old": None, "new": None, side: value}
        changes.append(_change(instance, model_field.name, values["old"], values["new"], withheld))
    return changes


def _withheld_fields(instance, label: str) -> frozenset[str]:
    if label == "sources.citation":
        victim_type = ContentType.objects.get_for_model(Victim)
        return WITHHELD_CITATION_FIELDS if instance.content_type_id == victim_type.pk else frozenset()
    return WITHHELD_FIELDS.get(label, frozenset())


def _repr(instance, label: str) -> str:
    if label == "sources.suggestion":
        # Its own repr is the words as written, which may be a victim's name.
        return f"{instance.get_kind_display()} suggestion (#{instance.pk})"
    return str(instance)


def _previous_record(instance, history_instance):
    """The record's historical row before this one (one query)."""
    pk_name = instance._meta.pk.attname
    return (
        type(history_instance)
        .objects.filter(**{pk_name: instance.pk, "history_id__lt": history_instance.history_id})
        .order_by("-history_id")
        .first()
    )


def _change(instance, field_name: str, old, new, withheld: frozenset[str]) -> dict:
    if field_name in withheld:
        return {"field": field_name, "withheld": True}
    if field_name in HASHED_FIELDS.get(instance._meta.label_lower, ()):
        return {"field": field_name, "old": digest(old), "new": digest(new)}
    model_field = instance._meta.get_field(field_name)
    if model_field.many_to_many:
        target = get_m2m_reverse_field_name(model_field)
        old = sorted(row[target] for row in old or [])
        new = sorted(row[target] for row in new or [])
        labels = _labels(model_field.related_model, [*old, *new])
        return {
            "field": field_name,
            "old": [labels[pk] for pk in old],
            "new": [labels[pk] for pk in new],
        }
    if model_field.is_relation:
        labels = _labels(model_field.related_model, [pk for pk in (old, new) if pk is not None])
        return {"field": field_name, "old": labels.get(old), "new": labels.get(new)}
    return {"field": field_name, "old": plain(old), "new": plain(new)}


def _labels(model: type[models.Model], pks: list) -> dict:
    """'label (#id)' for each pk, read in one query, so an entry still reads after a deletion."""
    if not pks:
        return {}
    if model is Incident:
        # An incident's title may itself be above a reader's level: name it by id only.
        return {pk: f"incident #{pk}" for pk in pks}
    memo = _label_memo.get()
    wanted = set(pks) if memo is None else {pk for pk in pks if (model, pk) not in memo}
    found = model._base_manager.in_bulk(wanted) if wanted else {}
    labels = {pk: f"{found[pk]} (#{pk})" if pk in found else f"#{pk} (deleted)" for pk in wanted}
    if memo is None:
        return labels
    memo.update(((model, pk), label) for pk, label in labels.items())
    return {pk: memo[model, pk] for pk in pks}


def plain(value):
    """A JSON value that reads back unchanged from any database's JSON column."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return str(value)
    text = str(value)
    return digest(text) if len(text) > LONG_VALUE else text


def digest(text: str | None) -> str | None:
    """A text logged by its length and SHA-256: enough to prove which text it was."""
    if text is None:
        return None
    return f"[{len(text)} characters, SHA-256 {hashlib.sha256(text.encode('utf-8')).hexdigest()}]"


# --- who may read which entries --------------------------------------------------------------


def hidden_entries_q(user: AbstractBaseUser) -> Q | None:
    """Entries about records under incidents the user may not see (None: the user sees all).

    The same policy as everywhere: an incident above the user's level is not to be known, nor
    its violations, their perpetrators' involvements, or the citations on any of them. Entries
    about records deleted since cannot be traced to their incident and stay visible.
    """
    if user.is_superuser:
        return None
    hidden = Incident.objects.exclude(policy.incident_visible_q(user)).values("pk")
    if not hidden.exists():
        return None
    violations = Violation.objects.filter(incident__in=hidden).values("pk")
    involvements = Involvement.objects.filter(violation__in=violations).values("pk")
    types = ContentType.objects.get_for_models(Incident, Violation, Involvement)
    citations = Citation.objects.filter(
        Q(content_type=types[Incident], object_id__in=hidden)
        | Q(content_type=types[Violation], object_id__in=violations)
        | Q(content_type=types[Involvement], object_id__in=involvements)
    ).values("pk")
    return (
        Q(model_label="sources.citation", object_id__in=_as_text(citations))
        | Q(model_label="incidents.incident", object_id__in=_as_text(hidden))
        | Q(model_label="incidents.violation", object_id__in=_as_text(violations))
        | Q(model_label="incidents.involvement", object_id__in=_as_text(involvements))
    )


def _as_text(ids: models.QuerySet) -> models.QuerySet:
    # AuditEntry.object_id is text, whatever the record's key.
    return ids.annotate(id_text=Cast("pk", CharField())).values("id_text")


# --- verifying the chain ---------------------------------------------------------------------


@dataclass
class ChainReport:
    """What verification found: the entries checked, the last one, and every problem."""

    checked: int = 0
    withheld: int = 0
    first_sequence: int | None = None
    head: dict | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def entry_hash_of(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def verify_chain(
    entries: Iterable[tuple[dict, str]], *, from_genesis: bool = True, expect_head: str = ""
) -> ChainReport:
    """Check (hashed content, stored hash) pairs in sequence order.

    from_genesis: the entries must start at the first one ever written (the whole log). An
    exported period starts anywhere, and is checked from its own first entry.
    expect_head: a hash the auditor noted earlier; it must still be in the chain.
    """
    report = ChainReport()
    previous_hash, expected_sequence = (GENESIS_HASH, 1) if from_genesis else (None, None)
    head_seen = not expect_head
    for content, stored_hash in entries:
        sequence = content["sequence"]
        report.checked += 1
        if report.first_sequence is None:
            report.first_sequence = sequence
        if content.get("withheld"):
            # An entry the exporting user may not read: its links are checked, not its content.
            report.withheld += 1
        elif entry_hash_of(content) != stored_hash:
            report.problems.append(f"entry #{sequence}: its content does not match its hash (altered).")
        gap = expected_sequence is not None and sequence != expected_sequence
        if gap:
            if sequence > expected_sequence:
                missing = f"#{expected_sequence}" + (
                    f"–#{sequence - 1}" if sequence - 1 > expected_sequence else ""
                )
                report.problems.append(f"entry {missing} missing before entry #{sequence} (removed).")
            else:
                report.problems.append(f"entry #{sequence} is out of order after #{expected_sequence - 1}.")
        if previous_hash is not None and content["prev_hash"] != previous_hash and not gap:
            report.problems.append(
                f"entry #{sequence}: the hash it holds of entry #{sequence - 1} does not match "
                f"(entry #{sequence - 1} or this link was altered)."
            )
        previous_hash, expected_sequence = stored_hash, sequence + 1
        head_seen = head_seen or stored_hash == expect_head
        report.head = {"sequence": sequence, "entry_hash": stored_hash}
    if from_genesis and report.checked == 0 and expect_head:
        report.problems.append("the change log is empty, but a head was expected.")
    elif not head_seen:
        report.problems.append(
            f"the expected head {expect_head} is no longer in the chain (entries removed)."
        )
    return report


def stored_entries() -> Iterator[tuple[dict, str]]:
    """Every entry in the database, in sequence order, read in chunks (memory stays flat)."""
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        yield entry.hashed_content(), entry.entry_hash

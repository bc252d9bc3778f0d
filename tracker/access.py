"""The identity access trail: who was shown which protected victim identity, where and when.

tracker.policy.identity() (and the victim change page in the admin) call `note` whenever an
identity is actually shown. Notes gather in a per-request buffer, deduplicated by victim, and
are written with one INSERT when the request ends, so a list of a hundred victims costs one
query, not a hundred (an export's thousands go by COPY on PostgreSQL). Outside a request,
`trail()` opens the buffer (exports, commands); with no buffer at all each note is written at
once, as surface "command": a read is never unrecorded.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from incidents.choices import Disclosure

SURFACES = ("admin", "api", "export", "command")

# A row of the trail, as IdentityAccess's attributes in this order.
_ROW = ("user_id", "username", "victim_id", "victim_pseudonym", "fields", "surface", "path", "at")
# From this many rows on (an export's chunk of victims, a long API page), PostgreSQL gets them
# by COPY: building and inserting model instances took five times as long. A few rows stay with
# one INSERT, one round trip where COPY takes two.
_COPY_FROM = 100


@dataclass
class _Buffer:
    surface: str
    path: str = ""
    user: object = None
    # (victim pk, surface) -> (user, victim pseudonym, fields shown so far)
    notes: dict = field(default_factory=dict)


_buffer: ContextVar[_Buffer | None] = ContextVar("identity_access_buffer", default=None)


def surface_for_path(path: str) -> str:
    if path.startswith("/admin/"):
        return "admin"
    if path.startswith("/api/"):
        return "api"
    return "command"


def note(
    user: User | AnonymousUser | None, victim, fields: Iterable[str], surface: str | None = None
) -> None:
    """Record that `user` was shown these identity fields of `victim` (never their values)."""
    note_row(
        user,
        pk=victim.pk,
        pseudonym=victim.pseudonym,
        disclosure=victim.disclosure,
        fields=fields,
        surface=surface,
    )


def note_row(
    user: User | AnonymousUser | None,
    *,
    pk: int | None,
    pseudonym: str,
    disclosure: str,
    fields: Iterable[str],
    surface: str | None = None,
) -> None:
    """`note` for exports that read victims as rows of values rather than model objects."""
    if pk is None or disclosure == Disclosure.PUBLIC:
        # Public identities are already in the press; an unsaved victim is being typed in.
        return
    buffer = _buffer.get()
    if buffer is None:
        _write([_record(user, pk, pseudonym, set(fields), surface or "command", "")])
        return
    surface = surface or buffer.surface
    user = user if user is not None else buffer.user
    key = (pk, surface)
    if key in buffer.notes:
        buffer.notes[key][2].update(fields)
    else:
        buffer.notes[key] = (user, pseudonym, set(fields))


def _record(user, pk: int, pseudonym: str, fields: set[str], surface: str, path: str) -> tuple:
    """One row of the trail, as the values of _ROW."""
    from incidents.models import Victim

    known = user if user is not None and user.is_authenticated else None
    order = Victim.IDENTITY_FIELDS
    return (
        known.pk if known else None,
        known.get_username() if known else "",
        pk,
        pseudonym,
        ",".join(sorted(fields, key=lambda f: order.index(f) if f in order else len(order))),
        surface,
        path[:300],
        timezone.now(),
    )


def _write(records: list[tuple]) -> None:
    from tracker.models import IdentityAccess

    if not records:
        return
    if connection.vendor == "postgresql" and len(records) >= _COPY_FROM:
        fields = {field.attname: field.column for field in IdentityAccess._meta.concrete_fields}
        columns = ", ".join(connection.ops.quote_name(fields[name]) for name in _ROW)
        table = connection.ops.quote_name(IdentityAccess._meta.db_table)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for record in records:
                    copy.write_row(record)
        return
    IdentityAccess.objects.bulk_create(
        [IdentityAccess(**dict(zip(_ROW, record, strict=True))) for record in records]
    )


def _flush(buffer: _Buffer) -> None:
    records = [
        _record(user, pk, pseudonym, fields, surface, buffer.path)
        for (pk, surface), (user, pseudonym, fields) in buffer.notes.items()
    ]
    buffer.notes.clear()
    _write(records)


@contextmanager
def trail(surface: str = "export", path: str = "") -> Iterator[None]:
    """Gather the notes made inside the block and write them at its end, in one statement."""
    if surface not in SURFACES:
        raise ValueError(f"surface: {surface!r} is not one of {', '.join(SURFACES)}")
    token = _buffer.set(_Buffer(surface=surface, path=path))
    try:
        yield
    finally:
        buffer = _buffer.get()
        _buffer.reset(token)
        _flush(buffer)


class IdentityAccessMiddleware:
    """Opens the trail's buffer for each request and writes it when the answer is complete."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The path only: query strings carry searched names.
        path = request.path
        buffer = _Buffer(surface=surface_for_path(path), path=path, user=getattr(request, "user", None))
        token = _buffer.set(buffer)
        try:
            response = self.get_response(request)
        finally:
            _buffer.reset(token)
            _flush(buffer)
        if response.streaming:
            # Exports stream: their rows, and the identities in them, are made after this returns.
            response.streaming_content = self._streamed(response.streaming_content, path)
        return response

    @staticmethod
    def _streamed(content, path: str):
        with trail(surface="export", path=path):
            yield from content

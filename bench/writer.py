"""Fast insertion of generated rows: COPY on PostgreSQL, batched INSERTs elsewhere.

Rows are dicts keyed by field attname, with explicit primary keys, so that the generator can
link records before they reach the database. Both paths store exactly the values given:
unlike bulk_create, nothing fills `auto_now` fields with the load time. Neither path goes
through save(), so simple-history records no history for these rows.
"""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model


class _Table:
    def __init__(self, model: type[Model]) -> None:
        fields = model._meta.concrete_fields
        self.model = model
        self.fields = fields
        self.attnames = [field.attname for field in fields]
        self.defaults = {}
        for field in fields:
            # A callable default (a pseudonym, the current time) would differ from run to run:
            # the generator must give those values itself.
            if not (field.has_default() and callable(field.default)) and not field.primary_key:
                self.defaults[field.attname] = field.get_default()
        # Fields of our own making (victims' encrypted identity, say) turn values into what the
        # column holds in get_db_prep_save; Django's own need nothing for COPY.
        self.prepared = [
            (position, field)
            for position, field in enumerate(fields)
            if not type(field).__module__.startswith("django.")
        ]
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        placeholders = ", ".join(["%s"] * len(fields))
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
        self.pending: list[tuple] = []

    def row(self, values: dict) -> tuple:
        try:
            row = [values[name] if name in values else self.defaults[name] for name in self.attnames]
        except KeyError as missing:
            raise ValueError(f"{self.model.__name__}: no value for {missing}") from None
        # psycopg writes an Enum by its name ("PUBLIC"); the column holds the choice's value.
        row = [value.value if isinstance(value, Enum) else value for value in row]
        for position, field in self.prepared:
            row[position] = field.get_db_prep_save(row[position], connection)
        return tuple(row)


class RowWriter:
    """Buffers rows per model and writes them in batches inside the caller's transaction."""

    def __init__(self, batch_size: int = 10_000) -> None:
        self.batch_size = batch_size
        self.use_copy = connection.vendor == "postgresql"
        self.tables: dict[type[Model], _Table] = {}
        self.counts: Counter = Counter()
        self._next_ids: dict[type[Model], int] = {}

    def next_id(self, model: type[Model]) -> int:
        """A fresh primary key, after any row already in the table."""
        if model not in self._next_ids:
            # One query per model, the first time it is asked.
            self._next_ids[model] = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        pk = self._next_ids[model]
        self._next_ids[model] = pk + 1
        return pk

    def add(self, model: type[Model], values: dict) -> None:
        table = self.tables.get(model)
        if table is None:
            table = self.tables[model] = _Table(model)
        pk_name = model._meta.pk.attname
        if pk_name not in values:
            values = {**values, pk_name: self.next_id(model)}
        table.pending.append(table.row(values))
        if len(table.pending) >= self.batch_size:
            self._write(table)

    def flush(self) -> None:
        for table in self.tables.values():
            self._write(table)

    @contextmanager
    def foreign_keys_checked_at_the_end(self, models: list[type[Model]]) -> Iterator[None]:
        """On PostgreSQL, drop the models' foreign keys for the load and add them back after it.

        Django's foreign keys are deferred: checked row by row at commit, they cost more than the
        load itself. Added back, each is checked by one join over the whole table. The caller's
        transaction covers both, so a failed check leaves nothing behind.
        """
        if connection.vendor != "postgresql":
            yield
            return
        tables = [model._meta.db_table for model in models]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
                [tables],
            )
            foreign_keys = cursor.fetchall()
            # Dropping a foreign key is refused while checks deferred on it are pending (terms
            # seeded earlier in this transaction, say): run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, name, _ in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        yield
        with connection.cursor() as cursor:
            for table, name, definition in foreign_keys:
                cursor.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
                )

    def reset_sequences(self) -> None:
        """Move the id sequences past the explicit ids (PostgreSQL; SQLite follows by itself)."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.tables))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def analyze(self) -> None:
        """Fresh planner statistics, without which the first benchmarks plan for empty tables."""
        with connection.cursor() as cursor:
            for model in self.tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    def _write(self, table: _Table) -> None:
        if not table.pending:
            return
        with connection.cursor() as cursor:
            if self.use_copy:
                with cursor.copy(table.copy_sql) as copy:
                    for row in table.pending:
                        copy.write_row(row)
            else:
                own = {field for _, field in table.prepared}  # already prepared in row()
                prepared = [
                    tuple(
                        value if field in own else field.get_db_prep_save(value, connection)
                        for field, value in zip(table.fields, row, strict=True)
                    )
                    for row in table.pending
                ]
                cursor.executemany(table.insert_sql, prepared)
        self.counts[table.model] += len(table.pending)
        table.pending = []

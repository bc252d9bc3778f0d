"""Indexes for the API's lists and filters, on PostgreSQL only (bench/README.md has the plans).

- The lists' own order. The API pages by keyset in each resource's default order with undated
  records last (tracker/api/pagination.py): `ORDER BY start_date DESC NULLS LAST, title, id`.
  PostgreSQL puts NULLs first in a descending index unless told otherwise, so a plain index on
  the date cannot serve that order, and the first page of 100,000 incidents was a sort of all
  of them. With these, a page reads as many index entries as it shows.
- Trigram indexes (pg_trgm) for the substring filters: `victim_group` (victims' descriptions),
  the place name in `search`, and the victims' blind name index that `search` matches word by
  word. Without them each was a scan of every victim or incident.
- Coordinates, for the bounding box.

SQLite sorts NULLs last in descending order already, takes no NULLS clause in an index and has
no trigram indexes: there this migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.models import F, Index

INDEXES = {
    "Incident": [
        Index(F("start_date").desc(nulls_last=True), F("title"), F("id"), name="incident_list_order"),
        Index(fields=["latitude", "longitude"], name="incident_coordinates"),
    ],
    "Violation": [Index(F("date").desc(nulls_last=True), F("id"), name="violation_list_order")],
    "AdvocacyResponse": [
        Index(F("date").desc(nulls_last=True), F("title"), F("id"), name="response_list_order")
    ],
    "Actor": [Index(F("name"), F("id"), name="actor_list_order")],
    "Victim": [GinIndex(fields=["search_names"], opclasses=["gin_trgm_ops"], name="victim_names_trgm")],
}
# icontains compares UPPER(column): the index must be on that expression.
UPPER_TRIGRAM = {
    "incident_place_trgm": ("incidents_incident", "place_name"),
    "victim_description_trgm": ("incidents_victim", "description"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model_name, indexes in INDEXES.items():
            for index in indexes:
                schema_editor.add_index(apps.get_model("incidents", model_name), index)
        quote = schema_editor.quote_name
        for name, (table, column) in UPPER_TRIGRAM.items():
            expression = f"UPPER({quote(column)}) gin_trgm_ops"
            schema_editor.execute(f"CREATE INDEX {quote(name)} ON {quote(table)} USING gin ({expression})")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model_name, indexes in INDEXES.items():
            for index in indexes:
                schema_editor.remove_index(apps.get_model("incidents", model_name), index)
        for name in UPPER_TRIGRAM:
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_encrypt_victim_identity")]

    operations = [TrigramExtension(), migrations.RunPython(create_indexes, drop_indexes)]

"""A GIN index for the API's full-text search over incidents, on PostgreSQL only.

The API searches `SearchVector("title", "narrative", config="english")` (incidents/api/filters.py);
the index is built from the same expression so that the planner can use it. SQLite has no such
index type: there the search falls back to LIKE, and this migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "incident_search"


def _index() -> GinIndex:
    return GinIndex(SearchVector("title", "narrative", config="english"), name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("incidents", "Incident"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("incidents", "Incident"), _index())


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]

"""The sources list's order as an index, on PostgreSQL only (see incidents' 0004)."""

from django.db import migrations
from django.db.models import F, Index

INDEX = Index(F("published_on").desc(nulls_last=True), F("title"), F("id"), name="source_list_order")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("sources", "Source"), INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("sources", "Source"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("sources", "0002_ingestion")]

    operations = [migrations.RunPython(create_index, drop_index)]

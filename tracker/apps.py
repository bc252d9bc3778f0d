from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Tracker"

    def ready(self) -> None:
        from tracker.roles import sync_role_permissions

        # Runs after contenttypes and auth have made the permissions of every model.
        post_migrate.connect(sync_role_permissions, dispatch_uid="tracker.sync_role_permissions")

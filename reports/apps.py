from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports and audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from reports.audit import record_change
        from reports.roles import grant_log_views

        # Every model with `history = HistoricalRecords()` feeds the change log.
        post_create_historical_record.connect(record_change, dispatch_uid="reports.record_change")
        # Connected after tracker's role sync (INSTALLED_APPS order), so it adds to what that sets.
        post_migrate.connect(grant_log_views, dispatch_uid="reports.grant_log_views")

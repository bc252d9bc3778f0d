from django.contrib.admin.apps import AdminConfig


class TrackerAdminConfig(AdminConfig):
    """Django's admin, with tracker.security.sites.TrackerAdminSite as its default site, so
    every `admin.site.register(...)` is behind the second factor. Also wires the sign-in log."""

    default_site = "tracker.security.sites.TrackerAdminSite"

    def ready(self) -> None:
        super().ready()
        from tracker.security import signals  # noqa: F401  (connects the sign-in log)

"""Who reads the change log and the export log: view permission only, for every role but partners.

tracker.roles sets each role's permissions on the documentation apps after every migrate; this
adds the view permissions on the two logs, which nobody may change (the admin refuses it too).
"""

from django.contrib.auth.models import Group, Permission

from tracker import roles

LOG_READERS = (roles.STAFF, roles.REVIEWERS, roles.AUDITORS)
LOG_PERMISSIONS = ("view_auditentry", "view_exportlog")


def grant_log_views(**kwargs) -> None:
    """post_migrate: let staff, reviewers and auditors read the logs."""
    permissions = list(
        Permission.objects.filter(content_type__app_label="reports", codename__in=LOG_PERMISSIONS)
    )
    if not permissions:
        return
    for group in Group.objects.filter(name__in=LOG_READERS):
        group.permissions.add(*permissions)

"""The four roles, as Django groups, and the permissions each one carries.

The groups are created by a data migration (tracker/migrations/0001_roles.py); their
permissions are set after every `migrate`, so that models added later join the roles too.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

STAFF = "Staff"
REVIEWERS = "Reviewers"
PARTNERS = "Partners"
AUDITORS = "Auditors"
ROLES = (STAFF, REVIEWERS, PARTNERS, AUDITORS)

# The apps whose records the roles work on.
DOCUMENTATION_APPS = ("incidents", "sources")

# Which actions each role has on the documentation apps' models.
ROLE_ACTIONS = {
    STAFF: ("view", "add", "change", "delete"),
    REVIEWERS: ("view", "add", "change"),
    PARTNERS: ("view",),
    AUDITORS: ("view",),
}


def role_permissions(role: str) -> list[Permission]:
    actions = ROLE_ACTIONS[role]
    codenames = [
        f"{action}_{model._meta.model_name}"
        for app_label in DOCUMENTATION_APPS
        for model in global_apps.get_app_config(app_label).get_models()
        for action in actions
    ]
    permissions = list(
        Permission.objects.filter(content_type__app_label__in=DOCUMENTATION_APPS, codename__in=codenames)
    )
    if role == AUDITORS:
        # Auditors read the admin's own log of who changed what.
        permissions += list(
            Permission.objects.filter(content_type__app_label="admin", codename="view_logentry")
        )
        # ... and the trail of who was shown which victim's identity.
        permissions += list(
            Permission.objects.filter(content_type__app_label="tracker", codename="view_identityaccess")
        )
    return permissions


def sync_role_permissions(**kwargs) -> None:
    """post_migrate: give each role exactly the permissions its name implies."""
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(role_permissions(role))

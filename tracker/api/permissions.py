from rest_framework.permissions import SAFE_METHODS, BasePermission

from tracker import roles
from tracker.policy import user_roles


class ReadForRolesWriteForStaff(BasePermission):
    """Every role reads; only the Staff role (and superusers) write."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        held = user_roles(user)
        if request.method in SAFE_METHODS:
            return bool(held)
        return roles.STAFF in held

"""One guard for every staff-facing page, inside the admin or not.

A staff page needs an active staff account holding the page's permission and, when the
portal requires it (ADMIN_REQUIRE_MFA, on in production), a second authentication factor.
The admin site applies the same rule (`PortalAdminSite.has_permission`), so a member of
staff without TOTP reaches neither the admin nor a staff download outside it.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def user_has_mfa(user) -> bool:
    """Return True when the user has set up at least one second authentication factor."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).exists()


def staff_passes(user, *permissions: str) -> bool:
    """Return True when `user` is active staff with every permission in `permissions`, and
    has a second factor if the portal requires one."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if permissions and not user.has_perms(permissions):
        return False
    return not settings.ADMIN_REQUIRE_MFA or user_has_mfa(user)


def staff_required(*permissions: str):
    """Decorate a view so that only `staff_passes(user, *permissions)` reach it; the
    anonymous are sent to the login page, everyone else gets a 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not staff_passes(request.user, *permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.staff_permissions = permissions
        return wrapped

    return decorator

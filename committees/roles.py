"""Roles: committee staff, BIF analysts and administrators (plain Django auth).

The user comes from Django's ModelBackend on every request, so a deactivated user, a
changed password or a removed role counts at the next request, in every process. The
analyst role is read at most once per request and kept on that request's user.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

from .models import Committee

ANALYST_GROUP = "BIF-analytikere"

# Analysts maintain the plans in the admin and approve values.
ANALYST_APPS = ["committees", "goals", "indicators", "activities", "budgets"]


def is_analyst(user):
    """True for BIF analysts and administrators (1 query, once per request)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_kk_is_analyst"):
        user._kk_is_analyst = user.groups.filter(name=ANALYST_GROUP).exists()
    return user._kk_is_analyst


def role(request):
    """`is_analyst` for templates (the navigation), read only where a template asks."""
    return {"is_analyst": lambda: is_analyst(request.user)}


def ensure_analyst_group():
    """Create the analysts' group with every permission on the plan apps; return it."""
    group, _ = Group.objects.get_or_create(name=ANALYST_GROUP)
    wanted = Permission.objects.filter(content_type__app_label__in=ANALYST_APPS)
    group.permissions.add(*wanted)
    return group


def committees_for(user):
    """The committees whose values `user` may enter: all for analysts, else their own."""
    if not user.is_authenticated:
        return Committee.objects.none()
    if is_analyst(user):
        return Committee.objects.all()
    return user.staff_committees.all()


def analyst_required(view):
    """Allow BIF analysts and administrators; others get 403, anonymous users the login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_analyst(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)

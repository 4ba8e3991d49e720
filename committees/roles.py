"""Roles: committee staff, BIF analysts and administrators (plain Django auth)."""

from django.contrib.auth.models import Group, Permission

ANALYST_GROUP = "BIF-analytikere"

# Analysts maintain the plans in the admin and approve values.
ANALYST_APPS = ["committees", "goals", "indicators", "activities", "budgets"]


def is_analyst(user):
    """True for BIF analysts and administrators."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=ANALYST_GROUP).exists()


def ensure_analyst_group():
    """Create the analysts' group with every permission on the plan apps; return it."""
    group, _ = Group.objects.get_or_create(name=ANALYST_GROUP)
    wanted = Permission.objects.filter(content_type__app_label__in=ANALYST_APPS)
    group.permissions.add(*wanted)
    return group


def committees_for(user):
    """The committees whose values `user` may enter: all for analysts, else their own."""
    from .models import Committee

    if not user.is_authenticated:
        return Committee.objects.none()
    if is_analyst(user):
        return Committee.objects.all()
    return user.staff_committees.all()


def analyst_required(view):
    """Allow BIF analysts and administrators; others get 403, anonymous users the login."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required
    from django.core.exceptions import PermissionDenied

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_analyst(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)

"""Roles: committee staff, BIF analysts and administrators (plain Django auth)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef

ANALYST_GROUP = "BIF-analytikere"

# Analysts maintain the plans in the admin and approve values.
ANALYST_APPS = ["committees", "goals", "indicators", "activities", "budgets"]


def is_analyst(user):
    """True for BIF analysts and administrators."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    in_group = getattr(user, "in_analyst_group", None)  # read with the user, see below
    if in_group is None:
        in_group = user.groups.filter(name=ANALYST_GROUP).exists()
    return in_group


class RoleAwareBackend(ModelBackend):
    """Django's model backend, reading with each request's user whether they are a BIF
    analyst, so that role checks on every page need no query of their own.

    The user is read on every request, so the query is compiled once per process and then
    sent as it is: compiling it cost more than running it."""

    _compiled = None  # (sql, params with the user's id as None)

    def _users(self, user_id):
        model = get_user_model()
        analysts = Group.objects.filter(user=OuterRef("pk"), name=ANALYST_GROUP)
        return model._default_manager.annotate(in_analyst_group=Exists(analysts)).filter(pk=user_id)

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        if RoleAwareBackend._compiled is None:
            sql, params = self._users(_ID).query.sql_with_params()
            RoleAwareBackend._compiled = (sql, params)
        sql, params = RoleAwareBackend._compiled
        found = list(model._default_manager.raw(sql, [user_id if p == _ID else p for p in params]))
        if not found:
            return None
        user = found[0]
        user.in_analyst_group = bool(user.in_analyst_group)
        return user if self.user_can_authenticate(user) else None


_ID = -987_654_321  # stands for the user's id while the query is compiled


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

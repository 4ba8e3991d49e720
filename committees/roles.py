"""Roles: committee staff, BIF analysts and administrators (plain Django auth)."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
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
    """Django's model backend, reading with each user whether they are a BIF analyst, so
    that role checks on every page need no query of their own.

    Each process keeps the users it has read until the people stamp changes: any change
    to a user, their groups or their permissions renews it in the same transaction
    (committees.apps), and the stamp comes in the query that reads the data token, so a
    signed-in request costs no user query of its own. Each request gets a fresh copy.
    """

    # A user kept this long is read again even without a change: a safety net for
    # changes made outside the application (directly in the database).
    KEEP_SECONDS = 60
    KEEP_USERS = 10_000

    def get_user(self, user_id):
        from indicators.barometer.rollup import people_stamp

        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        stamp = people_stamp()
        now = time.monotonic()
        names = [f.attname for f in model._meta.concrete_fields]
        kept = _kept.get(user_id)
        if kept and kept[0] == stamp and now - kept[1] < self.KEEP_SECONDS:
            user = model.from_db(DEFAULT_DB_ALIAS, names, kept[2])
            user.in_analyst_group = kept[3]
        else:
            analysts = Group.objects.filter(user=OuterRef("pk"), name=ANALYST_GROUP)
            user = (
                model._default_manager.annotate(in_analyst_group=Exists(analysts))
                .filter(pk=user_id)
                .first()
            )
            if user is None:
                _kept.pop(user_id, None)
                return None
            if len(_kept) >= self.KEEP_USERS:
                _kept.clear()
            values = [getattr(user, name) for name in names]
            _kept[user_id] = (stamp, now, values, bool(user.in_analyst_group))
        return user if self.user_can_authenticate(user) else None


_kept = {}  # user id → (people stamp, when read, field values, in the analysts' group)


def forget_users():
    _kept.clear()


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

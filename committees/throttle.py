"""Log-in throttling that protects accounts without locking out an office.

Failed log-ins are counted in three ways, each with its own limit within a window:

- one user name from one address (a person mistyping, or a guesser at one machine),
- one user name from any address (a guesser spread over many machines),
- one address, whatever the names (many invented names from one machine): a limit far
  higher than the others, since a whole office behind one proxy shares an address.

Reaching a limit starts a lock of a fixed length that does not restart: while locked,
attempts are answered without checking the password and are not counted. A lock ends by
itself; a successful log-in clears the counts of that user name. Unknown and known user
names are treated alike. Plain functions, no request: the view passes the address.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import LoginThrottle

NAME_AND_ADDRESS = "name-address"
NAME = "name"
ADDRESS = "address"


@dataclass(frozen=True)
class Lock:
    scope: str  # NAME_AND_ADDRESS, NAME or ADDRESS
    label: str  # the user name or the address
    until: object  # an aware datetime
    limit: int


def limits():
    """{scope: failures that start a lock} from the settings."""
    return {
        NAME_AND_ADDRESS: settings.LOGIN_LIMIT_NAME_AND_ADDRESS,
        NAME: settings.LOGIN_LIMIT_NAME,
        ADDRESS: settings.LOGIN_LIMIT_ADDRESS,
    }


def cooloff():
    """How long a lock lasts, and the window failures are counted in."""
    return timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)


def _normal(username):
    return (username or "").strip().casefold()


def _keys(username, address):
    """{scope: (key, label)} of a log-in attempt."""
    name = _normal(username)
    material = {
        NAME_AND_ADDRESS: (f"{name}\n{address}", f"{name[:150]} @ {address}"),
        NAME: (name, name[:150]),
        ADDRESS: (address, address),
    }
    return {
        scope: (f"{scope}:" + hashlib.sha256(text.encode()).hexdigest()[:60], label)
        for scope, (text, label) in material.items()
    }


def active_locks(*, username, address, now=None):
    """The locks that stop a log-in as `username` from `address` now (1 query)."""
    now = now or timezone.now()
    keys = _keys(username, address)
    rows = LoginThrottle.objects.filter(
        key__in=[key for key, _ in keys.values()], locked_until__gt=now
    )
    by_key = {row.key: row for row in rows}
    found = []
    for scope, (key, label) in keys.items():
        if key in by_key:
            found.append(Lock(scope, label, by_key[key].locked_until, limits()[scope]))
    return found


@transaction.atomic
def record_failure(*, username, address, now=None):
    """Count a failed log-in; the locks it starts (empty when none)."""
    now = now or timezone.now()
    keys = _keys(username, address)
    LoginThrottle.objects.bulk_create(
        [LoginThrottle(key=key, scope=scope, label=label) for scope, (key, label) in keys.items()],
        ignore_conflicts=True,
    )
    rows = {
        row.key: row
        for row in LoginThrottle.objects.select_for_update().filter(
            key__in=[key for key, _ in keys.values()]
        )
    }
    started = []
    for scope, (key, label) in keys.items():
        row = rows[key]
        if row.locked_until and row.locked_until > now:
            continue  # already locked: the lock is not extended
        if row.window_start is None or now - row.window_start >= cooloff():
            row.failures, row.window_start = 0, now
        row.failures += 1
        if row.failures >= limits()[scope]:
            row.locked_until = now + cooloff()
            row.failures, row.window_start = 0, None
            started.append(Lock(scope, label, row.locked_until, limits()[scope]))
        row.save(update_fields=["failures", "window_start", "locked_until"])
    return started


def record_success(*, username, address, now=None):
    """A log-in succeeded: forget the failures of that user name (not the address's)."""
    now = now or timezone.now()
    keys = _keys(username, address)
    LoginThrottle.objects.filter(key__in=[keys[NAME_AND_ADDRESS][0], keys[NAME][0]]).exclude(
        locked_until__gt=now
    ).delete()


RESET_EMAIL = "reset-email"
RESET_ADDRESS = "reset-address"


@transaction.atomic
def allow_reset(*, email, address, now=None):
    """Count a password-reset request; the time it is allowed again, or None when it is
    allowed now (per e-mail address and per client address, within an hour)."""
    now = now or timezone.now()
    window = timedelta(hours=1)
    wanted = {
        RESET_EMAIL: (_normal(email), settings.PASSWORD_RESET_LIMIT_EMAIL),
        RESET_ADDRESS: (address, settings.PASSWORD_RESET_LIMIT_ADDRESS),
    }
    keys = {
        scope: (f"{scope}:" + hashlib.sha256(text.encode()).hexdigest()[:60], text[:150], limit)
        for scope, (text, limit) in wanted.items()
    }
    LoginThrottle.objects.bulk_create(
        [LoginThrottle(key=k, scope=s, label=label) for s, (k, label, _l) in keys.items()],
        ignore_conflicts=True,
    )
    rows = LoginThrottle.objects.select_for_update().in_bulk([k for k, _l, _m in keys.values()])
    blocked = []
    for key, _label, limit in keys.values():
        row = rows[key]
        if row.window_start is None or now - row.window_start >= window:
            row.failures, row.window_start = 0, now
        if row.failures >= limit:
            blocked.append(row.window_start + window)
    if blocked:
        return max(blocked)
    for key, _label, _limit in keys.values():
        rows[key].failures += 1
        rows[key].save(update_fields=["failures", "window_start"])
    return None
